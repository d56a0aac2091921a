/**
 * The duplicate guard's claim when two n8n processes (queue-mode workers) claim the same order at
 * the same moment. Two processes cannot run inside Jest, so two copies of the package's modules
 * (jest.isolateModules: no shared in-process queue) stand for them, over one store that behaves as
 * n8n's database does: a read and a whole-list write per call, with time between them, no transaction.
 * Their n8n context is reduced to what the guard uses: the node, the workflow and the store helpers.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import type * as GuardModule from '../../nodes/SmmPanel/persistence/duplicateGuard';
import { InMemoryDeduplicator, storeContext } from '../engine/deduplication';

const node: INode = { id: 'create-node', name: 'SMM Panel', type: 'n8n-nodes-smm-panel.smmPanel', typeVersion: 1, position: [0, 0], parameters: {} };
const workflow = { id: 'workflow-1', active: true };

function contextOver(store: InMemoryDeduplicator): IExecuteFunctions {
	return storeContext(store, node, workflow);
}

/**
 * A fresh copy of the guard module, as another process would load it. Its pause is 50 ms, ten
 * times the store's 5 ms between read and write here: the bound the guard rests on, kept, so that
 * the rounds take milliseconds instead of the second a real n8n's pause takes.
 */
function guardOfAnotherProcess(): typeof GuardModule {
	let module: typeof GuardModule | undefined;
	jest.isolateModules(() => {
		module = jest.requireActual<typeof GuardModule>('../../nodes/SmmPanel/persistence/duplicateGuard');
	});
	if (!module) throw new Error('module not loaded');
	module.verifyPause.minMs = 50;
	return module;
}

describe('two processes claiming the same order at the same moment', () => {
	const rounds = 30;

	it.each<[string, (guard: typeof GuardModule, round: number) => GuardModule.OrderIdentity]>([
		['an Idempotency Key', (guard, round) => ({ idempotencyKey: guard.idempotencyKeyHash('https://panel.example/api/v2', `SHOP-${round}`) })],
		[
			'an identical order',
			(guard, round) => ({ fingerprint: guard.orderFingerprint('https://panel.example/api/v2', { service: 1, link: `https://x.example/${round}`, quantity: 100 }), windowMs: 600_000 }),
		],
	])('with %s: at most one of them places it, every time', async (_what, identityFor) => {
		const store = new InMemoryDeduplicator();
		// What a database round trip takes: enough for both to read before either writes.
		store.gapMs = 5;
		const [first, second] = [guardOfAnotherProcess(), guardOfAnotherProcess()];
		const context = contextOver(store);
		let granted = 0;
		let bothBackedOff = 0;
		for (let round = 0; round < rounds; round++) {
			const claims = await Promise.all([
				new first.DuplicateGuard(context).claim(identityFor(first, round)),
				new second.DuplicateGuard(context).claim(identityFor(second, round)),
			]);
			const winners = claims.filter((claim) => claim.granted).length;
			expect(winners).toBeLessThanOrEqual(1);
			granted += winners;
			if (winners === 0) bothBackedOff++;
		}
		// Both reads came before both writes, so each first write saw the order as new: only the check saved it.
		expect(granted + bothBackedOff).toBe(rounds);
		expect(granted).toBeGreaterThan(0);
	});

	it('in one process, the queue alone keeps them apart: one claim, one held back, no pause needed to tell', async () => {
		const store = new InMemoryDeduplicator();
		store.gapMs = 5;
		const guard = guardOfAnotherProcess();
		const context = contextOver(store);
		const identity = { idempotencyKey: guard.idempotencyKeyHash('https://panel.example/api/v2', 'SAME') };
		const claims = await Promise.all([new guard.DuplicateGuard(context).claim(identity), new guard.DuplicateGuard(context).claim(identity)]);
		expect(claims.map((claim) => claim.granted).sort()).toEqual([false, true]);
		const heldBack = claims.find((claim) => !claim.granted);
		expect(heldBack && !heldBack.granted && heldBack.reason).toContain('same Idempotency Key');
	});
});

