/**
 * The ledger examples (examples/ledger-*.json): a shop's orders recorded in an n8n Data Table (or a
 * Google Sheet), and scheduled workflows that compare the panel with it.
 * - The Data Table workflows agree on one table: the one ledger-create-table.json creates, by name,
 *   with its columns and their types, and each column is written by one of them.
 * - Their SMM Panel nodes run, exactly as saved, on the items the nodes around them pass: webhook
 *   deliveries (also delivered twice), the table's rows as n8n's Data Table node returns them, and
 *   those rows as the updates write them; every field their expressions read is in those items.
 * n8n's own nodes (Webhook, Data Table, Google Sheets, If, Slack, Send Email) do not run here: the
 * workflows ran in a real n8n, in regular and queue mode (see docs/examples.md).
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../engine/harness';
import { expectReadsAvailable, jsonOf, loadExample, nodeNamed, pairedIndexes, partOf, usePanel, type Panel } from './helpers';

const DATA_TABLE_TYPE = 'n8n-nodes-base.dataTable';
/** The columns every n8n data table has besides its own. */
const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt'];
/** How the Data Table node's column mapper names a column type. */
const MAPPER_TYPES: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', date: 'dateTime' };

const createTable = loadExample('ledger-create-table.json');
const tableNode = createTable.nodes.find((node) => node.type === DATA_TABLE_TYPE) as INode;
const TABLE_NAME = String(tableNode.parameters.tableName);
const COLUMNS = (tableNode.parameters.columns as { column: Array<{ name: string; type: string }> }).column;
const COLUMN_NAMES = COLUMNS.map((column) => column.name);

const DATA_TABLE_WORKFLOWS = ['ledger-place-orders.json', 'ledger-react-to-completions.json', 'ledger-refills.json'];

interface ColumnMapper {
	value: IDataObject;
	schema: Array<{ id: string; type: string; removed?: boolean }>;
}
interface Condition {
	keyName: string;
	condition?: string;
	keyValue?: string;
}

function dataTableNodes(workflow: WorkflowJson): INode[] {
	return workflow.nodes.filter((node) => node.type === DATA_TABLE_TYPE);
}

/** A row as n8n's Data Table node outputs it: every column (null when never written), then the system columns. */
function tableRow(id: number, values: IDataObject): IDataObject {
	const unknown = Object.keys(values).filter((name) => !COLUMN_NAMES.includes(name));
	if (unknown.length > 0) throw new Error(`Not a column of ${TABLE_NAME}: ${unknown.join(', ')}`);
	const at = '2026-01-05T10:00:00.000Z';
	return { ...Object.fromEntries(COLUMN_NAMES.map((name) => [name, null])), ...values, id, createdAt: at, updatedAt: at };
}

/** What n8n's Webhook node (v2) outputs for a JSON POST. */
function webhookDelivery(body: IDataObject): IDataObject {
	return {
		headers: { 'content-type': 'application/json' },
		params: {},
		query: {},
		body,
		webhookUrl: 'https://n8n.example.com/webhook/smm-shop-order',
		executionMode: 'production',
	};
}

/** Runs the named nodes of a saved workflow on `items`, as the node before them would pass them in an active workflow. */
async function runOn(panel: Panel, workflow: WorkflowJson, nodeNames: string[], items: IDataObject[], mode: 'webhook' | 'trigger') {
	return await runWorkflow(partOf(workflow, nodeNames, { pinnedInput: items }), { credentials: panel.credentials, mode, triggerItems: items });
}

/** The items an If node passes on its true branch: it changes no item. */
function passing(items: IDataObject[], test: (item: IDataObject) => boolean): IDataObject[] {
	return items.filter(test);
}

