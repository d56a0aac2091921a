/**
 * Hostile panels: one unreadable entry in a batch reply (`"status": null`, a `null` entry, `[]`)
 * fails only its own ID, with an error item that says what came back; the other IDs get their
 * answers. In every batch the node reads: order status, refill, refill status, cancel, the trigger.
 */
import type { IDataObject } from 'n8n-workflow';

import { usePanel } from '../actions/helpers';
import { createTriggerDriver } from '../trigger/pollDriver';

const panel = usePanel();

type Entry = Record<string, unknown>;

/** The three shapes of a broken entry, as a function of the panel's real entry. */
const BROKEN: Array<[string, (entry: Entry) => unknown, string]> = [
	['a null entry', () => null, 'it sent null'],
	['an empty array', () => [], 'it sent []'],
	['"status": null', (entry) => ({ ...entry, status: null }), '"status":null'],
];

function errorsOf(items: IDataObject[]): IDataObject[] {
	return items.filter((item) => item.error !== undefined);
}

describe.each(BROKEN)('a 100-ID status reply with %s', (_, entry, sent) => {
	it('Order > Get Status: 99 orders read, one error item that names what came back', async () => {
		const ids = panel.sim.seedOrders(100);
		const bad = ids[49];
		panel.sim.injectFault({ kind: 'badEntry', action: 'status', id: bad, entry });
		const run = await panel.run({ resource: 'order', operation: 'getStatus', orderIds: ids.join(',') });
		expect(run.error()).toBeUndefined();
		const items = run.items().map((item) => item.json);
		expect(items).toHaveLength(100);
		expect(items.filter((item) => item.status === 'Pending')).toHaveLength(99);
		expect(errorsOf(items)).toEqual([
			{ order: bad, error: expect.stringMatching(new RegExp(`^The panel's reply about order ${bad} is not in the expected format \\(.+\\); it sent `)) },
		]);
		expect(errorsOf(items)[0].error).toContain(sent);
		expect(panel.sim.count('status')).toBe(1);
	});
});

