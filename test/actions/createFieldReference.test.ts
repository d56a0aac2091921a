/**
 * Order > Create reads a service, link, quantity, comments or Idempotency Key that is a plain field
 * reference (`{{ $json.link }}`, what mapping a sheet's column gives) from each item instead of
 * through n8n's expression engine (execution/fieldReference.ts). Held to n8n's own result: the same
 * rows, placed once with the references and once with their parenthesised twins (`{{ ($json.link) }}`,
 * the same JavaScript, evaluated by n8n for every item), on two fresh panels, must send the same
 * orders and give the same items and errors.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fieldReferencePath } from '../../nodes/SmmPanel/execution/fieldReference';
import { serviceLocator } from '../../nodes/SmmPanel/descriptions/serviceLocator';
import { deduplicationStore } from '../engine/harness';
import { usePanel, type NodeRun, type Panel } from './helpers';

const fastPanel = usePanel({ balance: 1e6 });
const twinPanel = usePanel({ balance: 1e6 });

const READ_PARAMETERS = ['service', 'link', 'quantity', 'comments', 'idempotencyKey'];

function twinOf(reference: string): string {
	const twin = reference.replace(/^=\{\{\s*(.*?)\s*\}\}$/s, '={{ ($1) }}');
	expect(fieldReferencePath(reference)).toBeDefined();
	expect(fieldReferencePath(twin)).toBeUndefined();
	return twin;
}

function createParameters(orderType: string, references: Record<string, string>): INodeParameters {
	const { service, ...fields } = references;
	return {
		resource: 'order',
		operation: 'create',
		orderType,
		service: { __rl: true, mode: 'id', value: service },
		...fields,
		duplicateGuard: 'idempotencyKey',
		options: { validateBeforeOrdering: true },
	};
}

/** What a user or a later node can see of a run: items (an item's error is in its JSON), the node's error, the orders sent. */
function observed(run: NodeRun, panel: Panel) {
	const items = run.items().map((item) => ({ json: item.json, pairedItem: item.pairedItem }));
	const error = run.error();
	return {
		items,
		error: error && { message: error.message, description: error.description },
		orders: panel.sim.requests.filter((request) => request.form.action === 'add').map((request) => request.rawBody),
	};
}

/** Runs the rows with the references on one panel and with their twins on the other; counts n8n's evaluations of each. */
async function bothPaths(orderType: string, references: Record<string, string>, rows: IDataObject[], continueOnFail: boolean) {
	const contextPrototype = ExecuteContext.prototype as unknown as { _getNodeParameter: (name: string, ...rest: unknown[]) => unknown };
	const spy = jest.spyOn(contextPrototype, '_getNodeParameter');
	const evaluations = (): number => spy.mock.calls.filter(([name]) => READ_PARAMETERS.includes(String(name))).length;
	const twins = Object.fromEntries(Object.entries(references).map(([name, reference]) => [name, twinOf(reference)]));
	try {
		const fast = observed(await fastPanel.run(createParameters(orderType, references), { input: rows, continueOnFail }), fastPanel);
		const fastEvaluations = evaluations();
		spy.mockClear();
		// The twin run's Idempotency Keys are the same keys: n8n's database starts as new for it.
		deduplicationStore().reset();
		const twin = observed(await twinPanel.run(createParameters(orderType, twins), { input: rows, continueOnFail }), twinPanel);
		return { fast, twin, fastEvaluations, twinEvaluations: evaluations() };
	} finally {
		spy.mockRestore();
	}
}

/** Values a mapped column can hold, good and bad, each in a row of its own (the other columns valid). */
const ODD_VALUES: unknown[] = ['', '  ', 'abc', '1,5', ' 200 ', '1e3', 0, -5, 1.5, null, true, [], [100], {}, { n: 1 }];

describe('Order > Create with mapped fields: the same orders as n8n evaluating them', () => {
	const references = {
		service: '={{ $json.service }}',
		link: '={{ $json.link }}',
		quantity: '={{ $json.quantity }}',
		idempotencyKey: '={{ $json.key }}',
	};
	const row = (index: number, overrides: IDataObject = {}): IDataObject => ({
		service: index % 2 === 0 ? 1 : '2',
		link: `https://www.instagram.com/shop_${index}/`,
		quantity: index % 3 === 0 ? String(100 + index) : 100 + index,
		key: `row-${index}`,
		...overrides,
	});

	it('reads every mapped value from the items: no evaluation by n8n, the same orders', async () => {
		const rows = Array.from({ length: 6 }, (_, index) => row(index));
		const { fast, twin, fastEvaluations, twinEvaluations } = await bothPaths('default', references, rows, false);

		expect(fast).toEqual(twin);
		expect(fast.orders).toHaveLength(6);
		expect(fast.items.map((item) => item.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
		expect(fastEvaluations).toBe(0);
		expect(twinEvaluations).toBe(rows.length * 4);
	});

	it.each(['service', 'link', 'quantity', 'key'])('odd values of %s, under Continue On Fail: identical items, errors and orders', async (column) => {
		const rows = [row(0), ...ODD_VALUES.map((value, index) => row(index + 1, { [column]: value as IDataObject[string] })), row(99)];
		rows.push({ service: 1, link: 'https://www.instagram.com/no_key/', quantity: 100 });
		const { fast, twin, fastEvaluations, twinEvaluations } = await bothPaths('default', references, rows, true);

		expect(fast).toEqual(twin);
		// Not a vacuous match: good rows were ordered, bad values failed their rows.
		expect(fast.orders.length).toBeGreaterThanOrEqual(2);
		expect(fast.items.filter((item) => item.json.error !== undefined).length).toBeGreaterThan(0);
		// n8n evaluated the twins for every row (a row stops at its first bad value); the fast path left it only the odd values.
		expect(twinEvaluations).toBeGreaterThanOrEqual(rows.length);
		expect(fastEvaluations).toBeLessThan(twinEvaluations / 2);
	});

	it('comments from a mapped array or text: the same order', async () => {
		const commentReferences = { service: '={{ $json.service }}', link: '={{ $json.link }}', comments: '={{ $json.comments }}' };
		const rows: IDataObject[] = [
			{ service: 11, link: 'https://www.instagram.com/p/a/', comments: ['Nice!', ' Great ', '', 'Wow'].concat(['one', 'two']) },
			{ service: 11, link: 'https://www.instagram.com/p/b/', comments: 'First\nSecond\n\nThird\nFourth\nFifth' },
			{ service: 11, link: 'https://www.instagram.com/p/c/', comments: [1, 2, 3, 4, 5] },
			{ service: 11, link: 'https://www.instagram.com/p/d/', comments: null },
		];
		const parameters = (refs: Record<string, string>): INodeParameters => ({ ...createParameters('customComments', refs), duplicateGuard: 'off' });
		const fast = observed(await fastPanel.run(parameters(commentReferences), { input: rows, continueOnFail: true }), fastPanel);
		const twins = Object.fromEntries(Object.entries(commentReferences).map(([name, reference]) => [name, twinOf(reference)]));
		const twin = observed(await twinPanel.run(parameters(twins), { input: rows, continueOnFail: true }), twinPanel);

		expect(fast).toEqual(twin);
		expect(fast.orders).toHaveLength(3);
		expect(fast.items[3].json.error).toBeDefined();
	});

	it("reads a service locator's value as n8n's extractValue does: none of its modes has an extraction rule", () => {
		for (const mode of serviceLocator('').modes ?? []) expect('extractValue' in mode && mode.extractValue).toBeFalsy();
	});
});
