/**
 * Validation of `action=add` per service type (the reference's type table), and what the order
 * costs. Pure: no panel state besides the service and the balance check done by the caller.
 */
import type { CatalogueService, ServiceType } from './catalogue';

export type Form = Readonly<Record<string, string>>;

export interface ValidOrder {
	/** '' for Subscriptions. */
	link: string;
	/** Total units (see SimOrder.quantity). */
	quantity: number;
	charge: number;
	runs?: number;
	interval?: number;
}

export type OrderValidation = { ok: true; order: ValidOrder } | { ok: false; error: string };

/** Where a type's quantity comes from. */
type QuantitySource =
	| { from: 'field' }
	/** The number of non-empty lines of a list field (Custom Comments, Mentions Custom List...). */
	| { from: 'lines'; field: string }
	/** A package: one unit, charged the rate once. */
	| { from: 'package' };

interface TypeRule {
	quantity: QuantitySource;
	/** Charge the rate once instead of rate × quantity / 1000. */
	flatCharge?: boolean;
	/** Required list fields (entries separated by \n or \r\n). */
	lists?: string[];
	/** Required single-value fields. */
	texts?: string[];
	/** Accepts runs/interval (drip-feed) when the service allows it. */
	dripfeed?: boolean;
}

const FIELD_QUANTITY: QuantitySource = { from: 'field' };

const TYPE_RULES: Record<Exclude<ServiceType, 'Subscriptions'>, TypeRule> = {
	Default: { quantity: FIELD_QUANTITY, dripfeed: true },
	Package: { quantity: { from: 'package' }, flatCharge: true },
	SEO: { quantity: FIELD_QUANTITY, lists: ['keywords'] },
	'Custom Comments': { quantity: { from: 'lines', field: 'comments' } },
	'Custom Comments Package': { quantity: { from: 'lines', field: 'comments' }, flatCharge: true },
	Mentions: { quantity: FIELD_QUANTITY, lists: ['usernames'] },
	'Mentions with Hashtags': { quantity: FIELD_QUANTITY, lists: ['usernames', 'hashtags'] },
	'Mentions Custom List': { quantity: { from: 'lines', field: 'usernames' } },
	'Mentions Hashtag': { quantity: FIELD_QUANTITY, texts: ['hashtag'] },
	'Mentions User Followers': { quantity: FIELD_QUANTITY, texts: ['username'] },
	'Mentions Media Likers': { quantity: FIELD_QUANTITY, texts: ['media'] },
	'Comment Likes': { quantity: FIELD_QUANTITY, texts: ['username'] },
	'Comment Replies': { quantity: { from: 'lines', field: 'comments' }, texts: ['username'] },
	Poll: { quantity: FIELD_QUANTITY },
	'Invites from Groups': { quantity: FIELD_QUANTITY, lists: ['groups'] },
	'Web Traffic': { quantity: FIELD_QUANTITY, dripfeed: true },
};

/** Subscriptions `delay`: 0, 5, 10, 15, then every 30 minutes up to 600. */
const SUBSCRIPTION_DELAYS = new Set([0, 5, 10, 15, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 30)]);

export function roundMoney(amount: number): number {
	return Math.round(amount * 1e5) / 1e5;
}

/** The trimmed value, or undefined when absent or blank. */
function text(form: Form, name: string): string | undefined {
	const value = form[name]?.trim();
	return value ? value : undefined;
}

