/**
 * Order > Create over real HTTP: the exact form of every order type, validation that stops bad
 * orders before any `add`, Continue On Fail, and that `add` is never sent twice.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, encodedBody, formPairs, fromList, requestsFor, TEST_KEY, usePanel, visibleText } from './helpers';

const panel = usePanel();

const COMMENTS = ['Great post!', 'Love this', 'So true', 'Amazing shot', 'Wow'];

interface TypeCase {
	title: string;
	parameters: INodeParameters;
	/** The form after `action=add` and before `key`, exactly as sent. */
	form: Array<[string, string]>;
	/** The output besides `order`. */
	output: IDataObject;
}

const TYPE_CASES: TypeCase[] = [
	{
		title: 'default',
		parameters: { service: fromList(1), orderType: 'default', link: 'https://www.instagram.com/acme/', quantity: 1000 },
		form: [['service', '1'], ['link', 'https://www.instagram.com/acme/'], ['quantity', '1000']],
		output: { service: 1, link: 'https://www.instagram.com/acme/', quantity: 1000 },
	},
	{
		title: 'default with drip-feed',
		parameters: { service: byId(1), orderType: 'default', link: 'https://www.instagram.com/acme/', quantity: 100, dripFeed: true, runs: 5, interval: 30 },
		form: [['service', '1'], ['link', 'https://www.instagram.com/acme/'], ['quantity', '100'], ['runs', '5'], ['interval', '30']],
		output: { service: 1, link: 'https://www.instagram.com/acme/', quantity: 100, runs: 5, interval: 30 },
	},
	{
		title: 'package',
		parameters: { service: byId(9), orderType: 'package', link: 'https://www.instagram.com/acme/' },
		form: [['service', '9'], ['link', 'https://www.instagram.com/acme/']],
		output: { service: 9, link: 'https://www.instagram.com/acme/' },
	},
	{
		title: 'seo',
		parameters: { service: byId(10), orderType: 'seo', link: 'https://shop.example/', quantity: 500, keywords: 'running shoes\nbest sneakers' },
		form: [['service', '10'], ['link', 'https://shop.example/'], ['quantity', '500'], ['keywords', 'running shoes\nbest sneakers']],
		output: { service: 10, link: 'https://shop.example/', quantity: 500, keywords: 'running shoes\nbest sneakers' },
	},
	{
		title: 'customComments (lines trimmed, blank lines and \\r dropped)',
		parameters: { service: byId(11), orderType: 'customComments', link: 'https://www.instagram.com/p/abc/', comments: ` ${COMMENTS.join('\r\n')}\n\n` },
		form: [['service', '11'], ['link', 'https://www.instagram.com/p/abc/'], ['comments', COMMENTS.join('\n')]],
		output: { service: 11, link: 'https://www.instagram.com/p/abc/', comments: COMMENTS.join('\n') },
	},
	{
		title: 'customCommentsPackage',
		parameters: { service: byId(12), orderType: 'customCommentsPackage', link: 'https://www.instagram.com/p/abc/', comments: 'One\nTwo' },
		form: [['service', '12'], ['link', 'https://www.instagram.com/p/abc/'], ['comments', 'One\nTwo']],
		output: { service: 12, link: 'https://www.instagram.com/p/abc/', comments: 'One\nTwo' },
	},
	{
		title: 'mentions',
		parameters: { service: byId(13), orderType: 'mentions', link: 'https://www.instagram.com/p/abc/', quantity: 200, usernames: 'natgeo\nnasa' },
		form: [['service', '13'], ['link', 'https://www.instagram.com/p/abc/'], ['quantity', '200'], ['usernames', 'natgeo\nnasa']],
		output: { service: 13, link: 'https://www.instagram.com/p/abc/', quantity: 200, usernames: 'natgeo\nnasa' },
	},
	{
		title: 'mentionsWithHashtags',
		parameters: {
			service: byId(14),
			orderType: 'mentionsWithHashtags',
			link: 'https://www.instagram.com/p/abc/',
			quantity: 300,
			usernames: 'natgeo\nnasa',
			hashtags: '#space\n#earth',
		},
		form: [['service', '14'], ['link', 'https://www.instagram.com/p/abc/'], ['quantity', '300'], ['usernames', 'natgeo\nnasa'], ['hashtags', '#space\n#earth']],
		output: { service: 14, link: 'https://www.instagram.com/p/abc/', quantity: 300, usernames: 'natgeo\nnasa', hashtags: '#space\n#earth' },
	},
	{
		title: 'mentionsCustomList (an array from an expression)',
		parameters: {
			service: byId(15),
			orderType: 'mentionsCustomList',
			link: 'https://www.instagram.com/p/abc/',
			usernames: '={{ ["user1","user2","user3","user4","user5","user6","user7","user8","user9","user10"] }}',
		},
		form: [['service', '15'], ['link', 'https://www.instagram.com/p/abc/'], ['usernames', Array.from({ length: 10 }, (_, i) => `user${i + 1}`).join('\n')]],
		output: { service: 15, link: 'https://www.instagram.com/p/abc/', usernames: Array.from({ length: 10 }, (_, i) => `user${i + 1}`).join('\n') },
	},
	{
		title: 'mentionsHashtag',
		parameters: { service: byId(16), orderType: 'mentionsHashtag', link: 'https://www.instagram.com/p/abc/', quantity: 150, hashtag: '#travel' },
		form: [['service', '16'], ['link', 'https://www.instagram.com/p/abc/'], ['quantity', '150'], ['hashtag', '#travel']],
		output: { service: 16, link: 'https://www.instagram.com/p/abc/', quantity: 150, hashtag: '#travel' },
	},
	{
		title: 'mentionsUserFollowers',
		parameters: { service: byId(17), orderType: 'mentionsUserFollowers', link: 'https://www.instagram.com/p/abc/', quantity: 150, username: 'natgeo' },
		form: [['service', '17'], ['link', 'https://www.instagram.com/p/abc/'], ['quantity', '150'], ['username', 'natgeo']],
		output: { service: 17, link: 'https://www.instagram.com/p/abc/', quantity: 150, username: 'natgeo' },
	},
	{
		title: 'mentionsMediaLikers',
		parameters: {
			service: byId(18),
			orderType: 'mentionsMediaLikers',
			link: 'https://www.instagram.com/p/abc/',
			quantity: 150,
			media: 'https://www.instagram.com/p/xyz/',
		},
		form: [['service', '18'], ['link', 'https://www.instagram.com/p/abc/'], ['quantity', '150'], ['media', 'https://www.instagram.com/p/xyz/']],
		output: { service: 18, link: 'https://www.instagram.com/p/abc/', quantity: 150, media: 'https://www.instagram.com/p/xyz/' },
	},
	{
		title: 'commentLikes',
		parameters: { service: byId(19), orderType: 'commentLikes', link: 'https://www.instagram.com/p/abc/', quantity: 50, username: 'commenter' },
		form: [['service', '19'], ['link', 'https://www.instagram.com/p/abc/'], ['quantity', '50'], ['username', 'commenter']],
		output: { service: 19, link: 'https://www.instagram.com/p/abc/', quantity: 50, username: 'commenter' },
	},
	{
		title: 'commentReplies',
		parameters: { service: byId(20), orderType: 'commentReplies', link: 'https://www.instagram.com/p/abc/', username: 'commenter', comments: 'Agreed\nSame here' },
		form: [['service', '20'], ['link', 'https://www.instagram.com/p/abc/'], ['comments', 'Agreed\nSame here'], ['username', 'commenter']],
		output: { service: 20, link: 'https://www.instagram.com/p/abc/', comments: 'Agreed\nSame here', username: 'commenter' },
	},
	{
		title: 'poll',
		parameters: { service: byId(21), orderType: 'poll', link: 'https://www.instagram.com/stories/acme/1/', quantity: 100, answerNumber: 2 },
		form: [['service', '21'], ['link', 'https://www.instagram.com/stories/acme/1/'], ['quantity', '100'], ['answer_number', '2']],
		output: { service: 21, link: 'https://www.instagram.com/stories/acme/1/', quantity: 100, answer_number: 2 },
	},
	{
		title: 'invitesFromGroups',
		parameters: { service: byId(22), orderType: 'invitesFromGroups', link: 'https://t.me/acme', quantity: 100, groups: 'https://t.me/a\nhttps://t.me/b' },
		form: [['service', '22'], ['link', 'https://t.me/acme'], ['quantity', '100'], ['groups', 'https://t.me/a\nhttps://t.me/b']],
		output: { service: 22, link: 'https://t.me/acme', quantity: 100, groups: 'https://t.me/a\nhttps://t.me/b' },
	},
	{
		title: 'subscriptions (no link; optional fields; ISO expiry converted)',
		parameters: {
			service: byId(23),
			orderType: 'subscriptions',
			username: 'acme',
			min: 100,
			max: 200,
			delay: 30,
			subscriptionOptions: { posts: 10, oldPosts: 2, expiry: '2030-12-31' },
		},
		form: [['service', '23'], ['username', 'acme'], ['min', '100'], ['max', '200'], ['delay', '30'], ['posts', '10'], ['old_posts', '2'], ['expiry', '31/12/2030']],
		output: { service: 23, username: 'acme', min: 100, max: 200, delay: 30, posts: 10, old_posts: 2, expiry: '31/12/2030' },
	},
	{
		title: 'subscriptions without the optional fields',
		parameters: { service: byId(23), orderType: 'subscriptions', username: 'acme', min: 50, max: 60, delay: 0 },
		form: [['service', '23'], ['username', 'acme'], ['min', '50'], ['max', '60'], ['delay', '0']],
		output: { service: 23, username: 'acme', min: 50, max: 60, delay: 0 },
	},
	{
		title: 'webTraffic with a Google keyword',
		parameters: { service: byId(24), orderType: 'webTraffic', link: 'https://shop.example/', quantity: 1000, country: 'US', device: 2, typeOfTraffic: 1, googleKeyword: 'running shoes' },
		form: [['service', '24'], ['link', 'https://shop.example/'], ['quantity', '1000'], ['country', 'US'], ['device', '2'], ['type_of_traffic', '1'], ['google_keyword', 'running shoes']],
		output: { service: 24, link: 'https://shop.example/', quantity: 1000, country: 'US', device: 2, type_of_traffic: 1, google_keyword: 'running shoes' },
	},
	{
		title: 'webTraffic with a referrer and drip-feed',
		parameters: {
			service: byId(24),
			orderType: 'webTraffic',
			link: 'https://shop.example/',
			quantity: 500,
			country: 'DE',
			device: 5,
			typeOfTraffic: 2,
			referringUrl: 'https://news.example/a',
			googleKeyword: 'not sent for type 2',
			dripFeed: true,
			runs: 2,
			interval: 60,
		},
		form: [
			['service', '24'],
			['link', 'https://shop.example/'],
			['quantity', '500'],
			['country', 'DE'],
			['device', '5'],
			['type_of_traffic', '2'],
			['referring_url', 'https://news.example/a'],
			['runs', '2'],
			['interval', '60'],
		],
		output: {
			service: 24,
			link: 'https://shop.example/',
			quantity: 500,
			country: 'DE',
			device: 5,
			type_of_traffic: 2,
			referring_url: 'https://news.example/a',
			runs: 2,
			interval: 60,
		},
	},
	{
		title: 'webTraffic with a blank referrer',
		parameters: { service: byId(24), orderType: 'webTraffic', link: 'https://shop.example/', quantity: 700, country: 'US', device: 1, typeOfTraffic: 3 },
		form: [['service', '24'], ['link', 'https://shop.example/'], ['quantity', '700'], ['country', 'US'], ['device', '1'], ['type_of_traffic', '3']],
		output: { service: 24, link: 'https://shop.example/', quantity: 700, country: 'US', device: 1, type_of_traffic: 3 },
	},
];

