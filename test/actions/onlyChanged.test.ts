/**
 * Order > Get Status with "Only Output Changes": runs of an active workflow (static data carried
 * from run to run, as n8n saves it) report each status change once, with the previous status.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { STATUS_MEMORY_KEY } from '../../nodes/SmmPanel/actions/order/getStatus.operation';
import { usePanel, type NodeRun } from './helpers';

const panel = usePanel();

const NODE_KEY = 'node:SMM Panel';

function watch(parameters: INodeParameters = {}): INodeParameters {
	return { resource: 'order', operation: 'getStatus', idSource: 'field', idField: 'id', options: { onlyChanged: true }, ...parameters };
}

function memoryOf(run: NodeRun): Record<string, string> {
	return ((run.staticData[NODE_KEY] as IDataObject | undefined)?.[STATUS_MEMORY_KEY] ?? {}) as Record<string, string>;
}

/** Runs as an active workflow would, one after another, each with the static data the last one saved. */
function scheduler() {
	let staticData: IDataObject = {};
	return async (ids: number[], parameters: INodeParameters = {}, continueOnFail = false): Promise<NodeRun> => {
		const run = await panel.run(watch(parameters), {
			input: ids.map((id) => ({ id })),
			staticData,
			mode: 'trigger',
			continueOnFail,
		});
		if (run.staticDataChanged) staticData = run.staticData;
		return run;
	};
}

describe('Order > Get Status: Only Output Changes', () => {
	it('records on the first run, then outputs each change once with the previous status', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(3);
		const runOnce = scheduler();

		const first = await runOnce(ids);
		expect(first.items()).toEqual([]);
		expect(first.staticDataChanged).toBe(true);
		expect(memoryOf(first)).toEqual(Object.fromEntries(ids.map((id) => [String(id), 'Pending'])));

		const unchanged = await runOnce(ids);
		expect(unchanged.items()).toEqual([]);
		expect(unchanged.staticDataChanged).toBe(false);

		sim.setOrderStatus(ids[1], 'In progress');
		const second = await runOnce(ids);
		expect(second.items()).toEqual([
			{ json: expect.objectContaining({ order: ids[1], status: 'In progress', previousStatus: 'Pending', final: false }), pairedItem: { item: 1 } },
		]);

		sim.setOrderStatus(ids[1], 'Completed');
		sim.setOrderStatus(ids[2], 'Canceled');
		const third = await runOnce(ids);
		expect(third.items().map((item) => [item.pairedItem, item.json.order, item.json.previousStatus, item.json.status])).toEqual([
			[{ item: 1 }, ids[1], 'In progress', 'Completed'],
			[{ item: 2 }, ids[2], 'Pending', 'Canceled'],
		]);
		// Final orders are reported once, then forgotten; they never come back.
		expect(memoryOf(third)).toEqual({ [String(ids[0])]: 'Pending' });
		const fourth = await runOnce(ids);
		expect(fourth.items()).toEqual([]);
		expect(memoryOf(fourth)).toEqual({ [String(ids[0])]: 'Pending' });
	});

	it('outputs a change for every item that names the order', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1);
		const runOnce = scheduler();
		await runOnce([id, id]);
		sim.setOrderStatus(id, 'Processing');
		const run = await runOnce([id, id]);
		expect(run.items().map((item) => [item.pairedItem, item.json.previousStatus])).toEqual([
			[{ item: 0 }, 'Pending'],
			[{ item: 1 }, 'Pending'],
		]);
	});

	it('does not let a failed request touch the memory, so the change is reported by the next run', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		const runOnce = scheduler();
		await runOnce(ids);

		sim.setOrderStatus(ids[0], 'In progress');
		sim.setOrderStatus(ids[1], 'In progress');
		sim.injectFault({ kind: 'html', action: 'status', match: (request) => request.form.order === String(ids[1]) });
		const failed = await runOnce(ids, { options: { onlyChanged: true, batchSize: 1 } }, true);
		expect(failed.items()).toEqual([
			{ json: expect.objectContaining({ order: ids[0], previousStatus: 'Pending' }), pairedItem: { item: 0 } },
			{ json: { error: expect.stringContaining(`Order ID ${ids[1]}: The API URL returned a web page`) }, pairedItem: { item: 1 } },
		]);
		expect(memoryOf(failed)[String(ids[1])]).toBe('Pending');

		const next = await runOnce(ids);
		expect(next.items()).toEqual([{ json: expect.objectContaining({ order: ids[1], status: 'In progress', previousStatus: 'Pending' }), pairedItem: { item: 1 } }]);
	});

	it('keeps per-ID errors in the output and out of the memory', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1);
		const runOnce = scheduler();
		const first = await runOnce([id, 987654]);
		expect(first.items()).toEqual([{ json: { order: 987654, error: 'Incorrect order ID' }, pairedItem: { item: 1 } }]);
		expect(Object.keys(memoryOf(first))).toEqual([String(id)]);
	});

	it('without the option, outputs every status and keeps no memory', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		const run = await panel.run(watch({ options: {} }), { input: ids.map((id) => ({ id })), mode: 'trigger' });
		expect(run.items()).toHaveLength(2);
		expect(run.staticDataChanged).toBe(false);
		expect(run.items()[0].json).not.toHaveProperty('previousStatus');
	});
});
