import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseOrderCreated } from '../../schemas/replies';
import { panelRequest } from '../../transport';
import { asItemError, forEachItem, withRaw, type ItemError } from '../shared/items';
import { concurrencyOption, includeRawOption, optionsCollection, readOptions } from '../shared/options';
import { serviceCatalogue } from '../shared/serviceCatalogue';
import { serviceIdOf, serviceLocator } from '../shared/serviceLocator';
import {
	DRIP_FEED_TYPES,
	fieldsOfType,
	ORDER_TYPE_SPECS,
	ORDER_TYPES,
	orderFieldProperties,
	type OrderField,
	type OrderType,
} from './orderTypes';
import { findOrderProblem, type OrderDraft } from './validation';

/**
 * Order > Create: places one order per input item (`action=add`). `add` is not idempotent, so it
 * is sent at most once per item (the transport never resends it), and with "Validate Before
 * Ordering" only after the service, the order type, the quantity and drip-feed were checked
 * against the panel's service list.
 */
const properties: INodeProperties[] = [
	serviceLocator('The service to order. The list shows each service\'s rate per 1000, minimum and maximum.'),
	{
		displayName: 'Order Type',
		name: 'orderType',
		type: 'options',
		options: [
			{ name: 'Comment Likes', value: 'commentLikes', description: 'Likes on a comment: link, quantity, comment owner' },
			{ name: 'Comment Replies', value: 'commentReplies', description: 'Replies to a comment: link, comment owner, replies' },
			{ name: 'Custom Comments', value: 'customComments', description: 'Your own comments: link, one comment per line' },
			{
				name: 'Custom Comments Package',
				value: 'customCommentsPackage',
				description: 'A package of your own comments: link, one comment per line',
			},
			{ name: 'Default', value: 'default', description: 'Followers, likes, views and most services: link, quantity' },
			{ name: 'Invites From Groups', value: 'invitesFromGroups', description: 'Members invited from groups: link, quantity, groups' },
			{ name: 'Mentions', value: 'mentions', description: 'Mentions of the followers of accounts: link, quantity, usernames' },
			{ name: 'Mentions Custom List', value: 'mentionsCustomList', description: 'Mentions of your list of accounts: link, usernames' },
			{ name: 'Mentions Hashtag', value: 'mentionsHashtag', description: 'Mentions of users of a hashtag: link, quantity, hashtag' },
			{
				name: 'Mentions Media Likers',
				value: 'mentionsMediaLikers',
				description: 'Mentions of the likers of a post: link, quantity, media',
			},
			{
				name: 'Mentions User Followers',
				value: 'mentionsUserFollowers',
				description: 'Mentions of the followers of one account: link, quantity, username',
			},
			{
				name: 'Mentions With Hashtags',
				value: 'mentionsWithHashtags',
				description: 'Mentions with hashtags: link, quantity, usernames, hashtags',
			},
			{ name: 'Package', value: 'package', description: 'A fixed package: link only' },
			{ name: 'Poll', value: 'poll', description: 'Poll votes: link, quantity, answer number' },
			{ name: 'SEO', value: 'seo', description: 'Search ranking: link, quantity, keywords' },
			{ name: 'Subscriptions', value: 'subscriptions', description: 'Automatic orders for new posts of an account: username, min, max, delay' },
			{ name: 'Web Traffic', value: 'webTraffic', description: 'Website visits: link, quantity, country, device, traffic type' },
		],
		default: 'default',
		description: 'The type of the service, which decides the fields an order takes (see the type in the service list)',
	},
	...orderFieldProperties(),
	{
		displayName: 'Drip-Feed',
		name: 'dripFeed',
		type: 'boolean',
		default: false,
		description: 'Whether to deliver the quantity several times (runs), with a pause between deliveries',
		displayOptions: { show: { orderType: DRIP_FEED_TYPES } },
	},
	{
		displayName: 'Runs',
		name: 'runs',
		type: 'number',
		typeOptions: { minValue: 1 },
		required: true,
		default: 2,
		description: 'How many times to deliver the quantity. The order totals quantity × runs.',
		displayOptions: { show: { orderType: DRIP_FEED_TYPES, dripFeed: [true] } },
	},
	{
		displayName: 'Interval (Minutes)',
		name: 'interval',
		type: 'number',
		typeOptions: { minValue: 1 },
		required: true,
		default: 30,
		description: 'Minutes between two deliveries',
		displayOptions: { show: { orderType: DRIP_FEED_TYPES, dripFeed: [true] } },
	},
	{
		displayName: 'Subscription Options',
		name: 'subscriptionOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { orderType: ['subscriptions'] } },
		options: [
			{
				displayName: 'Expiry',
				name: 'expiry',
				type: 'string',
				default: '',
				placeholder: 'e.g. 31/12/2026',
				description: 'The date the subscription ends, as day/month/year (a date such as 2026-12-31 is converted)',
			},
			{
				displayName: 'Old Posts',
				name: 'oldPosts',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'How many of the account\'s existing posts to include',
			},
			{
				displayName: 'Posts',
				name: 'posts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'How many new posts to serve before the subscription ends',
			},
		],
	},
	{
		displayName: 'Extra Fields',
		name: 'extraFields',
		type: 'fixedCollection',
		placeholder: 'Add field',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'More fields to send with the order, for panels that need fields the node does not have. A field named like one of the above replaces it.',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. comments_type',
						description: 'The field name the panel expects',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The value to send',
					},
				],
			},
		],
	},
	optionsCollection([
		concurrencyOption,
		includeRawOption,
		{
			displayName: 'Validate Before Ordering',
			name: 'validateBeforeOrdering',
			type: 'boolean',
			default: true,
			description:
				"Whether to check the order against the panel's service list first (the service exists, the order type fits it, the quantity is within its minimum and maximum, drip-feed is allowed), so that no order is sent that the panel would reject or misread",
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['create'] } }, properties);

