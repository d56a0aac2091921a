/**
 * Order > Get Status and Refill > Get Status with "Only Output Changes", through the engine:
 * - against the user's records (Previous Status Field): stateless, the same in every mode;
 * - against the node's memory in n8n's deduplication store: kept across executions without
 *   workflow static data (which n8n does not load for queued executions), each change reported
 *   once, and left untouched by manual runs.
 */
import type { IDataObject, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { deduplicationStore } from '../engine/harness';
import { hintsOf, usePanel, type NodeRun } from './helpers';

const panel = usePanel();

function watch(parameters: INodeParameters = {}, options: IDataObject = {}): INodeParameters {
	return { resource: 'order', operation: 'getStatus', idSource: 'field', idField: 'id', options: { onlyChanged: true, ...options }, ...parameters };
}

/**
 * One scheduled run, as in queue mode: every run starts from empty static data, as a worker gets
 * it, so only a memory outside static data can carry anything from run to run.
 */
async function scheduledRun(input: IDataObject[], parameters: INodeParameters = {}, continueOnFail = false, mode: WorkflowExecuteMode = 'trigger'): Promise<NodeRun> {
	const run = await panel.run(parameters, { input, staticData: {}, mode, continueOnFail });
	expect(run.staticDataChanged).toBe(false);
	return run;
}

const rowsOf = (ids: number[]) => ids.map((id) => ({ id }));

describe('Only Output Changes, against the node\'s memory', () => {
	it('records on the first run, then outputs each change once with the previous status, with no static data', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(3);

		const first = await scheduledRun(rowsOf(ids), watch());
		expect(first.items()).toEqual([]);
		expect(hintsOf(first)).toEqual([expect.stringContaining('the 3 orders this node had not seen before were recorded')]);

		const unchanged = await scheduledRun(rowsOf(ids), watch());
		expect(unchanged.items()).toEqual([]);
		expect(hintsOf(unchanged)).toEqual([expect.stringContaining('no order changed since the node last looked')]);

		sim.setOrderStatus(ids[1], 'In progress');
		const second = await scheduledRun(rowsOf(ids), watch());
		expect(second.items()).toEqual([
			{ json: expect.objectContaining({ order: ids[1], status: 'In progress', previousStatus: 'Pending', final: false }), pairedItem: { item: 1 } },
		]);

		sim.setOrderStatus(ids[1], 'Completed');
		sim.setOrderStatus(ids[2], 'Canceled');
		const third = await scheduledRun(rowsOf(ids), watch());
		expect(third.items().map((item) => [item.pairedItem, item.json.order, item.json.previousStatus, item.json.status])).toEqual([
			[{ item: 1 }, ids[1], 'In progress', 'Completed'],
			[{ item: 2 }, ids[2], 'Pending', 'Canceled'],
		]);
		// Final orders are reported once, then forgotten; they never come back.
		expect((await scheduledRun(rowsOf(ids), watch())).items()).toEqual([]);
	});

	it('outputs a change for every item that names the order', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1);
		await scheduledRun(rowsOf([id, id]), watch());
		sim.setOrderStatus(id, 'Processing');
		const run = await scheduledRun(rowsOf([id, id]), watch());
		expect(run.items().map((item) => [item.pairedItem, item.json.previousStatus])).toEqual([
			[{ item: 0 }, 'Pending'],
			[{ item: 1 }, 'Pending'],
		]);
	});

	it('does not let a failed request touch the memory, so the change is reported by the next run', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		await scheduledRun(rowsOf(ids), watch());

		sim.setOrderStatus(ids[0], 'In progress');
		sim.setOrderStatus(ids[1], 'In progress');
		sim.injectFault({ kind: 'html', action: 'status', match: (request) => request.form.order === String(ids[1]) });
		const failed = await scheduledRun(rowsOf(ids), watch({}, { batchSize: 1 }), true);
		expect(failed.items()).toEqual([
			{ json: expect.objectContaining({ order: ids[0], previousStatus: 'Pending' }), pairedItem: { item: 0 } },
			{ json: { error: expect.stringContaining(`Order ID ${ids[1]}: The API URL returned a web page`) }, pairedItem: { item: 1 } },
		]);

		const next = await scheduledRun(rowsOf(ids), watch());
		expect(next.items()).toEqual([{ json: expect.objectContaining({ order: ids[1], status: 'In progress', previousStatus: 'Pending' }), pairedItem: { item: 1 } }]);
	});

	it('keeps per-ID errors in the output and out of the memory', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1);
		const first = await scheduledRun(rowsOf([id, 987654]), watch());
		expect(first.items()).toEqual([{ json: { order: 987654, error: 'Incorrect order ID' }, pairedItem: { item: 1 } }]);
		sim.setOrderStatus(id, 'In progress');
		expect((await scheduledRun(rowsOf([id, 987654]), watch())).items().map((item) => item.json.order)).toEqual([id, 987654]);
	});

	it('two runs that overlap report a change once between them', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(4);
		await scheduledRun(rowsOf(ids), watch());
		for (const id of ids) sim.setOrderStatus(id, 'In progress');
		const [a, b] = await Promise.all([scheduledRun(rowsOf(ids), watch()), scheduledRun(rowsOf(ids), watch())]);
		const reported = [...a.items(), ...b.items()].map((item) => item.json.order);
		expect(reported.sort()).toEqual([...ids].sort());
	});

	it('a manual run shows the changes since the active workflow last ran, and records nothing', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		await scheduledRun(rowsOf(ids), watch());
		sim.setOrderStatus(ids[0], 'In progress');

		const manual = await scheduledRun(rowsOf(ids), watch(), false, 'manual');
		expect(manual.items().map((item) => [item.json.order, item.json.previousStatus])).toEqual([[ids[0], 'Pending']]);
		// The test did not swallow the change: the active workflow still reports it, once.
		expect((await scheduledRun(rowsOf(ids), watch())).items().map((item) => item.json.order)).toEqual([ids[0]]);
		expect((await scheduledRun(rowsOf(ids), watch())).items()).toEqual([]);

		// Nothing recorded before: a manual run says so instead of n8n's bare "No output data".
		const [fresh] = sim.seedOrders(1);
		const manualFirst = await scheduledRun(rowsOf([fresh]), watch(), false, 'manual');
		expect(hintsOf(manualFirst)).toEqual([expect.stringContaining('A manual run shows the changes since the active workflow last ran, and records nothing')]);
		expect((await scheduledRun(rowsOf([fresh]), watch())).items()).toEqual([]);
	});

	it('without the option, outputs every status and keeps no memory', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		const run = await scheduledRun(rowsOf(ids), watch({ options: {} }));
		expect(run.items()).toHaveLength(2);
		expect(run.items()[0].json).not.toHaveProperty('previousStatus');
		expect(deduplicationStore().calls.checkProcessedAndRecord).toBe(0);
	});

	it('fails the node, and says why, when n8n\'s store cannot be used: never an empty output', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(1);
		deduplicationStore().failing = new Error('database unavailable');
		const run = await scheduledRun(rowsOf(ids), watch());
		expect(run.error()?.message).toContain("n8n's deduplication store could not be used");
	});
});