function create(parameters: INodeParameters): INodeParameters {
	return { resource: 'order', operation: 'create', ...parameters };
}

describe('Order > Create: every order type', () => {
	it('covers all 17 order types', () => {
		const types = new Set(TYPE_CASES.map((entry) => entry.parameters.orderType));
		expect(types.size).toBe(17);
	});

	it.each(TYPE_CASES)('$title: sends exactly the fields of its type and outputs what was ordered', async ({ parameters, form, output }) => {
		const { sim } = panel;
		const run = await panel.run(create(parameters));
		expect(run.error()).toBeUndefined();

		const adds = requestsFor(sim, 'add');
		expect(adds).toHaveLength(1);
		const expectedPairs: Array<[string, string]> = [['action', 'add'], ...form, ['key', TEST_KEY]];
		expect(formPairs(adds[0])).toEqual(expectedPairs);
		expect(adds[0].rawBody).toBe(encodedBody(expectedPairs));

		const items = run.items();
		expect(items).toHaveLength(1);
		const placed = items[0].json.order as number;
		expect(sim.getOrder(placed)).toBeDefined();
		expect(items[0]).toEqual({ json: { order: placed, ...output }, pairedItem: { item: 0 } });
		expect(JSON.stringify(items)).not.toContain(TEST_KEY);
	});
});

