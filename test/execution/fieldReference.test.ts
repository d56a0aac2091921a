/* eslint-disable @n8n/community-nodes/node-usable-as-tool -- test-only node type: runs in this repo's tests only; n8n never loads it */
/**
 * ID Source "Parameter" with a plain field reference (`{{ $json.order }}`) is read from each item
 * instead of through n8n's expression engine (execution/fieldReference.ts). These tests hold the
 * fast path to n8n's own result: the grammar it accepts, then a corpus of item values run through
 * n8n-core's WorkflowExecute twice, once with the reference (the fast path) and once with the same
 * reference in parentheses (`{{ ($json.order) }}`, the same JavaScript, outside the grammar, so
 * evaluated by n8n for every item), with identical items, errors, and requests to the panel.
 */
import { ExecuteContext } from 'n8n-core';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { fieldReferencePath } from '../../nodes/SmmPanel/execution/fieldReference';
import { registerNodeType, runWorkflow, smmPanelApiCredential, SMM_PANEL_NODE_TYPE, type WorkflowJson, type WorkflowRunResult } from '../engine/harness';
import { usePanel } from '../actions/helpers';

describe('fieldReferencePath: the grammar of the fast path', () => {
	it.each([
		['={{ $json.order }}', ['order']],
		['={{$json.order}}', ['order']],
		['={{ \t\n $json.order \n }}', ['order']],
		['={{ $json.data.orderId }}', ['data', 'orderId']],
		['={{ $json.data?.orderId }}', ['data', 'orderId']],
		['={{ $json["order"] }}', ['order']],
		["={{ $json['order id'] }}", ['order id']],
		['={{ $json["a.b"] }}', ['a.b']],
		['={{ $json.rows["0"].id }}', ['rows', '0', 'id']],
		['={{ $json._id2 }}', ['_id2']],
	])('%s reads %j', (value, path) => {
		expect(fieldReferencePath(value)).toEqual(path);
	});

	it.each([
		['a fixed value', '23501'],
		['no expression marker', '{{ $json.order }}'],
		['text before', '=order {{ $json.order }}'],
		['text after', '={{ $json.order }} '],
		['a space after =', '= {{ $json.order }}'],
		['two expressions', '={{ $json.a }}{{ $json.b }}'],
		['$json alone', '={{ $json }}'],
		['parentheses', '={{ ($json.order) }}'],
		['a method call', '={{ $json.order.toString() }}'],
		['an operator', '={{ $json.order + 1 }}'],
		['a default', '={{ $json.order ?? 1 }}'],
		['a numeric index', '={{ $json.orders[0] }}'],
		['a computed key', '={{ $json[key] }}'],
		['an escape in a key', '={{ $json["a\\"b"] }}'],
		['a brace in a key', '={{ $json["a}}b"] }}'],
		['a $ name', '={{ $json.$order }}'],
		['whitespace inside the path', '={{ $json .order }}'],
		['another item', '={{ $input.item.json.order }}'],
		['another node', "={{ $('Sheet').item.json.order }}"],
		['a refused name', '={{ $json.__proto__ }}'],
		['a refused name, quoted', '={{ $json["constructor"] }}'],
		['.constructor in a key', '={{ $json["a.constructor"] }}'],
		['not a string', 23501],
		['an array', ['={{ $json.order }}']],
	])('not %s: %j', (_, value) => {
		expect(fieldReferencePath(value)).toBeUndefined();
	});
});

/** Items whose values JSON cannot carry (dates, NaN, holes, class instances) come from a node, as a Code node's would. */
const CORPUS_SOURCE = 'test.fieldReferenceCorpus';
/** An item's JSON as a Code node can make it: any value, not only what IDataObject types. */
type CorpusItem = Record<string, unknown>;
let corpus: CorpusItem[] = [];

class CorpusSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Corpus',
		name: 'fieldReferenceCorpus',
		group: ['transform'],
		version: 1,
		description: 'Test-only: outputs the items of the current corpus',
		defaults: { name: 'Corpus' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [corpus.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }))];
	}
}

registerNodeType(CORPUS_SOURCE, () => new CorpusSource());

const panel = usePanel();

const NODE = 'SMM Panel';

