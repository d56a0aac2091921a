/**
 * Turns one API call (the parsed form) into the JSON value the panel replies with, in the shapes of
 * the reference, bent by the configured quirks. State changes happen in PanelState.
 */
import type { CatalogueService } from './catalogue';
import { ORDER_STATUS, type PanelState } from './panel';
import type { NumberLocale, Quirks } from './types';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ApiContext {
	panel: PanelState;
	key: string;
	currency: string;
	quirks: Quirks;
}

export const MAX_BATCH_IDS = 100;

/** Exact error strings the panel replies with outside `add` validation. */
export const API_ERRORS = {
	invalidKey: 'Invalid API key',
	incorrectRequest: 'Incorrect request',
	incorrectOrderId: 'Incorrect order ID',
	refillNotFound: 'Refill not found',
	tooManyOrders: `Too many orders: maximum ${MAX_BATCH_IDS} per request`,
	tooManyRefills: `Too many refills: maximum ${MAX_BATCH_IDS} per request`,
} as const;

const LOWER_CASE_STATUS: Readonly<Record<string, string>> = {
	[ORDER_STATUS.canceled]: 'cancelled',
};

type Form = Readonly<Record<string, string>>;

type BatchIds = { ok: true; ids: string[] } | { ok: false };

/** Comma-separated IDs: whitespace and empty entries ignored, duplicates answered once. */
function parseIdList(value: string): BatchIds {
	const ids = [
		...new Set(
			value
				.split(',')
				.map((id) => id.trim())
				.filter((id) => id !== ''),
		),
	];
	return ids.length > MAX_BATCH_IDS ? { ok: false } : { ok: true, ids };
}

