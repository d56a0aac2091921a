/**
 * Refill and cancel on panels that lack them or know only their single form (#21), through n8n's
 * engine over real HTTP. Writes never guess: they are sent again in another form only after an
 * error refusing the whole request (nothing was done), and an action the panel may not have
 * (`null`, HTTP 500, "This action is Invalid") is reported with the panel's answer, never resent.
 */
import { deduplicationStore } from '../engine/harness';
import { FIRST_REFILL_ID, startSimulator, type Dialect, type PanelSimulator } from '../simulator';
import { requestsFor, runAgainst, type RunOptions } from './helpers';

let sim: PanelSimulator;

async function freshPanel(dialect: Partial<Dialect>): Promise<PanelSimulator> {
	sim = await startSimulator({ key: 'sk-writes-9b2e', dialect });
	return sim;
}

afterEach(async () => {
	await sim?.close();
	deduplicationStore().reset();
});

const refill = (orderIds: number[]) => ({ resource: 'refill', operation: 'create', orderIds: orderIds.join(',') });
const cancel = (orderIds: number[]) => ({ resource: 'cancel', operation: 'create', orderIds: orderIds.join(',') });

function formsOf(action: string): Array<Record<string, string>> {
	return requestsFor(sim, action).map(({ form }) => Object.fromEntries(Object.entries(form).filter(([name]) => name !== 'key')));
}

async function failureOf(parameters: ReturnType<typeof refill>, options: RunOptions = {}) {
	const result = await runAgainst(sim, parameters, options);
	const error = result.error();
	expect(error).toBeDefined();
	return { message: error?.message ?? '', description: error?.description ?? '' };
}

describe('a panel whose refill knows only order=', () => {
	it('the refused batch (nothing done) is sent again as order=, once per order, and each order gets one refill', async () => {
		await freshPanel({ refill: 'single' });
		const orders = sim.seedOrders(3, { status: 'Completed' });
		const result = await runAgainst(sim, refill(orders));
		expect(result.items().map(({ json }) => json)).toEqual(orders.map((order, index) => ({ order, refill: FIRST_REFILL_ID + index })));
		expect(formsOf('refill')).toEqual([
			{ action: 'refill', orders: orders.join(',') },
			...orders.map((order) => ({ action: 'refill', order: String(order) })),
		]);
		expect(sim.getRefill(FIRST_REFILL_ID + 3)).toBeUndefined();
	});

	it('once the panel is known to answer singly (from Get Status), refill uses order= from the start', async () => {
		await freshPanel({ singleIdStatus: true, refill: 'single' });
		const orders = sim.seedOrders(2, { status: 'Completed' });
		await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: orders.join(',') });
		sim.clearRequests();
		const result = await runAgainst(sim, refill(orders));
		expect(result.items().map(({ json }) => json.refill)).toEqual([FIRST_REFILL_ID, FIRST_REFILL_ID + 1]);
		expect(formsOf('refill')).toEqual(orders.map((order) => ({ action: 'refill', order: String(order) })));
	});

	it('a batch answered with one refill (something was done) is never sent again', async () => {
		await freshPanel({});
		const orders = sim.seedOrders(2, { status: 'Completed' });
		sim.injectFault({ kind: 'json', action: 'refill', body: '{"refill":"777"}' });
		const { message, description } = await failureOf(refill(orders));
		expect(message).toMatch(/^The refills may have been requested: the panel's reply to "refill" is not in the expected format \(found no entry for any of the requested IDs\); it sent \{"refill":"777"\}$/);
		expect(description).toContain('n8n does not send it again');
		expect(formsOf('refill')).toHaveLength(1);
	});
});

describe('a panel that may not have the action', () => {
	it('refill answered null: the panel\'s answer and that it may not support refills; sent once', async () => {
		await freshPanel({ refill: 'null' });
		const orders = sim.seedOrders(2, { status: 'Completed' });
		const { message, description } = await failureOf(refill(orders));
		expect(message).toBe('The panel answered null to "refill": this panel may not support refills through its API');
		expect(description).toMatch(/n8n did not send the request again\. Before you try again, check the orders' refills in your panel\./);
		expect(formsOf('refill')).toHaveLength(1);
	});

	it('refill answered by a crash (HTTP 500): the same, with the page\'s words; sent once, also with Retry On Fail', async () => {
		await freshPanel({ refill: 'crash' });
		const orders = sim.seedOrders(2, { status: 'Completed' });
		const { message } = await failureOf(refill(orders), { retry: { maxTries: 3, waitBetweenTries: 0 } });
		expect(message).toBe('The panel answered HTTP 500 ("500 Internal Server Error 500 Internal Server Error nginx") to "refill": this panel may not support refills through its API');
		expect(formsOf('refill')).toHaveLength(1);
	});

	it('cancel answered "This action is Invalid": a refusal (nothing done), never sent in another form', async () => {
		await freshPanel({ cancel: 'invalid' });
		const orders = sim.seedOrders(2);
		const { message, description } = await failureOf(cancel(orders));
		expect(message).toBe('The panel answered "This action is Invalid" to "cancel": this panel may not support cancellations through its API');
		expect(description).not.toContain('Before you try again');
		expect(formsOf('cancel')).toHaveLength(1);
		expect(orders.map((id) => sim.getOrder(id)?.cancelRequested)).toEqual([false, false]);
	});

	it('cancel answered null, per order under Continue On Fail: each item says so; sent once', async () => {
		await freshPanel({ cancel: 'null' });
		const orders = sim.seedOrders(2);
		const result = await runAgainst(sim, cancel(orders), { continueOnFail: true });
		expect(result.items().map(({ json }) => json.error)).toEqual(
			orders.map((order) => `Order ID ${order}: The panel answered null to "cancel": this panel may not support cancellations through its API`),
		);
		expect(formsOf('cancel')).toHaveLength(1);
	});

	it('a cancel batch refused as a whole is sent again as order=, on a panel whose cancel knows only order=', async () => {
		await freshPanel({ cancel: 'single' });
		const orders = sim.seedOrders(2);
		const result = await runAgainst(sim, cancel(orders));
		expect(result.items().map(({ json }) => json)).toEqual(orders.map((order) => ({ order, cancelRequested: true })));
		expect(formsOf('cancel')).toEqual([
			{ action: 'cancel', orders: orders.join(',') },
			...orders.map((order) => ({ action: 'cancel', order: String(order) })),
		]);
	});
});
