/**
 * Reply shapes seen on widely installed panel scripts (#21), each read through n8n's engine over
 * real HTTP from the simulator with that dialect switched on alone, and all of them at once.
 */
import { deduplicationStore } from '../engine/harness';
import { NAMED_DIALECTS, startSimulator, type Dialect, type PanelSimulator } from '../simulator';
import { byId, runAgainst } from './helpers';

let sim: PanelSimulator;

beforeAll(async () => {
	sim = await startSimulator({ key: 'sk-shapes-0a7f', balance: 100.5 });
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.clearRequests();
	deduplicationStore().reset();
});

const ALL_SHAPES = NAMED_DIALECTS['reply-shapes'];

/** Each case with its own switch, and again with every shape switch on. */
function cases(own: Partial<Dialect>): Array<[string, Partial<Dialect>]> {
	return [
		['alone', own],
		['with every other shape', ALL_SHAPES],
	];
}

const createOrder = (parameters: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'create',
	service: byId(1),
	orderType: 'default',
	link: 'https://www.instagram.com/shapes/',
	quantity: 100,
	...parameters,
});

describe.each(cases({ addStatusCode: true }))('{"status": 100, "order": "1581"} from add (%s)', (_, dialect) => {
	it('Order > Create outputs the order ID as a number', async () => {
		sim.setDialect(dialect);
		const result = await runAgainst(sim, createOrder());
		expect(result.error()).toBeUndefined();
		const placed = sim.placedOrders().at(-1);
		expect(result.items()[0].json).toMatchObject({ order: placed?.id, quantity: 100 });
	});
});

describe.each(cases({ inprogress: true }))('status "Inprogress" (%s)', (_, dialect) => {
	it('Order > Get Status outputs "In progress"', async () => {
		sim.setDialect(dialect);
		const ids = sim.seedOrders(2, { status: 'In progress' });
		const result = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: ids.join(',') });
		expect(sim.requests.at(-1)?.rawBody).not.toContain('In+progress');
		expect(result.items().map(({ json }) => [json.order, json.status, json.final])).toEqual(ids.map((id) => [id, 'In progress', false]));
	});
});

describe.each(cases({ snakeCaseTypes: true }))('lower-case service types, "default", "custom_comments" (%s)', (_, dialect) => {
	it('Service > Get Many lists them as sent, the Type filter finds them, and Create checks custom comments by them', async () => {
		sim.setDialect(dialect);
		const all = await runAgainst(sim, { resource: 'service', operation: 'getAll' });
		const types = all.items().map(({ json }) => json.type);
		expect(types).toContain('default');
		expect(types).toContain('custom_comments');
		const filtered = await runAgainst(sim, { resource: 'service', operation: 'getAll', filters: { type: 'Custom Comments' } });
		expect(filtered.items().map(({ json }) => json.service)).toEqual([11]);

		// Read as Custom Comments: the service's minimum counts comment lines.
		const tooFew = await runAgainst(sim, createOrder({ service: byId(11), orderType: 'customComments', comments: 'Nice\nGreat' }));
		expect(tooFew.error()?.message).toMatch(/The 2 lines of "Comments" .* are below the minimum of 5 for service 11/);
		const comments = ['Nice', 'Great', 'Wow', 'Cool', 'Love it'].join('\n');
		const created = await runAgainst(sim, createOrder({ service: byId(11), orderType: 'customComments', comments }));
		expect(created.error()).toBeUndefined();
		expect(sim.placedOrders().at(-1)?.form.comments).toBe(comments);
	});
});

describe.each(cases({ unknownIdAsText: true }))('an unknown ID as bare text, "999": "Incorrect order ID" (%s)', (_, dialect) => {
	it('Order > Get Status outputs the panel\'s words for that ID and the others\' statuses', async () => {
		sim.setDialect(dialect);
		const ids = sim.seedOrders(2);
		const result = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: `${ids[0]},999,${ids[1]}` });
		expect(result.items().map(({ json }) => json)).toEqual([
			expect.objectContaining({ order: ids[0], status: 'Pending' }),
			{ order: 999, error: 'Incorrect order ID' },
			expect.objectContaining({ order: ids[1], status: 'Pending' }),
		]);
		expect(sim.count('status')).toBe(1);
	});
});

