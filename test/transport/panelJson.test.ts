/**
 * Reading JSON as panels send it, without a network: stray bytes around it, and a depth limit that
 * keeps a reply nested 100,000 deep from reaching anything that recurses.
 */
import { MAX_JSON_DEPTH, nestsDeeperThan, parseLenientJson } from '../../nodes/SmmPanel/transport/panelJson';

describe('parseLenientJson', () => {
	it('accepts what panels send and refuses what is not JSON', () => {
		expect(parseLenientJson('[1,2]')).toEqual({ ok: true, value: [1, 2] });
		expect(parseLenientJson('Warning: x [{"a":1}]')).toEqual({ ok: true, value: [{ a: 1 }] });
		expect(parseLenientJson('   ')).toEqual({ ok: false });
		expect(parseLenientJson('{oops')).toEqual({ ok: false });
	});
});

describe('nestsDeeperThan', () => {
	it.each<[string, number, boolean]>([
		['{"a":[1,{"b":[]}]}', 4, false],
		['{"a":[1,{"b":[]}]}', 3, true],
		['[[[]]]', 3, false],
		['[[[[]]]]', 3, true],
		// Brackets inside strings, escaped quotes and escaped backslashes do not count.
		['{"a":"[[[[[[[["}', 1, false],
		['{"a":"\\"[[[[[[["}', 1, false],
		['{"a":"\\\\","b":[[[[]]]]}', 3, true],
		['Notice: x [1] {"a":[]}', 2, false],
		['{"a":"unterminated [[[[', 1, false],
	])('%s deeper than %d: %s', (text, limit, expected) => {
		expect(nestsDeeperThan(text, limit)).toBe(expected);
	});

	it('lets every reply the API has through', () => {
		const status = JSON.stringify({ 1: { charge: '0.9', status: 'Pending' }, 2: { error: 'Incorrect order ID' } });
		const refills = JSON.stringify([{ order: 1, refill: { error: 'Refill is disabled' } }]);
		for (const reply of [status, refills]) expect(nestsDeeperThan(reply, MAX_JSON_DEPTH)).toBe(false);
	});
});