/** Fields the node sets itself: an extra field must not change them (the key travels with every request, added by n8n). */
const RESERVED_FIELDS = new Set(['key', 'action', 'service']);

function isOrderType(value: unknown): value is OrderType {
	return (ORDER_TYPES as readonly unknown[]).includes(value);
}

function listValue(value: unknown): string {
	const entries = Array.isArray(value) ? value.map((entry) => String(entry ?? '')) : String(value ?? '').split(/\r?\n/);
	return entries
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.join('\n');
}

function fieldValue(field: OrderField, value: unknown): string | number {
	switch (field.kind) {
		case 'list':
			return listValue(value);
		case 'number': {
			const number = typeof value === 'number' ? value : Number(String(value ?? '').trim());
			return Number.isFinite(number) && String(value ?? '').trim() !== '' ? number : String(value ?? '');
		}
		case 'text':
			return String(value ?? '').trim();
	}
}

/** 2026-12-31 (or a full ISO date) as the API's 31/12/2026; anything else as given. */
function expiryValue(value: unknown): string {
	const text = String(value ?? '').trim();
	const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
	return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : text;
}

function readDraft(context: IExecuteFunctions, itemIndex: number): OrderDraft {
	const node = context.getNode();
	const type: unknown = context.getNodeParameter('orderType', itemIndex);
	if (!isOrderType(type)) {
		throw new NodeOperationError(node, `Item ${itemIndex}: "${String(type)}" is not an order type`, {
			itemIndex,
			description: `Choose one of the Order Type options (e.g. default, customComments).`,
		});
	}
	const draft: OrderDraft = { type, service: serviceIdOf(context, itemIndex), fields: {} };
	const parameterValues = new Map<string, unknown>();
	const parameter = (name: string): unknown => {
		if (!parameterValues.has(name)) parameterValues.set(name, context.getNodeParameter(name, itemIndex));
		return parameterValues.get(name);
	};
	for (const field of fieldsOfType(type)) {
		if (field.onlyWhen !== undefined && Number(parameter(field.onlyWhen.parameter)) !== field.onlyWhen.value) continue;
		draft.fields[field.form] = fieldValue(field, parameter(field.property.name));
	}
	if (ORDER_TYPE_SPECS[type].dripFeed && context.getNodeParameter('dripFeed', itemIndex, false) === true) {
		const runs = Number(context.getNodeParameter('runs', itemIndex));
		const interval = Number(context.getNodeParameter('interval', itemIndex));
		draft.dripFeed = { runs, interval };
		draft.fields.runs = runs;
		draft.fields.interval = interval;
	}
	if (type === 'subscriptions') {
		const options = context.getNodeParameter('subscriptionOptions', itemIndex, {}) as IDataObject;
		if (options.posts !== undefined && options.posts !== '') draft.fields.posts = Number(options.posts);
		if (options.oldPosts !== undefined && options.oldPosts !== '') draft.fields.old_posts = Number(options.oldPosts);
		if (options.expiry !== undefined && String(options.expiry).trim() !== '') draft.fields.expiry = expiryValue(options.expiry);
	}
	const extra = context.getNodeParameter('extraFields.field', itemIndex, []) as Array<{ name?: string; value?: string }>;
	for (const { name, value } of extra) {
		const fieldName = String(name ?? '').trim();
		if (fieldName === '') continue;
		if (RESERVED_FIELDS.has(fieldName.toLowerCase())) {
			throw new NodeOperationError(node, `Item ${itemIndex}: the extra field "${fieldName}" is not allowed`, {
				itemIndex,
				description: `The node sets "${fieldName}" itself: remove it from Extra Fields (choose the service in "Service").`,
			});
		}
		draft.fields[fieldName] = String(value ?? '');
	}
	return draft;
}

/**
 * Every item's order, read and (with Validate Before Ordering) checked, before any is placed: an
 * order that would fail stops the node before money is spent on the others, or, under Continue On
 * Fail, becomes its item's error while the valid ones go ahead.
 */
async function checkedDrafts(
	context: IExecuteFunctions,
	itemCount: number,
	validateBeforeOrdering: boolean,
): Promise<Array<OrderDraft | ItemError>> {
	const continueOnFail = context.continueOnFail();
	const drafts: Array<OrderDraft | ItemError> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const draft = readDraft(context, itemIndex);
			// Fetched once per execution, and only once some item is worth checking.
			const catalogue = validateBeforeOrdering ? await serviceCatalogue(context) : undefined;
			const problem = catalogue && findOrderProblem(draft, catalogue.byId.get(draft.service));
			if (problem) {
				throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${problem.message}. No order was placed.`, {
					itemIndex,
					description: problem.description,
				});
			}
			drafts.push(draft);
		} catch (error) {
			const itemError = asItemError(context, error, itemIndex);
			if (!continueOnFail) throw itemError;
			drafts.push(itemError);
		}
	}
	return drafts;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { includeRaw, validateBeforeOrdering, concurrency } = readOptions(this);
	const items = this.getInputData();
	const drafts = await checkedDrafts(this, items.length, validateBeforeOrdering);
	return await forEachItem(
		this,
		items,
		async (itemIndex) => {
			const draft = drafts[itemIndex];
			if (draft instanceof Error) throw draft;
			const { data, raw } = await panelRequest(this, 'add', { service: draft.service, ...draft.fields }, parseOrderCreated, {
				itemIndex,
			});
			const json: IDataObject = { order: data.order, service: draft.service, ...draft.fields };
			return [{ json: withRaw(json, includeRaw, raw), pairedItem: { item: itemIndex } }];
		},
		concurrency,
	);
}
