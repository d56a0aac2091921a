/**
 * Service Changed: the panel's catalogue changed while the trigger watches it, polled through
 * n8n-core's PollContext against the simulator (whose catalogue changes while it runs). Each case
 * checks that every change is reported exactly once, and nothing else.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createPoller, smmPanelApiCredential, SMM_PANEL_TRIGGER_NODE_TYPE, type Poller, type WorkflowJson } from '../engine/harness';
import { SERVICE_CATALOGUE, startSimulator, type PanelSimulator } from '../simulator';
import { createTriggerDriver, type TriggerDriver } from './pollDriver';

let sim: PanelSimulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.clearFaults();
	sim.setServices(SERVICE_CATALOGUE);
});

function watch(parameters: INodeParameters = {}): TriggerDriver {
	return createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'serviceChanged', ...parameters } });
}

/** A trigger that has recorded the catalogue (its first poll), with the requests cleared. */
async function recorded(parameters: INodeParameters = {}): Promise<TriggerDriver> {
	const driver = watch(parameters);
	expect(await driver.poll()).toEqual({ items: [], reported: [] });
	sim.clearRequests();
	return driver;
}

/** "service: kinds" per item, the compact view most cases compare. */
function summary(items: IDataObject[]): string[] {
	return items.map((item) => `${String(item.service)}: ${(item.changes as string[]).join(', ')}`);
}

const SERVICE_1 = SERVICE_CATALOGUE[0];

describe('Service Changed: what it reports', () => {
	it('the first poll only records (one request, a fingerprint per service); an unchanged list reports nothing', async () => {
		const driver = await recorded();
		const memory = driver.state().services as { byId: Record<string, unknown[]>; categories: string[]; types: string[] };
		expect(Object.keys(memory.byId)).toHaveLength(SERVICE_CATALOGUE.length);
		expect(memory.byId['1']).toEqual([SERVICE_1.name, 0, 0, 0.9, 10, 100000, 15]);
		expect(memory.categories).toContain('Instagram Followers');
		// No description is kept: the memory is smaller than the reply.
		expect(JSON.stringify(memory)).not.toContain('speed 10K/day');
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(sim.count('services')).toBe(1);
	});

	it('a rate change: old and new rate, the change in percent, the previous rate', async () => {
		const driver = await recorded();
		sim.updateService({ service: 1, rate: 1.08 });
		const { items, reported } = await driver.poll();
		expect(reported).toEqual([]);
		expect(items).toEqual([
			{
				changes: ['rateChanged'],
				service: 1,
				name: SERVICE_1.name,
				category: 'Instagram Followers',
				type: 'Default',
				rate: 1.08,
				previousRate: 0.9,
				rateChangePercent: 20,
				min: 10,
				max: 100000,
				refill: true,
				cancel: true,
				dripfeed: true,
				previous: { rate: 0.9 },
			},
		]);
		expect((await driver.poll()).items).toEqual([]);
		sim.updateService({ service: 1, rate: 0.81 });
		expect((await driver.poll()).items).toEqual([expect.objectContaining({ rate: 0.81, previousRate: 1.08, rateChangePercent: -25 })]);
	});

	it('limits and details: one item per service, with every kind it changed in and what the fields were', async () => {
		const driver = await recorded();
		sim.updateService({ service: 2, min: 100, max: 20000 });
		sim.updateService({ service: 3, name: 'Instagram Likes [Refill 60D]', refill: false, category: 'Instagram Likes HQ' });
		sim.updateService({ service: 4, rate: 0.2, max: 15000, cancel: false, type: 'Package' });
		const { items } = await driver.poll();
		expect(summary(items)).toEqual(['2: limitsChanged', '3: detailsChanged', '4: rateChanged, limitsChanged, detailsChanged']);
		expect(items.map((item) => item.previous)).toEqual([
			{ min: 50, max: 10000 },
			{ name: 'Instagram Likes [Refill 30D]', category: 'Instagram Likes', refill: true },
			{ rate: 0.18, max: 20000, type: 'Default', cancel: true },
		]);
		expect(items[0]).toMatchObject({ min: 100, max: 20000, previousRate: null, rateChangePercent: null });
		expect(items[2]).toMatchObject({ rate: 0.2, previousRate: 0.18, rateChangePercent: 11.11, type: 'Package', cancel: false });
		expect((await driver.poll()).items).toEqual([]);
	});

	it('added and removed: a new ID with its values, a gone ID with its last known values', async () => {
		const driver = await recorded();
		sim.updateService({ service: 900, name: 'Threads Followers', type: 'Default', category: 'Threads', rate: 3.2, min: 20, max: 5000 });
		sim.removeService(6);
		const { items } = await driver.poll();
		expect(summary(items)).toEqual(['6: removed', '900: added']);
		expect(items[0]).toEqual({
			changes: ['removed'],
			service: 6,
			name: 'TikTok Followers',
			category: 'TikTok',
			type: 'Default',
			rate: 2.4,
			previousRate: null,
			rateChangePercent: null,
			min: 10,
			max: 50000,
			refill: true,
			cancel: true,
			dripfeed: false,
			previous: {},
		});
		expect(items[1]).toMatchObject({ name: 'Threads Followers', rate: 3.2, previous: {} });
		expect((await driver.poll()).items).toEqual([]);
		// Back again: new again.
		sim.setServices(SERVICE_CATALOGUE);
		expect(summary((await driver.poll()).items)).toEqual(['6: added', '900: removed']);
	});

	it('"Changes to Report": only the kinds chosen; the others are recorded silently, never reported later', async () => {
		const driver = await recorded({ serviceChanges: ['rateChanged', 'removed'] });
		sim.updateService({ service: 1, rate: 1, max: 90000 });
		sim.updateService({ service: 2, max: 9000 });
		sim.removeService(7);
		const { items } = await driver.poll();
		expect(summary(items)).toEqual(['1: rateChanged', '7: removed']);
		expect(items[0].previous).toEqual({ rate: 0.9 });
		driver.setParameters({ serviceChanges: ['rateChanged', 'removed', 'limitsChanged'] });
		expect((await driver.poll()).items).toEqual([]);
	});

	it('"Only These Services" and "Only These Categories" (any case); a service moving out of a category is reported', async () => {
		const byId = await recorded({ options: { serviceIds: '2, 5' } });
		const byCategory = await recorded({ options: { categories: 'tiktok, INSTAGRAM LIKES' } });
		sim.updateService({ service: 1, rate: 1 });
		sim.updateService({ service: 2, rate: 0.6 });
		sim.updateService({ service: 3, rate: 0.3 });
		sim.updateService({ service: 7, category: 'TikTok Views' });
		sim.updateService({ service: 8, category: 'Instagram Likes' });
		expect(summary((await byId.poll()).items)).toEqual(['2: rateChanged']);
		expect(summary((await byCategory.poll()).items)).toEqual(['3: rateChanged', '7: detailsChanged', '8: detailsChanged']);
	});

	it('"Minimum Rate Change (%)": smaller steps are not reported, but add up against the rate last reported', async () => {
		const driver = await recorded({ options: { minRateChangePercent: 5 } });
		sim.updateService({ service: 5, rate: 1.83 });
		expect((await driver.poll()).items).toEqual([]);
		sim.updateService({ service: 5, rate: 1.86 });
		expect((await driver.poll()).items).toEqual([]);
		sim.updateService({ service: 5, rate: 1.9 });
		expect((await driver.poll()).items).toEqual([expect.objectContaining({ service: 5, rate: 1.9, previousRate: 1.8, rateChangePercent: 5.56 })]);
		sim.updateService({ service: 5, rate: 1.8 });
		expect((await driver.poll()).items).toEqual([expect.objectContaining({ rate: 1.8, previousRate: 1.9, rateChangePercent: -5.26 })]);
		// Below the minimum, with another change: that change alone, the rate kept as reported.
		sim.updateService({ service: 5, rate: 1.81, min: 200 });
		const { items } = await driver.poll();
		expect(items).toEqual([expect.objectContaining({ changes: ['limitsChanged'], rate: 1.81, previousRate: null, previous: { min: 100 } })]);
	});
});

