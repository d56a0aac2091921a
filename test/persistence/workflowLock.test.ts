/**
 * The workflow lock (persistence/workflowLock.ts) over a store that behaves as n8n's: taken and
 * released, never touching records another node keeps in the workflow's shared row, and broken
 * when the process holding it died.
 */
import { sleep } from 'n8n-workflow';

import { anotherProcess, contextOver, InMemoryDeduplicator, workflow } from './processes';

const WORKFLOW_ROW = `${workflow.id}|`;

function snapshot(store: InMemoryDeduplicator): string {
	return JSON.stringify(store.rows.get(WORKFLOW_ROW));
}

describe('the lock', () => {
	it('is the workflow row while held: taken by inserting it, released by deleting it', async () => {
		const store = new InMemoryDeduplicator();
		const { lock } = anotherProcess();
		const taken = await new lock.WorkflowLock(contextOver(store)).acquire();
		if (!('held' in taken)) throw new Error(`not taken: ${taken.foreign}`);
		expect(store.rows.get(WORKFLOW_ROW)?.mode).toBe('latestIncrementalKey');
		expect(taken.held.stillTrusted()).toBe(true);
		await taken.held.release();
		expect(store.rows.has(WORKFLOW_ROW)).toBe(false);
		// One read, one insert (with its read), one delete.
		expect(store.statements).toEqual({ select: 2, insert: 1, update: 0, delete: 1 });
	});

	it('a second taker waits until the first releases it', async () => {
		const store = new InMemoryDeduplicator();
		const [a, b] = [anotherProcess(), anotherProcess()];
		const first = await new a.lock.WorkflowLock(contextOver(store)).acquire();
		if (!('held' in first)) throw new Error('not taken');
		let secondTaken = false;
		const second = new b.lock.WorkflowLock(contextOver(store)).acquire().then((result) => {
			secondTaken = true;
			return result;
		});
		await sleep(100);
		expect(secondTaken).toBe(false);
		await first.held.release();
		const result = await second;
		expect('held' in result).toBe(true);
	});
});

describe("another node's records in the workflow's shared row are never written or deleted", () => {
	it.each<[string, (store: InMemoryDeduplicator) => Promise<void>, RegExp]>([
		[
			'Remove Duplicates, Keep Items Where "Value Is New" (entries)',
			async (store) => {
				await contextOver(store).helpers.checkProcessedAndRecord(['a', 'b', 'c'], 'workflow', { mode: 'entries' });
			},
			/3 records of another node/,
		],
		[
			'entries, as many as a lock is long',
			async (store) => {
				const items = Array.from({ length: 60 }, (_, index) => `seen-${index}`);
				await contextOver(store).helpers.checkProcessedAndRecord(items, 'workflow', { mode: 'entries' });
			},
			/records of another kind/,
		],
		[
			'"Value Is a Date Later than Any Previous Date"',
			async (store) => {
				await contextOver(store).helpers.checkProcessedAndRecord(['2026-12-01T00:00:00Z'], 'workflow', { mode: 'latestDate' });
			},
			/records of another kind|records of another node/,
		],
		[
			'"Value Is Higher than Any Previous Value", a number',
			async (store) => {
				await contextOver(store).helpers.checkProcessedAndRecord([42], 'workflow', { mode: 'latestIncrementalKey' });
			},
			/"latest value" record/,
		],
	])('%s: the guard is told, the row is as it was', async (_what, fill, why) => {
		const store = new InMemoryDeduplicator();
		await fill(store);
		const before = snapshot(store);
		const { lock } = anotherProcess();
		lock.lockTiming.unidentifiedMs = 50;
		const result = await new lock.WorkflowLock(contextOver(store)).acquire();
		expect(result).toEqual({ foreign: expect.stringMatching(why) });
		expect(snapshot(store)).toBe(before);
		expect(store.statements.delete).toBe(0);
	});
});

describe('a lock left by a process that died holding it', () => {
	it('is broken after the stale time, and only then', async () => {
		const store = new InMemoryDeduplicator();
		const [dead, waiter] = [anotherProcess(), anotherProcess({ staleMs: 300 })];
		const left = await new dead.lock.WorkflowLock(contextOver(store)).acquire();
		if (!('held' in left)) throw new Error('not taken');
		const started = Date.now();
		const result = await new waiter.lock.WorkflowLock(contextOver(store)).acquire();
		expect('held' in result).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect(store.statements.delete).toBe(1);
	});

	it('a lock taken and released again and again is never taken for a dead one', async () => {
		const store = new InMemoryDeduplicator();
		const [busy, waiter] = [anotherProcess(), anotherProcess({ staleMs: 200 })];
		let stop = false;
		// Another process takes the lock again and again for a second, holding it 5 ms each time, 2 ms apart.
		const busyLoop = (async () => {
			const lock = new busy.lock.WorkflowLock(contextOver(store));
			while (!stop) {
				const taken = await lock.acquire();
				if (!('held' in taken)) throw new Error('not taken');
				await sleep(5);
				await taken.held.release();
				await sleep(2);
			}
		})();
		void sleep(1_000).then(() => (stop = true));
		const warn = jest.fn();
		const context = contextOver(store);
		context.logger.warn = warn;
		await sleep(50);
		const result = await new waiter.lock.WorkflowLock(context).acquire();
		if ('held' in result) await result.held.release();
		await busyLoop;
		expect('held' in result).toBe(true);
		expect(warn).not.toHaveBeenCalled();
	});

	it('a holder that stalled past the stale time does not trust its write and does not delete', async () => {
		const store = new InMemoryDeduplicator();
		const process = anotherProcess({ staleMs: 100 });
		const taken = await new process.lock.WorkflowLock(contextOver(store)).acquire();
		if (!('held' in taken)) throw new Error('not taken');
		await sleep(120);
		expect(taken.held.stillTrusted()).toBe(false);
		await taken.held.release();
		expect(store.rows.has(WORKFLOW_ROW)).toBe(true);
	});
});
