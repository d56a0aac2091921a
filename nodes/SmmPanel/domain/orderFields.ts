import type { INodeProperties } from 'n8n-workflow';

/**
 * The fields an order can carry besides `service`, each declared once: the form field the panel
 * expects, how its value is sent, and the node parameter that holds it. Which order types use a
 * field is said by the order-type table (orderTypes.ts), not here; a field some types describe
 * differently is a variant of its base (`describedAs`), not a second declaration.
 */
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
	/** Sent only when another parameter has this value (Web Traffic's keyword and referrer). */
	onlyWhen?: { parameter: string; value: number };
	/** The node parameter; the displayOptions that show it for its order types are derived from the table. */
	property: INodeProperties;
}

const LIST_ROWS = { rows: 4 };

function textField(form: string, name: string, displayName: string, placeholder: string, description: string): OrderField {
	return {
		form,
		kind: 'text',
		property: { displayName, name, type: 'string', required: true, default: '', placeholder, description },
	};
}

function listField(form: string, displayName: string, placeholder: string, description: string): OrderField {
	const { property } = textField(form, form, displayName, placeholder, description);
	return { form, kind: 'list', property: { ...property, typeOptions: LIST_ROWS } };
}

function numberField(
	form: string,
	name: string,
	displayName: string,
	defaultValue: number,
	typeOptions: INodeProperties['typeOptions'],
	description: string,
): OrderField {
	return {
		form,
		kind: 'number',
		property: { displayName, name, type: 'number', required: true, typeOptions, default: defaultValue, description },
	};
}

/** The same field and parameter, described for the order types that use it differently. */
function describedAs(base: OrderField, description: string, placeholder?: string): OrderField {
	return { ...base, property: { ...base.property, description, ...(placeholder !== undefined && { placeholder }) } };
}

export const LINK = textField(
	'link',
	'link',
	'Link',
	'e.g. https://www.instagram.com/p/C1a2b3c4d5/',
	'The link to the post, profile, video or page the order is for',
);

export const WEB_TRAFFIC_LINK = describedAs(LINK, 'The page the visits go to', 'e.g. https://www.example.com/pricing');

export const QUANTITY = numberField(
	'quantity',
	'quantity',
	'Quantity',
	1000,
	{ minValue: 1 },
	"How many to order, within the service's minimum and maximum. With drip-feed, the quantity of each run.",
);

export const KEYWORDS = listField('keywords', 'Keywords', 'e.g. best running shoes', 'The keywords to rank for, one per line');

export const COMMENTS = listField(
	'comments',
	'Comments',
	'e.g. Great post!',
	'The comments to post, one per line. The number of lines is the quantity.',
);

export const REPLIES = describedAs(
	COMMENTS,
	'The replies to post under the comment, one per line. The number of lines is the quantity.',
	'e.g. Totally agree!',
);

export const USERNAMES = listField('usernames', 'Usernames', 'e.g. natgeo', 'The accounts whose followers are mentioned, one per line');

export const USERNAMES_TO_MENTION = describedAs(USERNAMES, 'The accounts to mention, one per line. The number of lines is the quantity.');

export const HASHTAGS = listField('hashtags', 'Hashtags', 'e.g. #travel', 'The hashtags to add, one per line');

export const HASHTAG = textField('hashtag', 'hashtag', 'Hashtag', 'e.g. #travel', 'The hashtag whose users are mentioned');

export const FOLLOWED_USERNAME = textField('username', 'username', 'Username', 'e.g. natgeo', 'The account whose followers are mentioned');

export const COMMENT_OWNER = describedAs(FOLLOWED_USERNAME, 'The owner of the comment');

export const SUBSCRIBED_USERNAME = describedAs(FOLLOWED_USERNAME, 'The account whose new posts get the service');

export const MEDIA = textField(
	'media',
	'media',
	'Media',
	'e.g. https://www.instagram.com/p/C1a2b3c4d5/',
	'The link to the media whose likers are mentioned',
);

export const ANSWER_NUMBER = numberField(
	'answer_number',
	'answerNumber',
	'Answer Number',
	1,
	{ minValue: 1 },
	'The poll answer to vote for, counting from 1',
);

export const GROUPS = listField('groups', 'Groups', 'e.g. https://t.me/examplegroup', 'The groups to invite members from, one per line');

export const MIN = numberField('min', 'min', 'Min', 100, { minValue: 1 }, 'The smallest quantity delivered to each new post');

