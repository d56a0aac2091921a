import type { INodeProperties } from 'n8n-workflow';

/**
 * The reference's table of order types: what each type sends besides `service`, where its
 * quantity comes from, and whether it takes drip-feed. The Create Order parameters, the form
 * sent to the panel and the validation are all derived from these two tables.
 */
export const ORDER_TYPES = [
	'default',
	'package',
	'seo',
	'customComments',
	'customCommentsPackage',
	'mentions',
	'mentionsWithHashtags',
	'mentionsCustomList',
	'mentionsHashtag',
	'mentionsUserFollowers',
	'mentionsMediaLikers',
	'commentLikes',
	'commentReplies',
	'poll',
	'invitesFromGroups',
	'subscriptions',
	'webTraffic',
] as const;

export type OrderType = (typeof ORDER_TYPES)[number];

/** Where the number checked against the service's min..max comes from. */
type QuantitySource =
	| { from: 'quantity' }
	/** The number of lines of a list (the quantity of Custom Comments, Mentions Custom List, ...). */
	| { from: 'lines'; parameter: string }
	/** A package: no quantity. */
	| { from: 'none' }
	/** Subscriptions: `min` and `max` per post. */
	| { from: 'minMax' };

export interface OrderTypeSpec {
	/** The type's name as the reference (and a panel's `services` reply) spells it. */
	panelType: string;
	quantity: QuantitySource;
	/** Whether the type takes drip-feed (runs, interval). */
	dripFeed: boolean;
}

export const ORDER_TYPE_SPECS: Record<OrderType, OrderTypeSpec> = {
	default: { panelType: 'Default', quantity: { from: 'quantity' }, dripFeed: true },
	package: { panelType: 'Package', quantity: { from: 'none' }, dripFeed: false },
	seo: { panelType: 'SEO', quantity: { from: 'quantity' }, dripFeed: false },
	customComments: { panelType: 'Custom Comments', quantity: { from: 'lines', parameter: 'comments' }, dripFeed: false },
	customCommentsPackage: {
		panelType: 'Custom Comments Package',
		quantity: { from: 'lines', parameter: 'comments' },
		dripFeed: false,
	},
	mentions: { panelType: 'Mentions', quantity: { from: 'quantity' }, dripFeed: false },
	mentionsWithHashtags: { panelType: 'Mentions with Hashtags', quantity: { from: 'quantity' }, dripFeed: false },
	mentionsCustomList: {
		panelType: 'Mentions Custom List',
		quantity: { from: 'lines', parameter: 'usernames' },
		dripFeed: false,
	},
	mentionsHashtag: { panelType: 'Mentions Hashtag', quantity: { from: 'quantity' }, dripFeed: false },
	mentionsUserFollowers: { panelType: 'Mentions User Followers', quantity: { from: 'quantity' }, dripFeed: false },
	mentionsMediaLikers: { panelType: 'Mentions Media Likers', quantity: { from: 'quantity' }, dripFeed: false },
	commentLikes: { panelType: 'Comment Likes', quantity: { from: 'quantity' }, dripFeed: false },
	commentReplies: { panelType: 'Comment Replies', quantity: { from: 'lines', parameter: 'comments' }, dripFeed: false },
	poll: { panelType: 'Poll', quantity: { from: 'quantity' }, dripFeed: false },
	invitesFromGroups: { panelType: 'Invites from Groups', quantity: { from: 'quantity' }, dripFeed: false },
	subscriptions: { panelType: 'Subscriptions', quantity: { from: 'minMax' }, dripFeed: false },
	webTraffic: { panelType: 'Web Traffic', quantity: { from: 'quantity' }, dripFeed: true },
};

export const DRIP_FEED_TYPES: OrderType[] = ORDER_TYPES.filter((type) => ORDER_TYPE_SPECS[type].dripFeed);

/**
 * Panels spell types with small differences ("Mentions Users Followers", "Invites From Groups",
 * "Website Traffic", "custom_comments"): compare words in lower case, without plural "s", with
 * "website" as "web".
 */
export function typeKey(type: string): string {
	return type
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z]+/)
		.filter((word) => word !== '')
		.map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word))
		.map((word) => (word === 'website' ? 'web' : word))
		.join('');
}

const ORDER_TYPE_BY_KEY = new Map<string, OrderType>(
	ORDER_TYPES.map((type) => [typeKey(ORDER_TYPE_SPECS[type].panelType), type]),
);