describe('Service Changed: failures and untrusted lists', () => {
	it('a failed services request reports the error, changes nothing, and the next poll reports the change once', async () => {
		const driver = await recorded();
		const before = JSON.stringify(driver.state());
		sim.updateService({ service: 1, rate: 1.2 });
		sim.injectFault({ kind: 'http500', action: 'services', times: Infinity });
		const failed = await driver.poll();
		sim.clearFaults();
		expect(failed.items).toEqual([]);
		expect(failed.reported).toHaveLength(1);
		expect(JSON.stringify(driver.state())).toBe(before);
		expect(summary((await driver.poll()).items)).toEqual(['1: rateChanged']);
		expect((await driver.poll()).items).toEqual([]);
	});

	it('an unreadable reply (an HTML page, an error, no list) changes nothing and reports no change', async () => {
		const driver = await recorded();
		const before = JSON.stringify(driver.state());
		sim.updateService({ service: 1, rate: 2 });
		for (const fault of [
			{ kind: 'html' as const },
			{ kind: 'error200' as const, message: 'Service temporarily unavailable' },
			{ kind: 'json' as const, body: '{"status": "ok"}' },
		]) {
			sim.injectFault({ ...fault, action: 'services', times: Infinity });
			const { items, reported } = await driver.poll();
			sim.clearFaults();
			expect({ fault: fault.kind, items, reported: reported.length }).toEqual({ fault: fault.kind, items: [], reported: 1 });
			expect(JSON.stringify(driver.state())).toBe(before);
		}
		expect(summary((await driver.poll()).items)).toEqual(['1: rateChanged']);
	});

	it('a service whose entry cannot be read keeps what was known (not removed), and its change is reported once readable', async () => {
		const driver = await recorded();
		sim.updateService({ service: 3, rate: 0.3 });
		sim.injectFault({ kind: 'badEntry', action: 'services', id: 3, entry: (entry: Record<string, unknown>) => ({ ...entry, rate: 'N/A' }) });
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(summary((await driver.poll()).items)).toEqual(['3: rateChanged']);
	});

	it('an empty list is not trusted until the next poll lists it again; a blip reports nothing', async () => {
		const driver = await recorded();
		const known = Object.keys((driver.state().services as { byId: object }).byId);
		sim.setServices([]);
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(Object.keys((driver.state().services as { byId: object }).byId)).toEqual(known);
		sim.setServices(SERVICE_CATALOGUE);
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(driver.state().services).not.toHaveProperty('unconfirmedList');

		sim.setServices([]);
		expect((await driver.poll()).items).toEqual([]);
		const { items } = await driver.poll();
		expect(items).toHaveLength(SERVICE_CATALOGUE.length);
		expect(items.every((item) => (item.changes as string[]).join() === 'removed')).toBe(true);
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
	});

	it('a list that lost more than half the services waits for a second sight; one that lost fewer is trusted at once', async () => {
		const driver = await recorded();
		sim.setServices(SERVICE_CATALOGUE.slice(0, 10));
		expect((await driver.poll()).items).toEqual([]);
		// Another shorter list: it waits for its own second sight.
		sim.setServices([...SERVICE_CATALOGUE.slice(0, 10), SERVICE_CATALOGUE[20]]);
		expect((await driver.poll()).items).toEqual([]);
		const { items } = await driver.poll();
		expect(items).toHaveLength(SERVICE_CATALOGUE.length - 11);
		expect(items.every((item) => (item.changes as string[]).join() === 'removed')).toBe(true);
		// Half of the 11 or fewer gone: trusted at once.
		sim.setServices(SERVICE_CATALOGUE.slice(0, 7));
		expect(summary((await driver.poll()).items)).toEqual(['8: removed', '9: removed', '10: removed', '21: removed']);
	});
});

