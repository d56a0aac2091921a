/**
 * The trigger's events, options and watch-list rules, polled through n8n-core against the simulator.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type PanelSimulator } from '../simulator';
import { createTriggerDriver, type TriggerDriver } from './pollDriver';

let sim: PanelSimulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
afterEach(() => sim.clearFaults());

function watch(parameters: INodeParameters): TriggerDriver {
	return createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', ...parameters } });
}

/** Calls the panel as a client would (to create refills, which the simulator only makes over HTTP). */
async function panelCall(form: Record<string, string>): Promise<unknown> {
	const response = await fetch(sim.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ key: sim.key, ...form }).toString(),
	});
	return await response.json();
}

function statuses(items: Array<Record<string, unknown>>): string[] {
	return items.map((item) => `${String(item.order ?? item.refill)}: ${String(item.previousStatus)} -> ${String(item.status)}`);
}

describe('Order Status Changed', () => {
	it('records new IDs silently, then outputs each change with the order\'s details', async () => {
		const [id] = sim.seedOrders(1);
		const driver = watch({ orderIds: String(id) });
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(driver.state()).toEqual({ orders: { [id]: 'Pending' } });

		sim.advance(1);
		const { items } = await driver.poll();
		expect(items).toEqual([
			{
				order: id,
				status: 'In progress',
				previousStatus: 'Pending',
				charge: 0.9,
				startCount: expect.any(Number),
				remains: expect.any(Number),
				currency: 'USD',
				final: false,
			},
		]);
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		sim.advance(1);
		expect(statuses((await driver.poll()).items)).toEqual([`${id}: In progress -> Completed`]);
		expect((await driver.poll()).items).toEqual([]);
	});

	it('"Only These Statuses": fires only for those, but remembers every status (no late duplicate)', async () => {
		const ids = sim.seedOrders(2);
		const driver = watch({ orderIds: ids.join(' '), statuses: ['Processing', 'Completed'] });
		await driver.poll();
		sim.setOrderStatus(ids[0], 'In progress');
		sim.setOrderStatus(ids[1], 'processing');
		expect(statuses((await driver.poll()).items)).toEqual([`${ids[1]}: Pending -> Processing`]);
		expect(driver.state().orders).toEqual({ [ids[0]]: 'In progress', [ids[1]]: 'Processing' });
		sim.setOrderStatus(ids[0], 'Completed');
		expect(statuses((await driver.poll()).items)).toEqual([`${ids[0]}: In progress -> Completed`]);
	});

	it('keeps a status the vocabulary does not know, and reports changes to and from it', async () => {
		const [id] = sim.seedOrders(1);
		const driver = watch({ orderIds: String(id) });
		await driver.poll();
		sim.setOrderStatus(id, 'Awaiting moderation');
		expect(statuses((await driver.poll()).items)).toEqual([`${id}: Pending -> Awaiting moderation`]);
		sim.setOrderStatus(id, 'Canceled');
		expect(statuses((await driver.poll()).items)).toEqual([`${id}: Awaiting moderation -> Canceled`]);
	});
});

describe('Order Finished', () => {
	it('fires once per order when it reaches Completed, Partial or Canceled, and never asks about it again', async () => {
		const done = sim.seedOrders(1);
		const partial = sim.seedOrders(1, { link: 'https://www.instagram.com/p/partial/' });
		const canceled = sim.seedOrders(1, { link: 'https://www.instagram.com/p/cancel/' });
		const ids = [...done, ...partial, ...canceled];
		const driver = watch({ event: 'orderFinished', orderIds: ids.join(',') });
		await driver.poll();
		sim.advance(1);
		expect(statuses((await driver.poll()).items)).toEqual([`${canceled[0]}: Pending -> Canceled`]);
		sim.advance(1);
		expect(statuses((await driver.poll()).items)).toEqual([
			`${done[0]}: In progress -> Completed`,
			`${partial[0]}: In progress -> Partial`,
		]);
		const [partialItem] = (await driver.testEvent()).filter((item) => item.order === partial[0]);
		expect(partialItem).toMatchObject({ status: 'Partial', final: true, remains: 250 });

		sim.clearRequests();
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(sim.count('status')).toBe(0);
	});

	it('an order already finished when first seen: silent, or output once with "Emit Current Status of New IDs"', async () => {
		const [id] = sim.seedOrders(1, { status: 'Completed' });
		const silent = watch({ event: 'orderFinished', orderIds: String(id) });
		expect((await silent.poll()).items).toEqual([]);

		const emitting = watch({ event: 'orderFinished', orderIds: String(id), options: { emitFirstSight: true } });
		expect(statuses((await emitting.poll()).items)).toEqual([`${id}: null -> Completed`]);
		expect((await emitting.poll()).items).toEqual([]);
	});
});

