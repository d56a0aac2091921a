/**
 * The key redactor on its own: the key's value in every spelling a panel writes it back in.
 * test/hostile/keyEcho.test.ts covers the same over real HTTP, through n8n, in every place.
 */
import { keyRedactor, redactKeyFields } from '../../nodes/SmmPanel/transport/redact';

const KEY = 'a+b/c=d e&f';

describe('keyRedactor', () => {
	const redact = keyRedactor(KEY);

	it.each([
		['plain', 'Invalid API key: a+b/c=d e&f'],
		['URL-encoded (rawurlencode)', 'Location: /login?key=a%2Bb%2Fc%3Dd%20e%26f'],
		['URL-encoded, lower-case hex', 'a%2bb%2fc%3dd%20e%26f'],
		['form-encoded (urlencode)', 'action=balance&key=a%2Bb%2Fc%3Dd+e%26f'],
		['JSON-escaped as PHP writes it', '{"error":"Invalid API key: a+b\\/c=d e&f"}'],
		['JSON-escaped as \\u escapes', '{"k":"a\\u002bb\\u002Fc=d\\u0020e\\u0026f"}'],
		['HTML-escaped', '<td>a+b/c=d e&amp;f</td>'],
		['HTML numeric entities', 'a&#43;b&#x2F;c&#61;d&#32;e&#038;f'],
		['mixed, character by character', 'a+b%2Fc=d+e\\u0026f'],
	])('removes the key written %s', (_, text) => {
		const redacted = redact(text);
		expect(redacted).toContain('***');
		expect(redacted).not.toMatch(/a.{0,8}b.{0,8}c.{0,8}d.{0,8}e.{0,8}f/);
	});

	it('removes every occurrence and leaves the rest alone', () => {
		expect(redact('x a+b/c=d e&f y a%2Bb%2Fc%3Dd+e%26f z')).toBe('x *** y *** z');
		expect(redact('{"balance":"12.50","currency":"USD"}')).toBe('{"balance":"12.50","currency":"USD"}');
		expect(redact('')).toBe('');
	});

	it('keeps JSON valid where the key stood in a string', () => {
		expect(JSON.parse(redact('{"error":"Invalid API key: a+b\\/c=d e&f","debug":{"post":"key=a%2Bb%2Fc%3Dd+e%26f"}}'))).toEqual({
			error: 'Invalid API key: ***',
			debug: { post: 'key=***' },
		});
	});

	it('handles keys with regular-expression and non-ASCII characters', () => {
		const unusual = keyRedactor('k(e)y.*[x]\\ü€😀$1');
		expect(unusual('<k(e)y.*[x]\\ü€😀$1>')).toBe('<***>');
		expect(unusual(encodeURIComponent('k(e)y.*[x]\\ü€😀$1'))).toBe('***');
		expect(unusual(JSON.stringify('k(e)y.*[x]\\ü€😀$1').replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))).toBe('"***"');
		expect(unusual('k(e)y.*[x]\\ü€😀$2')).toBe('k(e)y.*[x]\\ü€😀$2');
	});

	it('leaves text alone for a key too short to tell from ordinary values', () => {
		expect(keyRedactor('1001')('{"order":1001}')).toBe('{"order":1001}');
		expect(keyRedactor('')('anything')).toBe('anything');
	});

	it('leaves a large reply without the key as it was (a 19 MB service list takes about 15 ms)', () => {
		const list = JSON.stringify(
			Array.from({ length: 40_000 }, (_, index) => ({ service: index, name: `Service ${index} a+b/c`, rate: '0.90', description: 'x'.repeat(400) })),
		);
		expect(redact(list)).toBe(list);
		expect(redact(`${list}a+b/c=d e&f`)).toBe(`${list}***`);
	});
});

describe('redactKeyFields', () => {
	it('blanks key= and "key": fields whatever the key', () => {
		expect(redactKeyFields('action=balance&key=abc&x=1')).toBe('action=balance&key=***&x=1');
		expect(redactKeyFields('{"key": "abc"}')).toBe('{"key": "***"}');
	});
});
