import { z } from 'zod';

/**
 * Building blocks for reading panel replies. Panels send numbers as strings ("0.90", "1 000",
 * "0,90", "1.234,50"), booleans as "1"/"true"/"yes", and sometimes empty strings for unknown values;
 * each helper accepts all of these and yields a clean JavaScript value.
 */

/**
 * What a number counts, which decides how its separators are read: a count (min, max, quantity,
 * remains, start count, an ID) is a whole number, so `,` `.` `'` and spaces in it group thousands;
 * money (rate, charge, balance) has decimals, written `1,234.50` or `1.234,50`.
 */
export type NumberKind = 'count' | 'money';

/** Currency signs, spaces of any kind (no-break and thin ones too) and apostrophes (Swiss `1'234`): never part of the value. */
const DECORATION = /[\s\p{Sc}'\u2019]/gu;
/** A currency code before or after the number ("USD 12.50", "12,50 EUR"), once spaces are gone. */
const CURRENCY_CODE = /^[A-Z]{3}(?=[\d.,])|(?<=[\d.,])[A-Z]{3}$/;
const PLAIN_INTEGER = /^\d+$/;
const PLAIN_DECIMAL = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether `digits` groups thousands with `separator`: `1,234,567`, or Indian `12,34,567`. */
function isGrouped(digits: string, separator: string): boolean {
	const groups = digits.split(separator);
	if (groups.length < 2 || !/^[1-9]\d{0,2}$/.test(groups[0]) || !/^\d{3}$/.test(groups[groups.length - 1])) return false;
	const middle = groups.slice(1, -1);
	return middle.every((group) => /^\d{3}$/.test(group)) || (groups[0].length <= 2 && middle.every((group) => /^\d{2}$/.test(group)));
}

/** Digits with separators as JavaScript's Number reads them ("1234.5"), or undefined when they make no sense. */
function withoutGrouping(digits: string, kind: NumberKind): string | undefined {
	if (PLAIN_DECIMAL.test(digits)) {
		// "10.000" is ten thousand where only whole numbers belong; in money a dot is the decimal point.
		return kind === 'count' && isGrouped(digits, '.') ? digits.replace(/\./g, '') : digits;
	}
	if (!/^[\d.,]+$/.test(digits)) return undefined;
	const lastDot = digits.lastIndexOf('.');
	const lastComma = digits.lastIndexOf(',');
	if (lastDot >= 0 && lastComma >= 0) {
		// Both: the last one is the decimal separator ("1,234.50", "1.234,50").
		const [decimal, grouping] = lastDot > lastComma ? ['.', ','] : [',', '.'];
		const [whole, fraction, ...more] = digits.split(decimal);
		if (more.length > 0 || fraction === '' || !isGrouped(whole, grouping)) return undefined;
		return `${whole.split(grouping).join('')}.${fraction}`;
	}
	// One kind only: grouping when it groups ("10,000", "1.234.567"), else one decimal comma ("0,90").
	const separator = lastDot >= 0 ? '.' : ',';
	if (isGrouped(digits, separator)) return digits.split(separator).join('');
	const [whole, fraction, ...more] = digits.split(',');
	return separator === ',' && more.length === 0 && whole !== '' && fraction !== '' ? `${whole}.${fraction}` : undefined;
}

function toNumber(value: unknown, kind: NumberKind): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	// The common case first: this runs for every number of every status reply.
	if (PLAIN_INTEGER.test(value)) return Number(value);
	const text = value.replace(DECORATION, '').replace(CURRENCY_CODE, '');
	const sign = /^[+\-\u2212]/.test(text) ? text[0] : '';
	const digits = withoutGrouping(text.slice(sign.length), kind);
	if (digits === undefined) return undefined;
	const parsed = Number(digits);
	if (!Number.isFinite(parsed)) return undefined;
	return sign === '' || sign === '+' ? parsed : -parsed;
}

function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().toLowerCase();
	if (['1', 'true', 'yes', 'on', 'enabled'].includes(text)) return true;
	if (['0', 'false', 'no', 'off', 'disabled', ''].includes(text)) return false;
	return undefined;
}

function requiredNumber(kind: NumberKind) {
	return z.unknown().transform((value, context) => {
		const parsed = toNumber(value, kind);
		if (parsed === undefined) {
			context.addIssue({ code: z.ZodIssueCode.custom, message: `expected a number, got ${JSON.stringify(value)}` });
			return z.NEVER;
		}
		return parsed;
	});
}

/** An amount that must be there (a service's rate, a balance). */
export const requiredMoney = requiredNumber('money');

/** A whole number that must be there (a service's minimum and maximum). */
export const requiredCount = requiredNumber('count');

/** An amount the panel may leave out or blank (an order's charge), else null. */
export function moneyOrNull(value: unknown): number | null {
	return toNumber(value, 'money') ?? null;
}

/** A whole number the panel may leave out or blank (an order's start count before it starts), else null. */
export function countOrNull(value: unknown): number | null {
	return toNumber(value, 'count') ?? null;
}

/** A positive integer ID, as number or numeric string. */
export const panelId = z.unknown().transform((value, context) => {
	const parsed = toNumber(value, 'count');
	if (parsed === undefined || !Number.isInteger(parsed) || parsed <= 0) {
		context.addIssue({ code: z.ZodIssueCode.custom, message: `expected an ID, got ${JSON.stringify(value)}` });
		return z.NEVER;
	}
	return parsed;
});

/** A flag the panel may leave out; absent means false. */
export const flag = z.unknown().transform((value) => toBoolean(value) ?? false);

/** A flag whose absence we must keep as "unknown" rather than guess. */
export const optionalFlag = z.unknown().transform((value) => toBoolean(value));

export const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

/** Text the panel may leave out or blank (a currency), trimmed, else null. */
export function textOrNull(value: unknown): string | null {
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() || null : null;
}

/** `textOrNull` as a schema. */
export const optionalText = z.unknown().transform(textOrNull);

/** What panels put in "error" beside a good reply to say there is none: 0, false, "", null, and their spellings as text. */
const NO_ERROR = new Set(['', '0', 'false', 'null', 'none', 'no']);

/** `value` when it is a message: non-empty text that does not say "no error". */
function messageText(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return NO_ERROR.has(text.toLowerCase()) ? undefined : text;
}

/**
 * The panel's error message in a reply or entry, or undefined when it has none: `{"error": "..."}`,
 * `{"error": {"message": "..."}}`, `{"error": ["..."]}`, or `{"error": true, "message": "..."}`.
 * Only a message counts: `{"error": 0}`, `false` or `""` beside a good reply is not an error.
 */
export function extractErrorMessage(value: unknown): string | undefined {
	if (typeof value === 'string') return messageText(value);
	if (value === null || typeof value !== 'object' || !('error' in value)) return undefined;
	const reply = value as { error: unknown; message?: unknown };
	const inner = reply.error;
	if (Array.isArray(inner)) return inner.map(messageText).find((message) => message !== undefined);
	if (inner !== null && typeof inner === 'object') {
		const { message, error } = inner as { message?: unknown; error?: unknown };
		return messageText(message) ?? messageText(error);
	}
	if (inner === true || inner === 1) return messageText(reply.message);
	return messageText(inner);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** Text where a value of `schema` belongs (a refill ID, a cancel flag) is the panel's message about that ID. */
export function textThatIsNot(schema: z.ZodTypeAny, value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '' || schema.safeParse(value).success) return undefined;
	return value.trim();
}