describe('refill, refill status and cancel batches', () => {
	it('Refill > Create: an entry with "refill": null or [] fails its order only', async () => {
		const orders = panel.sim.seedOrders(4, { service: 1, status: 'Completed' });
		panel.sim.injectFault({ kind: 'badEntry', action: 'refill', id: orders[1], entry: (entry: Entry) => ({ ...entry, refill: null }) });
		const first = (await panel.run({ resource: 'refill', operation: 'create', orderIds: orders.slice(0, 2).join(',') })).items();
		panel.sim.injectFault({ kind: 'badEntry', action: 'refill', id: orders[3], entry: (entry: Entry) => ({ ...entry, refill: [] }) });
		const second = (await panel.run({ resource: 'refill', operation: 'create', orderIds: orders.slice(2).join(',') })).items();
		expect([...first, ...second].map((item) => item.json)).toEqual([
			{ order: orders[0], refill: expect.any(Number) },
			{ order: orders[1], error: expect.stringContaining(`The panel's reply about order ${orders[1]} is not in the expected format`) },
			{ order: orders[2], refill: expect.any(Number) },
			{ order: orders[3], error: expect.stringContaining('it sent {"order":') },
		]);
	});

	it('Refill > Get Status: an entry with "status": [] fails its refill only', async () => {
		const orders = panel.sim.seedOrders(3, { service: 1, status: 'Completed' });
		const created = await panel.run({ resource: 'refill', operation: 'create', orderIds: orders.join(',') });
		const refills = created.items().map((item) => item.json.refill as number);
		panel.sim.injectFault({ kind: 'badEntry', action: 'refill_status', id: refills[2], entry: (entry: Entry) => ({ ...entry, status: [] }) });
		const run = await panel.run({ resource: 'refill', operation: 'getStatus', refillIds: refills.join(',') });
		expect(run.items().map((item) => item.json)).toEqual([
			{ refill: refills[0], status: 'Pending', final: false },
			{ refill: refills[1], status: 'Pending', final: false },
			{ refill: refills[2], error: expect.stringMatching(/^The panel's reply about refill \d+ is not in the expected format \(.+\); it sent \{"refill":\d+,"status":\[\]\}$/) },
		]);
	});

	it('Cancel > Create: an entry with "cancel": null or a null entry fails its order only', async () => {
		const orders = panel.sim.seedOrders(3, { service: 1 });
		panel.sim.injectFault({ kind: 'badEntry', action: 'cancel', id: orders[0], entry: (entry: Entry) => ({ ...entry, cancel: null }) });
		const first = (await panel.run({ resource: 'cancel', operation: 'create', orderIds: orders.join(',') })).items();
		expect(first.map((item) => item.json)).toEqual([
			{ order: orders[0], error: 'The panel did not accept the cancel request (it answered null)' },
			{ order: orders[1], cancelRequested: true },
			{ order: orders[2], cancelRequested: true },
		]);
		const more = panel.sim.seedOrders(3, { service: 1 });
		panel.sim.injectFault({ kind: 'badEntry', action: 'cancel', id: more[1], entry: null });
		const second = (await panel.run({ resource: 'cancel', operation: 'create', orderIds: more.join(',') })).items();
		expect(second.map((item) => item.json)).toEqual([
			{ order: more[0], cancelRequested: true },
			{ order: more[1], error: `The panel's reply had no entry for order ${more[1]}` },
			{ order: more[2], cancelRequested: true },
		]);
	});
});

describe('the trigger, while one entry stays broken', () => {
	it.each(BROKEN)('with %s: the good orders\' events come exactly once, the bad order keeps its memory and reports its change once it reads again', async (_, entry) => {
		const { sim } = panel;
		const ids = sim.seedOrders(30);
		const bad = ids[7];
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', orderIds: ids.join(',') } });
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		sim.injectFault({ kind: 'badEntry', action: 'status', id: bad, entry, times: Infinity });

		const reported: Array<[unknown, unknown, unknown]> = [];
		for (let poll = 0; poll < 4; poll++) {
			// In progress after 1 minute, Completed after 5 more; the last two polls see no change.
			if (poll < 2) sim.advance(poll === 0 ? 1 : 5);
			const outcome = await driver.poll();
			expect(outcome.reported).toEqual([]);
			reported.push(...outcome.items.map((item): [unknown, unknown, unknown] => [item.order, item.previousStatus, item.status]));
			expect((driver.state().orders as IDataObject)[String(bad)]).toBe('Pending');
		}
		// Each good order: Pending -> In progress, then In progress -> Completed, each once; the bad one never.
		const good = ids.filter((id) => id !== bad);
		expect(reported.filter(([order]) => order === bad)).toEqual([]);
		expect(reported).toHaveLength(good.length * 2);
		for (const id of good) {
			expect(reported.filter(([order]) => order === id).map(([, from, to]) => `${String(from)} -> ${String(to)}`)).toEqual([
				'Pending -> In progress',
				'In progress -> Completed',
			]);
		}

		sim.clearFaults();
		const healed = await driver.poll();
		expect(healed.items.map((item) => [item.order, item.previousStatus, item.status])).toEqual([[bad, 'Pending', 'Completed']]);
		expect((await driver.poll()).items).toEqual([]);
	});

	it('Fetch Test Event shows the broken entry as that order\'s error', async () => {
		const { sim } = panel;
		const ids = sim.seedOrders(3);
		sim.injectFault({ kind: 'badEntry', action: 'status', id: ids[1], entry: null });
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', orderIds: ids.join(',') } });
		const items = await driver.testEvent();
		expect(items.map((item) => [item.order, item.status ?? item.error])).toEqual([
			[ids[0], 'Pending'],
			[ids[1], `The panel's reply about order ${ids[1]} is not in the expected format (status of order ${ids[1]}: Expected object, received null); it sent null`],
			[ids[2], 'Pending'],
		]);
	});
});
