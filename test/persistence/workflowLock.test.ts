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
		// Raised to the time it was taken: no waiter takes it for a dead one.
		expect(Number(store.rows.get(WORKFLOW_ROW)?.data)).toBeGreaterThan(-8e15 + Date.now() - 5_000);
		expect(taken.held.stillTrusted()).toBe(true);
		await taken.held.release();
		expect(store.rows.has(WORKFLOW_ROW)).toBe(false);
		// The insert (with its read), the raise (a read and an update), the delete.
		expect(store.statements).toEqual({ select: 2, insert: 1, update: 1, delete: 1 });
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

describe("another node's records in the workflow's shared row are never changed or deleted", () => {
	it.each<[string, (store: InMemoryDeduplicator) => Promise<void>]>([
		[
			'Remove Duplicates, Keep Items Where "Value Is New" (entries)',
			async (store) => {
				await contextOver(store).helpers.checkProcessedAndRecord(['a', 'b', 'c'], 'workflow', { mode: 'entries' });
			},
		],
		[
			'"Value Is a Date Later than Any Previous Date"',
			async (store) => {
				await contextOver(store).helpers.checkProcessedAndRecord(['2026-12-01T00:00:00Z'], 'workflow', { mode: 'latestDate' });
			},
		],
	])('%s: n8n refuses the lock before writing, the guard is told, the row is as it was', async (_what, fill) => {
		const store = new InMemoryDeduplicator();
		await fill(store);
		const before = snapshot(store);
		const writesBefore = { ...store.statements };
		const { lock } = anotherProcess();
		const result = await new lock.WorkflowLock(contextOver(store)).acquire();
		expect(result).toEqual({ foreign: 'it holds records of another kind (entries or dates)' });
		expect(snapshot(store)).toBe(before);
		expect(store.statements).toMatchObject({ insert: writesBefore.insert, update: writesBefore.update, delete: 0 });
	});

	it.each([42, '1733500000', -1e12])('"Value Is Higher than Any Previous Value" (%p): waited for, never broken, then a clear error; the value is as it was', async (value) => {
		const store = new InMemoryDeduplicator();
		await contextOver(store).helpers.checkProcessedAndRecord([value], 'workflow', { mode: 'latestIncrementalKey' });
		const before = snapshot(store);
		// Even with the shortest stale time: the number is far above any lock's, so it never looks stale.
		const { lock } = anotherProcess({ staleMs: 10, clockSkewMs: 0, confirmMs: 10, acquireTimeoutMs: 400 });
		await expect(new lock.WorkflowLock(contextOver(store)).acquire()).rejects.toThrow(/held for over 0 s/);
		expect(snapshot(store)).toBe(before);
		expect(store.statements.delete).toBe(0);
	});
});

describe('a lock left by a process that died holding it', () => {
	it('is broken after the stale time, and only then', async () => {
		const store = new InMemoryDeduplicator();
		const [dead, waiter] = [anotherProcess(), anotherProcess({ staleMs: 300, clockSkewMs: 0, confirmMs: 100 })];
		const left = await new dead.lock.WorkflowLock(contextOver(store)).acquire();
		if (!('held' in left)) throw new Error('not taken');
		const started = Date.now();
		const result = await new waiter.lock.WorkflowLock(contextOver(store)).acquire();
		expect('held' in result).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300 + 100);
		expect(store.statements.delete).toBe(1);
	});

	it('a lock taken and released again and again is never taken for a dead one', async () => {
		const store = new InMemoryDeduplicator();
		const [busy, waiter] = [anotherProcess(), anotherProcess({ staleMs: 200, clockSkewMs: 0, confirmMs: 50 })];
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
		const process = anotherProcess({ staleMs: 100, clockSkewMs: 0 });
		const taken = await new process.lock.WorkflowLock(contextOver(store)).acquire();
		if (!('held' in taken)) throw new Error('not taken');
		await sleep(120);
		expect(taken.held.stillTrusted()).toBe(false);
		await taken.held.release();
		expect(store.rows.has(WORKFLOW_ROW)).toBe(true);
	});
});