describe('the Data Table ledger: one table, by name, shared by the workflows', () => {
	it(`${TABLE_NAME} is created once, and again changes nothing`, () => {
		expect(tableNode.parameters).toEqual(
			expect.objectContaining({ resource: 'table', operation: 'create', options: { createIfNotExists: true } }),
		);
		expect(COLUMNS.every((column) => column.type in MAPPER_TYPES)).toBe(true);
		expect(new Set(COLUMN_NAMES).size).toBe(COLUMN_NAMES.length);
	});

	it.each(DATA_TABLE_WORKFLOWS)('%s names the table, and uses only its columns, with their types', (file) => {
		const workflow = loadExample(file);
		expect(dataTableNodes(workflow).length).toBeGreaterThan(0);
		for (const node of dataTableNodes(workflow)) {
			expect({ node: node.name, table: node.parameters.dataTableId }).toEqual({ node: node.name, table: { __rl: true, mode: 'name', value: TABLE_NAME } });
			const conditions = ((node.parameters.filters as { conditions?: Condition[] } | undefined)?.conditions ?? []).map((condition) => condition.keyName);
			expect({ node: node.name, unknown: conditions.filter((name) => ![...COLUMN_NAMES, ...SYSTEM_COLUMNS].includes(name)) }).toEqual({ node: node.name, unknown: [] });
			const mapper = node.parameters.columns as ColumnMapper | undefined;
			if (mapper === undefined) continue;
			expect({ node: node.name, schema: mapper.schema.map(({ id, type }) => [id, type]) }).toEqual({
				node: node.name,
				schema: COLUMNS.map(({ name, type }) => [name, MAPPER_TYPES[type]]),
			});
			// What the node writes is what its mapper shows; the other columns are removed from it, so they are left as they are.
			const shown = mapper.schema.filter((column) => column.removed !== true).map((column) => column.id);
			expect({ node: node.name, writes: Object.keys(mapper.value).sort() }).toEqual({ node: node.name, writes: [...shown].sort() });
		}
	});

	it('every column is written by one of the workflows, and the SMM Panel nodes read columns', () => {
		const written = new Set<string>();
		for (const file of DATA_TABLE_WORKFLOWS) {
			const workflow = loadExample(file);
			for (const node of dataTableNodes(workflow)) Object.keys((node.parameters.columns as ColumnMapper | undefined)?.value ?? {}).forEach((name) => written.add(name));
			for (const node of workflow.nodes.filter((candidate) => candidate.parameters.idSource === 'field')) {
				const options = node.parameters.options as IDataObject;
				for (const field of [node.parameters.idField, options.previousStatusField].filter((value) => value !== undefined)) {
					expect({ node: node.name, field, isColumn: COLUMN_NAMES.includes(String(field)) }).toEqual({ node: node.name, field, isColumn: true });
				}
			}
		}
		expect([...written].sort()).toEqual([...COLUMN_NAMES].sort());
	});

	it('a new row is Pending and not final: what the completions workflow looks for and compares with', () => {
		const record = nodeNamed(loadExample('ledger-place-orders.json'), 'Record order');
		expect((record.parameters.columns as ColumnMapper).value).toEqual(expect.objectContaining({ status: 'Pending', final: false, refillOpen: false }));
		const openOrders = nodeNamed(loadExample('ledger-react-to-completions.json'), 'Open orders');
		expect((openOrders.parameters.filters as unknown as { conditions: Condition[] }).conditions).toEqual([{ keyName: 'final', condition: 'isFalse' }]);
		expect(nodeNamed(loadExample('ledger-react-to-completions.json'), 'Check statuses').parameters.options).toEqual({ onlyChanged: true, previousStatusField: 'status' });
	});
});