describe('the watch list', () => {
	it('"Emit Current Status of New IDs" outputs each new ID once; finished IDs stay known (not re-polled, not re-output) while listed', async () => {
		const ids = sim.seedOrders(2);
		const [finished] = sim.seedOrders(1, { status: 'Completed' });
		const driver = watch({ orderIds: [...ids, finished].join(','), options: { emitFirstSight: true } });
		expect(statuses((await driver.poll()).items)).toEqual([
			`${ids[0]}: null -> Pending`,
			`${ids[1]}: null -> Pending`,
			`${finished}: null -> Completed`,
		]);
		sim.clearRequests();
		const { items } = await driver.poll();
		expect(items).toEqual([]);
		expect(sim.requests.map((request) => request.form.orders)).toEqual([ids.join(',')]);
	});

	it('reads the list afresh at every poll: new IDs join silently, IDs that leave are forgotten (and new again if they come back)', async () => {
		const ids = sim.seedOrders(3);
		const driver = watch({ orderIds: `={{ [${ids[0]}, "${ids[1]}"] }}` });
		await driver.poll();
		expect(Object.keys(driver.state().orders as object)).toEqual([String(ids[0]), String(ids[1])]);

		driver.setParameters({ orderIds: `={{ ["${ids[1]}", [${ids[2]}]] }}` });
		expect((await driver.poll()).items).toEqual([]);
		expect(Object.keys(driver.state().orders as object)).toEqual([String(ids[1]), String(ids[2])]);

		sim.advance(1);
		driver.setParameters({ orderIds: ids.join('\n') });
		expect(statuses((await driver.poll()).items)).toEqual([
			`${ids[1]}: Pending -> In progress`,
			`${ids[2]}: Pending -> In progress`,
		]);
		expect(driver.state().orders).toEqual({ [ids[0]]: 'In progress', [ids[1]]: 'In progress', [ids[2]]: 'In progress' });
	});

	it('an empty list (e.g. an expression with nothing to watch) polls nothing and forgets everything', async () => {
		const ids = sim.seedOrders(2);
		const driver = watch({ orderIds: ids.join(',') });
		await driver.poll();
		driver.setParameters({ orderIds: '={{ [] }}' });
		sim.clearRequests();
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(sim.requests).toEqual([]);
		expect(driver.state()).toEqual({ orders: {} });
	});

	it('an unknown ID keeps no state and does not disturb the others', async () => {
		const [id] = sim.seedOrders(1);
		const driver = watch({ orderIds: `${id}, 99999999` });
		await driver.poll();
		expect(driver.state()).toEqual({ orders: { [id]: 'Pending' } });
		sim.advance(1);
		expect(statuses((await driver.poll()).items)).toEqual([`${id}: Pending -> In progress`]);
		expect(driver.state()).toEqual({ orders: { [id]: 'In progress' } });
	});

	it('an ID list that is not one fails with what is wrong', async () => {
		const driver = watch({ orderIds: '1001, abc' });
		await expect(driver.poll()).rejects.toThrow('The order IDs to watch are not valid: "abc" is not a valid order ID');
	});

	it('one status request per batch, at most "Concurrency" at a time', async () => {
		const ids = sim.seedOrders(250);
		sim.setLatency(30);
		try {
			const driver = watch({ orderIds: ids.join(','), options: { batchSize: 50, concurrency: 2 } });
			sim.clearRequests();
			await driver.poll();
			const requests = sim.requests.filter((request) => request.action === 'status');
			expect(requests.map((request) => request.form.orders.split(',').length)).toEqual([50, 50, 50, 50, 50]);
			// A request is under way for at least the 30 ms the panel takes to answer it: at most 2 overlap.
			const underWay = (at: number) => requests.filter((request) => request.at <= at && at < request.at + 30).length;
			expect(Math.max(...requests.map((request) => underWay(request.at)))).toBe(2);
		} finally {
			sim.setLatency(0);
		}
	});
});

/** Two new refills: the first goes Pending -> In progress -> Completed, the second is Rejected at the first minute. */
async function twoRefills(): Promise<number[]> {
	const orders = [
		...sim.seedOrders(1, { status: 'Completed' }),
		...sim.seedOrders(1, { status: 'Completed', link: 'https://www.instagram.com/reject_me/' }),
	];
	const created = (await panelCall({ action: 'refill', orders: orders.join(',') })) as Array<{ refill: number }>;
	return created.map((entry) => entry.refill);
}