async function getStatus(orderIds: string, continueOnFail: boolean): Promise<WorkflowRunResult> {
	const credential = smmPanelApiCredential({ url: panel.sim.url, apiKey: panel.sim.key });
	const parameters: INodeParameters = { resource: 'order', operation: 'getStatus', idSource: 'parameter', orderIds, options: { batchSize: 4 } };
	const workflow: WorkflowJson = {
		nodes: [
			{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'corpus', name: 'Corpus', type: CORPUS_SOURCE, typeVersion: 1, position: [200, 0], parameters: {} },
			{
				id: 'node',
				name: NODE,
				type: SMM_PANEL_NODE_TYPE,
				typeVersion: 1,
				position: [400, 0],
				parameters,
				credentials: credential.reference,
				...(continueOnFail && { onError: 'continueRegularOutput' as const }),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Corpus', type: 'main', index: 0 }]] },
			Corpus: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
	};
	return await runWorkflow(workflow, { credentials: { [credential.id]: credential } });
}

/** Everything a user or a later node can see of a run: items (with their errors' text), the node's error, the requests. */
function observed(result: WorkflowRunResult) {
	const task = result.runData[NODE]?.at(-1);
	const items = (task?.data?.main?.[0] ?? []).map((item) => ({
		json: item.json,
		pairedItem: item.pairedItem,
		error: item.error && { name: item.error.name, message: item.error.message, description: item.error.description },
	}));
	const error = task?.error && {
		name: task.error.name,
		message: task.error.message,
		description: task.error.description,
		itemIndex: (task.error as { context?: { itemIndex?: number } }).context?.itemIndex,
	};
	return { items, error, requests: panel.sim.requests.map((request) => request.rawBody) };
}

/** Runs the corpus with the reference and with its parenthesised twin; returns both observations and n8n's evaluations of each. */
async function bothPaths(reference: string, items: CorpusItem[], continueOnFail: boolean) {
	const contextPrototype = ExecuteContext.prototype as unknown as { _getNodeParameter: (name: string, ...rest: unknown[]) => unknown };
	const spy = jest.spyOn(contextPrototype, '_getNodeParameter');
	const evaluations = (): number => spy.mock.calls.filter(([name]) => name === 'orderIds').length;
	try {
		corpus = items;
		const twin = reference.replace(/^=\{\{\s*(.*?)\s*\}\}$/s, '={{ ($1) }}');
		expect(fieldReferencePath(reference)).toBeDefined();
		expect(fieldReferencePath(twin)).toBeUndefined();

		panel.sim.clearRequests();
		const fast = observed(await getStatus(reference, continueOnFail));
		const fastEvaluations = evaluations();
		spy.mockClear();
		panel.sim.clearRequests();
		const n8n = observed(await getStatus(twin, continueOnFail));
		return { fast, n8n, fastEvaluations, n8nEvaluations: evaluations() };
	} finally {
		spy.mockRestore();
	}
}

class Point {
	constructor(readonly id: number) {}
}

interface CorpusValue {
	label: string;
	value: unknown;
	/** Whether the ID parser accepts it. */
	valid: boolean;
	/** Whether the fast path reads it (else it leaves the item to n8n). */
	fast: boolean;
}

/** Values of the referenced field: IDs in every form users give them, and everything else that can be in an item. */
function valuesOf(ids: number[]): CorpusValue[] {
	const [a, b, c] = ids;
	const sparse: unknown[] = [];
	sparse[1] = a;
	const value = (label: string, value: unknown, valid: boolean, fast: boolean): CorpusValue => ({ label, value, valid, fast });
	return [
		value('an ID', a, true, true),
		value('an ID as text', String(b), true, true),
		value('padded text', ` ${c} `, true, true),
		value('a list', `${a}, ${b}\n${c};${a}`, true, true),
		value('an array', [a, String(b)], true, true),
		value('an unknown ID', 99_999_999, true, true),
		value('a plus sign', `+${a}`, true, true),
		value('leading zeros', `00${b}`, true, true),
		value('zero', 0, false, true),
		value('negative', -5, false, true),
		value('a fraction', 1.5, false, true),
		value('beyond safe integers', 2 ** 60, false, true),
		value('empty text', '', false, true),
		value('blank text', '  ', false, true),
		value('words', 'abc', false, true),
		value('digits and words', '12abc', false, true),
		value('other digits', '١٢٣', false, true),
		value('"null"', 'null', false, true),
		value('an empty array', [], false, true),
		value('an array of bad IDs', ['abc', 0], false, true),
		value('NaN', NaN, false, false),
		value('Infinity', Infinity, false, false),
		value('true', true, false, false),
		value('false', false, false, false),
		value('null', null, false, false),
		value('undefined', undefined, false, false),
		value('an array with null', [null], false, false),
		value('a nested array', [a, [b]], true, false),
		value('a sparse array', sparse, true, false),
		value('an array with an object', [a, { id: b }], false, false),
		value('an empty object', {}, false, false),
		value('an object', { id: a }, false, false),
		value('a date', new Date('2026-01-02T03:04:05Z'), false, false),
		value('a class instance', new Point(a), false, false),
	];
}

describe('ID Source Parameter with a field reference: the same as n8n evaluating it', () => {
	let ids: number[] = [];
	beforeAll(() => {
		ids = panel.sim.seedOrders(3);
	});

	const forms: Array<{ reference: string; put: (value: unknown) => CorpusItem; oddItems: CorpusItem[] }> = [
		{ reference: '={{ $json.order }}', put: (value) => ({ order: value }), oddItems: [{}, { Order: 1 }] },
		{ reference: '={{ $json["order"] }}', put: (value) => ({ order: value, other: 1 }), oddItems: [{ other: 1 }] },
		{
			reference: '={{ $json.data.orderId }}',
			put: (value) => ({ data: { orderId: value } }),
			oddItems: [{}, { data: null }, { data: 'text' }, { data: [1] }, { data: new Point(1) }, { 'data.orderId': 1 }],
		},
		{
			reference: '={{ $json.data?.orderId }}',
			put: (value) => ({ data: { orderId: value } }),
			oddItems: [{}, { data: null }, { data: 'text' }],
		},
		{ reference: '={{ $json["a.b"] }}', put: (value) => ({ 'a.b': value, a: { b: 1 } }), oddItems: [{ a: { b: 1 } }] },
		{ reference: '={{ $json.a.b }}', put: (value) => ({ a: { b: value }, 'a.b': 1 }), oddItems: [{ 'a.b': 1 }] },
		{ reference: "={{ $json['order id'] }}", put: (value) => ({ 'order id': value }), oddItems: [{ order: 1 }] },
	];

	it.each(forms)('$reference, under Continue On Fail: identical items, item errors and requests', async ({ reference, put, oddItems }) => {
		const values = valuesOf(ids);
		const items = [...values.map(({ value }) => put(value)), ...oddItems];
		const { fast, n8n, fastEvaluations, n8nEvaluations } = await bothPaths(reference, items, true);

		expect(fast).toEqual(n8n);
		// Not a vacuous match: IDs were asked for and read, bad values failed their items.
		expect(n8n.items.filter((item) => typeof item.json.status === 'string').length).toBeGreaterThan(0);
		expect(n8n.items.filter((item) => item.error !== undefined).length).toBe(values.filter(({ valid }) => !valid).length + oddItems.length);
		expect(n8n.requests.length).toBeGreaterThan(0);
		// The twin went through n8n for every item; the reference only for the values the fast path leaves to n8n.
		expect(n8nEvaluations).toBe(items.length);
		expect(fastEvaluations).toBe(values.filter(({ fast }) => !fast).length + oddItems.length);
	});

	it('reads IDs without any evaluation by n8n when every item has them', async () => {
		const items = [ids[0], String(ids[1]), `${ids[2]} ${ids[0]}`, [ids[1], ids[2]]].map((order) => ({ order }));
		const { fast, n8n, fastEvaluations } = await bothPaths('={{ $json.order }}', items, false);

		expect(fast).toEqual(n8n);
		expect(fastEvaluations).toBe(0);
		expect(fast.items.map((item) => [item.pairedItem, item.json.order])).toEqual([
			[{ item: 0 }, ids[0]],
			[{ item: 1 }, ids[1]],
			[{ item: 2 }, ids[2]],
			[{ item: 2 }, ids[0]],
			[{ item: 3 }, ids[1]],
			[{ item: 3 }, ids[2]],
		]);
	});

	it.each(valuesOf([1, 2, 3]).filter(({ valid }) => !valid))(
		'without Continue On Fail, $label fails the node with the same error',
		async ({ value }) => {
			const items = [{ order: ids[0] }, { order: value }, { order: ids[1] }];
			const { fast, n8n } = await bothPaths('={{ $json.order }}', items, false);

			expect(fast).toEqual(n8n);
			expect(n8n.error?.itemIndex).toBe(1);
			expect(n8n.requests).toEqual([]);
		},
	);
});
