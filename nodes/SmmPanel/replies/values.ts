import { z } from 'zod';

/**
 * Building blocks for reading panel replies. Panels send numbers as strings ("0.90", "1 000",
 * "0,90"), booleans as "1"/"true"/"yes", and sometimes empty strings for unknown values; each
 * helper accepts all of these and yields a clean JavaScript value.
 */

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	let text = value.trim().replace(/[\s$€£]/g, '');
	if (text === '') return undefined;
	// A lone comma with no dot is a decimal comma ("0,90"); otherwise commas group thousands.
	text = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text.replace(/,/g, '');
	const parsed = Number(text);
	return Number.isFinite(parsed) ? parsed : undefined;
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

/** A number that must be there (a service's rate, a balance). */
export const requiredNumber = z.unknown().transform((value, context) => {
	const parsed = toNumber(value);
	if (parsed === undefined) {
		context.addIssue({ code: z.ZodIssueCode.custom, message: `expected a number, got ${JSON.stringify(value)}` });
		return z.NEVER;
	}
	return parsed;
});

/** A number the panel may leave out or blank (an order's start count before it starts), else null. */
export function numberOrNull(value: unknown): number | null {
	return toNumber(value) ?? null;
}


/** A positive integer ID, as number or numeric string. */
export const panelId = z.unknown().transform((value, context) => {
	const parsed = toNumber(value);
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

export function extractErrorMessage(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (value !== null && typeof value === 'object' && 'error' in value) {
		const inner = (value as { error: unknown }).error;
		if (typeof inner === 'string') return inner.trim() || 'Unknown error';
		if (inner !== null && typeof inner === 'object' && 'message' in inner) {
			return String((inner as { message: unknown }).message);
		}
		if (inner !== undefined && inner !== null && inner !== false) return JSON.stringify(inner);
	}
	return undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/** Text where a value of `schema` belongs (a refill ID, a cancel flag) is the panel's message about that ID. */
export function textThatIsNot(schema: z.ZodTypeAny, value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '' || schema.safeParse(value).success) return undefined;
	return value.trim();
}