describe('Refill Status Changed', () => {
	it('outputs each refill change once, Rejected included, and stops asking about finished refills', async () => {
		const refills = await twoRefills();
		const driver = createTriggerDriver({
			url: sim.url,
			apiKey: sim.key,
			parameters: { event: 'refillStatusChanged', refillIds: refills.join(',') },
		});
		await driver.poll();
		expect(driver.state()).toEqual({ refills: { [refills[0]]: 'Pending', [refills[1]]: 'Pending' } });

		sim.advance(1);
		const { items } = await driver.poll();
		expect(items).toEqual([
			{ refill: refills[0], status: 'In progress', previousStatus: 'Pending', final: false },
			{ refill: refills[1], status: 'Rejected', previousStatus: 'Pending', final: true },
		]);
		sim.advance(2);
		sim.clearRequests();
		expect(statuses((await driver.poll()).items)).toEqual([`${refills[0]}: In progress -> Completed`]);
		expect(sim.requests.map((request) => request.form)).toEqual([{ action: 'refill_status', refills: String(refills[0]), key: sim.key }]);
		sim.clearRequests();
		expect((await driver.poll()).items).toEqual([]);
		expect(sim.count('refill_status')).toBe(0);
	});
});

describe('Refill Status Changed: Only These Statuses', () => {
	it('fires only for refills reaching those statuses, and remembers every status', async () => {
		const refills = await twoRefills();
		const driver = createTriggerDriver({
			url: sim.url,
			apiKey: sim.key,
			parameters: { event: 'refillStatusChanged', refillIds: refills.join(','), statuses: ['Completed', 'Rejected'] },
		});
		await driver.poll();
		sim.advance(1);
		expect(statuses((await driver.poll()).items)).toEqual([`${refills[1]}: Pending -> Rejected`]);
		expect(driver.state()).toEqual({ refills: { [refills[0]]: 'In progress', [refills[1]]: 'Rejected' } });
		sim.advance(2);
		expect(statuses((await driver.poll()).items)).toEqual([`${refills[0]}: In progress -> Completed`]);
	});
});

describe('Low Balance', () => {
	it('fires once when the balance falls below the threshold, and again only after it was back above', async () => {
		sim.setBalance(50);
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'lowBalance', threshold: 20 } });
		expect((await driver.poll()).items).toEqual([]);
		sim.setBalance(19.5);
		expect((await driver.poll()).items).toEqual([{ balance: 19.5, currency: 'USD', threshold: 20, belowThreshold: true }]);
		sim.setBalance(5);
		expect((await driver.poll()).items).toEqual([]);
		sim.setBalance(20);
		expect((await driver.poll()).items).toEqual([]);
		sim.setBalance(10);
		expect((await driver.poll()).items).toEqual([{ balance: 10, currency: 'USD', threshold: 20, belowThreshold: true }]);
		expect(driver.state()).toEqual({ balanceBelowThreshold: true });
	});

	it('a balance already low when the trigger starts fires at once; testing shows the balance and changes nothing', async () => {
		sim.setBalance(3);
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'lowBalance', threshold: 20 } });
		expect(await driver.testEvent()).toEqual([{ balance: 3, currency: 'USD', threshold: 20, belowThreshold: true }]);
		expect(driver.state()).toEqual({});
		expect((await driver.poll()).items).toEqual([{ balance: 3, currency: 'USD', threshold: 20, belowThreshold: true }]);
		expect((await driver.poll()).items).toEqual([]);
	});

	it('Fetch Test Event above the threshold says it would not fire', async () => {
		sim.setBalance(998.2);
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'lowBalance', threshold: 10 } });
		expect(await driver.testEvent()).toEqual([{ balance: 998.2, currency: 'USD', threshold: 10, belowThreshold: false }]);
	});

	it('a failed balance request is reported and changes nothing', async () => {
		sim.setBalance(50);
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'lowBalance', threshold: 20 } });
		await driver.poll();
		sim.setBalance(5);
		sim.injectFault({ kind: 'html', action: 'balance' });
		const failed = await driver.poll();
		expect(failed.items).toEqual([]);
		expect(failed.reported.map((error) => error.message)).toEqual([expect.stringContaining('web page instead of API data')]);
		expect(driver.state()).toEqual({ balanceBelowThreshold: false });
		expect((await driver.poll()).items).toEqual([{ balance: 5, currency: 'USD', threshold: 20, belowThreshold: true }]);
	});
});

it('switching the event drops what the previous event kept', async () => {
	const [id] = sim.seedOrders(1);
	const driver = watch({ orderIds: String(id) });
	await driver.poll();
	expect(driver.state()).toEqual({ orders: { [id]: 'Pending' } });
	driver.setParameters({ event: 'lowBalance', threshold: 1 });
	await driver.poll();
	expect(driver.state()).toEqual({ balanceBelowThreshold: false });
});
