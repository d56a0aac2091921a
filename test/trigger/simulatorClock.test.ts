/**
 * `npm run simulator`'s own behaviour, with the trigger. A first trigger test on it: with the CLI's default clock, a trigger polling every
 * minute (n8n's shortest interval) sees each step of an order placed just before it was activated,
 * one poll apart. (With 10 s a simulated minute, the order was Completed before the second poll.)
 */
import { SERVICE_CATALOGUE } from '../simulator';
import { applyCatalogueCommand, parseArguments } from '../simulator/cli';
import { byId, usePanel } from '../actions/helpers';
import { createTriggerDriver } from './pollDriver';

const panel = usePanel();

it('the simulator CLI\'s default clock lets a trigger polling every minute see every step of a new order', async () => {
	const { secondsPerMinute } = parseArguments([]);
	const oneRealMinute = 60 / secondsPerMinute;

	// The node's default order: Default type, quantity 1000.
	const placed = await panel.run({ resource: 'order', operation: 'create', service: byId(1), orderType: 'default', link: 'https://www.instagram.com/acme/', quantity: 1000 });
	const order = placed.items()[0].json.order as number;
	const driver = createTriggerDriver({ url: panel.sim.url, apiKey: panel.sim.key, parameters: { event: 'orderStatusChanged', orderIds: String(order) } });

	const seen: string[] = [];
	await driver.poll(); // activation: records Pending
	for (let poll = 0; poll < 3; poll++) {
		panel.sim.advance(oneRealMinute);
		seen.push(...(await driver.poll()).items.map((item) => `${String(item.previousStatus)} -> ${String(item.status)}`));
	}
	expect(seen).toEqual(['Pending -> In progress', 'In progress -> Completed']);
});

it('keeps the clock flags of the CLI', () => {
	expect(parseArguments(['--seconds-per-minute', '10', '--balance=5', '--quiet'])).toMatchObject({ secondsPerMinute: 10, balance: 5, quiet: true });
	expect(() => parseArguments(['--seconds-per-minute', '0'])).toThrow('--seconds-per-minute must be > 0');
});

it('takes panel dialects by name', () => {
	expect(parseArguments(['--dialect', 'single-id,reply-shapes'])).toMatchObject({ dialect: 'single-id,reply-shapes' });
	expect(parseArguments([])).toMatchObject({ dialect: '' });
	expect(() => parseArguments(['--dialect=nonsense'])).toThrow('Unknown dialect "nonsense"');
});

it('the CLI\'s typed commands change the catalogue while it runs, and the trigger\'s Service Changed sees it', async () => {
	const driver = createTriggerDriver({ url: panel.sim.url, apiKey: panel.sim.key, parameters: { event: 'serviceChanged' } });
	await driver.poll();
	try {
		expect(applyCatalogueCommand(panel.sim, 'rate 1 0.99')).toBe('service 1: rate 1 0.99');
		applyCatalogueCommand(panel.sim, 'limits 2 100 20000');
		applyCatalogueCommand(panel.sim, 'name 3 Instagram Likes [HQ]');
		applyCatalogueCommand(panel.sim, 'remove 6');
		expect(() => applyCatalogueCommand(panel.sim, 'rate 1 cheap')).toThrow('Commands: rate <id> <rate>');
		expect(() => applyCatalogueCommand(panel.sim, 'remove 999')).toThrow('No service 999');
		expect(() => applyCatalogueCommand(panel.sim, 'bogus')).toThrow(/^Commands: /);
		const { items } = await driver.poll();
		expect(items.map((item) => `${String(item.service)}: ${(item.changes as string[]).join()}`)).toEqual([
			'1: rateChanged',
			'2: limitsChanged',
			'3: detailsChanged',
			'6: removed',
		]);
	} finally {
		expect(applyCatalogueCommand(panel.sim, 'reset')).toBe(`catalogue reset (${SERVICE_CATALOGUE.length} services)`);
	}
	expect((await driver.poll()).items.map((item) => item.service)).toEqual([1, 2, 3, 6]);
});
