/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The example workflows in examples/: each must import into n8n as it is (real node types and
 * versions, the package's credential type, no secrets, parameters our nodes know), and each must
 * do what its README section says:
 * - the examples made only of this package's nodes and a Manual/Schedule Trigger run whole;
 * - the others run their SMM Panel nodes, exactly as saved, on the items the n8n nodes around them
 *   would pass (a form submission, a trigger's items), and every field their expressions read
 *   must be in those items.
 *
 * n8n-nodes-base node types are checked against examples/n8n-node-types.json, written by
 * scripts/n8n-node-manifest.ts from a real n8n install (this test needs none).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import {
	createPoller,
	MANUAL_TRIGGER_NODE_TYPE,
	runWorkflow,
	SCHEDULE_TRIGGER_NODE_TYPE,
	SMM_PANEL_API_CREDENTIAL_TYPE,
	type WorkflowJson,
} from '../engine/harness';
import { loadNodeType, PACKAGE_NAME } from '../engine/node-types';
import { SERVICE_CATALOGUE } from '../simulator';
import {
	EXAMPLES_DIR,
	expectReadsAvailable,
	jsonOf,
	loadExample,
	nodeNamed,
	pairedIndexes,
	partOf,
	usePanel,
	WORKFLOW_CREDENTIAL,
} from './helpers';

const MANIFEST_FILE = 'n8n-node-types.json';
const BASE_PREFIX = 'n8n-nodes-base.';
const PACKAGE_PREFIX = `${PACKAGE_NAME}.`;

interface NodeTypeManifest {
	source: string;
	nodes: Record<string, { displayName: string; versions: number[] }>;
}

const manifest = JSON.parse(readFileSync(join(EXAMPLES_DIR, MANIFEST_FILE), 'utf8')) as NodeTypeManifest;
const exampleFiles = readdirSync(EXAMPLES_DIR)
	.filter((file) => file.endsWith('.json') && file !== MANIFEST_FILE)
	.sort();

/** The examples that use only this package's nodes and the two trigger stand-ins: they run whole. */
const RUNNABLE_TYPES = new Set([MANUAL_TRIGGER_NODE_TYPE, SCHEDULE_TRIGGER_NODE_TYPE]);
function isRunnable(workflow: WorkflowJson): boolean {
	return workflow.nodes.every((node) => node.type.startsWith(PACKAGE_PREFIX) || RUNNABLE_TYPES.has(node.type));
}

function descriptionOf(node: INode): INodeTypeDescription {
	return NodeHelpers.getVersionedNodeType(loadNodeType(node.type), node.typeVersion).description;
}

function versionsOf(nodeType: ReturnType<typeof loadNodeType>): number[] {
	if ('nodeVersions' in nodeType) return Object.keys(nodeType.nodeVersions).map(Number);
	return [nodeType.description.version].flat();
}

it('there are examples, and at least two of them run whole in the engine', () => {
	expect(exampleFiles.length).toBeGreaterThanOrEqual(4);
	expect(exampleFiles.map(loadExample).filter(isRunnable).length).toBeGreaterThanOrEqual(2);
});

describe.each(exampleFiles)('%s', (file) => {
	const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
	const workflow = JSON.parse(text) as WorkflowJson & { id?: unknown; settings?: { executionOrder?: string } };

	it('is a workflow n8n can import: id, name, nodes, connections, execution order v1', () => {
		expect(typeof workflow.id).toBe('string');
		expect(String(workflow.id)).not.toBe('');
		// n8n keeps an imported workflow's ID, and saves a trigger's static data only for an ID of at
		// most 21 characters (isWorkflowIdValid): a longer one would lose the trigger's memory on restart.
		expect(String(workflow.id).length).toBeLessThanOrEqual(21);
		expect(typeof workflow.name).toBe('string');
		expect(workflow.settings?.executionOrder).toBe('v1');
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(names.length);
		for (const node of workflow.nodes) {
			expect(node).toEqual(
				expect.objectContaining({ id: expect.any(String), name: expect.any(String), type: expect.any(String), typeVersion: expect.any(Number) }),
			);
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
		}
		for (const [source, byType] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const target of (byType.main ?? []).flat()) expect(names).toContain(target?.node);
		}
	});

	it('uses only node types and versions that exist', () => {
		for (const node of workflow.nodes) {
			if (node.type.startsWith(PACKAGE_PREFIX)) {
				const nodeType = loadNodeType(node.type);
				expect({ node: node.name, versions: versionsOf(nodeType) }).toEqual({
					node: node.name,
					versions: expect.arrayContaining([node.typeVersion]),
				});
			} else {
				expect(node.type.startsWith(BASE_PREFIX)).toBe(true);
				expect({ node: node.name, versions: manifest.nodes[node.type]?.versions }).toEqual({
					node: node.name,
					versions: expect.arrayContaining([node.typeVersion]),
				});
			}
		}
	});

	it("selects credentials by reference, only the package's credential type, and holds no secrets", () => {
		for (const node of workflow.nodes) {
			if (node.type.startsWith(PACKAGE_PREFIX)) {
				// Picked on import: n8n matches the reference by ID, then by name and type.
				expect(node.credentials).toEqual({ [SMM_PANEL_API_CREDENTIAL_TYPE]: WORKFLOW_CREDENTIAL });
			} else {
				// Other services' credentials are chosen by the user after import (see docs/examples.md).
				expect(node.credentials).toBeUndefined();
			}
		}
		expect(text).not.toMatch(/apiKey|"key"|password|token/i);
	});

	it("sets only parameters our nodes have, and every one they require", () => {
		for (const node of workflow.nodes.filter((candidate) => candidate.type.startsWith(PACKAGE_PREFIX))) {
			const description = descriptionOf(node);
			// What n8n keeps of the saved parameters when it loads the node (unknown or hidden ones are dropped).
			const kept = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
			expect({ node: node.name, parameters: Object.keys(node.parameters).filter((name) => !(name in kept)) }).toEqual({
				node: node.name,
				parameters: [],
			});
			for (const [name, value] of Object.entries(node.parameters)) {
				// Each operation has its own "Options": the one shown for this node's resource and operation.
				const collection = description.properties.find(
					(property) =>
						property.name === name && property.type === 'collection' && NodeHelpers.displayParameter(node.parameters, property, node, description),
				);
				if (collection === undefined || typeof value !== 'object' || value === null) continue;
				const known = (collection.options as INodeProperties[]).map((option) => option.name);
				expect({ node: node.name, [name]: Object.keys(value).filter((key) => !known.includes(key)) }).toEqual({ node: node.name, [name]: [] });
			}
			const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: kept }, description);
			expect({ node: node.name, issues: issues?.parameters ?? {} }).toEqual({ node: node.name, issues: {} });
		}
	});
});

