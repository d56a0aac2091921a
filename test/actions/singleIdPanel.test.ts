/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Batched reads on panels that answer one ID at a time (#21), through n8n's engine over real HTTP
 * to the simulator in its single-ID dialect: `status` and `refill_status` ignore `orders=` /
 * `refills=` and answer as for a missing single order. With Batch Requests on Auto (the default)
 * the node reads those IDs again one per request, with the outputs, per-ID errors and pairedItem of
 * the batch path, and remembers the panel URL so that later runs go one ID per request at once.
 *
 * A new simulator per test: a new port is a new panel URL, which the process has not learned yet.
 */
import { deduplicationStore } from '../engine/harness';
import { FIRST_REFILL_ID, startSimulator, type Dialect, type PanelSimulator } from '../simulator';
import { requestsFor, runAgainst, type RunOptions } from './helpers';

const SINGLE_ID: Partial<Dialect> = { singleIdStatus: true, singleIdRefillStatus: true, refill: 'single' };
const UNKNOWN_ORDER = 999_999;

let sim: PanelSimulator;

async function freshPanel(dialect: Partial<Dialect>): Promise<PanelSimulator> {
	sim = await startSimulator({ key: 'sk-single-id-4c1d', dialect });
	return sim;
}

afterEach(async () => {
	await sim?.close();
	deduplicationStore().reset();
});

const getStatus = (orderIds: string, options = {}) => ({ resource: 'order', operation: 'getStatus', orderIds, options });

async function run(parameters: ReturnType<typeof getStatus>, options: RunOptions = {}) {
	return await runAgainst(sim, parameters, options);
}

function statusForms(): Array<Record<string, string>> {
	return requestsFor(sim, 'status').map(({ form }) => Object.fromEntries(Object.entries(form).filter(([name]) => name !== 'key')));
}

describe('Get Status on a panel whose status knows only order=', () => {
	it('250 IDs with an unknown one among them: 249 statuses and the panel\'s error, 251 requests, then 250 on the next run', async () => {
		await freshPanel(SINGLE_ID);
		const known = sim.seedOrders(249);
		known.slice(0, 100).forEach((id) => sim.setOrderStatus(id, 'In progress', { remains: 10 }));
		const ids = [...known.slice(0, 120), UNKNOWN_ORDER, ...known.slice(120)];

		const first = await run(getStatus(ids.join(',')));
		expect(first.error()).toBeUndefined();
		const items = first.items();
		expect(items.map(({ json }) => json.order)).toEqual(ids);
		expect(items.every(({ pairedItem }) => JSON.stringify(pairedItem) === '{"item":0}')).toBe(true);
		expect(items[120].json).toEqual({ order: UNKNOWN_ORDER, error: 'Order not found.' });
		const read = items.filter((_, index) => index !== 120).map(({ json }) => json);
		expect(read.slice(0, 100).every((json) => json.status === 'In progress' && json.remains === 10)).toBe(true);
		expect(read.slice(100).every((json) => json.status === 'Pending' && json.final === false)).toBe(true);
		const forms = statusForms();
		expect(forms).toHaveLength(251);
		expect(forms[0]).toEqual({ action: 'status', orders: ids.slice(0, 100).join(',') });
		expect(forms.slice(1).map((form) => Number(form.order)).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

		sim.clearRequests();
		const next = await run(getStatus(ids.join(',')));
		expect(next.items().map(({ json }) => json)).toEqual(items.map(({ json }) => json));
		expect(statusForms()).toHaveLength(250);
		expect(statusForms().every((form) => form.order !== undefined && form.orders === undefined)).toBe(true);
	});

	it('250 orders plus an unknown one: 250 statuses plus the error item, the failed batch plus one request per ID, then one per ID', async () => {
		await freshPanel(SINGLE_ID);
		const known = sim.seedOrders(250, { status: 'Completed' });
		const ids = [...known, UNKNOWN_ORDER];

		const first = await run(getStatus(ids.join(',')));
		expect(first.items().filter(({ json }) => json.status === 'Completed' && json.remains === 0)).toHaveLength(250);
		expect(first.items().at(-1)?.json).toEqual({ order: UNKNOWN_ORDER, error: 'Order not found.' });
		expect(statusForms()).toHaveLength(1 + ids.length);

		sim.clearRequests();
		await run(getStatus(ids.join(',')));
		expect(statusForms()).toHaveLength(ids.length);
	});

	it('items keep their pairing, one per (item, ID), and Continue On Fail is not needed for an unknown ID', async () => {
		await freshPanel(SINGLE_ID);
		const [a, b, c] = sim.seedOrders(3);
		const result = await run({ ...getStatus(''), orderIds: '={{ $json.ids }}' } as ReturnType<typeof getStatus>, {
			input: [{ ids: `${a},${b}` }, { ids: `${UNKNOWN_ORDER}` }, { ids: `${c},${a}` }],
		});
		expect(result.items().map(({ json, pairedItem }) => [pairedItem, json.order, json.status ?? json.error])).toEqual([
			[{ item: 0 }, a, 'Pending'],
			[{ item: 0 }, b, 'Pending'],
			[{ item: 1 }, UNKNOWN_ORDER, 'Order not found.'],
			[{ item: 2 }, c, 'Pending'],
			[{ item: 2 }, a, 'Pending'],
		]);
		// One batch of the four IDs, then each ID once.
		expect(statusForms()).toHaveLength(1 + 4);
	});

	it('re-reads within the credential\'s Requests Per Minute Limit', async () => {
		await freshPanel(SINGLE_ID);
		const ids = sim.seedOrders(6);
		await run(getStatus(ids.join(',')), { credential: { requestsPerMinute: 600 } });
		const times = requestsFor(sim, 'status').map(({ at }) => at);
		expect(times).toHaveLength(7);
		// 600 a minute: starts at least 100 ms apart (a few ms of timer slack allowed).
		const gaps = times.slice(1).map((at, index) => at - times[index]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(90);
	});

	it('Batch Requests "One ID per Request" sends order= from the first request', async () => {
		await freshPanel(SINGLE_ID);
		const ids = sim.seedOrders(5);
		const result = await run(getStatus(ids.join(',')), { credential: { batchRequests: 'single' } });
		expect(result.items().map(({ json }) => json.status)).toEqual(Array(5).fill('Pending'));
		expect(statusForms().map((form) => Number(form.order))).toEqual(ids);
	});

	it('Batch Requests "Always" keeps the batch form and shows the panel\'s own words', async () => {
		await freshPanel(SINGLE_ID);
		const ids = sim.seedOrders(2);
		const result = await run(getStatus(ids.join(',')), { credential: { batchRequests: 'always' } });
		expect(result.items().map(({ json }) => json)).toEqual(ids.map((order) => ({ order, error: 'Order not found.' })));
		expect(statusForms()).toEqual([{ action: 'status', orders: ids.join(',') }]);
	});

	it('a panel that answers a batch with one order\'s status is read one ID per request too', async () => {
		await freshPanel({});
		const ids = sim.seedOrders(3);
		sim.injectFault({ kind: 'json', action: 'status', match: (request) => request.form.orders !== undefined, body: '{"charge":"0.9","start_count":"0","status":"Pending","remains":"100","currency":"USD"}' });
		const result = await run(getStatus(ids.join(',')));
		expect(result.items().map(({ json }) => [json.order, json.status])).toEqual(ids.map((id) => [id, 'Pending']));
		expect(statusForms().slice(1).map((form) => Number(form.order))).toEqual(ids);
	});
});

describe('Get Status on a panel that refuses the batch form as a request ("Incorrect request")', () => {
	it('one single-form request decides: the panel is read one ID per request, and remembered', async () => {
		await freshPanel({ singleIdStatus: true, missingIdReply: 'incorrectRequest' });
		const ids = sim.seedOrders(150);
		const first = await run(getStatus([...ids, UNKNOWN_ORDER].join(',')));
		expect(first.error()).toBeUndefined();
		expect(first.items().map(({ json }) => json.status ?? json.error)).toEqual([...Array(150).fill('Pending'), 'Order not found.']);
		// The refused batch, then the first ID in the single form, then the others one by one.
		expect(statusForms()).toHaveLength(1 + 151);
		sim.clearRequests();
		await run(getStatus(ids.join(',')));
		expect(statusForms()).toHaveLength(150);
	});

	it('a refusal the single form meets too stays the batch\'s error, after one single-form request', async () => {
		await freshPanel({ singleIdStatus: true, missingIdReply: 'incorrectRequest' });
		const ids = sim.seedOrders(3);
		sim.injectFault({ kind: 'error200', action: 'status', message: 'Incorrect request', times: 2 });
		const result = await run(getStatus(ids.join(',')));
		expect(result.error()?.message).toBe('The panel returned an error: Incorrect request');
		expect(statusForms()).toEqual([{ action: 'status', orders: ids.join(',') }, { action: 'status', order: String(ids[0]) }]);
	});

	it('a refusal about the key is never tried in the single form', async () => {
		await freshPanel({ singleIdStatus: true, missingIdReply: 'incorrectRequest' });
		const ids = sim.seedOrders(3);
		sim.injectFault({ kind: 'error200', action: 'status', message: 'Invalid API key', times: 5 });
		const result = await run(getStatus(ids.join(',')));
		expect(result.error()?.message).toBe('The panel returned an error: Invalid API key');
		expect(statusForms()).toHaveLength(1);
	});
});

describe('Get Status on a panel that takes the batch form', () => {
	it.each([[1], [100], [101], [250]])('%i IDs cost ceil(N/100) requests, on the first run and the next', async (count) => {
		await freshPanel({});
		const ids = sim.seedOrders(count);
		for (let runIndex = 0; runIndex < 2; runIndex++) {
			sim.clearRequests();
			const result = await run(getStatus(ids.join(',')));
			expect(result.items()).toHaveLength(count);
			expect(statusForms()).toHaveLength(Math.ceil(count / 100));
		}
	});
});

describe('Refill > Get Status on a panel whose refill_status knows only refill=', () => {
	it('reads each refill, and the unknown one as the panel\'s error', async () => {
		await freshPanel(SINGLE_ID);
		const orders = sim.seedOrders(3, { status: 'Completed' });
		const refill = await runAgainst(sim, { resource: 'refill', operation: 'create', orderIds: orders.join(',') });
		expect(refill.items().map(({ json }) => json.refill)).toEqual([FIRST_REFILL_ID, FIRST_REFILL_ID + 1, FIRST_REFILL_ID + 2]);
		const refills = [FIRST_REFILL_ID, FIRST_REFILL_ID + 1, 4242];

		const result = await runAgainst(sim, { resource: 'refill', operation: 'getStatus', refillIds: refills.join(',') });
		expect(result.items().map(({ json }) => json)).toEqual([
			{ refill: FIRST_REFILL_ID, status: 'Pending', final: false },
			{ refill: FIRST_REFILL_ID + 1, status: 'Pending', final: false },
			{ refill: 4242, error: 'Refill not found.' },
		]);
		const forms = requestsFor(sim, 'refill_status').map(({ form }) => form);
		expect(forms).toHaveLength(1 + 3);
		expect(forms[0].refills).toBe(refills.join(','));
	});
});

describe('Only Output Changes on a panel whose status knows only order=', () => {
	const watch = { resource: 'order', operation: 'getStatus', idSource: 'field', idField: 'id', options: { onlyChanged: true } };

	it('outputs each change once, over several scheduled runs, with its pairing', async () => {
		await freshPanel(SINGLE_ID);
		const ids = sim.seedOrders(120);
		const input = ids.map((id) => ({ id }));
		const scheduled = async () => {
			sim.clearRequests();
			const result = await runAgainst(sim, watch, { input, staticData: {}, mode: 'trigger' });
			expect(result.error()).toBeUndefined();
			return { changed: result.items().map(({ json, pairedItem }) => [pairedItem, json.order, json.previousStatus, json.status]), requests: statusForms().length };
		};

		expect(await scheduled()).toEqual({ changed: [], requests: 1 + 120 });
		expect(await scheduled()).toEqual({ changed: [], requests: 120 });
		sim.setOrderStatus(ids[3], 'In progress');
		sim.setOrderStatus(ids[110], 'Canceled');
		expect(await scheduled()).toEqual({
			changed: [
				[{ item: 3 }, ids[3], 'Pending', 'In progress'],
				[{ item: 110 }, ids[110], 'Pending', 'Canceled'],
			],
			requests: 120,
		});
		expect(await scheduled()).toEqual({ changed: [], requests: 120 });
		sim.setOrderStatus(ids[3], 'Completed');
		expect((await scheduled()).changed).toEqual([[{ item: 3 }, ids[3], 'In progress', 'Completed']]);
	});
});