describe('Order > Create: behaviour', () => {
	it('places one order per item, paired, with per-item expressions, and fetches the service list once', async () => {
		const { sim } = panel;
		const run = await panel.run(
			create({ service: byId('={{ $json.service }}'), orderType: 'default', link: '={{ $json.link }}', quantity: '={{ $json.quantity }}' }),
			{
				input: [
					{ service: 1, link: 'https://a.example/', quantity: 100 },
					{ service: 3, link: 'https://b.example/', quantity: 200 },
					{ service: 4, link: 'https://c.example/', quantity: 300 },
				],
			},
		);
		const items = run.items();
		expect(items.map((item) => [item.json.service, item.json.link, item.json.quantity, item.pairedItem])).toEqual([
			[1, 'https://a.example/', 100, { item: 0 }],
			[3, 'https://b.example/', 200, { item: 1 }],
			[4, 'https://c.example/', 300, { item: 2 }],
		]);
		expect(sim.count('services')).toBe(1);
		expect(sim.count('add')).toBe(3);
	});

	it.each([
		[1, 1],
		[4, 4],
	])('places orders Concurrency (%i) at a time, output in input order', async (concurrency, expectedInFlight) => {
		const { sim } = panel;
		sim.setLatency(40);
		try {
			const input = Array.from({ length: 8 }, (_, index) => ({ link: `https://p.example/${index}` }));
			const run = await panel.run(
				{ ...create({ service: byId('1'), orderType: 'default', link: '={{ $json.link }}', quantity: 100 }), options: { concurrency } },
				{ input },
			);
			const items = run.items();
			expect(items.map((item) => [item.json.link, item.pairedItem])).toEqual(input.map((json, index) => [json.link, { item: index }]));
			expect(new Set(items.map((item) => item.json.order)).size).toBe(8);
			// The most add requests the panel had in hand at once: arrivals within one latency of each other.
			const adds = sim.requests.filter((request) => request.action === 'add').map((request) => request.at);
			const inFlight = Math.max(...adds.map((at) => adds.filter((other) => other >= at && other < at + 30).length));
			expect(inFlight).toBe(expectedInFlight);
		} finally {
			sim.setLatency(0);
		}
	});

	it('sends extra fields after the type fields, and an extra field replaces a field of the same name', async () => {
		const { sim } = panel;
		const run = await panel.run(
			create({
				service: byId(1),
				orderType: 'default',
				link: 'https://a.example/',
				quantity: 100,
				extraFields: { field: [{ name: 'comments_type', value: 'positive' }, { name: 'quantity', value: '150' }] },
			}),
		);
		expect(formPairs(requestsFor(sim, 'add')[0])).toEqual([
			['action', 'add'],
			['service', '1'],
			['link', 'https://a.example/'],
			['quantity', '150'],
			['comments_type', 'positive'],
			['key', TEST_KEY],
		]);
		expect(run.items()[0].json).toMatchObject({ quantity: 150, comments_type: 'positive' });
	});

	it.each(['key', 'action', 'service', 'KEY'])('refuses an extra field named "%s" before any request', async (name) => {
		const { sim } = panel;
		const run = await panel.run(
			create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 100, extraFields: { field: [{ name, value: 'x' }] } }),
		);
		expect(run.error()?.message).toContain(`the extra field "${name}" is not allowed`);
		expect(sim.requests).toHaveLength(0);
	});

	it('includes the raw reply with Include Raw Response', async () => {
		const run = await panel.run(
			create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 100, options: { includeRaw: true } }),
		);
		const { json } = run.items()[0];
		expect(json.raw).toEqual({ order: json.order });
	});

	it('sends no services request with validation off, and reports the panel\'s own rejection', async () => {
		const { sim } = panel;
		const run = await panel.run(
			create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 5, options: { validateBeforeOrdering: false } }),
		);
		expect(sim.count('services')).toBe(0);
		expect(sim.count('add')).toBe(1);
		expect(run.error()?.message).toContain('Quantity less than minimal 10');
		expect(run.error()?.description).toContain('quantity');
	});

	it('never sends add twice: a 503 or a dropped connection after add fails the item without a retry, saying it may be placed', async () => {
		const { sim } = panel;
		sim.injectFault({ kind: 'http503', action: 'add', times: 5 });
		const first = await panel.run(create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 100 }));
		expect(first.error()?.message).toContain('503');
		expect(sim.count('add')).toBe(1);

		sim.clearRequests();
		sim.clearFaults();
		sim.injectFault({ kind: 'reset', action: 'add', when: 'after', times: 5 });
		// Another order: the first one's outcome is unknown, so the duplicate guard would hold it back.
		const second = await panel.run(create({ service: byId(1), orderType: 'default', link: 'https://b.example/', quantity: 100 }));
		expect(second.error()?.message).toContain('The order may have been placed');
		expect(second.error()?.description).toContain('n8n does not send it again');
		expect(sim.count('add')).toBe(1);
	});

	it('keeps the key out of outputs and errors', async () => {
		const { sim } = panel;
		sim.injectFault({ kind: 'html', action: 'add' });
		const failed = await panel.run(create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 100 }));
		expect(failed.error()).toBeDefined();
		expect(visibleText(failed)).not.toContain(TEST_KEY);
		const rejected = await panel.run(
			create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 5, options: { validateBeforeOrdering: false } }),
			{ continueOnFail: true },
		);
		expect(visibleText(rejected)).not.toContain(TEST_KEY);
	});
});

