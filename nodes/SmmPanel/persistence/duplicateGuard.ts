import { createHash, randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { processedStore, type ProcessedStore } from './processedStore';

/**
 * The duplicate guard: an order is claimed in n8n's database before it is sent, so that the same
 * order arriving again (a re-run, "Execute step" in the editor, a webhook delivered twice, a
 * worker that died mid-run, two executions at once) is held back instead of paid for twice.
 *
 * - Identical Orders: an order claims its fingerprint (panel URL, service and every form field)
 *   in three time buckets of half the window each (its own and the next two), so a same order
 *   less than a window later finds its bucket claimed; one up to 1.5 windows later may too.
 * - Idempotency Key: an order claims its key, for as long as the node's records keep it.
 *
 * A claim is one write of the claimed entries and a token of its own. n8n's store has no
 * transaction, so another process's write may land on top of it: after a pause longer than such
 * a write takes, the token is looked for; if it is gone, another execution claimed the same order
 * at the same moment and this one backs off (both backing off is possible). This is Fischer's
 * mutual exclusion: it holds while no write from another process takes longer, from its read to
 * its write, than the pause. Queue-mode workers under load broke a 50 ms pause (Concurrency 10,
 * two executions of the same 100 orders at once: 11 orders of 1,800 placed twice), hence verifyPause.
 * A definite refusal by the panel releases the claim; an unknown outcome keeps it. A placed order
 * also records that it was placed, so that what is held back later can say whether it surely was.
 */
export type DuplicateGuardMode = 'identicalOrders' | 'idempotencyKey' | 'off';

export type OrderIdentity = { fingerprint: string; windowMs: number } | { idempotencyKey: string };

export type Claim =
	| { granted: true; release(): Promise<void>; placed(order: number): Promise<void> }
	| { granted: false; reason: string; earlierOrder?: number };

/** The most entries kept per node: about 2,000 orders' claims (five entries each), or 3,300 keys (three each). */
const MAX_ENTRIES = 10_000;

/**
 * How long a claim waits before it looks for its token: 3x its own write, queue wait included,
 * within these bounds. The floor is what a write in another n8n process may take under load
 * (event-loop stalls, a database pool busy saving executions), which this process cannot measure.
 * Only tests of one process, where no other write exists, lower it.
 */
export const verifyPause = { minMs: 1_000, maxMs: 5_000 };

/** The hash that identifies an order or a key: one entry, whatever the size of the order. */
function hashOf(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** What makes two orders the same: the panel and every field sent (in any order). */
export function orderFingerprint(panelUrl: string, form: Record<string, string | number>): string {
	const fields = Object.entries(form)
		.map(([name, value]) => [name, String(value)])
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return hashOf([panelUrl, fields]);
}

export function idempotencyKeyHash(panelUrl: string, key: string): string {
	return hashOf([panelUrl, key]);
}

/** Orders this process placed recently, by identity: only to name the earlier order in a held-back item. */
const recentOrders = new Map<string, { order: number; at: number }>();
const MAX_RECENT_ORDERS = 10_000;

function identityOf(identity: OrderIdentity): string {
	return 'fingerprint' in identity ? identity.fingerprint : identity.idempotencyKey;
}

/** The entries an order claims: its key, or its fingerprint in its own time bucket and the next two. */
function claimedEntries(identity: OrderIdentity, now: number): string[] {
	if ('idempotencyKey' in identity) return [`k:${identity.idempotencyKey}`];
	const bucketMs = Math.max(1, Math.floor(identity.windowMs / 2));
	const bucket = Math.floor(now / bucketMs);
	return [0, 1, 2].map((offset) => `o:${identity.fingerprint}:${bucketMs}:${bucket + offset}`);
}

/**
 * The entry that says a claimed order was placed (its answer read), by the bucket it was claimed
 * in; `back` looks for an order claimed that many buckets earlier. A claim without one was sent, or
 * about to be, when its run lost the answer or stopped: held back, but in other words.
 */
function placedEntry(identity: OrderIdentity, now: number, back = 0): string {
	if ('idempotencyKey' in identity) return `p:${identity.idempotencyKey}`;
	const bucketMs = Math.max(1, Math.floor(identity.windowMs / 2));
	return `p:${identity.fingerprint}:${bucketMs}:${Math.floor(now / bucketMs) - back}`;
}

/** Where an earlier claim that covers `now` may have recorded that it was placed. */
function placedEntriesCovering(identity: OrderIdentity, now: number): string[] {
	return 'idempotencyKey' in identity ? [placedEntry(identity, now)] : [0, 1, 2].map((back) => placedEntry(identity, now, back));
}

function rememberOrder(identity: string, order: number): void {
	recentOrders.delete(identity);
	recentOrders.set(identity, { order, at: Date.now() });
	for (const key of recentOrders.keys()) {
		if (recentOrders.size <= MAX_RECENT_ORDERS) break;
		recentOrders.delete(key);
	}
}

function minutesAgo(at: number): string {
	const minutes = Math.max(0, Math.round((Date.now() - at) / 60_000));
	return minutes === 0 ? 'less than a minute ago' : minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
}

function heldBackReason(identity: OrderIdentity, placed: boolean, earlier: { order: number; at: number } | undefined): string {
	const sameOrder =
		'idempotencyKey' in identity
			? 'An order with the same Idempotency Key'
			: 'An identical order (same panel, service, link, quantity and other fields)';
	const when = 'idempotencyKey' in identity ? 'earlier' : `in the last ${Math.round(identity.windowMs / 60_000)} minutes`;
	const onPurpose =
		'idempotencyKey' in identity
			? ''
			: ` To order it again on purpose, wait until the Duplicate Window (${Math.round(identity.windowMs / 60_000)} min) has passed, or set an Idempotency Key per order.`;
	if (!placed) {
		return `${sameOrder} was being sent by this node ${when}, and it is not known whether the panel placed it (no answer n8n could read came, or that run stopped first), so it was not sent again: check your panel's order list before you order it again.`;
	}
	const what = earlier ? `placed by this node ${minutesAgo(earlier.at)} as order ${earlier.order}` : `placed by this node ${when}`;
	return `${sameOrder} was ${what}, so it was not placed again.${onPurpose}`;
}

const RACE_REASON =
	"Another execution was sending the same order at the same moment; it was not placed here, so that it is placed once at most. Check your panel's order list.";

export class DuplicateGuard {
	private readonly store: ProcessedStore;

	constructor(private readonly context: IExecuteFunctions) {
		this.store = processedStore(context, MAX_ENTRIES);
	}

	/** Whether the earlier claim that holds this order back recorded that it was placed; looks without leaving a trace. */
	private async earlierWasPlaced(identity: OrderIdentity, now: number): Promise<boolean> {
		const probes = placedEntriesCovering(identity, now);
		const found = await this.store.record(probes);
		const added = probes.filter((entry) => !found.has(entry));
		if (added.length > 0) await this.store.remove(added);
		return found.size > 0;
	}

	/** Records that a granted claim's order was placed. The order stands either way: a failure here only costs a later message its certainty. */
	private async markPlaced(identity: OrderIdentity, claimedAt: number, id: string, order: number): Promise<void> {
		rememberOrder(id, order);
		try {
			await this.store.record([placedEntry(identity, claimedAt)]);
		} catch (error) {
			this.context.logger.warn(`SMM Panel: order ${order} was placed, but the duplicate guard could not record it as placed: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	async claim(identity: OrderIdentity): Promise<Claim> {
		const id = identityOf(identity);
		const now = Date.now();
		const entries = claimedEntries(identity, now);
		const token = `t:${randomUUID()}`;
		const recorded = await this.store.record([...entries, token]);
		const writeMs = Date.now() - now;
		if (recorded.has(entries[0])) {
			// Held back: what this call recorded beside the claimed entry must not extend the claim.
			const added = [...entries.slice(1), token].filter((entry) => !recorded.has(entry));
			if (added.length > 0) await this.store.remove(added);
			const earlier = recentOrders.get(id);
			const placed = earlier !== undefined || (await this.earlierWasPlaced(identity, now));
			return { granted: false, reason: heldBackReason(identity, placed, earlier), earlierOrder: earlier?.order };
		}
		await sleep(Math.min(verifyPause.maxMs, Math.max(verifyPause.minMs, 3 * writeMs)));
		if (!(await this.store.record([token])).has(token)) return { granted: false, reason: RACE_REASON };
		return {
			granted: true,
			release: async () => await this.store.remove(entries),
			placed: async (order) => await this.markPlaced(identity, now, id, order),
		};
	}
}
