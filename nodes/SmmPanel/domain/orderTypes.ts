import {
	ANSWER_NUMBER,
	COMMENT_OWNER,
	COMMENTS,
	COUNTRY,
	DELAY,
	DEVICE,
	FOLLOWED_USERNAME,
	GOOGLE_KEYWORD,
	GROUPS,
	HASHTAG,
	HASHTAGS,
	KEYWORDS,
	LINK,
	MAX,
	MEDIA,
	MIN,
	ORDER_FIELDS,
	QUANTITY,
	REFERRING_URL,
	REPLIES,
	SUBSCRIBED_USERNAME,
	TYPE_OF_TRAFFIC,
	USERNAMES,
	USERNAMES_TO_MENTION,
	WEB_TRAFFIC_LINK,
	type OrderField,
} from './orderFields';

/**
 * The reference's table of order types, the one place they are listed: each type's name in the
 * editor and in a panel's `services` reply, what it sends besides `service`, where its quantity
 * comes from, and whether it takes drip-feed. The Order Type options, the fields shown for each
 * type, the form sent to the panel and the validation are all derived from it.
 */

/** Where the number checked against the service's min..max comes from. */
export type QuantitySource =
	| { from: 'quantity' }
	/** The number of lines of a list (the quantity of Custom Comments, Mentions Custom List, ...). */
	| { from: 'lines'; field: OrderField }
	/** A package: no quantity. */
	| { from: 'none' }
	/** Subscriptions: `min` and `max` per post. */
	| { from: 'minMax' };

export interface OrderTypeSpec {
	/** The Order Type option's name. */
	name: string;
	/** What the option says: what the type is for, and what it sends. */
	description: string;
	/** The type's name as the reference (and a panel's `services` reply) spells it. */
	panelType: string;
	quantity: QuantitySource;
	/** Whether a service's `rate` is the price of one package; otherwise of 1000 (the API's rule). */
	ratePerPackage?: true;
	/** Whether the type takes drip-feed (runs, interval). */
	dripFeed: boolean;
	/** The fields it sends besides `service` (in any order: the form follows ORDER_FIELDS). */
	fields: readonly OrderField[];
}

const BY_QUANTITY: QuantitySource = { from: 'quantity' };

