/**
 * Keeping the API key out of what the node shows. The node never writes the key anywhere, but
 * panels echo it: in error messages ("Invalid API key: <key>"), per-ID errors, `print_r($_POST)`
 * pages, debug fields and redirect URLs. So everything a panel sent is cleaned of the key's value,
 * in every spelling it comes back in, before anything reads it (see sender.ts).
 */

export const REDACTED = '***';

/**
 * Shorter keys are not searched for: they would match ordinary values (an order ID, a status) and
 * garble replies. Real panel keys are 32 characters or more.
 */
const MIN_KEY_LENGTH = 6;

const HTML_ENTITY_NAMES: Readonly<Record<string, string>> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

/** A hexadecimal number as a pattern that accepts either case (`2[fF]`). */
function hexPattern(value: number, digits: number): string {
	return [...value.toString(16).padStart(digits, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}

function escapeForRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const utf8 = new TextEncoder();

/**
 * Every way one character of the key can come back: as itself; URL- or form-encoded (`%2B` in
 * either case, a space also as `+`); JSON-escaped (`\/`, `\"`, `\\`, `\u00e9`, as PHP's
 * json_encode writes them); or as an HTML entity (`&amp;`, `&#38;`, `&#x26;`).
 */
function characterPattern(char: string): string {
	const codePoint = char.codePointAt(0) ?? 0;
	const alternatives = [escapeForRegExp(char)];
	alternatives.push([...utf8.encode(char)].map((byte) => `%${hexPattern(byte, 2)}`).join(''));
	if (char === ' ') alternatives.push('\\+');
	const utf16 = char.length === 1 ? [char.charCodeAt(0)] : [char.charCodeAt(0), char.charCodeAt(1)];
	alternatives.push(utf16.map((unit) => `\\\\[uU]${hexPattern(unit, 4)}`).join(''));
	if (char === '/' || char === '"' || char === '\\') alternatives.push(`\\\\${escapeForRegExp(char)}`);
	if (!/[\p{L}\p{N}]/u.test(char)) {
		alternatives.push(`&#0*${codePoint};`, `&#[xX]0*${hexPattern(codePoint, 1)};`);
		const name = HTML_ENTITY_NAMES[char];
		if (name !== undefined) alternatives.push(`&${name};`);
	}
	return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join('|')})`;
}

export type Redactor = (text: string) => string;

/**
 * A function that replaces `key`, plain, URL-encoded, form-encoded, JSON-escaped or HTML-escaped
 * (and any mix of these, character by character), with `***`. The key lives only in the pattern
 * this closure holds; nothing else keeps it.
 */
export function keyRedactor(key: string): Redactor {
	const characters = [...key];
	if (characters.length < MIN_KEY_LENGTH) return (text) => text;
	const pattern = new RegExp(characters.map(characterPattern).join(''), 'g');
	return (text) => (text === '' ? text : text.replace(pattern, REDACTED));
}

/**
 * `key=...` and `"key": "..."` in an excerpt, whatever the key: a second line of defence for
 * messages, which also catches keys too short for keyRedactor and bodies a proxy made up.
 */
export function redactKeyFields(text: string): string {
	return text.replace(/(\bkey=)[^&\s"'<]*/gi, `$1${REDACTED}`).replace(/("key"\s*:\s*")[^"]*"/gi, `$1${REDACTED}"`);
}
