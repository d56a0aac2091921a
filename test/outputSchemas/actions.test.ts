/**
 * Every operation of the SMM Panel node ships the output schema n8n's editor asks for
 * (`/schemas/<node type>/1.0.0/<resource>/<operation>.json`), and that schema describes what the
 * operation really outputs: the node runs through n8n's engine against the simulated panel, and
 * each output item is checked against the file.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SmmPanel } from '../../nodes/SmmPanel/SmmPanel.node';
import { byId, usePanel } from '../actions/helpers';
import { editorAccepts, isValidSchema, loadSchema, mismatches, schemaPath, SOURCE_NODE_DIR, unknownKeywords } from './check';

const panel = usePanel();
const { description } = new SmmPanel();
const version = description.version as number;

/** Every resource and operation of the node, from its description. */
const OPERATIONS: Array<[string, string]> = description.properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		(property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
			(property.options ?? []).map((option) => [String(resource), String((option as { value: string }).value)] as [string, string]),
		),
	);

async function outputOf(parameters: INodeParameters, input?: IDataObject[]): Promise<IDataObject[]> {
	const run = await panel.run(parameters, { input });
	expect(run.error()).toBeUndefined();
	return run.items().map((item) => item.json);
}

function expectMatches(resource: string, operation: string, items: IDataObject[], strict = true): void {
	const schema = loadSchema({ version, resource, operation });
	expect(items.length).toBeGreaterThan(0);
	for (const item of items) expect([item, mismatches(schema, item, { strict })]).toEqual([item, []]);
}

describe('the output schema of each operation', () => {
	it('exists for all eight operations, where n8n looks, in a shape the editor shows', () => {
		expect(OPERATIONS).toHaveLength(8);
		for (const [resource, operation] of OPERATIONS) {
			expect(schemaPath({ version, resource, operation })).toBe(`${SOURCE_NODE_DIR}/__schema__/v1.0.0/${resource}/${operation}.json`);
			const schema = loadSchema({ version, resource, operation });
			expect([resource, operation, editorAccepts(schema), isValidSchema(schema), unknownKeywords(schema)]).toEqual([resource, operation, true, true, []]);
		}
	});

	it('Service > Get Many and Get: every service as listed', async () => {
		expectMatches('service', 'getAll', await outputOf({ resource: 'service', operation: 'getAll', returnAll: true }));
		expectMatches('service', 'get', await outputOf({ resource: 'service', operation: 'get', service: byId(24) }));
	});

	it('Order > Create: the Default type exactly; the other types\' own fields are extra', async () => {
		const link = 'https://www.instagram.com/acme/';
		const create = { resource: 'order', operation: 'create' };
		expectMatches('order', 'create', await outputOf({ ...create, service: byId(1), orderType: 'default', link, quantity: 100 }));
		const others: INodeParameters[] = [
			{ service: byId(1), orderType: 'default', link, quantity: 100, dripFeed: true, runs: 2, interval: 30 },
			{ service: byId(11), orderType: 'customComments', link, comments: 'Nice\nGreat\nWow\nLove it\nYes' },
			{ service: byId(9), orderType: 'package', link },
			{ service: byId(23), orderType: 'subscriptions', username: 'acme', min: 100, max: 200, delay: 30 },
		];
		for (const parameters of others) expectMatches('order', 'create', await outputOf({ ...create, ...parameters }), false);
		// The same order again: held back by the duplicate guard.
		const heldBack = await outputOf({ ...create, service: byId(1), orderType: 'default', link, quantity: 100 });
		expect(heldBack[0]).toMatchObject({ skipped: true });
		expectMatches('order', 'create', heldBack);
	});

	it('Order > Get Status: statuses and per-ID errors', async () => {
		const ids = panel.sim.seedOrders(2);
		panel.sim.setOrderStatus(ids[1], 'Partial');
		const items = await outputOf({ resource: 'order', operation: 'getStatus', orderIds: `${ids.join(',')},987654` });
		expect(items.map((item) => Object.keys(item).length)).toEqual([7, 7, 2]);
		expectMatches('order', 'getStatus', items);
	});

	it('Refill > Create and Get Status: refills and refusals', async () => {
		const orders = panel.sim.seedOrders(2, { service: 1, status: 'Completed' });
		const [noRefill] = panel.sim.seedOrders(1, { service: 2, status: 'Completed' });
		const created = await outputOf({ resource: 'refill', operation: 'create', orderIds: `${orders.join(',')},${noRefill}` });
		expect(created.filter((item) => 'error' in item)).toHaveLength(1);
		expectMatches('refill', 'create', created);
		const refills = created.filter((item) => 'refill' in item).map((item) => String(item.refill));
		const statuses = await outputOf({ resource: 'refill', operation: 'getStatus', refillIds: `${refills.join(',')},987654` });
		expect(statuses.filter((item) => 'error' in item)).toHaveLength(1);
		expectMatches('refill', 'getStatus', statuses);
	});

	it('Cancel > Create: accepted and refused requests', async () => {
		const [cancelable] = panel.sim.seedOrders(1, { service: 1 });
		const [notCancelable] = panel.sim.seedOrders(1, { service: 3 });
		const items = await outputOf({ resource: 'cancel', operation: 'create', orderIds: `${cancelable},${notCancelable}` });
		expect(items.filter((item) => 'error' in item)).toHaveLength(1);
		expectMatches('cancel', 'create', items);
	});

	it('Balance > Get', async () => {
		expectMatches('balance', 'get', await outputOf({ resource: 'balance', operation: 'get' }));
	});

	it('still validates with Include Raw Response and Only Output Changes, which add fields the preview leaves out', async () => {
		const [id] = panel.sim.seedOrders(1);
		const raw = await outputOf({ resource: 'order', operation: 'getStatus', orderIds: String(id), options: { includeRaw: true } });
		expectMatches('order', 'getStatus', raw, false);
		expect(mismatches(loadSchema({ version, resource: 'order', operation: 'getStatus' }), raw[0], { strict: true })).toEqual(['.raw is not in the schema']);
		expectMatches('balance', 'get', await outputOf({ resource: 'balance', operation: 'get', options: { includeRaw: true } }), false);

		// Only Output Changes: a first run of an active workflow records, the next outputs the change with previousStatus.
		const watch = { resource: 'order', operation: 'getStatus', orderIds: String(id), options: { onlyChanged: true } };
		const first = await panel.run(watch, { mode: 'trigger' });
		panel.sim.setOrderStatus(id, 'Completed');
		const changed = await panel.run(watch, { mode: 'trigger', staticData: first.staticData });
		const items = changed.items().map((item) => item.json);
		expect(items).toEqual([expect.objectContaining({ order: id, status: 'Completed', previousStatus: 'Pending' })]);
		expectMatches('order', 'getStatus', items, false);
	});

	it('rejects what the operation does not output (the check can fail)', () => {
		const schema = loadSchema({ version, resource: 'order', operation: 'getStatus' });
		expect(mismatches(schema, { order: 1 }, { strict: true })).not.toEqual([]);
		expect(mismatches(schema, { order: '1', error: 'Incorrect order ID' }, { strict: true })).not.toEqual([]);
		expect(mismatches(schema, { order: 1, status: 'Pending', charge: null, startCount: null, remains: null, currency: null, final: 'no' }, { strict: true })).not.toEqual([]);
		expect(unknownKeywords({ type: 'object', properties: { a: { type: 'string', requird: true } } })).toEqual(['#/properties/a/requird']);
	});
});
