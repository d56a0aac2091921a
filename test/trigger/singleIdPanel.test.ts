/**
 * The trigger on a panel whose `status` knows only `order=` (#21), polled through n8n-core against
 * the simulator's single-ID dialect: the trigger asks in the batch form, so its first poll costs
 * one refused batch; from then on each watched order is asked one per request, and every change is
 * reported once, by the poll that sees it.
 */
import { startSimulator, type PanelSimulator } from '../simulator';
import { createTriggerDriver } from './pollDriver';

const WATCHED = 150;
let sim: PanelSimulator;

beforeEach(async () => {
	sim = await startSimulator({ dialect: { singleIdStatus: true } });
});
afterEach(async () => await sim.close());

function changes(items: Array<Record<string, unknown>>): string[] {
	return items.map((item) => `${String(item.order)}: ${String(item.previousStatus)} -> ${String(item.status)}`);
}

it(`${WATCHED} watched orders: each change fires once, over several polls, one request per order after the first`, async () => {
	const ids = sim.seedOrders(WATCHED);
	const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', orderIds: ids.join('\n') } });
	const poll = async () => {
		sim.clearRequests();
		const outcome = await driver.poll();
		const forms = sim.requests.map((request) => request.form);
		return { outcome, requests: forms.length, batchForms: forms.filter((form) => form.orders !== undefined).length };
	};

	// Activation: recorded silently; the first batch shows the panel ignores orders=.
	const first = await poll();
	expect(first.outcome).toEqual({ items: [], reported: [] });
	expect(first).toMatchObject({ requests: 1 + WATCHED, batchForms: 1 });
	expect(Object.keys((driver.state().orders ?? {}) as object)).toHaveLength(WATCHED);

	const unchanged = await poll();
	expect(unchanged).toMatchObject({ outcome: { items: [], reported: [] }, requests: WATCHED, batchForms: 0 });

	sim.advance(1);
	const started = await poll();
	expect(started.outcome.reported).toEqual([]);
	expect(changes(started.outcome.items)).toEqual(ids.map((id) => `${id}: Pending -> In progress`));
	expect(started).toMatchObject({ requests: WATCHED, batchForms: 0 });

	sim.setOrderStatus(ids[7], 'Canceled');
	const one = await poll();
	expect(changes(one.outcome.items)).toEqual([`${ids[7]}: In progress -> Canceled`]);

	sim.advance(5);
	const done = await poll();
	expect(changes(done.outcome.items)).toEqual(ids.filter((id) => id !== ids[7]).map((id) => `${id}: In progress -> Completed`));
	// Finished orders are not asked about again, and nothing fires twice.
	const after = await poll();
	expect(after).toMatchObject({ outcome: { items: [], reported: [] }, requests: 0 });
});

it('an unknown watched order is the panel\'s error for that order, not a failed poll', async () => {
	const [id] = sim.seedOrders(1);
	const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', orderIds: `${id}\n4040404` } });
	expect(await driver.poll()).toEqual({ items: [], reported: [] });
	sim.advance(1);
	const { items, reported } = await driver.poll();
	expect(reported).toEqual([]);
	expect(changes(items)).toEqual([`${id}: Pending -> In progress`]);
});

it('a failed single request fails only its order, and the message counts the requests as sent', async () => {
	const ids = sim.seedOrders(3);
	const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', orderIds: ids.join('\n') } });
	await driver.poll();
	sim.advance(1);
	sim.injectFault({ kind: 'http500', action: 'status', match: (request) => request.form.order === String(ids[1]) });
	const { items, reported } = await driver.poll();
	expect(changes(items)).toEqual([`${ids[0]}: Pending -> In progress`, `${ids[2]}: Pending -> In progress`]);
	expect(reported.map((error) => error.message)).toEqual([
		'Could not read the status of 1 of 3 watched orders: 1 of 3 status requests failed: The API URL returned a web page instead of API data (HTTP 500, "500 Internal Server Error")',
	]);
	// Its change is reported by the next poll that reads it, once.
	expect(changes((await driver.poll()).items)).toEqual([`${ids[1]}: Pending -> In progress`]);
});
