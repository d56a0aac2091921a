/**
 * Turns one API call (the parsed form) into the JSON value the panel replies with, in the shapes of
 * the reference, bent by the configured quirks. State changes happen in PanelState.
 */
import type { CatalogueService } from './catalogue';
import { INVALID_ACTION_ERROR, REFILL_NOT_FOUND_SINGLE, SINGLE_FORM_NOT_FOUND, type ActionSupport, type Dialect } from './dialects';
import { ORDER_STATUS, type PanelState } from './panel';
import type { NumberLocale, Quirks } from './types';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ApiContext {
	panel: PanelState;
	key: string;
	currency: string;
	quirks: Quirks;
	dialect: Dialect;
}

/** What a script that crashes on the request sends: the server's HTTP 500 page (index.ts). */
export const SCRIPT_CRASH = Symbol('script crash');

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

/** The reply of a script that lacks `refill` or `cancel` (undefined: it has the action). */
function unsupported(support: ActionSupport): Json | typeof SCRIPT_CRASH | undefined {
	switch (support) {
		case 'null':
			return null;
		case 'crash':
			return SCRIPT_CRASH;
		case 'invalid':
			return { error: INVALID_ACTION_ERROR };
		default:
			return undefined;
	}
}

/** A batch field that a single-form-only script never reads. */
function withoutBatchField(form: Form, field: string, singleOnly: boolean): Form {
	if (!singleOnly || form[field] === undefined) return form;
	return Object.fromEntries(Object.entries(form).filter(([name]) => name !== field));
}

export function handleApiCall(form: Form, context: ApiContext): Json | typeof SCRIPT_CRASH {
	if (form.key === undefined || form.key !== context.key) return { error: API_ERRORS.invalidKey };
	const format = new ReplyFormat(context.quirks, context.dialect);
	const { panel, dialect } = context;
	const success = (reply: { [key: string]: Json }): Json => (dialect.successBesideData ? { status: 'success', ...reply } : reply);
	switch (form.action) {
		case 'services':
			return panel.services().map((entry) => format.service(entry));
		case 'add': {
			const placed = panel.placeOrder(form);
			if (!placed.ok) return { error: placed.error };
			return dialect.addStatusCode ? { status: 100, order: String(placed.value) } : success({ order: placed.value });
		}
		case 'status':
			return orderStatus(withoutBatchField(form, 'orders', dialect.singleIdStatus), context, format);
		case 'refill': {
			const missing = unsupported(dialect.refill);
			return missing !== undefined ? missing : refill(withoutBatchField(form, 'orders', dialect.refill === 'single'), panel);
		}
		case 'refill_status':
			return refillStatus(withoutBatchField(form, 'refills', dialect.singleIdRefillStatus), context, format);
		case 'cancel': {
			const missing = unsupported(dialect.cancel);
			return missing !== undefined ? missing : cancel(withoutBatchField(form, 'orders', dialect.cancel === 'single'), panel);
		}
		case 'balance':
			return success({ balance: format.money(panel.getBalance()), currency: context.currency });
		default:
			return { error: API_ERRORS.incorrectRequest };
	}
}

function orderStatus(form: Form, context: ApiContext, format: ReplyFormat): Json {
	const statusOf = (id: string): { [key: string]: Json } => {
		const orderId = numericId(id);
		const view = orderId === undefined ? undefined : context.panel.orderStatus(orderId);
		if (!view) return context.dialect.singleIdStatus ? { ...SINGLE_FORM_NOT_FOUND } : { error: API_ERRORS.incorrectOrderId };
		const notStarted = context.dialect.nullStartCount && view.status === ORDER_STATUS.pending;
		return {
			charge: format.money(view.charge),
			start_count: notStarted ? null : format.count(view.startCount),
			status: format.status(view.status),
			remains: format.count(view.remains),
			currency: context.currency,
		};
	};
	const batch = form.orders;
	if (batch === undefined && form.order === undefined && context.dialect.singleIdStatus && context.dialect.missingIdReply === 'incorrectRequest') {
		return { error: API_ERRORS.incorrectRequest };
	}
	if (batch === undefined) return statusOf(form.order ?? '');
	const parsed = parseIdList(batch);
	if (!parsed.ok) return { error: API_ERRORS.tooManyOrders };
	if (parsed.ids.length === 0) return { error: API_ERRORS.incorrectOrderId };
	if (context.quirks.statusBatchAsArray) {
		return parsed.ids.map((id) => ({ order: echoId(id), ...statusOf(id) }));
	}
	const keyed: { [key: string]: Json } = context.dialect.successBesideData ? { status: 'success' } : {};
	for (const id of parsed.ids) {
		const entry = statusOf(id);
		const value = context.dialect.unknownIdAsText && 'error' in entry ? entry.error : entry;
		// defineProperty: an ID such as "__proto__" must become a key, not a prototype.
		Object.defineProperty(keyed, id, { value, enumerable: true, writable: true, configurable: true });
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

function refillStatus(form: Form, context: ApiContext, format: ReplyFormat): Json {
	const { panel } = context;
	const statusOf = (id: string): string | undefined => {
		const refillId = numericId(id);
		const status = refillId === undefined ? undefined : panel.refillStatus(refillId);
		return status === undefined ? undefined : format.status(status);
	};
	const batch = form.refills;
	if (batch === undefined && form.refill === undefined && context.dialect.singleIdRefillStatus && context.dialect.missingIdReply === 'incorrectRequest') {
		return { error: API_ERRORS.incorrectRequest };
	}
	if (batch === undefined) {
		const status = statusOf(form.refill ?? '');
		if (status !== undefined) return { status };
		return context.dialect.singleIdRefillStatus ? { ...REFILL_NOT_FOUND_SINGLE } : { error: API_ERRORS.refillNotFound };
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
	constructor(
		private readonly quirks: Quirks,
		private readonly dialect: Dialect,
	) {}

	/** Money as a string with 5 decimals ("0.27819"; 7 in the long-decimals dialect), or a number with the quirk. */
	money(amount: number): Json {
		if (this.quirks.numbersAsNumbers) return amount;
		const decimals = this.dialect.longDecimals ? 7 : 5;
		return this.quirks.localeNumbers ? localeNumber(amount, decimals, this.quirks.localeNumbers) : amount.toFixed(decimals);
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
		if (this.dialect.inprogress && status === ORDER_STATUS.inProgress) return 'Inprogress';
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
			type: this.dialect.snakeCaseTypes ? entry.type.toLowerCase().replace(/ /g, '_') : entry.type,
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
