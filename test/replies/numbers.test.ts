/**
 * How numbers in panel replies are read, per field kind: counts (min, max, remains, start count,
 * IDs) group thousands with `,` `.` `'` or spaces; money (rate, charge, balance) comes as
 * `1,234.50` and as `1.234,50`. The README's "Numbers" rules, one by one.
 */
import { parseBalance } from '../../nodes/SmmPanel/replies/balance';
import { parseServices } from '../../nodes/SmmPanel/replies/services';
import { countOrNull, moneyOrNull, panelId } from '../../nodes/SmmPanel/replies/values';

describe('counts (min, max, quantity, remains, start count, IDs)', () => {
	it.each([
		['10000', 10000],
		['10,000', 10000],
		['10.000', 10000],
		["10'000", 10000],
		['10 000', 10000],
		['10\u00A0000', 10000],
		['10\u202F000', 10000],
		['1,234,567', 1234567],
		['1.234.567', 1234567],
		['12,34,567', 1234567],
		['1,000.00', 1000],
		['1.000,00', 1000],
		['100.00', 100],
		['0', 0],
		[' 157 ', 157],
		[12.5, 12.5],
	])('%j is %d', (value, expected) => {
		expect(countOrNull(value)).toBe(expected);
	});

	it.each(['', 'abc', '1.2.3', '1,2,3', '12abc', '0x10', 'Infinity', '1,234.5.6', null, undefined, {}, [], true])(
		'%j is no number',
		(value) => {
			expect(countOrNull(value)).toBeNull();
		},
	);

	it('reads IDs the same way, and only whole numbers above 0', () => {
		expect(panelId.parse('23,501')).toBe(23501);
		expect(panelId.parse('23.501')).toBe(23501);
		expect(panelId.safeParse('0').success).toBe(false);
		expect(panelId.safeParse('1.5').success).toBe(false);
	});
});

describe('money (rate, charge, balance)', () => {
	it.each([
		['0.90', 0.9],
		['0,90', 0.9],
		['100.84292', 100.84292],
		['100,84292', 100.84292],
		['1,234.50', 1234.5],
		['1.234,50', 1234.5],
		["1'234.50", 1234.5],
		['1 234,50', 1234.5],
		['1,234,567.89', 1234567.89],
		['1.234.567,89', 1234567.89],
		['$1,234.50', 1234.5],
		['1.234,50 €', 1234.5],
		['USD 12.50', 12.5],
		['12,50 EUR', 12.5],
		['-5.00', -5],
		['\u22125,00', -5],
		['0,500', 0.5],
		['1e-3', 0.001],
		// The truly ambiguous pair: one separator followed by exactly three digits.
		['1,234', 1234],
		['1.234', 1.234],
		['10.000', 10],
	])('%j is %d', (value, expected) => {
		expect(moneyOrNull(value)).toBe(expected);
	});

	it.each(['', 'n/a', '1,23,4', '1.234.56,7,8', '1,234.50.1'])('%j is no number', (value) => {
		expect(moneyOrNull(value)).toBeNull();
	});
});

describe('in the readers', () => {
	it('a service whose max is "10,000" allows 10,000, and its rate "1,50" is 1.5', () => {
		const [service] = parseServices([{ service: 1, name: 'A', type: 'Default', rate: '1,50', min: '1.000', max: '10,000', refill: 1, cancel: 0 }]);
		expect(service).toMatchObject({ rate: 1.5, min: 1000, max: 10000 });
	});

	it.each([
		['1.234,50', 1234.5],
		['1,234.50', 1234.5],
		['1,234', 1234],
	])('a balance of %j is %d', (balance, expected) => {
		expect(parseBalance({ balance, currency: 'EUR' }).balance).toBe(expected);
	});
});
