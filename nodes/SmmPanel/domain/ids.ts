/**
 * The one ID-list parser. Users give IDs as a number, a numeric string, a list separated by
 * commas, spaces, semicolons or new lines, or an array from an expression (possibly nested, e.g.
 * `{{ $json.orders }}` holding `[1, "2", [3]]`). Duplicates within one value are dropped.
 */
export class IdListError extends Error {}

const SEPARATORS = /[\s,;]+/;

function collectTokens(value: unknown, tokens: unknown[]): void {
	if (Array.isArray(value)) {
		for (const element of value) collectTokens(element, tokens);
	} else if (typeof value === 'string') {
		for (const token of value.split(SEPARATORS)) if (token !== '') tokens.push(token);
	} else if (value !== null && value !== undefined) {
		tokens.push(value);
	}
}

function toId(token: unknown): number | undefined {
	if (typeof token === 'number') return Number.isSafeInteger(token) && token > 0 ? token : undefined;
	if (typeof token === 'string' && /^\+?\d+$/.test(token)) {
		const id = Number(token);
		return Number.isSafeInteger(id) && id > 0 ? id : undefined;
	}
	return undefined;
}

function describe(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * @param noun what the IDs are, for messages ("order ID", "refill ID").
 * @param options.allowEmpty whether no ID at all is a valid answer (an empty list), e.g. for a
 *   trigger whose watch list is an expression that is empty while nothing needs watching.
 */
export function parseIdList(value: unknown, noun = 'ID', options: { allowEmpty?: boolean } = {}): number[] {
	const tokens: unknown[] = [];
	collectTokens(value, tokens);
	if (tokens.length === 0) {
		if (options.allowEmpty) return [];
		throw new IdListError(`No ${noun} given (the value is ${describe(value ?? '')})`);
	}
	const ids = new Set<number>();
	for (const token of tokens) {
		const id = toId(token);
		if (id === undefined) {
			throw new IdListError(`${describe(token)} is not a valid ${noun}: IDs are positive whole numbers`);
		}
		ids.add(id);
	}
	return [...ids];
}