describe('Order > Create: Validate Before Ordering stops bad orders before any add', () => {
	const cases: Array<{ title: string; parameters: INodeParameters; message: string }> = [
		{
			title: 'an unknown service',
			parameters: { service: byId(999), orderType: 'default', link: 'https://a.example/', quantity: 100 },
			message: 'Service 999 does not exist on the panel',
		},
		{
			title: 'an order type that does not fit the service',
			parameters: { service: byId(11), orderType: 'default', link: 'https://a.example/', quantity: 100 },
			message: 'is a "Custom Comments" service, but Order Type is "Default"',
		},
		{
			title: 'a quantity below the minimum',
			parameters: { service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: 5 },
			message: 'Quantity 5 is below the minimum of 10',
		},
		{
			title: 'a quantity above the maximum',
			parameters: { service: byId(2), orderType: 'default', link: 'https://a.example/', quantity: 20000 },
			message: 'Quantity 20000 is above the maximum of 10000',
		},
		{
			title: 'too few comment lines',
			parameters: { service: byId(11), orderType: 'customComments', link: 'https://a.example/', comments: 'a\nb\nc' },
			message: 'The 3 lines of "Comments" (one entry per line) are below the minimum of 5',
		},
		{
			title: 'drip-feed on a service without it',
			parameters: { service: byId(2), orderType: 'default', link: 'https://a.example/', quantity: 100, dripFeed: true, runs: 2, interval: 10 },
			message: 'does not allow drip-feed',
		},
		{
			title: 'an empty link',
			parameters: { service: byId(1), orderType: 'default', link: '  ', quantity: 100 },
			message: '"Link" is empty',
		},
		{
			title: 'an empty list',
			parameters: { service: byId(13), orderType: 'mentions', link: 'https://a.example/', quantity: 100, usernames: '\n \n' },
			message: '"Usernames" is empty',
		},
		{
			title: 'a subscription with min above max',
			parameters: { service: byId(23), orderType: 'subscriptions', username: 'acme', min: 300, max: 200, delay: 0 },
			message: 'Min 300 is greater than Max 200',
		},
		{
			title: 'a subscription delay the API does not take',
			parameters: { service: byId(23), orderType: 'subscriptions', username: 'acme', min: 100, max: 200, delay: 7 },
			message: 'Delay 7 is not one the API accepts',
		},
		{
			title: 'a quantity that is not a number',
			parameters: { service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: '={{ "lots" }}' },
			message: 'Quantity lots is not a whole number',
		},
	];

	it.each(cases)('$title', async ({ parameters, message }) => {
		const { sim } = panel;
		const run = await panel.run(create(parameters));
		const error = run.error();
		expect(error?.message).toContain('Item 0: ');
		expect(error?.message).toContain(message);
		expect(error?.message).toContain('No order was placed');
		expect(error?.description).toBeTruthy();
		expect(sim.count('add')).toBe(0);
	});

	it('matches the panel\'s type names loosely', async () => {
		const { orderTypeOfService } = await import('../../nodes/SmmPanel/domain/orderTypes');
		expect(orderTypeOfService('Mentions Users Followers')).toBe('mentionsUserFollowers');
		expect(orderTypeOfService('mentions user followers')).toBe('mentionsUserFollowers');
		expect(orderTypeOfService('Invites From Groups')).toBe('invitesFromGroups');
		expect(orderTypeOfService('Website Traffic')).toBe('webTraffic');
		expect(orderTypeOfService('Custom  Comments')).toBe('customComments');
		expect(orderTypeOfService('custom_comments_package')).toBe('customCommentsPackage');
		expect(orderTypeOfService('SEO')).toBe('seo');
		expect(orderTypeOfService('')).toBe('default');
		expect(orderTypeOfService('Story Views Special')).toBeUndefined();
	});

	it('with Continue On Fail, fails only the bad items and orders the others', async () => {
		const { sim } = panel;
		const run = await panel.run(create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: '={{ $json.quantity }}' }), {
			input: [{ quantity: 100 }, { quantity: 5 }, { quantity: 200 }],
			continueOnFail: true,
		});
		const items = run.items();
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ quantity: 100 });
		expect(items[1]).toEqual({
			json: { error: expect.stringContaining('Item 1: Quantity 5 is below the minimum of 10') },
			pairedItem: { item: 1 },
		});
		expect(items[2].json).toMatchObject({ quantity: 200 });
		expect(sim.count('add')).toBe(2);
		expect(sim.count('services')).toBe(1);
	});

	it('without Continue On Fail, stops at the first bad item with its index', async () => {
		const { sim } = panel;
		const run = await panel.run(create({ service: byId(1), orderType: 'default', link: 'https://a.example/', quantity: '={{ $json.quantity }}' }), {
			input: [{ quantity: 5 }, { quantity: 100 }],
		});
		expect(run.error()?.message).toMatch(/^Item 0: Quantity 5/);
		expect(run.error()?.context?.itemIndex).toBe(0);
		expect(sim.count('add')).toBe(0);
	});
});
