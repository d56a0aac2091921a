/**
 * Order > Create → Extra Fields against PHP panels. PHP cuts a field name at a NUL byte, drops
 * leading spaces, reads spaces and dots as "_" and "[" as an array (the simulator parses names the
 * same way, see its phpFieldName): `service\0=3` would order service 3 where service 1 was
 * validated. Such names are refused before any request; a field that replaces one Validate
 * Before Ordering checks is checked as it is sent.
 */
import type { INodeParameters } from 'n8n-workflow';

import { byId, formPairs, requestsFor, TEST_KEY, usePanel } from '../actions/helpers';

const panel = usePanel();

function order(extra: Array<{ name: string; value: string }>, parameters: INodeParameters = {}): INodeParameters {
	return {
		resource: 'order',
		operation: 'create',
		service: byId(1),
		orderType: 'default',
		link: 'https://www.instagram.com/acme/',
		quantity: 100,
		extraFields: { field: extra },
		...parameters,
	};
}

describe('names PHP would read as another field are refused before any request', () => {
	it.each([
		['service\u0000', '3'],
		['quantity\u0000', '999999'],
		['action\u0000', 'cancel'],
		['key\u0000x', 'x'],
		['quantity[]', '999999'],
		['service[0]', '3'],
		['link\u001f', 'https://other.example/'],
		['quantity\u007f', '5'],
	])('%j', async (name, value) => {
		for (const validateBeforeOrdering of [true, false]) {
			const run = await panel.run(order([{ name, value }], { options: { validateBeforeOrdering } }));
			expect(run.error()?.message).toBe(`Item 0: the extra field name ${JSON.stringify(name)} is not allowed: it contains a control character or a bracket`);
			expect(run.error()?.description).toContain('PHP panels cut a field name at a NUL byte');
			expect(panel.sim.requests).toHaveLength(0);
		}
	});

	it.each([
		['action.', 'action_'],
		['answer.number', 'answer_number'],
		['my field', 'my_field'],
	])('%j, which a PHP panel reads as %j', async (name, phpName) => {
		const run = await panel.run(order([{ name, value: '1' }]));
		expect(run.error()?.message).toBe(`Item 0: the extra field name ${JSON.stringify(name)} would reach the panel as "${phpName}"`);
		expect(run.error()?.description).toContain(`Name the field "${phpName}"`);
		expect(panel.sim.requests).toHaveLength(0);
	});

	it('the fields the node sets, whatever the case', async () => {
		for (const name of ['service', 'Action', ' key ']) {
			const run = await panel.run(order([{ name, value: '3' }]));
			expect(run.error()?.message).toBe(`Item 0: the extra field "${name.trim()}" is not allowed`);
		}
		expect(panel.sim.requests).toHaveLength(0);
	});

	it('a name of letters, digits, "_" and "-" is sent as it is', async () => {
		const run = await panel.run(order([{ name: 'comments_type-2', value: 'positive' }]));
		expect(run.error()).toBeUndefined();
		expect(formPairs(requestsFor(panel.sim, 'add')[0])).toEqual([
			['action', 'add'],
			['service', '1'],
			['link', 'https://www.instagram.com/acme/'],
			['quantity', '100'],
			['comments_type-2', 'positive'],
			['key', TEST_KEY],
		]);
	});
});

describe('an extra field that replaces a validated field does not bypass Validate Before Ordering', () => {
	it('quantity', async () => {
		const run = await panel.run(order([{ name: 'quantity', value: '999999' }]));
		expect(run.error()?.message).toBe('Item 0: Quantity 999999 is above the maximum of 100000 for service 1 ("Instagram Followers [Refill 30D] [Max 100K]"). No order was placed.');
		expect(requestsFor(panel.sim, 'add')).toHaveLength(0);
	});

	it('runs and interval turn drip-feed on, and are checked as drip-feed', async () => {
		const noDripFeed = await panel.run(order([{ name: 'runs', value: '5' }, { name: 'interval', value: '10' }], { service: byId(2) }));
		expect(noDripFeed.error()?.message).toMatch(/^Item 0: service 2 \(".+"\) does not allow drip-feed\. No order was placed\.$/);

		const zeroRuns = await panel.run(order([{ name: 'runs', value: '0' }], { dripFeed: true, runs: 5, interval: 10 }));
		expect(zeroRuns.error()?.message).toBe('Item 0: Drip-feed needs whole numbers of at least 1 for Runs and Interval (got 0 and 10). No order was placed.');
		expect(requestsFor(panel.sim, 'add')).toHaveLength(0);
	});

	it('a list field is sent as the node sends lists, so the lines counted are the lines sent', async () => {
		const run = await panel.run({
			resource: 'order',
			operation: 'create',
			service: byId(11),
			orderType: 'customComments',
			link: 'https://www.instagram.com/p/abc/',
			comments: 'One\nTwo\nThree\nFour\nFive',
			extraFields: { field: [{ name: 'comments', value: '\n\nA\r\n\nB\n\n\n' }] },
		});
		expect(run.error()?.message).toMatch(/^Item 0: The 2 lines of "Comments" \(one entry per line\) are below the minimum of 5/);
		expect(requestsFor(panel.sim, 'add')).toHaveLength(0);

		const valid = await panel.run({
			resource: 'order',
			operation: 'create',
			service: byId(11),
			orderType: 'customComments',
			link: 'https://www.instagram.com/p/abc/',
			comments: 'x',
			extraFields: { field: [{ name: 'comments', value: 'A\r\n\nB\nC\n\nD\nE\n' }] },
		});
		expect(valid.error()).toBeUndefined();
		expect(requestsFor(panel.sim, 'add')[0].form.comments).toBe('A\nB\nC\nD\nE');
		expect(panel.sim.getOrder(valid.items()[0].json.order as number)?.quantity).toBe(5);
	});
});