describe.each(cases({ successBesideData: true }))('"status": "success" beside the data (%s)', (_, dialect) => {
	it('Balance > Get, Order > Create and Order > Get Status read the data', async () => {
		sim.setDialect(dialect);
		const balance = await runAgainst(sim, { resource: 'balance', operation: 'get' });
		expect(balance.items()[0].json).toEqual({ balance: sim.getBalance(), currency: 'USD' });
		const created = await runAgainst(sim, createOrder());
		expect(created.items()[0].json.order).toBe(sim.placedOrders().at(-1)?.id);
		const ids = sim.seedOrders(3);
		const status = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: ids.join(',') });
		expect(status.items().map(({ json }) => [json.order, json.status])).toEqual(ids.map((id) => [id, 'Pending']));
		expect(sim.count('status')).toBe(1);
	});
});

describe.each(cases({ nullStartCount: true }))('start_count: null (%s)', (_, dialect) => {
	it('Order > Get Status outputs startCount null', async () => {
		sim.setDialect(dialect);
		const ids = sim.seedOrders(2);
		const result = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: ids.join(',') });
		expect(result.items().map(({ json }) => [json.status, json.startCount, json.remains])).toEqual([
			['Pending', null, 1000],
			['Pending', null, 1000],
		]);
	});
});

describe.each(cases({ leadingSpaces: true }))('blank lines and spaces before the JSON (%s)', (_, dialect) => {
	it('Balance > Get and Order > Get Status read the reply', async () => {
		sim.setDialect(dialect);
		const balance = await runAgainst(sim, { resource: 'balance', operation: 'get' });
		expect(balance.items()[0].json.balance).toBe(sim.getBalance());
		const [id] = sim.seedOrders(1, { status: 'Completed' });
		const status = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: String(id) });
		expect(status.items()[0].json).toMatchObject({ order: id, status: 'Completed', remains: 0 });
	});
});

describe.each(cases({ longDecimals: true }))('money with seven decimals, "100.5000000" (%s)', (_, dialect) => {
	it('Balance > Get outputs 100.5, and charges read as numbers', async () => {
		sim.setDialect(dialect);
		sim.setBalance(100.5);
		const balance = await runAgainst(sim, { resource: 'balance', operation: 'get' });
		expect(balance.items()[0].json).toEqual({ balance: 100.5, currency: 'USD' });
		const [id] = sim.seedOrders(1, { status: 'Completed' });
		const status = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: String(id) });
		expect(status.items()[0].json.charge).toBe(sim.getOrder(id)?.charge);
	});
});

it('the simulator really sends these shapes (so that the tests above can fail)', async () => {
	sim.setDialect(ALL_SHAPES);
	sim.setBalance(100.5);
	const call = async (form: Record<string, string>) =>
		await (await fetch(sim.url, { method: 'POST', body: new URLSearchParams({ key: sim.key, ...form }) })).text();
	expect(await call({ action: 'balance' })).toBe('\n\n   {"status":"success","balance":"100.5000000","currency":"USD"}');
	const [id] = sim.seedOrders(1);
	sim.setOrderStatus(id, 'In progress');
	expect(JSON.parse(await call({ action: 'status', orders: `${id},999` }))).toEqual({
		status: 'success',
		[id]: expect.objectContaining({ status: 'Inprogress' }),
		999: 'Incorrect order ID',
	});
	expect(JSON.parse(await call({ action: 'add', service: '1', link: 'https://www.instagram.com/x/', quantity: '100' }))).toEqual({
		status: 100,
		order: String(sim.placedOrders().at(-1)?.id),
	});
	const [pending] = sim.seedOrders(1);
	expect(JSON.parse(await call({ action: 'status', order: String(pending) }))).toMatchObject({ start_count: null });
	expect(JSON.parse(await call({ action: 'services' }))[10]).toMatchObject({ service: 11, type: 'custom_comments' });
});