describe('Service Changed: Fetch Test Event, dialects, restarts', () => {
	it('Fetch Test Event: a sample marked as such before anything changed, then the changes the next poll reports; the state is untouched', async () => {
		expect(await watch().testEvent()).toEqual([expect.objectContaining({ sample: true, service: 1, changes: ['rateChanged'], rate: 0.9, previousRate: 0.9 })]);
		expect(await watch({ options: { categories: 'telegram' } }).testEvent()).toEqual([expect.objectContaining({ sample: true, service: 22 })]);
		await expect(watch({ options: { serviceIds: '999' } }).testEvent()).rejects.toThrow('No service to show');

		const driver = await recorded();
		sim.updateService({ service: 2, rate: 0.55 });
		expect(summary(await driver.testEvent())).toEqual(['2: rateChanged']);
		expect(summary((await driver.poll()).items)).toEqual(['2: rateChanged']);
	});

	it('reads the list in every dialect the simulator speaks without seeing changes that are not there', async () => {
		const quirky = await startSimulator({ quirks: { localeNumbers: 'de', booleansAsStrings: true, strayBytes: true, gzip: true } });
		try {
			const driver = createTriggerDriver({ url: quirky.url, apiKey: quirky.key, parameters: { event: 'serviceChanged' } });
			await driver.poll();
			expect(await driver.poll()).toEqual({ items: [], reported: [] });
			quirky.updateService({ service: 5, rate: 1234.5, max: 2_000_000 });
			expect((await driver.poll()).items).toEqual([expect.objectContaining({ rate: 1234.5, previousRate: 1.8, max: 2_000_000, previous: { rate: 1.8, max: 1_000_000 } })]);
		} finally {
			await quirky.close();
		}
	});

	it('after a restart from what n8n saved: each change once, none missed', async () => {
		const credential = smmPanelApiCredential({ url: sim.url, apiKey: sim.key });
		const json: WorkflowJson = {
			name: 'Service changes',
			nodes: [
				{
					id: 'trigger',
					name: 'SMM Panel Trigger',
					type: SMM_PANEL_TRIGGER_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'serviceChanged', options: { minRateChangePercent: 1 } },
					credentials: credential.reference,
				},
			],
			connections: {},
		};
		const activate = (staticData?: IDataObject): Poller => createPoller(json, { credentials: { [credential.id]: credential }, staticData, runWorkflowOnEmit: false });
		const changes = async (poller: Poller): Promise<string[]> => summary(((await poller.poll())?.[0] ?? []).map((item) => item.json));

		const first = activate();
		expect(await changes(first)).toEqual([]);
		sim.updateService({ service: 1, rate: 1.2 });
		expect(await changes(first)).toEqual(['1: rateChanged']);
		// A change below the minimum, polled but not saved (the poll output nothing).
		sim.updateService({ service: 1, rate: 1.205 });
		expect(await changes(first)).toEqual([]);
		await first.close();

		sim.updateService({ service: 1, rate: 1.5 });
		sim.removeService(9);
		const second = activate(first.savedStaticData);
		expect(await changes(second)).toEqual(['1: rateChanged', '9: removed']);
		expect(await changes(second)).toEqual([]);
		await second.close();

		// Restarted again from what the second saved: nothing is reported twice.
		const third = activate(second.savedStaticData);
		expect(await changes(third)).toEqual([]);
		await third.close();
	});
});