describe('running the ledger examples', () => {
	const panel = usePanel();
	const LINK = 'https://www.instagram.com/p/Shop1042/';

	describe.each([
		['ledger-place-orders.json', 'Data Table'],
		['ledger-sheets-place-orders.json', 'Google Sheets'],
	])('%s (its SMM Panel nodes, on webhook deliveries)', (file, store) => {
		const workflow = loadExample(file);
		const hasServiceDetails = workflow.nodes.some((node) => node.name === 'Service details');

		it(`places each shop order once, however often the shop delivers it, and records it in ${store}; a rejected one goes to the error output`, async () => {
			const order = webhookDelivery({ orderNumber: '1042-1', service: 1, link: LINK, quantity: 500 });
			const rejected = webhookDelivery({ orderNumber: '1043-1', service: 2, link: LINK, quantity: 5 });

			const first = await runOn(panel, workflow, ['Place order'], [order, rejected], 'webhook');
			const placed = jsonOf(first.items('Place order'));
			const failed = jsonOf(first.items('Place order', 1));
			expect(placed).toEqual([{ order: 1001, service: 1, link: LINK, quantity: 500 }]);
			expect(failed).toEqual([{ error: expect.stringContaining('below the minimum of 50') }]);
			expect(pairedIndexes(first.items('Place order', 1))).toEqual([1]);

			// The shop delivers the same order again (a retry, or the same delivery picked up twice).
			const again = await runOn(panel, workflow, ['Place order'], [order], 'webhook');
			const heldBack = jsonOf(again.items('Place order'));
			expect(heldBack).toEqual([expect.objectContaining({ skipped: true, reason: expect.stringContaining('Idempotency Key'), link: LINK })]);
			expect(panel.sim.count('add')).toBe(1);

			const samples: Record<string, IDataObject[]> = {
				'Shop order': [order, rejected],
				'Not recorded yet?': [order, rejected],
				'Place order': [...placed, ...heldBack, ...failed],
				'Placed?': passing([...placed, ...heldBack], (item) => item.skipped === undefined),
			};
			expect(samples['Placed?']).toEqual(placed);
			if (hasServiceDetails) {
				const details = await runOn(panel, workflow, ['Service details'], samples['Placed?'], 'webhook');
				samples['Service details'] = jsonOf(details.items('Service details'));
				expect(samples['Service details']).toEqual([expect.objectContaining({ service: 1, refill: true })]);
			}
			const checked = workflow.nodes.filter((node) => node.name !== 'Shop order').map((node) => node.name);
			expectReadsAvailable(workflow, checked, samples);
		});
	});

	describe('ledger-react-to-completions.json (its SMM Panel node, on the open rows)', () => {
		const workflow = loadExample('ledger-react-to-completions.json');

		it('outputs only the orders whose status moved since their row was written, and every field the nodes after it read', async () => {
			const { sim } = panel;
			const [done, partial] = [...sim.seedOrders(1, { link: LINK }), ...sim.seedOrders(1, { link: 'https://www.instagram.com/p/partial-1043/' })];
			const rowValues = (order: number, shopOrder: string, link: string): IDataObject => ({
				order,
				shopOrder,
				service: 1,
				link,
				quantity: 1000,
				status: 'Pending',
				final: false,
				refillable: true,
				refillOpen: false,
			});
			let rows = [tableRow(1, rowValues(done, '1042-1', LINK)), tableRow(2, rowValues(partial, '1043-1', 'https://www.instagram.com/p/partial-1043/')), tableRow(3, rowValues(987654, '1044-1', LINK))];
			const check = async () => jsonOf((await runOn(panel, workflow, ['Check statuses'], rows, 'trigger')).items('Check statuses'));
			/** What "Update order row" does to the rows: the columns it maps, from the changes. */
			const update = (changes: IDataObject[]): IDataObject[] =>
				rows.map((row) => {
					const change = changes.find((item) => item.order === row.order && item.error === undefined);
					if (change === undefined) return row;
					const { status, charge, currency, startCount, remains, final } = change;
					return { ...row, status, charge, currency, startCount, remains, final, finishedAt: final === true ? '2026-01-05T10:05:00.000Z' : null };
				});

			// Nothing moved yet: only the order the panel does not know comes out, and "Status read?" stops it.
			expect(await check()).toEqual([{ order: 987654, error: 'Incorrect order ID' }]);

			sim.advance(1);
			const started = await check();
			expect(started.map(({ order, status, previousStatus, final }) => ({ order, status, previousStatus, final }))).toEqual([
				{ order: done, status: 'In progress', previousStatus: 'Pending', final: false },
				{ order: partial, status: 'In progress', previousStatus: 'Pending', final: false },
				{ order: 987654, status: undefined, previousStatus: undefined, final: undefined },
			]);
			rows = update(started);
			expect((await check()).map((item) => item.order)).toEqual([987654]);

			sim.advance(5);
			const finished = await check();
			expect(finished.map(({ order, status, previousStatus, final }) => ({ order, status, previousStatus, final }))).toEqual([
				{ order: done, status: 'Completed', previousStatus: 'In progress', final: true },
				{ order: partial, status: 'Partial', previousStatus: 'In progress', final: true },
				{ order: 987654, status: undefined, previousStatus: undefined, final: undefined },
			]);
			rows = update(finished);
			expect(rows.filter((row) => row.final === false).map((row) => row.order)).toEqual([987654]);

			const read = passing(finished, (item) => item.error === undefined);
			const updated = rows.filter((row) => read.some((item) => item.order === row.order));
			const final = passing(updated, (row) => row.final === true);
			expectReadsAvailable(
				workflow,
				workflow.nodes.map((node) => node.name).filter((name) => name !== 'Every 5 minutes'),
				{
					'Open orders': rows,
					'Check statuses': finished,
					'Status read?': read,
					'Update order row': updated,
					'Finished?': final,
					'Completed?': final,
				},
			);
			expect([sim.count('status')]).toEqual([4]);
		});
	});

	describe('ledger-sheets-react-to-completions.json (its SMM Panel node, on the sheet\'s open rows)', () => {
		const workflow = loadExample('ledger-sheets-react-to-completions.json');

		it('compares with the sheet\'s "status" column, and the nodes after it find what they read', async () => {
			const { sim } = panel;
			const [order] = sim.seedOrders(1, { link: LINK });
			// What Google Sheets' "Get Row(s)" outputs: row_number, then a field per column header ('' when empty).
			const sheetRow: IDataObject = {
				row_number: 2,
				order,
				shopOrder: '1042-1',
				service: 1,
				link: LINK,
				quantity: 1000,
				status: 'Pending',
				charge: '',
				currency: '',
				startCount: '',
				remains: '',
				final: false,
				finishedAt: '',
			};
			const unknownRow = { ...sheetRow, row_number: 3, order: 987654, shopOrder: '1043-1' };
			const nodeNames = workflow.nodes.map((node) => node.name);
			const sheetColumns = (nodeNamed(workflow, 'Update order row').parameters.columns as ColumnMapper).schema.map((column) => column.id);
			expect(Object.keys(sheetRow).filter((key) => key !== 'row_number')).toEqual(sheetColumns);

			const unchanged = await runOn(panel, workflow, ['Check statuses'], [sheetRow, unknownRow], 'trigger');
			expect(jsonOf(unchanged.items('Check statuses'))).toEqual([{ order: 987654, error: 'Incorrect order ID' }]);
			sim.advance(6);
			const finished = jsonOf((await runOn(panel, workflow, ['Check statuses'], [sheetRow, unknownRow], 'trigger')).items('Check statuses'));
			expect(finished).toEqual([
				expect.objectContaining({ order, status: 'Completed', previousStatus: 'Pending', final: true }),
				{ order: 987654, error: 'Incorrect order ID' },
			]);

			const read = passing(finished, (item) => item.error === undefined);
			expectReadsAvailable(
				workflow,
				nodeNames.filter((name) => name !== 'Every 5 minutes'),
				{ 'Open orders': [sheetRow, unknownRow], 'Check statuses': finished, 'Status read?': read, 'Update order row': read, 'Finished?': read, 'Completed?': read },
			);
		});
	});

	describe('ledger-refills.json (its SMM Panel nodes, on the rows it selects)', () => {
		const workflow = loadExample('ledger-refills.json');

		it('asks for a refill of each finished row in one request, records it, then follows each refill until it finishes', async () => {
			const { sim } = panel;
			const [kept, rejected] = [...sim.seedOrders(1, { service: 1, status: 'Completed' }), ...sim.seedOrders(1, { service: 1, status: 'Completed', link: 'https://www.instagram.com/p/reject-1043/' })];
			const [busy] = sim.seedOrders(1, { service: 1, status: 'Pending' });
			const finishedRow = (id: number, order: number, link: string) =>
				tableRow(id, { order, shopOrder: `10${id}-1`, service: 1, link, quantity: 1000, status: 'Completed', final: true, finishedAt: '2026-01-04T10:00:00.000Z', refillable: true, refillOpen: false });
			// A row the table calls finished while the panel does not yet: the panel refuses its refill, the run goes on.
			const selected = [finishedRow(1, kept, LINK), finishedRow(2, rejected, 'https://www.instagram.com/p/reject-1043/'), finishedRow(3, busy, LINK)];

			const requested = await runOn(panel, workflow, ['Request refills'], selected, 'trigger');
			const refills = jsonOf(requested.items('Request refills'));
			expect(refills).toEqual([
				{ order: kept, refill: 501 },
				{ order: rejected, refill: 502 },
				{ order: busy, error: 'The order is not completed yet' },
			]);
			expect(pairedIndexes(requested.items('Request refills'))).toEqual([0, 1, 2]);
			expect(sim.count('refill')).toBe(1);

			// What "Record refills" writes: the new refill ID, Pending, open; a refusal keeps the row's refill and says why.
			let rows: IDataObject[] = selected.map((row, index) => {
				const item = refills[index];
				return item.refill !== undefined
					? { ...row, refill: item.refill, refillStatus: 'Pending', refillOpen: true }
					: { ...row, refillStatus: `Refused: ${String(item.error)}`, refillOpen: false };
			});
			// A row whose refill the panel does not know (e.g. one made on another panel): an item with "error", every time.
			const lost = tableRow(4, { order: 4711, shopOrder: '1004-1', service: 1, link: LINK, quantity: 1000, status: 'Completed', final: true, refillable: true, refill: 999, refillStatus: 'Pending', refillOpen: true });
			rows = [...rows, lost];
			const open = () => rows.filter((row) => row.refillOpen === true);
			const follow = async () => jsonOf((await runOn(panel, workflow, ['Check refills'], open(), 'trigger')).items('Check refills'));

			const notFound = { refill: 999, error: 'Refill not found' };
			expect(await follow()).toEqual([notFound]);
			sim.advance(1);
			const moved = await follow();
			expect(moved).toEqual([
				{ refill: 501, status: 'In progress', previousStatus: 'Pending', final: false },
				{ refill: 502, status: 'Rejected', previousStatus: 'Pending', final: true },
				notFound,
			]);
			const apply = (changes: IDataObject[]) => {
				rows = rows.map((row) => {
					const change = changes.find((item) => item.refill === row.refill && item.error === undefined);
					return change === undefined ? row : { ...row, refillStatus: change.status, refillOpen: change.final !== true };
				});
			};
			apply(moved);
			sim.advance(3);
			const completed = await follow();
			expect(completed).toEqual([{ refill: 501, status: 'Completed', previousStatus: 'In progress', final: true }, notFound]);
			apply(completed);
			expect(open()).toEqual([lost]);

			expectReadsAvailable(
				workflow,
				workflow.nodes.map((node) => node.name).filter((name) => !name.startsWith('Every ')),
				{
					'Refillable orders': selected,
					'Request refills': refills,
					'Open refills': rows,
					'Check refills': moved,
					'Refill status read?': passing(moved, (item) => item.error === undefined),
				},
			);
		});
	});
});
