import { countLines, findOrderProblem, type OrderDraft } from '../../nodes/SmmPanel/domain/orderValidation';
import { orderTypeOfService, typeKey } from '../../nodes/SmmPanel/domain/orderTypes';
import type { PanelService } from '../../nodes/SmmPanel/domain/services';

function service(overrides: Partial<PanelService> = {}): PanelService {
	return { service: 1, name: 'Followers', type: 'Default', category: 'IG', rate: 1, min: 10, max: 1000, refill: false, cancel: false, ...overrides };
}

function draft(overrides: Partial<OrderDraft> = {}): OrderDraft {
	return { type: 'default', service: 1, fields: { link: 'https://a.example/', quantity: 100 }, ...overrides };
}

describe('order type names', () => {
	it.each([
		['Mentions Users Followers', 'mentionsUserFollowers'],
		['Mentions with Hashtags', 'mentionsWithHashtags'],
		['MENTIONS WITH HASHTAG', 'mentionsWithHashtags'],
		['Invites From Groups', 'invitesFromGroups'],
		['Website Traffic', 'webTraffic'],
		['web_traffic', 'webTraffic'],
		['CustomCommentsPackage', 'customCommentsPackage'],
		['Subscription', 'subscriptions'],
		['Polls', 'poll'],
	])('reads %j as %s', (name, type) => {
		expect(orderTypeOfService(name)).toBe(type);
	});

	it('keeps different types apart', () => {
		const keys = ['Custom Comments', 'Custom Comments Package', 'Mentions', 'Mentions Hashtag', 'Mentions with Hashtags', 'Comment Likes', 'Comment Replies'].map(typeKey);
		expect(new Set(keys).size).toBe(keys.length);
	});
});

describe('findOrderProblem', () => {
	it('passes a good order', () => {
		expect(findOrderProblem(draft(), service())).toBeUndefined();
	});

	it('checks the quantity against min and max, inclusive', () => {
		expect(findOrderProblem(draft({ fields: { link: 'x', quantity: 10 } }), service())).toBeUndefined();
		expect(findOrderProblem(draft({ fields: { link: 'x', quantity: 1000 } }), service())).toBeUndefined();
		expect(findOrderProblem(draft({ fields: { link: 'x', quantity: 9 } }), service())?.message).toContain('below the minimum of 10');
		expect(findOrderProblem(draft({ fields: { link: 'x', quantity: 1001 } }), service())?.message).toContain('above the maximum of 1000');
	});

	it('allows drip-feed unless the panel says the service has none', () => {
		const dripFeed = draft({ dripFeed: { runs: 2, interval: 5 } });
		expect(findOrderProblem(dripFeed, service())).toBeUndefined();
		expect(findOrderProblem(dripFeed, service({ dripfeed: true }))).toBeUndefined();
		expect(findOrderProblem(dripFeed, service({ dripfeed: false }))?.message).toContain('does not allow drip-feed');
		expect(findOrderProblem(draft({ dripFeed: { runs: 0, interval: 5 } }), service())?.message).toContain('Runs and Interval');
	});

	it('counts lines for list-quantity types, and ignores quantity for packages', () => {
		const comments = (lines: number) => draft({ type: 'customComments', fields: { link: 'x', comments: Array(lines).fill('c').join('\n') } });
		expect(findOrderProblem(comments(10), service({ type: 'Custom Comments' }))).toBeUndefined();
		expect(findOrderProblem(comments(3), service({ type: 'Custom Comments' }))?.message).toContain('The 3 lines of "Comments"');
		expect(findOrderProblem(draft({ type: 'package', fields: { link: 'x' } }), service({ type: 'Package', min: 1, max: 1 }))).toBeUndefined();
	});

	it('refuses an unknown panel type, with a way out', () => {
		const problem = findOrderProblem(draft(), service({ type: 'Story Views Special' }));
		expect(problem?.message).toContain('"Story Views Special", which this node does not know');
		expect(problem?.description).toContain('Validate Before Ordering');
	});

	it('counts non-empty lines', () => {
		expect(countLines('a\n\n b \n')).toBe(2);
		expect(countLines(undefined)).toBe(0);
	});
});