describe('the pause before a claim is trusted, as in a real n8n', () => {
	it('waits at least a second: a write from another process under load may take that long to land', async () => {
		let module: typeof GuardModule | undefined;
		jest.isolateModules(() => {
			module = jest.requireActual<typeof GuardModule>('../../nodes/SmmPanel/persistence/duplicateGuard');
		});
		if (!module) throw new Error('module not loaded');
		const identity = { idempotencyKey: module.idempotencyKeyHash('https://panel.example/api/v2', 'PAUSE') };
		const started = Date.now();
		const claim = await new module.DuplicateGuard(contextOver(new InMemoryDeduplicator())).claim(identity);

		expect(claim.granted).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
	});
});

describe('what a held-back order says, from another process (which cannot name the earlier order)', () => {
	it('placed: that it was placed; claimed but never confirmed (a run that stopped or lost the answer): that nobody knows', async () => {
		const store = new InMemoryDeduplicator();
		const context = contextOver(store);
		const [first, second] = [guardOfAnotherProcess(), guardOfAnotherProcess()];
		const placedOne = { idempotencyKey: first.idempotencyKeyHash('https://p.example', 'SHOP-1') };
		const strandedOne = { idempotencyKey: first.idempotencyKeyHash('https://p.example', 'SHOP-2') };

		const placed = await new first.DuplicateGuard(context).claim(placedOne);
		if (!placed.granted) throw new Error('expected the claim');
		await placed.placed(1001);
		expect((await new first.DuplicateGuard(context).claim(strandedOne)).granted).toBe(true);

		const again = await new second.DuplicateGuard(context).claim(placedOne);
		expect(again).toMatchObject({ granted: false, reason: expect.stringMatching(/^An order with the same Idempotency Key was placed by this node earlier/) });
		const stranded = await new second.DuplicateGuard(context).claim(strandedOne);
		expect(stranded).toMatchObject({ granted: false, reason: expect.stringContaining('it is not known whether the panel placed it') });
		// Looking left nothing behind: the stranded order is still unconfirmed when asked again.
		expect(await new second.DuplicateGuard(context).claim(strandedOne)).toMatchObject({ reason: expect.stringContaining('not known') });
	});
});

describe('the claim window of identical orders', () => {
	it('holds back an identical order less than the window later, and not one two windows later', async () => {
		const store = new InMemoryDeduplicator();
		const guard = guardOfAnotherProcess();
		const context = contextOver(store);
		const identity = { fingerprint: guard.orderFingerprint('https://p.example', { service: 1, link: 'https://a.example/', quantity: 5 }), windowMs: 600_000 };
		const now = jest.spyOn(Date, 'now');
		try {
			const start = 1_800_000_000_000;
			now.mockReturnValue(start);
			expect((await new guard.DuplicateGuard(context).claim(identity)).granted).toBe(true);
			for (const later of [1, 299_999, 300_001, 599_999]) {
				now.mockReturnValue(start + later);
				expect([later, (await new guard.DuplicateGuard(context).claim(identity)).granted]).toEqual([later, false]);
			}
			now.mockReturnValue(start + 1_200_001);
			expect((await new guard.DuplicateGuard(context).claim(identity)).granted).toBe(true);
		} finally {
			now.mockRestore();
		}
	});

	it('a held-back order does not extend the window', async () => {
		const store = new InMemoryDeduplicator();
		const guard = guardOfAnotherProcess();
		const context = contextOver(store);
		const identity = { fingerprint: guard.orderFingerprint('https://p.example', { service: 1, link: 'https://b.example/', quantity: 5 }), windowMs: 600_000 };
		const now = jest.spyOn(Date, 'now');
		try {
			const start = 1_800_000_300_000;
			now.mockReturnValue(start);
			await new guard.DuplicateGuard(context).claim(identity);
			// Held back at 9 minutes: that attempt must not claim the buckets after the first order's.
			now.mockReturnValue(start + 540_000);
			expect((await new guard.DuplicateGuard(context).claim(identity)).granted).toBe(false);
			now.mockReturnValue(start + 960_000);
			expect((await new guard.DuplicateGuard(context).claim(identity)).granted).toBe(true);
		} finally {
			now.mockRestore();
		}
	});
});
