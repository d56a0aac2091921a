import type { z } from 'zod';

/** Thrown when a reply is JSON but not a shape we can read; the transport turns it into a NodeApiError. */
export class ReplyShapeError extends Error {}

/** `schema`'s reading of `value`, or a ReplyShapeError that says what was expected and where. */
export function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
	const result = schema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0];
		const where = issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
		throw new ReplyShapeError(`${what}: ${issue.message}${where}`);
	}
	return result.data;
}

/** The type name zod's messages use, so that hand-written readers word errors as a schema would. */
export function typeName(value: unknown): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'array' : typeof value;
}

const SHORT_JSON_LENGTH = 160;

/** `value` as short, single-line JSON for a message ("it sent ..."). */
export function shortJson(value: unknown): string {
	let json: string;
	try {
		json = value === undefined ? 'nothing' : JSON.stringify(value);
	} catch {
		json = typeName(value);
	}
	return json.length > SHORT_JSON_LENGTH ? `${json.slice(0, SHORT_JSON_LENGTH)}…` : json;
}