/** Keyed by the saved parameter value: never rename a key. In the reference's order. */
export const ORDER_TYPE_SPECS = {
	default: {
		name: 'Default',
		description: 'Followers, likes, views and most services: link, quantity',
		panelType: 'Default',
		quantity: BY_QUANTITY,
		dripFeed: true,
		fields: [LINK, QUANTITY],
	},
	package: {
		name: 'Package',
		description: 'A fixed package: link only',
		panelType: 'Package',
		quantity: { from: 'none' },
		ratePerPackage: true,
		dripFeed: false,
		fields: [LINK],
	},
	seo: {
		name: 'SEO',
		description: 'Search ranking: link, quantity, keywords',
		panelType: 'SEO',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, KEYWORDS],
	},
	customComments: {
		name: 'Custom Comments',
		description: 'Your own comments: link, one comment per line',
		panelType: 'Custom Comments',
		quantity: { from: 'lines', field: COMMENTS },
		dripFeed: false,
		fields: [LINK, COMMENTS],
	},
	customCommentsPackage: {
		name: 'Custom Comments Package',
		description: 'A package of your own comments: link, one comment per line',
		panelType: 'Custom Comments Package',
		quantity: { from: 'lines', field: COMMENTS },
		ratePerPackage: true,
		dripFeed: false,
		fields: [LINK, COMMENTS],
	},
	mentions: {
		name: 'Mentions',
		description: 'Mentions of the followers of accounts: link, quantity, usernames',
		panelType: 'Mentions',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, USERNAMES],
	},
	mentionsWithHashtags: {
		name: 'Mentions With Hashtags',
		description: 'Mentions with hashtags: link, quantity, usernames, hashtags',
		panelType: 'Mentions with Hashtags',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, USERNAMES, HASHTAGS],
	},
	mentionsCustomList: {
		name: 'Mentions Custom List',
		description: 'Mentions of your list of accounts: link, usernames',
		panelType: 'Mentions Custom List',
		quantity: { from: 'lines', field: USERNAMES_TO_MENTION },
		dripFeed: false,
		fields: [LINK, USERNAMES_TO_MENTION],
	},
	mentionsHashtag: {
		name: 'Mentions Hashtag',
		description: 'Mentions of users of a hashtag: link, quantity, hashtag',
		panelType: 'Mentions Hashtag',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, HASHTAG],
	},
	mentionsUserFollowers: {
		name: 'Mentions User Followers',
		description: 'Mentions of the followers of one account: link, quantity, username',
		panelType: 'Mentions User Followers',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, FOLLOWED_USERNAME],
	},
	mentionsMediaLikers: {
		name: 'Mentions Media Likers',
		description: 'Mentions of the likers of a post: link, quantity, media',
		panelType: 'Mentions Media Likers',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, MEDIA],
	},
	commentLikes: {
		name: 'Comment Likes',
		description: 'Likes on a comment: link, quantity, comment owner',
		panelType: 'Comment Likes',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, COMMENT_OWNER],
	},
	commentReplies: {
		name: 'Comment Replies',
		description: 'Replies to a comment: link, comment owner, replies',
		panelType: 'Comment Replies',
		quantity: { from: 'lines', field: REPLIES },
		dripFeed: false,
		fields: [LINK, REPLIES, COMMENT_OWNER],
	},
	poll: {
		name: 'Poll',
		description: 'Poll votes: link, quantity, answer number',
		panelType: 'Poll',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, ANSWER_NUMBER],
	},
	invitesFromGroups: {
		name: 'Invites From Groups',
		description: 'Members invited from groups: link, quantity, groups',
		panelType: 'Invites from Groups',
		quantity: BY_QUANTITY,
		dripFeed: false,
		fields: [LINK, QUANTITY, GROUPS],
	},
	subscriptions: {
		name: 'Subscriptions',
		description: 'Automatic orders for new posts of an account: username, min, max, delay',
		panelType: 'Subscriptions',
		quantity: { from: 'minMax' },
		dripFeed: false,
		fields: [SUBSCRIBED_USERNAME, MIN, MAX, DELAY],
	},
	webTraffic: {
		name: 'Web Traffic',
		description: 'Website visits: link, quantity, country, device, traffic type',
		panelType: 'Web Traffic',
		quantity: BY_QUANTITY,
		dripFeed: true,
		fields: [WEB_TRAFFIC_LINK, QUANTITY, COUNTRY, DEVICE, TYPE_OF_TRAFFIC, GOOGLE_KEYWORD, REFERRING_URL],
	},
} satisfies Record<string, OrderTypeSpec>;

export type OrderType = keyof typeof ORDER_TYPE_SPECS;

export const ORDER_TYPES = Object.keys(ORDER_TYPE_SPECS) as OrderType[];

export function isOrderType(value: unknown): value is OrderType {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ORDER_TYPE_SPECS, value);
}

export function orderTypeSpec(type: OrderType): OrderTypeSpec {
	return ORDER_TYPE_SPECS[type];
}

/** The name the Order Type option shows for a type. */
export function orderTypeName(type: OrderType): string {
	return ORDER_TYPE_SPECS[type].name;
}

export const DRIP_FEED_TYPES: OrderType[] = ORDER_TYPES.filter((type) => orderTypeSpec(type).dripFeed);

/** The fields of one order type, in the order the form sends them. */
export function fieldsOfType(type: OrderType): OrderField[] {
	const { fields } = orderTypeSpec(type);
	return ORDER_FIELDS.filter((field) => fields.includes(field));
}

/** The order types that use a field. */
export function typesWithField(field: OrderField): OrderType[] {
	return ORDER_TYPES.filter((type) => orderTypeSpec(type).fields.includes(field));
}

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

const ORDER_TYPE_BY_KEY = new Map<string, OrderType>(ORDER_TYPES.map((type) => [typeKey(orderTypeSpec(type).panelType), type]));

/** The order type a panel's service type name means, or undefined for a type this node does not know. */
export function orderTypeOfService(panelType: string): OrderType | undefined {
	return ORDER_TYPE_BY_KEY.get(typeKey(panelType.trim() === '' ? 'Default' : panelType));
}

/** Whether a service's rate is per package; per 1000, as the API says, for a type this node does not know. */
export function isRatePerPackage(panelType: string): boolean {
	const type = orderTypeOfService(panelType);
	return type !== undefined && orderTypeSpec(type).ratePerPackage === true;
}