export const MAX = numberField('max', 'max', 'Max', 100, { minValue: 1 }, 'The largest quantity delivered to each new post');

/** Subscriptions' allowed `delay`s: 0, 5, 10, 15, then every 30 minutes up to 600. */
export const SUBSCRIPTION_DELAYS: readonly number[] = [0, 5, 10, 15, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 30)];

/** A delay as the option names it: "No Delay", "15 Minutes", "1 Hour 30 Minutes". */
function delayName(minutes: number): string {
	if (minutes === 0) return 'No Delay';
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	const parts = [hours > 0 ? `${hours} Hour${hours > 1 ? 's' : ''}` : '', rest > 0 ? `${rest} Minutes` : ''];
	return parts.filter((part) => part !== '').join(' ');
}

export const COUNTRY = textField(
	'country',
	'country',
	'Country',
	'e.g. US',
	'The country the visits come from, as the panel names it (often a two-letter code)',
);

/** A number chosen from a fixed set; the first option is the default. Saved numbers keep their meaning. */
function optionsField(
	form: string,
	name: string,
	displayName: string,
	options: Array<{ name: string; value: number }>,
	description: string,
	defaultValue = options[0].value,
): OrderField {
	return {
		form,
		kind: 'number',
		property: { displayName, name, type: 'options', required: true, options, default: defaultValue, description },
	};
}

export const DELAY = optionsField(
	'delay',
	'delay',
	'Delay',
	SUBSCRIPTION_DELAYS.map((minutes) => ({ name: delayName(minutes), value: minutes })),
	'How long after a new post to start: the panel accepts only these delays',
);

export const DEVICE = optionsField(
	'device',
	'device',
	'Device',
	[
		{ name: 'Desktop', value: 1 },
		{ name: 'Mixed (Mobile and Desktop)', value: 5 },
		{ name: 'Mixed Mobile', value: 4 },
		{ name: 'Mobile (Android)', value: 2 },
		{ name: 'Mobile (iOS)', value: 3 },
	],
	'The device the visits come from',
	1,
);

/** Type of Traffic's values, which decide whether a keyword or a referrer is sent. */
const GOOGLE_KEYWORD_TRAFFIC = 1;
const CUSTOM_REFERRER_TRAFFIC = 2;

export const TYPE_OF_TRAFFIC = optionsField(
	'type_of_traffic',
	'typeOfTraffic',
	'Type of Traffic',
	[
		{ name: 'Blank Referrer', value: 3 },
		{ name: 'Custom Referrer', value: CUSTOM_REFERRER_TRAFFIC },
		{ name: 'Google Keyword', value: GOOGLE_KEYWORD_TRAFFIC },
	],
	'Where the visits appear to come from',
	GOOGLE_KEYWORD_TRAFFIC,
);

function sentForTraffic(base: OrderField, traffic: number): OrderField {
	return {
		...base,
		onlyWhen: { parameter: TYPE_OF_TRAFFIC.property.name, value: traffic },
		property: { ...base.property, displayOptions: { show: { [TYPE_OF_TRAFFIC.property.name]: [traffic] } } },
	};
}

export const GOOGLE_KEYWORD = sentForTraffic(
	textField('google_keyword', 'googleKeyword', 'Google Keyword', 'e.g. best running shoes', 'The Google search the visits appear to come from'),
	GOOGLE_KEYWORD_TRAFFIC,
);

export const REFERRING_URL = sentForTraffic(
	textField('referring_url', 'referringUrl', 'Referring URL', 'e.g. https://news.example.com/article', 'The page the visits appear to come from'),
	CUSTOM_REFERRER_TRAFFIC,
);

/** Every field, in the order the editor shows them and the form sends them. */
export const ORDER_FIELDS: readonly OrderField[] = [
	LINK,
	WEB_TRAFFIC_LINK,
	QUANTITY,
	KEYWORDS,
	COMMENTS,
	REPLIES,
	USERNAMES,
	USERNAMES_TO_MENTION,
	HASHTAGS,
	HASHTAG,
	FOLLOWED_USERNAME,
	COMMENT_OWNER,
	SUBSCRIBED_USERNAME,
	MEDIA,
	ANSWER_NUMBER,
	GROUPS,
	MIN,
	MAX,
	DELAY,
	COUNTRY,
	DEVICE,
	TYPE_OF_TRAFFIC,
	GOOGLE_KEYWORD,
	REFERRING_URL,
];
