/**
 * The four ID operations (order status, refill, refill status, cancel) over real HTTP: pooling and
 * batching figures from the simulator's request log, fan-out with pairedItem, per-ID errors, failed
 * batches, bad IDs, Continue On Fail and Include Raw Response.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { RecordedRequest } from '../simulator';
import { formPairs, requestsFor, TEST_KEY, usePanel, visibleText } from './helpers';

const panel = usePanel();

function orderStatus(parameters: INodeParameters = {}): INodeParameters {
	return { resource: 'order', operation: 'getStatus', orderIds: '={{ $json.ids }}', ...parameters };
}

function batchSizes(requests: RecordedRequest[], field: string): number[] {
	return requests.map((request) => request.form[field].split(',').length);
}

describe('Order > Get Status: batching', () => {
	it('1,000 items with one order ID each cost 10 status requests of 100 IDs', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(1000);
		const started = Date.now();
		const run = await panel.run(orderStatus(), { input: ids.map((id) => ({ ids: id })) });
		const wallMs = Date.now() - started;

		const statusRequests = requestsFor(sim, 'status');
		expect(sim.count('status')).toBe(10);
		expect(batchSizes(statusRequests, 'orders')).toEqual(Array(10).fill(100));
		expect(statusRequests.every((request) => request.form.order === undefined)).toBe(true);

		const items = run.items();
		expect(items).toHaveLength(1000);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.order).toBe(ids[index]);
		});
		// eslint-disable-next-line no-console -- a measured figure for the report
		console.log(`1,000 items x 1 ID: ${sim.count('status')} status requests, ${Math.round(run.durationMs)} ms in the engine (${wallMs} ms wall)`);
	});

	it('250 IDs in one item cost 3 requests (100, 100, 50), all paired with that item', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(250);
		const run = await panel.run(orderStatus(), { input: [{ ids: ids.join('\n') }] });
		expect(batchSizes(requestsFor(sim, 'status'), 'orders').sort((a, b) => b - a)).toEqual([100, 100, 50]);
		const items = run.items();
		expect(items.map((item) => item.json.order)).toEqual(ids);
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('sends a duplicated ID once but reports it for every item that named it, in input order', async () => {
		const { sim } = panel;
		const [a, b, c] = sim.seedOrders(3);
		const run = await panel.run(orderStatus(), {
			input: [{ ids: `${a}, ${b}` }, { ids: [b] }, { ids: `${a} ${a}\n${c}` }, { ids: b }],
		});
		const statusRequests = requestsFor(sim, 'status');
		expect(statusRequests).toHaveLength(1);
		expect(statusRequests[0].form.orders).toBe(`${a},${b},${c}`);
		expect(run.items().map((item) => [item.pairedItem, item.json.order])).toEqual([
			[{ item: 0 }, a],
			[{ item: 0 }, b],
			[{ item: 1 }, b],
			[{ item: 2 }, a],
			[{ item: 2 }, c],
			[{ item: 3 }, b],
		]);
	});

	it('uses the single form for one ID in all, and outputs numbers as numbers', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1, { status: 'Partial' });
		const run = await panel.run(orderStatus(), { input: [{ ids: id }, { ids: String(id) }] });
		const statusRequests = requestsFor(sim, 'status');
		expect(statusRequests).toHaveLength(1);
		expect(formPairs(statusRequests[0])).toEqual([['action', 'status'], ['order', String(id)], ['key', TEST_KEY]]);
		const order = sim.getOrder(id);
		const expected = {
			order: id,
			status: 'Partial',
			charge: order?.charge,
			startCount: order?.startCount,
			remains: order?.remains,
			currency: 'USD',
			final: true,
		};
		expect(run.items()).toEqual([
			{ json: expected, pairedItem: { item: 0 } },
			{ json: expected, pairedItem: { item: 1 } },
		]);
		expect(typeof expected.charge).toBe('number');
	});

	it('Batch Size 1 forces single calls; other sizes use the batch form throughout', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(3);
		await panel.run(orderStatus({ options: { batchSize: 1 } }), { input: [{ ids }] });
		expect(requestsFor(sim, 'status').map((request) => request.form.order)).toEqual(ids.map(String).sort());
		expect(requestsFor(sim, 'status').every((request) => request.form.orders === undefined)).toBe(true);

		sim.clearRequests();
		await panel.run(orderStatus({ options: { batchSize: 2, concurrency: 1 } }), { input: [{ ids }] });
		expect(requestsFor(sim, 'status').map((request) => request.form.orders)).toEqual([`${ids[0]},${ids[1]}`, `${ids[2]}`]);
	});

	it('sends at most Concurrency requests at a time', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(60);
		sim.setLatency(40);
		try {
			await panel.run(orderStatus({ options: { batchSize: 10, concurrency: 2 } }), { input: [{ ids }] });
		} finally {
			sim.setLatency(0);
		}
		const arrivals = requestsFor(sim, 'status').map((request) => request.at);
		expect(arrivals).toHaveLength(6);
		// With 2 workers and 40 ms replies, the 6 requests arrive in 3 waves of 2.
		expect(arrivals[2] - arrivals[0]).toBeGreaterThanOrEqual(30);
		expect(arrivals[4] - arrivals[2]).toBeGreaterThanOrEqual(30);
	});
});

describe('Order > Get Status: errors', () => {
	it('outputs an unknown ID as { order, error } without failing the batch or the node', async () => {
		const { sim } = panel;
		const [known] = sim.seedOrders(1);
		const run = await panel.run(orderStatus(), { input: [{ ids: `${known}, 987654` }] });
		expect(run.error()).toBeUndefined();
		const items = run.items();
		expect(items[0].json).toMatchObject({ order: known, status: 'Pending' });
		expect(items[1]).toEqual({ json: { order: 987654, error: 'Incorrect order ID' }, pairedItem: { item: 0 } });
	});

	it('outputs an unknown single ID as { order, error } too', async () => {
		const run = await panel.run(orderStatus(), { input: [{ ids: 987654 }] });
		expect(run.items()).toEqual([{ json: { order: 987654, error: 'Incorrect order ID' }, pairedItem: { item: 0 } }]);
	});

	it.each([
		['abc', '"abc" is not a valid order ID'],
		['12, -3', '"-3" is not a valid order ID'],
		['1.5', '"1.5" is not a valid order ID'],
		['', 'no order ID given'],
	])('a bad ID (%j) fails the node before any request, naming the item and the value', async (bad, message) => {
		const { sim } = panel;
		const [good] = sim.seedOrders(1);
		const run = await panel.run(orderStatus(), { input: [{ ids: good }, { ids: bad }] });
		const error = run.error();
		expect(error?.message).toBe(`Item 1: ${message}${message.startsWith('no') ? ' (the value is "")' : ': IDs are positive whole numbers'}`);
		expect(error?.description).toContain('Order IDs');
		expect(error?.context?.itemIndex).toBe(1);
		expect(sim.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a bad ID fails only its item', async () => {
		const { sim } = panel;
		const [a, b] = sim.seedOrders(2);
		const run = await panel.run(orderStatus(), { input: [{ ids: a }, { ids: 'x1' }, { ids: b }], continueOnFail: true });
		const items = run.items();
		expect(items.map((item) => [item.pairedItem, item.json.order ?? item.json.error])).toEqual([
			[{ item: 0 }, a],
			[{ item: 1 }, 'Item 1: "x1" is not a valid order ID: IDs are positive whole numbers'],
			[{ item: 2 }, b],
		]);
		expect(requestsFor(sim, 'status')[0].form.orders).toBe(`${a},${b}`);
	});

	it('a failed request fails the node, naming the first item it served', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(4);
		sim.injectFault({ kind: 'html', action: 'status', match: (request) => request.form.orders?.includes(String(ids[2])) ?? false });
		const run = await panel.run(orderStatus({ options: { batchSize: 2 } }), { input: ids.map((id) => ({ ids: id })) });
		const error = run.error();
		expect(error?.message).toContain('web page instead of API data');
		expect(error?.context?.itemIndex).toBe(2);
		expect(visibleText(run)).not.toContain(TEST_KEY);
	});

	it('with Continue On Fail, a failed request fails only the items it served', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(4);
		// Pooled in first-seen order: [ids0, ids2] and [ids1, ids3]; the first request fails.
		sim.injectFault({ kind: 'html', action: 'status', match: (request) => request.form.orders?.includes(String(ids[2])) ?? false });
		const run = await panel.run(orderStatus({ options: { batchSize: 2, concurrency: 1 } }), {
			input: [{ ids: [ids[0], ids[2]] }, { ids: ids[1] }, { ids: ids[3] }, { ids: ids[2] }],
			continueOnFail: true,
		});
		expect(requestsFor(sim, 'status').map((request) => request.form.orders)).toEqual([`${ids[0]},${ids[2]}`, `${ids[1]},${ids[3]}`]);
		const failure = 'The API URL returned a web page instead of API data (HTTP 200, "Just a moment...")';
		expect(run.items()).toEqual([
			{ json: { error: `Order ID ${ids[0]}: ${failure}` }, pairedItem: { item: 0 } },
			{ json: { error: `Order ID ${ids[2]}: ${failure}` }, pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ order: ids[1], status: 'Pending' }), pairedItem: { item: 1 } },
			{ json: expect.objectContaining({ order: ids[3], status: 'Pending' }), pairedItem: { item: 2 } },
			{ json: { error: `Order ID ${ids[2]}: ${failure}` }, pairedItem: { item: 3 } },
		]);
	});

	it('routes failed requests, not per-ID errors, to the error output', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(2);
		sim.injectFault({ kind: 'html', action: 'status', match: (request) => request.form.orders?.includes(String(ids[1])) ?? false });
		const { runNode, smmPanelApiCredential, SMM_PANEL_NODE_TYPE } = await import('../engine/harness');
		const run = await runNode({
			type: SMM_PANEL_NODE_TYPE,
			parameters: orderStatus({ options: { batchSize: 2 } }),
			credentials: smmPanelApiCredential({ url: sim.url, apiKey: sim.key }),
			input: [{ ids: [ids[0], 987654] }, { ids: ids[1] }, { ids: 987653 }],
			onError: 'continueErrorOutput',
		});
		// Batches: [ids0, 987654] fine, [ids1, 987653] fails.
		expect(run.items(run.nodeName, 0).map((item) => item.json.order)).toEqual([ids[0], 987654]);
		expect(run.items(run.nodeName, 1)).toEqual([
			{ json: { error: expect.stringMatching(new RegExp(`^Order ID ${ids[1]}: The API URL returned a web page`)) }, pairedItem: { item: 1 } },
			{ json: { error: expect.stringMatching(/^Order ID 987653: The API URL returned a web page/) }, pairedItem: { item: 2 } },
		]);
	});

	it('retries a status request after a 503 (reads are safe to repeat)', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1);
		sim.injectFault({ kind: 'http503', action: 'status', retryAfterSeconds: 0 });
		const run = await panel.run(orderStatus(), { input: [{ ids: id }] });
		expect(run.items()[0].json).toMatchObject({ order: id, status: 'Pending' });
		expect(sim.count('status')).toBe(2);
	});
});

describe('Order > Get Status: Include Raw Response', () => {
	it('adds the part of the batch reply about each ID, not the whole batch', async () => {
		const { sim } = panel;
		const [a, b] = sim.seedOrders(2);
		const run = await panel.run(orderStatus({ options: { includeRaw: true } }), { input: [{ ids: [a, b, 987654] }] });
		const [first, second, unknown] = run.items().map((item) => item.json);
		expect(first.raw).toEqual({ charge: expect.any(String), start_count: '0', status: 'Pending', remains: expect.any(String), currency: 'USD' });
		expect(second.raw).toEqual(expect.objectContaining({ status: 'Pending' }));
		expect(unknown).toEqual({ order: 987654, error: 'Incorrect order ID', raw: { error: 'Incorrect order ID' } });
	});

	it('adds the whole reply for the single form', async () => {
		const { sim } = panel;
		const [a] = sim.seedOrders(1);
		const run = await panel.run(orderStatus({ options: { includeRaw: true } }), { input: [{ ids: a }] });
		expect(run.items()[0].json.raw).toEqual(expect.objectContaining({ status: 'Pending', currency: 'USD' }));
	});
});

describe('Refill > Create', () => {
	function refill(parameters: INodeParameters = {}): INodeParameters {
		return { resource: 'refill', operation: 'create', orderIds: '={{ $json.ids }}', ...parameters };
	}

	it('refills pooled orders in batches and reports per-order refusals as items', async () => {
		const { sim } = panel;
		const refillable = sim.seedOrders(2, { service: 1, status: 'Completed' });
		const [noRefill] = sim.seedOrders(1, { service: 2, status: 'Completed' });
		const run = await panel.run(refill(), { input: [{ ids: refillable[0] }, { ids: `${noRefill}, ${refillable[1]}` }, { ids: 987654 }] });
		expect(requestsFor(sim, 'refill').map((request) => request.form.orders)).toEqual([`${refillable[0]},${noRefill},${refillable[1]},987654`]);
		const items = run.items();
		expect(items.map((item) => [item.pairedItem, item.json])).toEqual([
			[{ item: 0 }, { order: refillable[0], refill: expect.any(Number) }],
			[{ item: 1 }, { order: noRefill, error: 'Refill is disabled for this service' }],
			[{ item: 1 }, { order: refillable[1], refill: expect.any(Number) }],
			[{ item: 2 }, { order: 987654, error: 'Incorrect order ID' }],
		]);
		expect(sim.getRefill(items[0].json.refill as number)?.orderId).toBe(refillable[0]);
	});

	it('uses order= for one ID and reads the refill ID the panel sends as a string', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1, { service: 1, status: 'Completed' });
		const run = await panel.run(refill({ options: { includeRaw: true } }), { input: [{ ids: id }] });
		expect(formPairs(requestsFor(sim, 'refill')[0])).toEqual([['action', 'refill'], ['order', String(id)], ['key', TEST_KEY]]);
		const { json } = run.items()[0];
		expect(json).toEqual({ order: id, refill: expect.any(Number), raw: { refill: String(json.refill) } });
	});

	it('is not resent when the connection drops after the panel acted', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1, { service: 1, status: 'Completed' });
		sim.injectFault({ kind: 'reset', action: 'refill', when: 'after', times: 5 });
		const run = await panel.run(refill(), { input: [{ ids: id }] });
		expect(run.error()?.message).toContain('The refills may have been requested');
		expect(run.error()?.description).toContain('n8n does not send it again');
		expect(sim.count('refill')).toBe(1);
	});
});

describe('Refill > Get Status', () => {
	it('reads refill statuses in batches, with unknown refills as items', async () => {
		const { sim } = panel;
		const orders = sim.seedOrders(2, { service: 1, status: 'Completed' });
		const created = await panel.run({ resource: 'refill', operation: 'create', orderIds: orders.join(',') });
		const refills = created.items().map((item) => item.json.refill as number);
		sim.advance(1);
		sim.clearRequests();
		const run = await panel.run(
			{ resource: 'refill', operation: 'getStatus', refillIds: '={{ $json.refills }}', options: { includeRaw: true } },
			{ input: [{ refills: refills }, { refills: 424242 }] },
		);
		expect(requestsFor(sim, 'refill_status').map((request) => formPairs(request))).toEqual([
			[['action', 'refill_status'], ['refills', `${refills[0]},${refills[1]},424242`], ['key', TEST_KEY]],
		]);
		expect(run.items()).toEqual([
			{ json: { refill: refills[0], status: 'In progress', final: false, raw: { refill: refills[0], status: 'In progress' } }, pairedItem: { item: 0 } },
			{ json: { refill: refills[1], status: 'In progress', final: false, raw: { refill: refills[1], status: 'In progress' } }, pairedItem: { item: 0 } },
			{ json: { refill: 424242, error: 'Refill not found', raw: { refill: 424242, status: { error: 'Refill not found' } } }, pairedItem: { item: 1 } },
		]);
	});

	it('uses refill= for one ID', async () => {
		const { sim } = panel;
		const [order] = sim.seedOrders(1, { service: 1, status: 'Completed' });
		const created = await panel.run({ resource: 'refill', operation: 'create', orderIds: String(order) });
		const refillId = created.items()[0].json.refill as number;
		sim.clearRequests();
		const run = await panel.run({ resource: 'refill', operation: 'getStatus', refillIds: String(refillId) });
		expect(formPairs(requestsFor(sim, 'refill_status')[0])).toEqual([['action', 'refill_status'], ['refill', String(refillId)], ['key', TEST_KEY]]);
		expect(run.items()[0].json).toEqual({ refill: refillId, status: 'Pending', final: false });
	});
});

describe('Cancel > Create', () => {
	it('always uses orders=, even for one ID', async () => {
		const { sim } = panel;
		const [id] = sim.seedOrders(1, { service: 1 });
		const run = await panel.run({ resource: 'cancel', operation: 'create', orderIds: String(id) });
		expect(formPairs(requestsFor(sim, 'cancel')[0])).toEqual([['action', 'cancel'], ['orders', String(id)], ['key', TEST_KEY]]);
		expect(run.items()).toEqual([{ json: { order: id, cancelRequested: true }, pairedItem: { item: 0 } }]);
	});

	it('cancels pooled orders and reports refusals per order', async () => {
		const { sim } = panel;
		const [cancelable] = sim.seedOrders(1, { service: 1 });
		const [notCancelable] = sim.seedOrders(1, { service: 2 });
		const run = await panel.run(
			{ resource: 'cancel', operation: 'create', orderIds: '={{ $json.id }}', options: { includeRaw: true } },
			{ input: [{ id: cancelable }, { id: notCancelable }] },
		);
		expect(sim.count('cancel')).toBe(1);
		expect(run.items()).toEqual([
			{ json: { order: cancelable, cancelRequested: true, raw: { order: cancelable, cancel: 1 } }, pairedItem: { item: 0 } },
			{
				json: { order: notCancelable, error: 'Cancel is disabled for this service', raw: { order: notCancelable, cancel: { error: 'Cancel is disabled for this service' } } },
				pairedItem: { item: 1 },
			},
		]);
	});
});

describe('Panels that answer differently', () => {
	const quirky = usePanel({ quirks: { statusBatchAsArray: true, lowerCaseStatuses: true, numbersAsNumbers: true, strayBytes: true } });

	it('reads array-shaped batches, lower-case statuses and stray bytes into the same output', async () => {
		const { sim } = quirky;
		const [a, b] = sim.seedOrders(2, { status: 'Canceled' });
		const run = await quirky.run(orderStatus(), { input: [{ ids: [a, b] }] });
		expect(run.items().map((item) => item.json)).toEqual([
			expect.objectContaining({ order: a, status: 'Canceled', final: true, charge: 0 }),
			expect.objectContaining({ order: b, status: 'Canceled', final: true, charge: 0 }),
		]);
	});
});