describe('running the examples', () => {
	const panel = usePanel();

	describe('panel-check.json (runs whole)', () => {
		const workflow = loadExample('panel-check.json');

		it('reads the balance, the Instagram services and the status of the listed orders', async () => {
			panel.sim.seedOrders(3);

			const run = await runWorkflow(workflow, { credentials: panel.credentials });

			expect(jsonOf(run.items('Balance'))).toEqual([{ balance: 1000, currency: 'USD' }]);
			const services = jsonOf(run.items('Instagram services'));
			expect(services.length).toBeGreaterThan(5);
			expect(services.length).toBeLessThanOrEqual(20);
			expect(services.every((service) => String(service.category).includes('Instagram'))).toBe(true);
			expect(jsonOf(run.items('Order statuses')).map(({ order, status }) => ({ order, status }))).toEqual([
				{ order: 1001, status: 'Pending' },
				{ order: 1002, status: 'Pending' },
				{ order: 1003, status: 'Pending' },
			]);
			// Read-only: nothing was placed, refilled or cancelled.
			expect(panel.sim.count('add') + panel.sim.count('refill') + panel.sim.count('cancel')).toBe(0);
		});
	});

	describe('scheduled-bulk-refill.json (runs whole)', () => {
		const workflow = loadExample('scheduled-bulk-refill.json');
		const SCHEDULE = 'Every day at 06:00';

		/** The example lists orders 1001-1005: four refillable, one on a service without refill. */
		function seedListedOrders(): void {
			expect([...panel.sim.seedOrders(4, { service: 1, status: 'Completed' }), ...panel.sim.seedOrders(1, { service: 2, status: 'Completed' })]).toEqual([
				1001, 1002, 1003, 1004, 1005,
			]);
		}

		it('on its schedule: refills the listed orders in one request, then checks the new refills in one more', async () => {
			seedListedOrders();

			// As the active workflow runs when the Schedule Trigger fires.
			const run = await runWorkflow(workflow, { credentials: panel.credentials, mode: 'trigger', triggerItems: [{ timestamp: '2026-01-05T06:00:00.000Z' }] });

			expect(run.executedNodes).toEqual([SCHEDULE, 'Refill orders', 'Check the refills']);
			expect(jsonOf(run.items('Refill orders'))).toEqual([
				{ order: 1001, refill: 501 },
				{ order: 1002, refill: 502 },
				{ order: 1003, refill: 503 },
				{ order: 1004, refill: 504 },
				{ order: 1005, error: 'Refill is disabled for this service' },
			]);
			// Execute Once: one node run for all items, so the refill IDs go out in one batch.
			expect(jsonOf(run.items('Check the refills'))).toEqual([501, 502, 503, 504].map((refill) => ({ refill, status: 'Pending', final: false })));
			expect([panel.sim.count('refill'), panel.sim.count('refill_status')]).toEqual([1, 1]);
		});

		it('when run from the editor ("Execute workflow") it does the same', async () => {
			seedListedOrders();

			const run = await runWorkflow(workflow, { credentials: panel.credentials });

			expect(run.items('Check the refills')).toHaveLength(4);
			expect(pairedIndexes(run.items('Check the refills'))).toEqual([0, 0, 0, 0]);
		});

		it('when the panel refuses every refill, the run still succeeds and says why', async () => {
			panel.sim.seedOrders(5, { service: 2, status: 'Completed' });

			const run = await runWorkflow(workflow, { credentials: panel.credentials, mode: 'trigger', triggerItems: [{}] });

			expect(run.error()).toBeUndefined();
			expect(jsonOf(run.items('Refill orders')).every((item) => item.error === 'Refill is disabled for this service')).toBe(true);
			expect(jsonOf(run.items('Check the refills'))).toEqual([{ error: expect.stringMatching(/no refill ID given/i) }]);
			expect(panel.sim.count('refill_status')).toBe(0);
		});
	});

	describe('place-orders-from-form.json (its SMM Panel node, on form submissions)', () => {
		const workflow = loadExample('place-orders-from-form.json');
		const FORM = 'New order form';
		/** What n8n's Form Trigger (v2.2) outputs: one field per form field, named by its label. */
		const formFieldLabels = (nodeNamed(workflow, FORM).parameters.formFields as { values: Array<{ fieldLabel: string }> }).values.map(
			(field) => field.fieldLabel,
		);
		const submission = (values: Array<string | number>): IDataObject => ({
			...Object.fromEntries(formFieldLabels.map((label, index) => [label, values[index]])),
			submittedAt: '2026-01-05T10:00:00.000+00:00',
			formMode: 'production',
		});

		it('places an order per submission; a rejected one becomes an item to record, not a failed run', async () => {
			expect(formFieldLabels).toEqual(['Service ID', 'Link', 'Quantity']);
			const submissions = [submission([1, 'https://www.instagram.com/p/Shop1/', 500]), submission([2, 'https://www.instagram.com/p/Shop2/', 5])];

			const run = await runWorkflow(partOf(workflow, ['Place order'], { pinnedInput: submissions }), { credentials: panel.credentials });

			const placed = jsonOf(run.items('Place order'));
			expect(placed[0]).toEqual({ order: 1001, service: 1, link: 'https://www.instagram.com/p/Shop1/', quantity: 500 });
			expect(placed[1].error).toMatch(/50/);
			expect(panel.sim.count('add')).toBe(1);
			expectReadsAvailable(workflow, ['Place order', 'Record order ID'], { [FORM]: submissions, 'Place order': placed });
		});
	});

	describe('order-finished-update-and-notify.json (its trigger, active)', () => {
		const workflow = loadExample('order-finished-update-and-notify.json');
		const TRIGGER = 'Order finished';

		it('fires once per watched order reaching a final status, with every field the nodes after it read', async () => {
			panel.sim.seedOrders(2);
			panel.sim.seedOrders(1, { link: 'https://www.instagram.com/p/partial/' });
			const poller = createPoller(partOf(workflow, [TRIGGER]), { credentials: panel.credentials });

			expect(await poller.poll()).toBeNull();
			panel.sim.advance(1);
			expect(await poller.poll()).toBeNull();
			panel.sim.advance(5);
			const finished = (await poller.poll())?.[0].map((item) => item.json) ?? [];

			expect(finished.map(({ order, status, previousStatus }) => ({ order, status, previousStatus }))).toEqual([
				{ order: 1001, status: 'Completed', previousStatus: 'In progress' },
				{ order: 1002, status: 'Completed', previousStatus: 'In progress' },
				{ order: 1003, status: 'Partial', previousStatus: 'In progress' },
			]);
			expect(await poller.poll()).toBeNull();
			await poller.close();
			expectReadsAvailable(workflow, ['Update order row', 'Completed?', 'Email: order done', 'Slack: needs attention'], { [TRIGGER]: finished });
		});
	});

	describe('service-changes-reprice.json (its trigger, active)', () => {
		const workflow = loadExample('service-changes-reprice.json');
		const TRIGGER = 'Provider service changed';
		/** A row of the shop's `shop_products` table, as the Data Table nodes output it (docs/examples.md lists its columns). */
		const productRow = { id: 1, service: 1, name: 'Instagram Followers', price: 1.3, providerRate: 1, marginPercent: 30, available: true, priceUpdatedAt: null };

		it('fires once per rate change of 1% or more and per removed service, with every field the nodes after it read', async () => {
			const poller = createPoller(partOf(workflow, [TRIGGER]), { credentials: panel.credentials });
			try {
				expect(await poller.poll()).toBeNull();
				panel.sim.updateService({ service: 1, rate: 0.99 });
				// Below the example's 1% minimum, and a kind it does not report: nothing for these.
				panel.sim.updateService({ service: 3, rate: 0.251 });
				panel.sim.updateService({ service: 4, max: 30000 });
				panel.sim.removeService(6);
				const changed = (await poller.poll())?.[0].map((item) => item.json) ?? [];

				expect(changed.map(({ service, changes, rate, previousRate, rateChangePercent }) => ({ service, changes, rate, previousRate, rateChangePercent }))).toEqual([
					{ service: 1, changes: ['rateChanged'], rate: 0.99, previousRate: 0.9, rateChangePercent: 10 },
					{ service: 6, changes: ['removed'], rate: 2.4, previousRate: null, rateChangePercent: null },
				]);
				expect(await poller.poll()).toBeNull();
				expectReadsAvailable(workflow, ['Removed?', 'Mark product unavailable', 'Slack: service removed', 'Shop product'], {
					[TRIGGER]: changed,
					'Removed?': changed,
				});
				expectReadsAvailable(workflow, ['Update selling price', 'Slack: price changed'], {
					[TRIGGER]: changed,
					'Shop product': [productRow],
					'Update selling price': [productRow],
				});
			} finally {
				await poller.close();
				panel.sim.setServices(SERVICE_CATALOGUE);
			}
		});
	});

	describe('low-balance-alert.json (its trigger, active)', () => {
		const workflow = loadExample('low-balance-alert.json');
		const TRIGGER = 'Balance below 25';

		it('fires once when the balance is below 25, with what the Slack message reads', async () => {
			panel.sim.setBalance(12.5);
			const poller = createPoller(partOf(workflow, [TRIGGER]), { credentials: panel.credentials });

			const alert = (await poller.poll())?.[0].map((item) => item.json) ?? [];

			expect(alert).toEqual([{ balance: 12.5, currency: 'USD', threshold: 25, belowThreshold: true }]);
			expect(await poller.poll()).toBeNull();
			await poller.close();
			expectReadsAvailable(workflow, ['Slack: top up'], { [TRIGGER]: alert });
		});
	});
});
