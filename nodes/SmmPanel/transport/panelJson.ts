/**
 * JSON as panels send it: with a BOM, whitespace, PHP notices or an HTML comment around it, and
 * sometimes nested absurdly deep. Pure, like the classifier that uses it.
 */

/**
 * How deep a reply may nest. Panel replies nest three or four levels (`{"1": {"status": {"error":
 * ...}}}`); JSON.parse takes any depth, but what reads a reply afterwards (JSON.stringify for a
 * message, n8n copying an item with Include Raw Response, saving the execution) recurses, and a
 * reply nested 100,000 deep ends in a bare "Maximum call stack size exceeded".
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `text` nests arrays and objects more than `limit` deep (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit: number): boolean {
	let depth = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x22) {
			// Skip the string: to the next quote that is not escaped by an odd number of backslashes.
			let end = index;
			for (;;) {
				end = text.indexOf('"', end + 1);
				if (end < 0) return false;
				let backslashes = 0;
				while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
				if (backslashes % 2 === 0) break;
			}
			index = end;
		} else if (code === 0x5b || code === 0x7b) {
			if (++depth > limit) return true;
		} else if (code === 0x5d || code === 0x7d) {
			depth--;
		}
	}
	return false;
}

/** Parses JSON the way panels send it: possibly with a BOM, whitespace or stray bytes around it. */
export function parseLenientJson(body: string): { ok: true; value: unknown } | { ok: false } {
	const text = body.replace(/^\uFEFF/, '').trim();
	if (text === '') return { ok: false };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		const start = text.search(/[[{]/);
		const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
		if (start < 0 || end <= start) return { ok: false };
		try {
			return { ok: true, value: JSON.parse(text.slice(start, end + 1)) };
		} catch {
			return { ok: false };
		}
	}
}
