/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
import { fetchInBatches, isBatchFailure, splitIntoBatches } from '../../nodes/SmmPanel/execution/batches';

describe('splitIntoBatches', () => {
	it('splits into batches of at most the size, in order', () => {
		expect(splitIntoBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(splitIntoBatches([1, 2], 100)).toEqual([[1, 2]]);
		expect(splitIntoBatches([1, 2], 0)).toEqual([[1], [2]]);
		expect(splitIntoBatches([], 10)).toEqual([]);
	});
});

describe('fetchInBatches (the one batching function)', () => {
	it('de-duplicates, batches and answers every ID', async () => {
		const batches: number[][] = [];
		const results = await fetchInBatches([1, 2, 2, 3, 1, 4, 5], { batchSize: 2, concurrency: 2 }, async (batch) => {
			batches.push(batch);
			return new Map(batch.map((id) => [id, id * 10]));
		});
		expect(batches.flat().sort()).toEqual([1, 2, 3, 4, 5]);
		expect(batches.every((batch) => batch.length <= 2)).toBe(true);
		expect([...results.entries()].sort((a, b) => a[0] - b[0])).toEqual([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]);
	});

	it('runs at most `concurrency` batches at a time', async () => {
		let running = 0;
		let most = 0;
		await fetchInBatches(Array.from({ length: 50 }, (_, i) => i + 1), { batchSize: 5, concurrency: 3 }, async (batch) => {
			running++;
			most = Math.max(most, running);
			await new Promise((resolve) => setImmediate(resolve));
			running--;
			return new Map(batch.map((id) => [id, id]));
		});
		expect(most).toBe(3);
	});

	it('marks only the IDs of a failed batch as failed', async () => {
		const results = await fetchInBatches([1, 2, 3, 4], { batchSize: 2, concurrency: 1 }, async (batch) => {
			if (batch.includes(3)) throw new Error('boom');
			return new Map(batch.map((id) => [id, 'ok']));
		});
		expect(results.get(1)).toBe('ok');
		expect(results.get(2)).toBe('ok');
		const failed = results.get(3);
		expect(isBatchFailure(failed) && failed.batchError.message).toBe('boom');
		expect(isBatchFailure(results.get(4))).toBe(true);
	});

	it('sends nothing for no IDs', async () => {
		const fetchBatch = jest.fn();
		expect((await fetchInBatches([], { batchSize: 10, concurrency: 4 }, fetchBatch)).size).toBe(0);
		expect(fetchBatch).not.toHaveBeenCalled();
	});
});
