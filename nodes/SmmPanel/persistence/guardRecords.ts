import { randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { messageOf, processedStore, storeError } from './processedStore';
import { WorkflowLock, type HeldLock } from './workflowLock';

/**
 * The duplicate guard's records in n8n's deduplication store (scope 'node': this node's own row),
 * written only while holding the workflow's lock (workflowLock.ts), so that no guard's write is
 * lost to another's. What waits to be written in a run (the claims asked for meanwhile, the
 * "placed" marks, the claims given back) goes in the next write: one lock, one read and one write
 * of the row for many orders.
 *
 * Where another node keeps records in the workflow's shared row (e.g. Remove Duplicates with Scope
 * "Workflow"), the lock cannot be taken without touching them: the guard then writes without it,
 * and trusts a claim only when its token is still there after a pause longer than other processes'
 * writes take (the timed claim, Fischer's scheme: it holds while no write takes longer than the
 * pause). `fallbackReason` says so, for the run's hint.
 */
export interface ClaimRequest {
	/** The entries the order claims; the first one says whether it was claimed before. */
	entries: string[];
	/** Where an earlier claim may have recorded that its order was placed. */
	placedProbes: string[];
}

export type ClaimResult = 'granted' | 'placed' | 'unknown' | 'race';

export interface GuardRecords {
	claim(requests: ClaimRequest[]): Promise<ClaimResult[]>;
	/** Written with the next write (or by `flush`). */
	later(change: { record?: string[]; remove?: string[] }): void;
	/** Written now, with whatever waits. */
	remove(entries: string[]): Promise<void>;
	flush(): Promise<void>;
	readonly fallbackReason: string | undefined;
}

/** The most entries kept per node: about 2,500 orders' claims (four entries each), or 5,000 keys (two each). */
const MAX_ENTRIES = 10_000;

/**
 * The timed claim's pause: 3x its own write, queue wait included, within these bounds. The floor is
 * what a write in another n8n process may take under load, which this process cannot measure.
 * Only tests of one process, where no other write exists, lower it.
 */
export const verifyPause = { minMs: 1_000, maxMs: 5_000 };

/**
 * How long a run keeps the lock between its writes: a run claims a few orders every few tens of
 * milliseconds, and taking the lock anew each time costs more database calls than the claims.
 * Other executions wait for it at most `maxMs` plus one linger.
 */
export const leaseTiming = { maxMs: 1_000, lingerMs: 40 };

/** The timed claim's writes, one at a time per workflow in this process (with the lock, the lock itself orders them). */
const workflowQueues = new Map<string, Promise<void>>();

async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
	const before = workflowQueues.get(key) ?? Promise.resolve();
	const result = before.then(work, work);
	const done = result.then(
		() => undefined,
		() => undefined,
	);
	workflowQueues.set(key, done);
	void done.then(() => {
		if (workflowQueues.get(key) === done) workflowQueues.delete(key);
	});
	return await result;
}

/** A node connected to this one that keeps records in the workflow's shared row: Remove Duplicates with Scope "Workflow". */
function sharedRowUser(context: IExecuteFunctions): string | undefined {
	const name = context.getNode().name;
	const options = { includeNodeParameters: true };
	const nodes = [...context.getParentNodes(name, options), ...context.getChildNodes(name, options)];
	const user = nodes.find((node) => node.type === 'n8n-nodes-base.removeDuplicates' && JSON.stringify(node.parameters ?? {}).includes('"scope":"workflow"'));
	return user && `"${user.name}" keeps records in the workflow's shared deduplication row (Scope: Workflow)`;
}

interface Pending {
	requests: ClaimRequest[];
	resolve(results: ClaimResult[]): void;
	reject(error: unknown): void;
}

