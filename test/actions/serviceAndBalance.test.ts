/**
 * Service > Get / Get Many, Balance > Get and the service list search, over real HTTP.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INode } from 'n8n-workflow';

import { searchServices, serviceListItem } from '../../nodes/SmmPanel/methods/listSearch';
import { buildAdditionalData, buildWorkflow } from '../engine/engine';
import { InMemoryCredentialsHelper, smmPanelApiCredential, SMM_PANEL_NODE_TYPE } from '../engine/harness';
import { SERVICE_CATALOGUE } from '../simulator';
import { byId, formPairs, fromList, requestsFor, TEST_KEY, usePanel } from './helpers';

const panel = usePanel();

describe('Service > Get Many', () => {
	it('returns every service with fixed field names, numbers as numbers and booleans as booleans', async () => {
		const { sim } = panel;
		const run = await panel.run({ resource: 'service', operation: 'getAll', returnAll: true });
		const items = run.items();
		expect(items).toHaveLength(SERVICE_CATALOGUE.length);
		expect(items[0]).toEqual({
			json: {
				service: 1,
				name: 'Instagram Followers [Refill 30D] [Max 100K]',
				type: 'Default',
				category: 'Instagram Followers',
				rate: 0.9,
				min: 10,
				max: 100000,
				refill: true,
				cancel: true,
				dripfeed: true,
				description: 'Start 0-1 hour, speed 10K/day, 30-day refill button.',
			},
			pairedItem: { item: 0 },
		});
		expect(items[1].json).not.toHaveProperty('description');
		expect(formPairs(requestsFor(sim, 'services')[0])).toEqual([['action', 'services'], ['key', TEST_KEY]]);
	});

	it('returns up to Limit services', async () => {
		const run = await panel.run({ resource: 'service', operation: 'getAll', returnAll: false, limit: 5 });
		expect(run.items().map((item) => item.json.service)).toEqual([1, 2, 3, 4, 5]);
	});

	it.each([
		[{ category: 'instagram likes' }, [3, 4]],
		// Type options (valued as the reference spells the types)...
		[{ type: 'Web Traffic' }, [24]],
		[{ type: 'Mentions with Hashtags' }, [14]],
		[{ type: 'Package' }, [9]],
		// ... and free text saved before Type was a list, in panels' spellings.
		[{ type: 'Website Traffic' }, [24]],
		[{ type: 'custom comments' }, [11]],
		[{ type: 'Mentions Users Followers' }, [17]],
		[{ search: 'followers 30d' }, [1]],
		[{ search: 'followers refill' }, [1, 2]],
		[{ search: 'tiktok', category: 'TikTok', type: 'default' }, [6, 7]],
		[{ search: 'no such service' }, []],
	])('filters by %j', async (filters, expected) => {
		const run = await panel.run({ resource: 'service', operation: 'getAll', returnAll: true, filters });
		expect(run.items().map((item) => item.json.service)).toEqual(expected);
	});

	it('fetches the list once for many items, and pairs each item\'s services with it', async () => {
		const { sim } = panel;
		const run = await panel.run(
			{ resource: 'service', operation: 'getAll', returnAll: true, filters: { category: '={{ $json.category }}' } },
			{ input: [{ category: 'TikTok' }, { category: 'Telegram' }] },
		);
		expect(sim.count('services')).toBe(1);
		expect(run.items().map((item) => [item.pairedItem, item.json.service])).toEqual([
			[{ item: 0 }, 6],
			[{ item: 0 }, 7],
			[{ item: 1 }, 22],
		]);
	});

	it('adds each service as the panel sent it with Include Raw Response', async () => {
		const run = await panel.run({ resource: 'service', operation: 'getAll', limit: 1, options: { includeRaw: true } });
		expect(run.items()[0].json.raw).toEqual(expect.objectContaining({ service: 1, rate: '0.90', min: '10', max: '100000' }));
	});
});

describe('Service > Get', () => {
	it('gets a service by ID or from the list, with one services request for all items', async () => {
		const { sim } = panel;
		const run = await panel.run({ resource: 'service', operation: 'get', service: byId('={{ $json.id }}') }, { input: [{ id: 5 }, { id: 23 }] });
		expect(run.items().map((item) => [item.pairedItem, item.json.service, item.json.type])).toEqual([
			[{ item: 0 }, 5, 'Default'],
			[{ item: 1 }, 23, 'Subscriptions'],
		]);
		expect(sim.count('services')).toBe(1);

		const picked = await panel.run({ resource: 'service', operation: 'get', service: fromList(9) });
		expect(picked.items()[0].json).toMatchObject({ service: 9, type: 'Package', rate: 12, min: 1, max: 1 });
	});

	it('fails an unknown service with its item, or outputs an error item under Continue On Fail', async () => {
		const failed = await panel.run({ resource: 'service', operation: 'get', service: byId(999) });
		expect(failed.error()?.message).toBe('Item 0: service 999 does not exist on the panel');

		const continued = await panel.run(
			{ resource: 'service', operation: 'get', service: byId('={{ $json.id }}') },
			{ input: [{ id: 999 }, { id: 1 }, { id: 'x' }], continueOnFail: true },
		);
		expect(continued.items()).toEqual([
			{ json: { error: 'Item 0: service 999 does not exist on the panel' }, pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ service: 1 }), pairedItem: { item: 1 } },
			{ json: { error: 'Item 2: "x" is not a service ID' }, pairedItem: { item: 2 } },
		]);
	});

	it('fails every item with the same error, after one attempt per request, when the list cannot be read', async () => {
		const { sim } = panel;
		sim.injectFault({ kind: 'error200', action: 'services', message: 'Invalid API key', times: Infinity });
		const run = await panel.run(
			{ resource: 'service', operation: 'get', service: byId('={{ $json.id }}') },
			{ input: [{ id: 1 }, { id: 2 }], continueOnFail: true },
		);
		expect(run.items()).toEqual([
			{ json: { error: 'The panel returned an error: Invalid API key' }, pairedItem: { item: 0 } },
			{ json: { error: 'The panel returned an error: Invalid API key' }, pairedItem: { item: 1 } },
		]);
		expect(sim.count('services')).toBe(1);
	});
});

describe('Balance > Get', () => {
	it('outputs { balance, currency } for every item from one request', async () => {
		const { sim } = panel;
		sim.setBalance(123.45678);
		const run = await panel.run({ resource: 'balance', operation: 'get', options: { includeRaw: true } }, { input: [{}, {}, {}] });
		expect(sim.count('balance')).toBe(1);
		expect(run.items()).toEqual(
			[0, 1, 2].map((item) => ({
				json: { balance: 123.45678, currency: 'USD', raw: { balance: '123.45678', currency: 'USD' } },
				pairedItem: { item },
			})),
		);
	});

	it('explains a rejected key without showing it', async () => {
		const { sim } = panel;
		const { runNode } = await import('../engine/harness');
		const run = await runNode({
			type: SMM_PANEL_NODE_TYPE,
			parameters: { resource: 'balance', operation: 'get' },
			credentials: smmPanelApiCredential({ url: sim.url, apiKey: 'wrong-key-5d1e' }),
		});
		expect(run.error()?.message).toBe('The panel returned an error: Invalid API key');
		expect(run.error()?.description).toContain('Check the API key');
		expect(JSON.stringify(run.error())).not.toContain('wrong-key-5d1e');
	});
});

describe('Service list search (From List)', () => {
	async function search(filter?: string) {
		const { sim } = panel;
		const credential = smmPanelApiCredential({ url: sim.url, apiKey: sim.key });
		const node: INode = {
			id: 'smm',
			name: 'SMM Panel',
			type: SMM_PANEL_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'order', operation: 'create' },
			credentials: credential.reference,
		};
		const workflow = buildWorkflow({ nodes: [node], connections: {} }, { active: false, withPinData: false });
		const credentialsHelper = new InMemoryCredentialsHelper({ [credential.id]: credential });
		const context = new LoadOptionsContext(workflow, node, buildAdditionalData({ workflow, credentialsHelper }), 'parameters.service');
		return await searchServices.call(context, filter);
	}

	it('lists every service, short facts first: ID, price, quantity range, the Order Type to choose, then the name', async () => {
		const { results } = await search();
		expect(results).toHaveLength(SERVICE_CATALOGUE.length);
		expect(results[0]).toEqual({
			name: '#1 · 0.9 per 1K · 10–100K · Default · Instagram Followers [Refill 30D] [Max 100K]',
			value: '1',
			description: 'Instagram Followers · Default',
		});
		const names = new Map(results.map((entry) => [entry.value, entry.name]));
		// A package's rate is its price, and a package takes no quantity.
		expect(names.get('9')).toBe('#9 · 12 per package · Package · Instagram Starter Package (1K followers + 5 x 500 likes)');
		// Custom Comments Package: priced per package; the range is the number of comments.
		expect(names.get('12')).toMatch(/^#12 · 4 per package · 1–100 · Custom Comments Package · /);
		expect(names.get('7')).toMatch(/^#7 · 0\.045 per 1K · 100–10M · Default · /);
		// The type as the Order Type option names it, whatever the panel's spelling ("Mentions with Hashtags").
		expect(names.get('14')).toMatch(/^#14 · 8 per 1K · 100–50K · Mentions With Hashtags · /);
		expect(names.get('22')).toMatch(/^#22 · 9 per 1K · 100–20K · Invites From Groups · /);
		expect(names.get('23')).toMatch(/^#23 · 0\.3 per 1K · 50–10K · Subscriptions · /);
	});

	it('keeps numbers exact and a type it does not know as the panel names it', () => {
		const service = { service: 31, name: 'Custom thing', type: 'Story Reactions', category: 'Other', rate: 1.25, min: 2500, max: 12345, refill: false, cancel: false };
		expect(serviceListItem(service).name).toBe('#31 · 1.25 per 1K · 2.5K–12,345 · Story Reactions · Custom thing');
		expect(serviceListItem({ ...service, type: '' }).name).toBe('#31 · 1.25 per 1K · 2.5K–12,345 · Default · Custom thing');
	});

	it('searches by name and category, every word', async () => {
		expect((await search('telegram')).results.map((entry) => entry.value)).toEqual(['22']);
		expect((await search('instagram LIKES')).results.map((entry) => entry.value)).toEqual(['3', '4', '9', '19', '23']);
		expect((await search('likes refill')).results.map((entry) => entry.value)).toEqual(['3']);
		expect((await search('comments package')).results.map((entry) => entry.value)).toEqual(['12']);
	});
});
