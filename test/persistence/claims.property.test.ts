/**
 * The guarantee the duplicate guard rests on, as a property: however the statements of several
 * n8n processes interleave over n8n's store (a SELECT then an INSERT or a blind UPDATE, the insert
 * race failing on the primary key, no transaction), with quick, slow and stalled statements, no
 * order is ever granted to two claimers. Checked over thousands of random interleavings, with the
 * lock (no pause at all), and shown to catch the failure of the timed claim when its pause is
 * shorter than other processes' writes.
 */
import { anotherProcess, contextOver, InMemoryDeduplicator, type Process } from './processes';

/** A small seeded generator (mulberry32), so that a failing round can be run again. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** What a statement waits: mostly quick, sometimes slow, now and then stalled (a busy database pool, a blocked event loop). */
function statementDelays(next: () => number): () => number {
	return () => {
		const roll = next();
		if (roll < 0.6) return 0;
		if (roll < 0.95) return 1 + Math.floor(next() * 4);
		if (roll < 0.99) return 5 + Math.floor(next() * 10);
		return 30 + Math.floor(next() * 30);
	};
}

interface RoundResult {
	grantedTwice: number;
	granted: number;
	claims: number;
}

const ORDERS = 6;

/** One round: every process runs two executions at once, each claiming the same orders in its own order and batches. */
async function round(processes: Process[], store: InMemoryDeduplicator, next: () => number, roundNumber: number): Promise<RoundResult> {
	const grants = new Map<number, number>();
	let claims = 0;
	const execution = async (process: Process): Promise<void> => {
		const records = process.records.guardRecords(contextOver(store));
		const orders = Array.from({ length: ORDERS }, (_, order) => order).sort(() => next() - 0.5);
		while (orders.length > 0) {
			const batch = orders.splice(0, 1 + Math.floor(next() * 3));
			claims += batch.length;
			const results = await records.claim(batch.map((order) => ({ entries: [`k:${roundNumber}:${order}`], placedProbes: [`p:${roundNumber}:${order}`] })));
			results.forEach((result, index) => {
				if (result === 'granted') grants.set(batch[index], (grants.get(batch[index]) ?? 0) + 1);
			});
		}
	};
	await Promise.all(processes.flatMap((process) => [execution(process), execution(process)]));
	const counts = [...grants.values()];
	return { grantedTwice: counts.filter((count) => count > 1).length, granted: counts.reduce((sum, count) => sum + count, 0), claims };
}

async function rounds(processes: Process[], count: number, seed: number, prepare: (store: InMemoryDeduplicator) => Promise<void> = async () => undefined): Promise<RoundResult & { rounds: number }> {
	const next = random(seed);
	const total = { grantedTwice: 0, granted: 0, claims: 0, rounds: count };
	for (let index = 0; index < count; index++) {
		const store = new InMemoryDeduplicator();
		await prepare(store);
		store.delay = statementDelays(next);
		const result = await round(processes, store, next, index);
		total.grantedTwice += result.grantedTwice;
		total.granted += result.granted;
		total.claims += result.claims;
	}
	return total;
}

describe('never two granted claims for one order, over random interleavings', () => {
	it('with the lock: 4 processes, 2 executions each, 6 orders, 100 rounds (4,800 claims)', async () => {
		const processes = [anotherProcess(), anotherProcess(), anotherProcess(), anotherProcess()];
		const result = await rounds(processes, 100, 20261207);
		expect(result.grantedTwice).toBe(0);
		// Every order was granted once in every round: the lock holds back only what another claimer holds.
		expect(result.granted).toBe(100 * ORDERS);
		expect(result.claims).toBe(100 * 8 * ORDERS);
	}, 120_000);

	it('the timed claim (used where another node keeps records in the workflow row) with a pause shorter than the writes: the test catches doubles', async () => {
		const processes = [anotherProcess({ pauseMs: 1 }), anotherProcess({ pauseMs: 1 }), anotherProcess({ pauseMs: 1 }), anotherProcess({ pauseMs: 1 })];
		for (const process of processes) process.records.verifyPause.maxMs = 1;
		// Remove Duplicates' records in the workflow's shared row: the guard must not take the lock there.
		const foreignRow = async (store: InMemoryDeduplicator): Promise<void> => {
			await contextOver(store).helpers.checkProcessedAndRecord(['a record of Remove Duplicates'], 'workflow', { mode: 'entries' });
		};
		const result = await rounds(processes, 40, 7, foreignRow);
		expect(result.grantedTwice).toBeGreaterThan(0);
	}, 120_000);
});
