/**
 * The node's queue in front of n8n's deduplication store (persistence/processedStore.ts): records
 * queued one after another are written in one call and answered as if each had been written
 * alone, in turn; a remove is never overtaken. Over the harness's emulation of n8n's store; the
 * n8n context is reduced to what the store uses (the node, the workflow, the two helpers).
 */
import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { processedStore } from '../../nodes/SmmPanel/persistence/processedStore';
import { InMemoryDeduplicator, storeContext } from '../engine/deduplication';

const workflow = { id: 'workflow-1', active: true };
let nodeCount = 0;

/** A context for a node of its own (the store's queue is per node), over `store`. */
function contextOver(store: InMemoryDeduplicator): IExecuteFunctions {
	const node: INode = { id: `node-${++nodeCount}`, name: 'SMM Panel', type: 'n8n-nodes-smm-panel.smmPanel', typeVersion: 1, position: [0, 0], parameters: {} };
	return storeContext(store, node, workflow);
}

const sorted = (set: Set<string>): string[] => [...set].sort();

describe('processedStore: records written together, answered one by one', () => {
	it('writes records queued together in one call, each answered as if written alone, in turn', async () => {
		const db = new InMemoryDeduplicator();
		const store = processedStore(contextOver(db), 100);
		await store.record(['x']);
		const callsBefore = db.calls.checkProcessedAndRecord;

		const answers = await Promise.all([store.record(['a', 'b']), store.record(['b', 'c']), store.record(['x', 'd']), store.record(['a'])]);

		expect(db.calls.checkProcessedAndRecord - callsBefore).toBe(1);
		expect(answers.map((found) => sorted(found))).toEqual([[], ['b'], ['x'], ['a']]);
		expect(await store.record(['a', 'b', 'c', 'd', 'x', 'y'])).toEqual(new Set(['a', 'b', 'c', 'd', 'x']));
	});

	it('collects what arrives while a call is under way into the next call', async () => {
		const db = new InMemoryDeduplicator();
		db.gapMs = 20;
		const store = processedStore(contextOver(db), 100);
		const first = store.record(['a']);
		await sleep(5);
		const later = [store.record(['b']), store.record(['a', 'c']), store.record(['c'])];

		expect(await first).toEqual(new Set());
		expect((await Promise.all(later)).map((found) => sorted(found))).toEqual([[], ['a'], ['c']]);
		expect(db.calls.checkProcessedAndRecord).toBe(2);
	});

	it('never lets a record overtake a remove queued before it', async () => {
		const db = new InMemoryDeduplicator();
		const store = processedStore(contextOver(db), 100);
		await store.record(['k']);

		const [before, , after] = await Promise.all([store.record(['k']), store.remove(['k']), store.record(['k'])]);

		expect(before).toEqual(new Set(['k']));
		expect(after).toEqual(new Set());
		expect(db.calls.removeProcessed).toBe(1);
	});

	it('gives the same answers and leaves the same records as one call per record, for any mix', async () => {
		let seed = 7;
		const random = (below: number): number => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed % below;
		};
		for (let round = 0; round < 50; round++) {
			const calls = Array.from({ length: 1 + random(8) }, () => Array.from({ length: 1 + random(4) }, () => `e${random(10)}`));
			const unique = calls.map((entries) => [...new Set(entries)]);
			const alone = new InMemoryDeduplicator();
			const together = new InMemoryDeduplicator();
			const aloneStore = processedStore(contextOver(alone), 1_000);
			const togetherStore = processedStore(contextOver(together), 1_000);
			const expected: string[][] = [];
			for (const entries of unique) expected.push(sorted(await aloneStore.record(entries)));

			const answers = await Promise.all(unique.map(async (entries) => await togetherStore.record(entries)));

			expect(answers.map((found) => sorted(found))).toEqual(expected);
			expect([...together.rows.values()].map((row) => [...(row.data as string[])].sort())).toEqual([...alone.rows.values()].map((row) => [...(row.data as string[])].sort()));
		}
	});

	it("writes again when another process created the node's first row at the same moment", async () => {
		const db = new InMemoryDeduplicator();
		const store = processedStore(contextOver(db), 100);
		const record = db.checkProcessedAndRecord.bind(db);
		let refused = 0;
		db.checkProcessedAndRecord = async (...args) => {
			if (refused++ === 0) throw new Error('duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"');
			return await record(...args);
		};

		expect(await Promise.all([store.record(['a']), store.record(['a', 'b'])])).toEqual([new Set(), new Set(['a'])]);
		expect(refused).toBe(2);
		expect(await store.record(['a', 'b'])).toEqual(new Set(['a', 'b']));
	});

	it("fails every record of a call that n8n's store refused, saying so", async () => {
		const db = new InMemoryDeduplicator();
		const store = processedStore(contextOver(db), 100);
		db.failing = new Error('SQLITE_BUSY: database is locked');

		const results = await Promise.allSettled([store.record(['a']), store.record(['b'])]);

		for (const result of results) {
			expect(result.status).toBe('rejected');
			expect(result.status === 'rejected' && (result.reason as Error).message).toBe("n8n's deduplication store could not be used: SQLITE_BUSY: database is locked");
		}
		db.failing = undefined;
		expect(await store.record(['a', 'b'])).toEqual(new Set());
	});
});
