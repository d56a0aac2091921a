/**
 * The duplicate guard's claims, from the side of n8n processes (queue-mode workers) sharing n8n's
 * store: the same order claimed by two at the same moment, what a held-back order says when the
 * earlier one was placed by another process, claims written ahead and given back, and the claim
 * window of identical orders.
 */
import type { GuardedBy } from '../../nodes/SmmPanel/persistence/heldBack';
import type { OrderIdentity } from '../../nodes/SmmPanel/persistence/duplicateGuard';
import { anotherProcess, contextOver, InMemoryDeduplicator, type Process } from './processes';

const byKey: GuardedBy = { idempotencyKey: true, windowMs: 600_000 };
const byOrder: GuardedBy = { idempotencyKey: false, windowMs: 600_000 };

/** One run of the guard for one order (item 0): its claim, then, if it was placed, its order ID, then the end of the run. */
async function claimOnce(process: Process, store: InMemoryDeduplicator, identity: OrderIdentity, by: GuardedBy, placedAs?: number) {
	const guard = new process.guard.DuplicateGuard(contextOver(store), new Map([[0, identity]]), by, 2);
	const claim = await guard.claim(0);
	if (claim.granted && placedAs !== undefined) guard.placed(0, placedAs);
	await guard.close();
	return claim;
}

describe('two processes claiming the same order at the same moment', () => {
	it.each<[string, GuardedBy, (process: Process, round: number) => OrderIdentity]>([
		['an Idempotency Key', byKey, (process, round) => ({ idempotencyKey: process.guard.idempotencyKeyHash('https://panel.example/api/v2', `SHOP-${round}`) })],
		[
			'an identical order',
			byOrder,
			(process, round) => ({ fingerprint: process.guard.orderFingerprint('https://panel.example/api/v2', { service: 1, link: `https://x.example/${round}`, quantity: 100 }), windowMs: 600_000 }),
		],
	])('with %s: exactly one of them places it, every time, without a pause', async (_what, by, identityFor) => {
		const store = new InMemoryDeduplicator();
		// What a database round trip takes: enough for both to read before either writes.
		store.gapMs = 5;
		const [first, second] = [anotherProcess(), anotherProcess()];
		for (let round = 0; round < 30; round++) {
			const started = Date.now();
			const claims = await Promise.all([claimOnce(first, store, identityFor(first, round), by), claimOnce(second, store, identityFor(second, round), by)]);
			expect(claims.filter((claim) => claim.granted)).toHaveLength(1);
			// No second-long pause: a lock, a read and a write.
			expect(Date.now() - started).toBeLessThan(500);
		}
	});
});

describe('what a held-back order says, from another process (which cannot name the earlier order)', () => {
	it('placed: that it was placed; claimed but never confirmed (a run that stopped or lost the answer): that it may or may not be', async () => {
		const store = new InMemoryDeduplicator();
		const [first, second] = [anotherProcess(), anotherProcess()];
		const placedOne = { idempotencyKey: first.guard.idempotencyKeyHash('https://p.example', 'SHOP-1') };
		const strandedOne = { idempotencyKey: first.guard.idempotencyKeyHash('https://p.example', 'SHOP-2') };

		expect((await claimOnce(first, store, placedOne, byKey, 1001)).granted).toBe(true);
		// Claimed and sent (the pool asked for it), but its answer never recorded.
		expect((await claimOnce(first, store, strandedOne, byKey)).granted).toBe(true);

		expect(await claimOnce(second, store, placedOne, byKey)).toEqual({ granted: false, kind: 'placed', reason: 'same Idempotency Key as an order placed earlier' });
		const stranded = await claimOnce(second, store, strandedOne, byKey);
		expect(stranded).toMatchObject({ granted: false, kind: 'unknown', reason: expect.stringContaining('may or may not have been placed: check your panel') });
		// Looking left nothing behind: the stranded order is still unconfirmed when asked again.
		expect(await claimOnce(second, store, strandedOne, byKey)).toMatchObject({ kind: 'unknown' });
		// The process that placed it names the order.
		expect(await claimOnce(first, store, placedOne, byKey)).toMatchObject({ kind: 'placed', earlierOrder: 1001, reason: expect.stringMatching(/^same Idempotency Key as order 1001, placed \d+ s ago$/) });
	});
});