export function listEntries(value: string | undefined): string[] {
	if (value === undefined) return [];
	return value
		.split(/\r?\n/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** A non-negative decimal integer written as digits only, else undefined. */
function wholeNumber(value: string | undefined): number | undefined {
	if (value === undefined || !/^\d+$/.test(value)) return undefined;
	return Number(value);
}

function fieldError(name: string): string {
	return `Incorrect ${name.replace(/_/g, ' ')}`;
}

function rangeError(quantity: number, service: CatalogueService): string | undefined {
	if (quantity < service.min) return `Quantity less than minimal ${service.min}`;
	if (quantity > service.max) return `Quantity more than maximal ${service.max}`;
	return undefined;
}

function perThousand(service: CatalogueService, quantity: number): number {
	return roundMoney((service.rate * quantity) / 1000);
}

export function validateOrder(service: CatalogueService, form: Form): OrderValidation {
	const fail = (error: string): OrderValidation => ({ ok: false, error });
	if (service.type === 'Subscriptions') return validateSubscription(service, form);
	const rule = TYPE_RULES[service.type];

	const link = text(form, 'link');
	if (link === undefined) return fail('Incorrect link');
	for (const name of rule.lists ?? []) {
		if (listEntries(form[name]).length === 0) return fail(fieldError(name));
	}
	for (const name of rule.texts ?? []) {
		if (text(form, name) === undefined) return fail(fieldError(name));
	}
	if (service.type === 'Poll') {
		const answer = wholeNumber(text(form, 'answer_number'));
		if (answer === undefined || answer < 1) return fail('Incorrect answer number');
	}
	if (service.type === 'Web Traffic') {
		const error = webTrafficError(form);
		if (error !== undefined) return fail(error);
	}

	let quantity: number;
	switch (rule.quantity.from) {
		case 'package':
			quantity = 1;
			break;
		case 'lines': {
			quantity = listEntries(form[rule.quantity.field]).length;
			if (quantity === 0) return fail(fieldError(rule.quantity.field));
			break;
		}
		case 'field': {
			const parsed = wholeNumber(text(form, 'quantity'));
			if (parsed === undefined) return fail('Incorrect quantity');
			quantity = parsed;
			break;
		}
	}
	if (rule.quantity.from !== 'package') {
		const error = rangeError(quantity, service);
		if (error !== undefined) return fail(error);
	}

	// Drip-feed: `quantity` is delivered `runs` times, so the total and the charge multiply.
	const runsText = text(form, 'runs');
	const intervalText = text(form, 'interval');
	if (rule.dripfeed && (runsText !== undefined || intervalText !== undefined)) {
		if (!service.dripfeed) return fail('Drip-feed is disabled for this service');
		const runs = wholeNumber(runsText);
		if (runs === undefined || runs < 1) return fail('Incorrect runs');
		const interval = wholeNumber(intervalText);
		if (interval === undefined || interval < 1) return fail('Incorrect interval');
		const total = quantity * runs;
		return { ok: true, order: { link, quantity: total, charge: perThousand(service, total), runs, interval } };
	}

	const charge = rule.flatCharge ? roundMoney(service.rate) : perThousand(service, quantity);
	return { ok: true, order: { link, quantity, charge } };
}

function webTrafficError(form: Form): string | undefined {
	if (text(form, 'country') === undefined) return 'Incorrect country';
	const device = wholeNumber(text(form, 'device'));
	if (device === undefined || device < 1 || device > 5) return 'Incorrect device';
	const trafficType = wholeNumber(text(form, 'type_of_traffic'));
	if (trafficType === undefined || trafficType < 1 || trafficType > 3) return 'Incorrect type of traffic';
	if (trafficType === 1 && text(form, 'google_keyword') === undefined) return 'Incorrect google keyword';
	if (trafficType === 2 && text(form, 'referring_url') === undefined) return 'Incorrect referring url';
	return undefined;
}

/** Subscriptions have no link and no quantity: `min`/`max` per post; charged for `max`. */
function validateSubscription(service: CatalogueService, form: Form): OrderValidation {
	const fail = (error: string): OrderValidation => ({ ok: false, error });
	if (text(form, 'username') === undefined) return fail('Incorrect username');
	const min = wholeNumber(text(form, 'min'));
	if (min === undefined) return fail('Incorrect min');
	const max = wholeNumber(text(form, 'max'));
	if (max === undefined) return fail('Incorrect max');
	const rangeProblem = rangeError(min, service) ?? rangeError(max, service);
	if (rangeProblem !== undefined) return fail(rangeProblem);
	if (min > max) return fail('Min cannot be greater than max');
	const delay = wholeNumber(text(form, 'delay'));
	if (delay === undefined || !SUBSCRIPTION_DELAYS.has(delay)) return fail('Incorrect delay');
	const posts = text(form, 'posts');
	if (posts !== undefined && wholeNumber(posts) === undefined) return fail('Incorrect posts');
	const oldPosts = text(form, 'old_posts');
	if (oldPosts !== undefined && wholeNumber(oldPosts) === undefined) return fail('Incorrect old posts');
	const expiry = text(form, 'expiry');
	if (expiry !== undefined && !isDayMonthYear(expiry)) return fail('Incorrect expiry date');
	return { ok: true, order: { link: '', quantity: max, charge: perThousand(service, max) } };
}

function isDayMonthYear(value: string): boolean {
	const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
	if (!parts) return false;
	const [day, month, year] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