/** The numeric ID an entry names, or undefined for anything that cannot be one. */
function numericId(id: string | undefined): number | undefined {
	const trimmed = id?.trim() ?? '';
	return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Echo an ID back as a number when it is one, as the reference's batch replies do. */
function echoId(id: string): number | string {
	return numericId(id) ?? id;
}

export function handleApiCall(form: Form, context: ApiContext): Json {
	if (form.key === undefined || form.key !== context.key) return { error: API_ERRORS.invalidKey };
	const format = new ReplyFormat(context.quirks);
	const { panel } = context;
	switch (form.action) {
		case 'services':
			return panel.services().map((entry) => format.service(entry));
		case 'add': {
			const placed = panel.placeOrder(form);
			return placed.ok ? { order: placed.value } : { error: placed.error };
		}
		case 'status':
			return orderStatus(form, context, format);
		case 'refill':
			return refill(form, panel);
		case 'refill_status':
			return refillStatus(form, panel, format);
		case 'cancel':
			return cancel(form, panel);
		case 'balance':
			return { balance: format.money(panel.getBalance()), currency: context.currency };
		default:
			return { error: API_ERRORS.incorrectRequest };
	}
}

function orderStatus(form: Form, context: ApiContext, format: ReplyFormat): Json {
	const statusOf = (id: string): { [key: string]: Json } => {
		const orderId = numericId(id);
		const view = orderId === undefined ? undefined : context.panel.orderStatus(orderId);
		if (!view) return { error: API_ERRORS.incorrectOrderId };
		return {
			charge: format.money(view.charge),
			start_count: format.count(view.startCount),
			status: format.status(view.status),
			remains: format.count(view.remains),
			currency: context.currency,
		};
	};
	const batch = form.orders;
	if (batch === undefined) return statusOf(form.order ?? '');
	const parsed = parseIdList(batch);
	if (!parsed.ok) return { error: API_ERRORS.tooManyOrders };
	if (parsed.ids.length === 0) return { error: API_ERRORS.incorrectOrderId };
	if (context.quirks.statusBatchAsArray) {
		return parsed.ids.map((id) => ({ order: echoId(id), ...statusOf(id) }));
	}
	const keyed: { [key: string]: Json } = {};
	for (const id of parsed.ids) {
		// defineProperty: an ID such as "__proto__" must become a key, not a prototype.
		Object.defineProperty(keyed, id, { value: statusOf(id), enumerable: true, writable: true, configurable: true });
	}
	return keyed;
}

function refill(form: Form, panel: PanelState): Json {
	const batch = form.orders;
	if (batch === undefined) {
		const orderId = numericId(form.order);
		const result = orderId === undefined ? undefined : panel.requestRefill(orderId);
		if (!result) return { error: API_ERRORS.incorrectOrderId };
		// Single replies carry the refill ID as a string, batch replies as a number (as in the reference).
		return result.ok ? { refill: String(result.value) } : { error: result.error };
	}
	const parsed = parseIdList(batch);
	if (!parsed.ok) return { error: API_ERRORS.tooManyOrders };
	if (parsed.ids.length === 0) return { error: API_ERRORS.incorrectOrderId };
	return parsed.ids.map((id) => {
		const orderId = numericId(id);
		const result = orderId === undefined ? undefined : panel.requestRefill(orderId);
		const outcome: Json = !result
			? { error: API_ERRORS.incorrectOrderId }
			: result.ok
				? result.value
				: { error: result.error };
		return { order: echoId(id), refill: outcome };
	});
}

function refillStatus(form: Form, panel: PanelState, format: ReplyFormat): Json {
	const statusOf = (id: string): string | undefined => {
		const refillId = numericId(id);
		const status = refillId === undefined ? undefined : panel.refillStatus(refillId);
		return status === undefined ? undefined : format.status(status);
	};
	const batch = form.refills;
	if (batch === undefined) {
		const status = statusOf(form.refill ?? '');
		return status === undefined ? { error: API_ERRORS.refillNotFound } : { status };
	}
	const parsed = parseIdList(batch);
	if (!parsed.ok) return { error: API_ERRORS.tooManyRefills };
	if (parsed.ids.length === 0) return { error: API_ERRORS.refillNotFound };
	return parsed.ids.map((id) => ({
		refill: echoId(id),
		status: statusOf(id) ?? { error: API_ERRORS.refillNotFound },
	}));
}

/** Always an array, also for a single `order=` (the reference documents only the batch form). */
function cancel(form: Form, panel: PanelState): Json {
	const parsed = parseIdList(form.orders ?? form.order ?? '');
	if (!parsed.ok) return { error: API_ERRORS.tooManyOrders };
	if (parsed.ids.length === 0) return { error: API_ERRORS.incorrectOrderId };
	return parsed.ids.map((id) => {
		const orderId = numericId(id);
		const result = orderId === undefined ? undefined : panel.requestCancel(orderId);
		const outcome: Json = !result
			? { error: API_ERRORS.incorrectOrderId }
			: result.ok
				? result.value
				: { error: result.error };
		return { order: echoId(id), cancel: outcome };
	});
}

/** [thousands separator, decimal separator] per locale. */
const LOCALE_SEPARATORS: Readonly<Record<NumberLocale, [string, string]>> = {
	en: [',', '.'],
	de: ['.', ','],
	ch: ["'", '.'],
	fr: ['\u202F', ','],
};

/** `value` with `decimals` decimals, grouped and separated as `locale` writes numbers (PHP's number_format). */
function localeNumber(value: number, decimals: number, locale: NumberLocale): string {
	const [thousands, decimal] = LOCALE_SEPARATORS[locale];
	const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
	return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

/** Number/boolean/status spelling of replies, per the configured quirks. */
class ReplyFormat {
	constructor(private readonly quirks: Quirks) {}

	/** Money as a string with 5 decimals ("0.27819"), or a number with the quirk. */
	money(amount: number): Json {
		if (this.quirks.numbersAsNumbers) return amount;
		return this.quirks.localeNumbers ? localeNumber(amount, 5, this.quirks.localeNumbers) : amount.toFixed(5);
	}

	count(value: number): Json {
		if (this.quirks.numbersAsNumbers) return value;
		return this.quirks.localeNumbers ? localeNumber(value, 0, this.quirks.localeNumbers) : String(value);
	}

	rate(rate: number): Json {
		if (this.quirks.numbersAsNumbers) return rate;
		// "0.90" like the reference, with more decimals only when a cheap rate needs them ("0.045").
		const significantDecimals = rate.toFixed(4).replace(/0+$/, '').split('.')[1]?.length ?? 0;
		const decimals = Math.max(2, significantDecimals);
		return this.quirks.localeNumbers ? localeNumber(rate, decimals, this.quirks.localeNumbers) : rate.toFixed(decimals);
	}

	status(status: string): string {
		if (!this.quirks.lowerCaseStatuses) return status;
		return LOWER_CASE_STATUS[status] ?? status.toLowerCase();
	}

	/** With the quirk: "1"/"0" for odd service IDs, "true"/"false" for even ones. */
	flag(value: boolean, serviceId: number): Json {
		if (!this.quirks.booleansAsStrings) return value;
		if (serviceId % 2 === 1) return value ? '1' : '0';
		return value ? 'true' : 'false';
	}

	service(entry: CatalogueService): Json {
		const reply: { [key: string]: Json } = {
			service: entry.service,
			name: entry.name,
			type: entry.type,
			category: entry.category,
			rate: this.rate(entry.rate),
			min: this.count(entry.min),
			max: this.count(entry.max),
			refill: this.flag(entry.refill, entry.service),
			cancel: this.flag(entry.cancel, entry.service),
			dripfeed: this.flag(entry.dripfeed, entry.service),
		};
		if (entry.desc !== undefined) reply.desc = entry.desc;
		return reply;
	}
}