describe('claims written ahead', () => {
	const identities = (process: Process, count: number, tag: string): Map<number, OrderIdentity> =>
		new Map(Array.from({ length: count }, (_, item) => [item, { idempotencyKey: process.guard.idempotencyKeyHash('https://p.example', `${tag}-${item}`) }]));

	it('are written several orders in one write, and those never sent are given back at the end of the run', async () => {
		const store = new InMemoryDeduplicator();
		const process = anotherProcess();
		const guard = new process.guard.DuplicateGuard(contextOver(store), identities(process, 10, 'AHEAD'), byKey, 4);
		expect(await guard.claim(0)).toEqual({ granted: true });
		// The first write claimed items 0 to 4: the lock taken and raised, one write of the node's row.
		expect(store.calls.checkProcessedAndRecord).toBe(3);
		expect(await guard.claim(1)).toEqual({ granted: true });
		// The run stops after item 1: items 2 to 5 were claimed ahead, never sent.
		await guard.close();

		const again = new process.guard.DuplicateGuard(contextOver(store), identities(process, 10, 'AHEAD'), byKey, 4);
		const claims = [];
		for (let item = 0; item < 10; item++) claims.push(await again.claim(item));
		await again.close();
		expect(claims.map((claim) => claim.granted)).toEqual([false, false, true, true, true, true, true, true, true, true]);
	});

	it('an identity twice in one run: the second is held back without a write, naming the first item', async () => {
		const store = new InMemoryDeduplicator();
		const process = anotherProcess();
		const same = { idempotencyKey: process.guard.idempotencyKeyHash('https://p.example', 'TWICE') };
		const guard = new process.guard.DuplicateGuard(contextOver(store), new Map([[0, same], [1, same]]), byKey, 2);
		expect(await guard.claim(0)).toEqual({ granted: true });
		guard.placed(0, 77);
		expect(await guard.claim(1)).toMatchObject({ granted: false, kind: 'sameRun', reason: 'same Idempotency Key as item 0 of this run' });
		await guard.close();
	});
});

describe('the claim window of identical orders', () => {
	const fingerprintOf = (process: Process, link: string): OrderIdentity => ({
		fingerprint: process.guard.orderFingerprint('https://p.example', { service: 1, link, quantity: 5 }),
		windowMs: 600_000,
	});

	it('holds back an identical order less than the window later, and not one two windows later', async () => {
		const store = new InMemoryDeduplicator();
		const process = anotherProcess();
		const identity = fingerprintOf(process, 'https://a.example/');
		const now = jest.spyOn(Date, 'now');
		try {
			const start = 1_800_000_000_000;
			now.mockReturnValue(start);
			expect((await claimOnce(process, store, identity, byOrder)).granted).toBe(true);
			for (const later of [1, 299_999, 300_001, 599_999]) {
				now.mockReturnValue(start + later);
				expect([later, (await claimOnce(process, store, identity, byOrder)).granted]).toEqual([later, false]);
			}
			now.mockReturnValue(start + 1_200_001);
			expect((await claimOnce(process, store, identity, byOrder)).granted).toBe(true);
		} finally {
			now.mockRestore();
		}
	});

	it('a held-back order does not extend the window', async () => {
		const store = new InMemoryDeduplicator();
		const process = anotherProcess();
		const identity = fingerprintOf(process, 'https://b.example/');
		const now = jest.spyOn(Date, 'now');
		try {
			const start = 1_800_000_300_000;
			now.mockReturnValue(start);
			await claimOnce(process, store, identity, byOrder);
			// Held back at 9 minutes: that attempt must not claim the buckets after the first order's.
			now.mockReturnValue(start + 540_000);
			expect((await claimOnce(process, store, identity, byOrder)).granted).toBe(false);
			now.mockReturnValue(start + 960_000);
			expect((await claimOnce(process, store, identity, byOrder)).granted).toBe(true);
		} finally {
			now.mockRestore();
		}
	});
});