export function guardRecords(context: IExecuteFunctions): GuardRecords {
	const lock = new WorkflowLock(context);
	const workflowKey = String(context.getWorkflow().id ?? '');
	let fallbackReason = sharedRowUser(context);
	let claims: Pending[] = [];
	let recordLater: string[] = [];
	let removeLater: string[] = [];
	let waiters: Array<{ resolve(): void; reject(error: unknown): void }> = [];
	let draining: Promise<void> | undefined;

	// The node's own row, through the store's queue (which also retries the first-row insert race of the timed claim).
	const nodeRow = processedStore(context, MAX_ENTRIES);

	/** The claims' entries and what else waits, in one read and write of the node's row; what held-back claims added is taken out again. */
	async function writeRecords(requests: ClaimRequest[], record: string[], remove: string[], token?: string): Promise<ClaimResult[]> {
		if (remove.length > 0) await nodeRow.remove(remove);
		const entries = [...new Set([...requests.flatMap((request) => request.entries), ...record, ...(token ? [token] : [])])];
		if (entries.length === 0) return [];
		const found = await nodeRow.record(entries);
		const held = requests.filter((request) => found.has(request.entries[0]));
		const results: ClaimResult[] = requests.map((request) => (found.has(request.entries[0]) ? 'unknown' : 'granted'));
		if (held.length === 0) return results;
		const probes = [...new Set(held.flatMap((request) => request.placedProbes))];
		const placed = await nodeRow.record(probes);
		// A held-back order's other buckets and the probes must not extend or fake anything: out again.
		const added = [...held.flatMap((request) => request.entries.slice(1).filter((entry) => !found.has(entry))), ...probes.filter((probe) => !placed.has(probe))];
		if (added.length > 0) await nodeRow.remove(added);
		requests.forEach((request, index) => {
			if (results[index] === 'unknown' && request.placedProbes.some((probe) => placed.has(probe))) results[index] = 'placed';
		});
		return results;
	}

	/** The lock this run holds between writes, for at most `leaseTiming.maxMs`. */
	let lease: { held: HeldLock; takenAt: number } | undefined;

	/** Gives the lock back. A failure leaves it to be broken as stale by the next run: logged, never thrown (nothing waits on it). */
	async function endLease(): Promise<void> {
		const ending = lease;
		lease = undefined;
		try {
			await ending?.held.release();
		} catch (error) {
			context.logger.warn(`SMM Panel: the duplicate guard could not give its lock back (${messageOf(error)}); the next run breaks it once it is stale`);
		}
	}

	async function withLock(requests: ClaimRequest[], record: string[], remove: string[]): Promise<ClaimResult[]> {
		if (requests.length === 0 && record.length === 0 && remove.length === 0) return [];
		if (fallbackReason !== undefined) return await inTurn(workflowKey, async () => await timedClaim(requests, record, remove));
		if (lease && performance.now() - lease.takenAt >= leaseTiming.maxMs) await endLease();
		if (!lease) {
			const attempt = await lock.acquire();
			if ('foreign' in attempt) {
				fallbackReason = `the workflow's shared deduplication row is another node's: ${attempt.foreign}`;
				return await inTurn(workflowKey, async () => await timedClaim(requests, record, remove));
			}
			lease = { held: attempt.held, takenAt: performance.now() };
		}
		const { held } = lease;
		let results: ClaimResult[];
		try {
			results = await writeRecords(requests, record, remove);
		} catch (error) {
			await endLease();
			throw storeError(context, error);
		}
		if (held.stillTrusted()) return results;
		// A write that returned after a waiter may have broken the lock (a stalled process) is not trusted.
		await endLease();
		return results.map((result) => (result === 'granted' ? 'race' : result));
	}

	/** Without the lock: granted claims are trusted only if their token survived a pause longer than other processes' writes. */
	async function timedClaim(requests: ClaimRequest[], record: string[], remove: string[]): Promise<ClaimResult[]> {
		const token = requests.length > 0 ? `t:${randomUUID()}` : undefined;
		const started = Date.now();
		const results = await writeRecords(requests, record, remove, token);
		if (!token || !results.includes('granted')) return results;
		await sleep(Math.min(verifyPause.maxMs, Math.max(verifyPause.minMs, 3 * (Date.now() - started))));
		const survived = (await nodeRow.record([token])).has(token);
		return survived ? results : results.map((result) => (result === 'granted' ? 'race' : result));
	}

	const pending = (): boolean => claims.length > 0 || recordLater.length > 0 || removeLater.length > 0 || waiters.length > 0;

	async function drain(): Promise<void> {
		for (;;) {
			if (!pending()) {
				// The next claims of the run usually come within a few tens of milliseconds: keep the lock for them a moment.
				if (!lease || performance.now() - lease.takenAt >= leaseTiming.maxMs) break;
				await sleep(leaseTiming.lingerMs);
				if (!pending()) break;
			}
			const [batch, record, remove, done] = [claims, recordLater, removeLater, waiters];
			[claims, recordLater, removeLater, waiters] = [[], [], [], []];
			try {
				const results = await withLock(batch.flatMap((each) => each.requests), record, remove);
				let offset = 0;
				for (const each of batch) {
					each.resolve(results.slice(offset, offset + each.requests.length));
					offset += each.requests.length;
				}
				for (const waiter of done) waiter.resolve();
			} catch (error) {
				const failure = storeError(context, error);
				for (const each of batch) each.reject(failure);
				for (const waiter of done) waiter.reject(failure);
			}
		}
		draining = undefined;
		await endLease();
	}

	const schedule = (): void => {
		draining ??= drain();
	};

	return {
		get fallbackReason() {
			return fallbackReason;
		},
		async claim(requests) {
			return await new Promise<ClaimResult[]>((resolve, reject) => {
				claims.push({ requests, resolve, reject });
				schedule();
			});
		},
		later(change) {
			recordLater.push(...(change.record ?? []));
			removeLater.push(...(change.remove ?? []));
		},
		async remove(entries) {
			removeLater.push(...entries);
			await new Promise<void>((resolve, reject) => {
				waiters.push({ resolve, reject });
				schedule();
			});
		},
		async flush() {
			if (recordLater.length === 0 && removeLater.length === 0 && claims.length === 0 && !draining) return;
			await new Promise<void>((resolve, reject) => {
				waiters.push({ resolve, reject });
				schedule();
			});
		},
	};
}
