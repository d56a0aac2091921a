/**
 * The SMM Panel Trigger's output schema. The trigger has no resource or operation, so n8n's editor
 * asks for `/schemas/<node type>/1.0.0.json`, one file for all five events: it lists the order
 * events' fields and describes the refill and balance items in its branches. (n8n 2.40's editor
 * asks for it but shows no preview for triggers; n8n's output-schema lookup reads it.) Each event
 * is polled through n8n-core against the simulated panel and its items checked against the file.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SmmPanelTrigger } from '../../nodes/SmmPanel/SmmPanelTrigger.node';
import { usePanel } from '../actions/helpers';
import { SERVICE_CATALOGUE } from '../simulator';
import { createTriggerDriver, type TriggerDriver } from '../trigger/pollDriver';
import { editorAccepts, isValidSchema, loadSchema, mismatches, schemaPath, SOURCE_NODE_DIR, unknownKeywords } from './check';

const panel = usePanel();
const version = new SmmPanelTrigger().description.version as number;

function trigger(parameters: INodeParameters): TriggerDriver {
	return createTriggerDriver({ url: panel.sim.url, apiKey: panel.sim.key, parameters });
}

function expectMatches(items: IDataObject[]): void {
	const schema = loadSchema({ version });
	expect(items.length).toBeGreaterThan(0);
	for (const item of items) expect([item, mismatches(schema, item, { strict: true })]).toEqual([item, []]);
}

describe('the trigger\'s output schema', () => {
	it('is one file where n8n looks for a node without resource and operation, in a shape the editor takes', () => {
		expect(schemaPath({ version })).toBe(`${SOURCE_NODE_DIR}/__schema__/v1.0.0.json`);
		const schema = loadSchema({ version });
		expect([editorAccepts(schema), isValidSchema(schema), unknownKeywords(schema)]).toEqual([true, true, []]);
	});

	it('Order Status Changed and Order Finished', async () => {
		const [id] = panel.sim.seedOrders(1);
		const changed = trigger({ event: 'orderStatusChanged', orderIds: String(id) });
		const finished = trigger({ event: 'orderFinished', orderIds: String(id) });
		await changed.poll();
		await finished.poll();
		panel.sim.setOrderStatus(id, 'In progress');
		expectMatches((await changed.poll()).items);
		panel.sim.setOrderStatus(id, 'Partial');
		expectMatches((await finished.poll()).items);
	});

	it('Refill Status Changed', async () => {
		const orders = panel.sim.seedOrders(1, { service: 1, status: 'Completed' });
		const created = await panel.run({ resource: 'refill', operation: 'create', orderIds: String(orders[0]) });
		const refill = String(created.items()[0].json.refill);
		const driver = trigger({ event: 'refillStatusChanged', refillIds: refill });
		await driver.poll();
		panel.sim.advance(1);
		const { items } = await driver.poll();
		expect(items).toEqual([expect.objectContaining({ refill: Number(refill), previousStatus: 'Pending' })]);
		expectMatches(items);
	});

	it('Low Balance', async () => {
		const driver = trigger({ event: 'lowBalance', threshold: panel.sim.getBalance() + 1 });
		expectMatches((await driver.poll()).items);
	});

	it('Service Changed: every kind of change, and Fetch Test Event\'s sample', async () => {
		const driver = trigger({ event: 'serviceChanged' });
		expectMatches(await driver.testEvent());
		await driver.poll();
		try {
			panel.sim.updateService({ service: 1, rate: 1.1, min: 20, name: 'Instagram Followers [Refill 60D]' });
			panel.sim.updateService({ service: 900, name: 'New service', type: 'Default', category: 'New' });
			panel.sim.removeService(2);
			const { items } = await driver.poll();
			expect(items.map((item) => item.changes)).toEqual([['rateChanged', 'limitsChanged', 'detailsChanged'], ['removed'], ['added']]);
			expectMatches(items);
		} finally {
			panel.sim.setServices(SERVICE_CATALOGUE);
		}
	});

	it('Fetch Test Event, with the panel\'s errors for unknown IDs', async () => {
		const [id] = panel.sim.seedOrders(1);
		const orders = await trigger({ event: 'orderStatusChanged', orderIds: `${id}, 987654` }).testEvent();
		expect(orders.filter((item) => 'error' in item)).toHaveLength(1);
		expectMatches(orders);
		const refills = await trigger({ event: 'refillStatusChanged', refillIds: '987654' }).testEvent();
		expect(refills).toEqual([{ refill: 987654, error: expect.any(String) }]);
		expectMatches(refills);
		expectMatches(await trigger({ event: 'lowBalance', threshold: 1 }).testEvent());
	});

	it('rejects an item of no event', () => {
		const schema = loadSchema({ version });
		expect(mismatches(schema, { refill: 1, status: 'Pending' }, { strict: true })).not.toEqual([]);
		expect(mismatches(schema, { balance: 5, currency: 'USD' }, { strict: true })).not.toEqual([]);
		expect(mismatches(schema, { changes: ['added'], service: 1, name: 'A', rate: 1 }, { strict: true })).not.toEqual([]);
	});
});