describe('Only Output Changes, against the status in each item (Previous Status Field)', () => {
	const byRecords = (options: IDataObject = {}) => watch({}, { previousStatusField: 'row.status', ...options });

	it.each<WorkflowExecuteMode>(['manual', 'trigger'])('outputs the rows whose status differs, the same in %s mode, with nothing stored', async (mode) => {
		const { sim } = panel;
		const [changed, unchanged, spelled, empty] = sim.seedOrders(4);
		sim.setOrderStatus(changed, 'In progress');
		sim.setOrderStatus(spelled, 'Partial');
		const rows = [
			{ id: changed, row: { status: 'Pending' } },
			{ id: unchanged, row: { status: 'Pending' } },
			{ id: spelled, row: { status: 'partial' } },
			{ id: empty, row: { status: '' } },
			{ id: 987654, row: { status: 'Pending' } },
		];
		const run = await scheduledRun(rows, byRecords(), false, mode);
		expect(run.items()).toEqual([
			{ json: expect.objectContaining({ order: changed, status: 'In progress', previousStatus: 'Pending' }), pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ order: empty, status: 'Pending', previousStatus: null }), pairedItem: { item: 3 } },
			{ json: { order: 987654, error: 'Incorrect order ID' }, pairedItem: { item: 4 } },
		]);
		expect(deduplicationStore().calls.checkProcessedAndRecord).toBe(0);
	});

	it('two runs that overlap each compare with their own rows', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1);
		sim.setOrderStatus(id, 'Completed');
		const [a, b] = await Promise.all([
			scheduledRun([{ id, row: { status: 'In progress' } }], byRecords()),
			scheduledRun([{ id, row: { status: 'Completed' } }], byRecords()),
		]);
		expect(a.items().map((item) => item.json.previousStatus)).toEqual(['In progress']);
		expect(b.items()).toEqual([]);
	});

	it('a failed request fails its rows, with their pairing', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		sim.injectFault({ kind: 'http500', action: 'status', times: 1 });
		const run = await scheduledRun(ids.map((id) => ({ id, row: { status: 'In progress' } })), byRecords({ batchSize: 1 }), true);
		expect(run.items().map((item) => [item.pairedItem, 'error' in item.json])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
		]);
	});
});

describe('Refill > Get Status: Only Output Changes', () => {
	it('compares with the rows, or with the node\'s memory, as for orders', async () => {
		const { sim } = panel;
		const [order] = sim.seedOrders(1, { service: 1, status: 'Completed' });
		const created = await panel.run({ resource: 'refill', operation: 'create', idSource: 'field', idField: 'order' }, { input: [{ order }] });
		const refill = created.items()[0].json.refill as number;
		const refills = { resource: 'refill', operation: 'getStatus', idSource: 'field', idField: 'refill' };

		const byRows = await scheduledRun([{ refill, status: 'Completed' }], { ...refills, options: { onlyChanged: true, previousStatusField: 'status' } });
		expect(byRows.items()).toEqual([{ json: { refill, status: 'Pending', previousStatus: 'Completed', final: false }, pairedItem: { item: 0 } }]);

		const memory = { ...refills, options: { onlyChanged: true } };
		expect((await scheduledRun([{ refill }], memory)).items()).toEqual([]);
		sim.advance(60 * 24);
		const changed = await scheduledRun([{ refill }], memory);
		expect(changed.items().map((item) => [item.json.refill, item.json.previousStatus])).toEqual([[refill, 'Pending']]);
	});
});
