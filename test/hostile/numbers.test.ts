/**
 * Hostile panels, class 1: numbers written for a locale. Over real HTTP, through n8n's engine:
 * a max of "100.000" must allow an order of 5,000 (Validate Before Ordering), and a balance of
 * "1.234,50" must not fire Low Balance at a threshold of 100.
 */
import { startSimulator, type NumberLocale, type PanelSimulator } from '../simulator';
import { byId, requestsFor, usePanel } from '../actions/helpers';
import { createTriggerDriver } from '../trigger/pollDriver';

const ORDER = { resource: 'order', operation: 'create', service: byId(1), orderType: 'default', link: 'https://www.instagram.com/acme/', quantity: 5000 };

describe.each<NumberLocale>(['en', 'de', 'ch', 'fr'])('a panel that writes numbers for locale %s', (locale) => {
	const panel = usePanel({ balance: 1234.5, quirks: { localeNumbers: locale } });

	it('lists services with their real minimum, maximum and rate', async () => {
		const run = await panel.run({ resource: 'service', operation: 'get', service: byId(1) });
		expect(run.items()[0].json).toMatchObject({ service: 1, rate: 0.9, min: 10, max: 100000 });
	});

	it('places an order of 5,000 that Validate Before Ordering checks against a max of 100,000', async () => {
		const run = await panel.run(ORDER);
		expect(run.error()).toBeUndefined();
		expect(run.items()[0].json).toMatchObject({ order: expect.any(Number), quantity: 5000 });
		expect(requestsFor(panel.sim, 'add')).toHaveLength(1);
	});

	it('reads the balance and an order\'s charge, start count and remains', async () => {
		const balance = await panel.run({ resource: 'balance', operation: 'get' });
		expect(balance.items()[0].json).toEqual({ balance: expect.any(Number), currency: 'USD' });
		expect(balance.items()[0].json.balance).toBeCloseTo(panel.sim.getBalance(), 5);

		const [order] = panel.sim.seedOrders(1, { status: 'In progress' });
		panel.sim.setOrderStatus(order, 'In progress', { charge: 1234.5, startCount: 12345, remains: 4321 });
		const status = await panel.run({ resource: 'order', operation: 'getStatus', orderIds: String(order) });
		expect(status.items()[0].json).toMatchObject({ order, charge: 1234.5, startCount: 12345, remains: 4321 });
	});
});

describe('Low Balance reads the balance as the panel means it', () => {
	let sim: PanelSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ balance: 1234.5, quirks: { localeNumbers: 'de' } });
	});
	afterAll(async () => await sim.close());
	afterEach(() => sim.clearFaults());

	const lowBalance = (threshold: number) =>
		createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'lowBalance', threshold } });

	it('"1.234,50" is above a threshold of 100: no event', async () => {
		const driver = lowBalance(100);
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(await driver.testEvent()).toEqual([{ balance: 1234.5, currency: 'USD', threshold: 100, belowThreshold: false }]);
	});

	it.each([
		['1,234.50', 1234.5],
		['1,234', 1234],
		['0,90', 0.9],
	])('%j is %d', async (balance, expected) => {
		sim.injectFault({ kind: 'addToReply', action: 'balance', fields: { balance }, times: 2 });
		const driver = lowBalance(100);
		const fired = expected < 100;
		expect((await driver.poll()).items).toEqual(fired ? [{ balance: expected, currency: 'USD', threshold: 100, belowThreshold: true }] : []);
		expect(await driver.testEvent()).toEqual([{ balance: expected, currency: 'USD', threshold: 100, belowThreshold: fired }]);
	});
});
