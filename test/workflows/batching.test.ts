/**
 * A large batched status check in a saved workflow: 1,000 items, one order ID each, become 10
 * requests of 100 IDs, whether the IDs are read from a field or from an expression per item, in a
 * manual run and in a production run (items arriving from a trigger).
 */
import { NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow } from '../engine/harness';
import { loadFixture, MANUAL_TRIGGER, pairedIndexes, usePanel, withPinnedItems } from './helpers';

const panel = usePanel();
const ORDERS = 1000;

function statusRequests(): string[][] {
	return panel.sim.requests.filter((request) => request.action === 'status').map((request) => request.form.orders.split(','));
}

describe.each([
	['Status by field', 'the Input Field "order"'],
	['Status by expression', 'the expression {{ $json.order }}'],
])('%s (%s)', (nodeName) => {
	const workflow = loadFixture('status-of-many.json');
	/** Only the node under test, so that the request counts are its own. */
	const justThisNode = { ...workflow, connections: { [MANUAL_TRIGGER]: { main: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]] } } };

	it(`checks ${ORDERS} orders in 10 requests of 100, one output item per input item`, async () => {
		const ids = panel.sim.seedOrders(ORDERS);
		const rows = ids.map((order) => ({ order }));

		const run = await runWorkflow(withPinnedItems(justThisNode, MANUAL_TRIGGER, rows), { credentials: panel.credentials });

		const items = run.items(nodeName);
		expect(items).toHaveLength(ORDERS);
		expect(items.every(({ json }, index) => json.order === ids[index] && json.status === 'Pending')).toBe(true);
		expect(pairedIndexes(items)).toEqual(ids.map((_id, index) => index));
		const batches = statusRequests();
		expect(batches).toHaveLength(10);
		expect(batches.map((batch) => batch.length)).toEqual(Array(10).fill(100));
		expect(batches.flat().map(Number).sort((a, b) => a - b)).toEqual(ids);
	});

	it('does the same in a production run, on items a trigger emitted', async () => {
		const ids = panel.sim.seedOrders(ORDERS, { status: 'Completed' });

		const run = await runWorkflow(justThisNode, {
			credentials: panel.credentials,
			mode: 'trigger',
			triggerItems: ids.map((order) => ({ order })),
		});

		expect(run.items(nodeName).filter(({ json }) => json.status === 'Completed')).toHaveLength(ORDERS);
		expect(statusRequests()).toHaveLength(10);
	});
});