/** The order type a panel's service type name means, or undefined for a type this node does not know. */
export function orderTypeOfService(panelType: string): OrderType | undefined {
	return ORDER_TYPE_BY_KEY.get(typeKey(panelType.trim() === '' ? 'Default' : panelType));
}

/** How a parameter's value goes into the form. */
export type FieldKind =
	/** Trimmed text. */
	| 'text'
	/** Entries separated by new lines (also accepts an array from an expression); sent joined by "\n". */
	| 'list'
	/** A whole number, sent as digits and output as a number. */
	| 'number';

export interface OrderField {
	/** The form field the panel expects. */
	form: string;
	kind: FieldKind;
	/** The order types the field belongs to. */
	types: OrderType[];
	/** Sent only when another parameter has this value (Web Traffic's keyword and referrer). */
	onlyWhen?: { parameter: string; value: number };
	/** The node parameter; its displayOptions for `orderType` are added from `types`. */
	property: INodeProperties;
}

const LINK_TYPES = ORDER_TYPES.filter((type) => type !== 'subscriptions');
const QUANTITY_TYPES = ORDER_TYPES.filter((type) => ORDER_TYPE_SPECS[type].quantity.from === 'quantity');

const LIST_ROWS = { rows: 4 };

export const ORDER_FIELDS: OrderField[] = [
	{
		form: 'link',
		kind: 'text',
		types: LINK_TYPES,
		property: {
			displayName: 'Link',
			name: 'link',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://www.instagram.com/p/C1a2b3c4d5/',
			description: 'The link to the post, profile, video or page the order is for',
		},
	},
	{
		form: 'quantity',
		kind: 'number',
		types: QUANTITY_TYPES,
		property: {
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			required: true,
			typeOptions: { minValue: 1 },
			default: 1000,
			description:
				"How many to order, within the service's minimum and maximum. With drip-feed, the quantity of each run.",
		},
	},
	{
		form: 'keywords',
		kind: 'list',
		types: ['seo'],
		property: {
			displayName: 'Keywords',
			name: 'keywords',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. best running shoes',
			description: 'The keywords to rank for, one per line',
		},
	},
	{
		form: 'comments',
		kind: 'list',
		types: ['customComments', 'customCommentsPackage'],
		property: {
			displayName: 'Comments',
			name: 'comments',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. Great post!',
			description: 'The comments to post, one per line. The number of lines is the quantity.',
		},
	},
	{
		form: 'comments',
		kind: 'list',
		types: ['commentReplies'],
		property: {
			displayName: 'Comments',
			name: 'comments',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. Totally agree!',
			description: 'The replies to post under the comment, one per line. The number of lines is the quantity.',
		},
	},
	{
		form: 'usernames',
		kind: 'list',
		types: ['mentions', 'mentionsWithHashtags'],
		property: {
			displayName: 'Usernames',
			name: 'usernames',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. natgeo',
			description: 'The accounts whose followers are mentioned, one per line',
		},
	},
	{
		form: 'usernames',
		kind: 'list',
		types: ['mentionsCustomList'],
		property: {
			displayName: 'Usernames',
			name: 'usernames',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. natgeo',
			description: 'The accounts to mention, one per line. The number of lines is the quantity.',
		},
	},
	{
		form: 'hashtags',
		kind: 'list',
		types: ['mentionsWithHashtags'],
		property: {
			displayName: 'Hashtags',
			name: 'hashtags',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. #travel',
			description: 'The hashtags to add, one per line',
		},
	},
	{
		form: 'hashtag',
		kind: 'text',
		types: ['mentionsHashtag'],
		property: {
			displayName: 'Hashtag',
			name: 'hashtag',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. #travel',
			description: 'The hashtag whose users are mentioned',
		},
	},
	{
		form: 'username',
		kind: 'text',
		types: ['mentionsUserFollowers'],
		property: {
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. natgeo',
			description: 'The account whose followers are mentioned',
		},
	},
	{
		form: 'username',
		kind: 'text',
		types: ['commentLikes', 'commentReplies'],
		property: {
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. natgeo',
			description: 'The owner of the comment',
		},
	},
	{
		form: 'username',
		kind: 'text',
		types: ['subscriptions'],
		property: {
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. natgeo',
			description: 'The account whose new posts get the service',
		},
	},
	{
		form: 'media',
		kind: 'text',
		types: ['mentionsMediaLikers'],
		property: {
			displayName: 'Media',
			name: 'media',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://www.instagram.com/p/C1a2b3c4d5/',
			description: 'The link to the media whose likers are mentioned',
		},
	},
	{
		form: 'answer_number',
		kind: 'number',
		types: ['poll'],
		property: {
			displayName: 'Answer Number',
			name: 'answerNumber',
			type: 'number',
			required: true,
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'The poll answer to vote for, counting from 1',
		},
	},
	{
		form: 'groups',
		kind: 'list',
		types: ['invitesFromGroups'],
		property: {
			displayName: 'Groups',
			name: 'groups',
			type: 'string',
			typeOptions: LIST_ROWS,
			required: true,
			default: '',
			placeholder: 'e.g. https://t.me/examplegroup',
			description: 'The groups to invite members from, one per line',
		},
	},
	{
		form: 'min',
		kind: 'number',
		types: ['subscriptions'],
		property: {
			displayName: 'Min',
			name: 'min',
			type: 'number',
			required: true,
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'The smallest quantity delivered to each new post',
		},
	},
	{
		form: 'max',
		kind: 'number',
		types: ['subscriptions'],
		property: {
			displayName: 'Max',
			name: 'max',
			type: 'number',
			required: true,
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'The largest quantity delivered to each new post',
		},
	},
	{
		form: 'delay',
		kind: 'number',
		types: ['subscriptions'],
		property: {
			displayName: 'Delay (Minutes)',
			name: 'delay',
			type: 'number',
			required: true,
			typeOptions: { minValue: 0, maxValue: 600 },
			default: 0,
			description: 'How long after a new post to start: 0, 5, 10, 15, 30, 60, 90 and so on in steps of 30, up to 600',
		},
	},
	{
		form: 'country',
		kind: 'text',
		types: ['webTraffic'],
		property: {
			displayName: 'Country',
			name: 'country',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. US',
			description: 'The country the visits come from, as the panel names it (often a two-letter code)',
		},
	},
	{
		form: 'device',
		kind: 'number',
		types: ['webTraffic'],
		property: {
			displayName: 'Device',
			name: 'device',
			type: 'options',
			required: true,
			options: [
				{ name: 'Desktop', value: 1 },
				{ name: 'Mixed (Mobile and Desktop)', value: 5 },
				{ name: 'Mixed Mobile', value: 4 },
				{ name: 'Mobile (Android)', value: 2 },
				{ name: 'Mobile (iOS)', value: 3 },
			],
			default: 1,
			description: 'The device the visits come from',
		},
	},
	{
		form: 'type_of_traffic',
		kind: 'number',
		types: ['webTraffic'],
		property: {
			displayName: 'Type of Traffic',
			name: 'typeOfTraffic',
			type: 'options',
			required: true,
			options: [
				{ name: 'Blank Referrer', value: 3 },
				{ name: 'Custom Referrer', value: 2 },
				{ name: 'Google Keyword', value: 1 },
			],
			default: 1,
			description: 'Where the visits appear to come from',
		},
	},
	{
		form: 'google_keyword',
		kind: 'text',
		types: ['webTraffic'],
		onlyWhen: { parameter: 'typeOfTraffic', value: 1 },
		property: {
			displayName: 'Google Keyword',
			name: 'googleKeyword',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. best running shoes',
			description: 'The Google search the visits appear to come from',
			displayOptions: { show: { typeOfTraffic: [1] } },
		},
	},
	{
		form: 'referring_url',
		kind: 'text',
		types: ['webTraffic'],
		onlyWhen: { parameter: 'typeOfTraffic', value: 2 },
		property: {
			displayName: 'Referring URL',
			name: 'referringUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://news.example.com/article',
			description: 'The page the visits appear to come from',
			displayOptions: { show: { typeOfTraffic: [2] } },
		},
	},
];

/** The fields of one order type, in the reference's order. */
export function fieldsOfType(type: OrderType): OrderField[] {
	return ORDER_FIELDS.filter((field) => field.types.includes(type));
}

/** The Create Order parameters for the type fields, each shown only for its types. */
export function orderFieldProperties(): INodeProperties[] {
	return ORDER_FIELDS.map((field) => ({
		...field.property,
		displayOptions: {
			...field.property.displayOptions,
			show: { ...field.property.displayOptions?.show, orderType: field.types },
		},
	}));
}
