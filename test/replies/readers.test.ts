import { canonicalStatus, isFinalStatus } from '../../nodes/SmmPanel/domain/statuses';
import { parseBalance } from '../../nodes/SmmPanel/replies/balance';
import { CANCEL_REQUEST } from '../../nodes/SmmPanel/replies/cancels';
import { ORDER_STATUS_REQUEST, parseOrderCreated } from '../../nodes/SmmPanel/replies/orders';
import { isIdError, readPerIdReply, type PerIdRequest } from '../../nodes/SmmPanel/replies/perId';
import { REFILL_REQUEST, REFILL_STATUS_REQUEST } from '../../nodes/SmmPanel/replies/refills';
import { parseServices, serviceListEntries } from '../../nodes/SmmPanel/replies/services';
import { ReplyShapeError } from '../../nodes/SmmPanel/replies/shape';

/** Each requested ID's reading or error, as one pass over the reply finds them. */
function resultsOf<T>(request: PerIdRequest<T>): (raw: unknown, ids: number[]) => Map<number, unknown> {
	return (raw, ids) => new Map([...readPerIdReply(request, raw, ids)].map(([id, answer]) => [id, answer.result]));
}

const parseOrderStatuses = resultsOf(ORDER_STATUS_REQUEST);
const parseRefillsCreated = resultsOf(REFILL_REQUEST);
const parseRefillStatuses = resultsOf(REFILL_STATUS_REQUEST);
const parseCancellations = resultsOf(CANCEL_REQUEST);

/** The part of the reply about each ID that has one, exactly as the panel sent it (for Include Raw Response). */
function rawReplyParts<T>(request: PerIdRequest<T>, raw: unknown, ids: number[]): Map<number, unknown> {
	return new Map([...readPerIdReply(request, raw, ids)].filter(([, answer]) => answer.raw !== undefined).map(([id, answer]) => [id, answer.raw]));
}

describe('reply readers', () => {
	it('read services with numbers and booleans in any spelling, keeping dripfeed and description only where given', () => {
		const raw = [
			{ service: '1', name: 'A', type: 'Default', category: 'X', rate: '0,90', min: '1 000', max: 5000, refill: '1', cancel: 'false', dripfeed: true, desc: 'About A' },
			{ service: 2, name: 'B', category: 'Y', rate: 1, min: '10', max: '20', refill: false, cancel: 1 },
		];
		expect(parseServices(raw)).toEqual([
			{ service: 1, name: 'A', type: 'Default', category: 'X', rate: 0.9, min: 1000, max: 5000, refill: true, cancel: false, dripfeed: true, description: 'About A' },
			{ service: 2, name: 'B', type: 'Default', category: 'Y', rate: 1, min: 10, max: 20, refill: false, cancel: true },
		]);
		expect(serviceListEntries({ services: raw })).toBe(raw);
		expect(() => parseServices('nope')).toThrow(ReplyShapeError);
	});

	it('read the new order ID and the balance', () => {
		expect(parseOrderCreated({ order: '23501' })).toEqual({ order: 23501 });
		expect(() => parseOrderCreated({ order: 'x' })).toThrow(ReplyShapeError);
		expect(parseBalance({ balance: '100.84292', currency: 'USD' })).toEqual({ balance: 100.84292, currency: 'USD' });
	});

	it('read order statuses from the keyed batch, the array batch and the single form', () => {
		const entry = { charge: '0.27819', start_count: '3572', status: 'partial', remains: '157', currency: 'USD' };
		const expected = { order: 1, status: 'Partial', charge: 0.27819, startCount: 3572, remains: 157, currency: 'USD', final: true };
		expect(parseOrderStatuses({ 1: entry, 10: { error: 'Incorrect order ID' } }, [1, 10])).toEqual(
			new Map<number, unknown>([[1, expected], [10, { error: 'Incorrect order ID' }]]),
		);
		expect(parseOrderStatuses([{ order: 1, ...entry }], [1, 2]).get(2)).toEqual({ error: "The panel's reply had no entry for order 2" });
		expect(parseOrderStatuses(entry, [1]).get(1)).toEqual(expected);
	});

	it('read a top-level error as every requested ID\'s error, in the single form too', () => {
		expect(parseOrderStatuses({ error: 'Incorrect order ID' }, [5]).get(5)).toEqual({ error: 'Incorrect order ID' });
		expect([...parseRefillStatuses({ error: 'Refill not found' }, [1, 2]).values()]).toEqual([{ error: 'Refill not found' }, { error: 'Refill not found' }]);
	});

	it('read refills, refill statuses and cancels with per-ID errors', () => {
		expect(parseRefillsCreated({ refill: '7' }, [1]).get(1)).toEqual({ refill: 7 });
		expect(parseRefillsCreated([{ order: 1, refill: 1 }, { order: 3, refill: { error: 'Incorrect order ID' } }], [1, 3])).toEqual(
			new Map<number, unknown>([[1, { refill: 1 }], [3, { error: 'Incorrect order ID' }]]),
		);
		expect(parseRefillStatuses([{ refill: 2, status: 'Rejected' }, { refill: 3, status: { error: 'Refill not found' } }], [2, 3])).toEqual(
			new Map<number, unknown>([[2, { refill: 2, status: 'Rejected', final: true }], [3, { error: 'Refill not found' }]]),
		);
		expect(parseCancellations([{ order: 9, cancel: { error: 'Incorrect order ID' } }, { order: 2, cancel: 1 }], [2, 9])).toEqual(
			new Map<number, unknown>([[2, { cancelRequested: true }], [9, { error: 'Incorrect order ID' }]]),
		);
		expect(isIdError({ error: 'x' })).toBe(true);
		expect(isIdError({ order: 1, error: 'x' })).toBe(false);
	});

	it('read batches keyed by ID whose entries are bare values: a value is a value, a message is an error', () => {
		expect(parseRefillStatuses({ 501: 'Completed', 502: 'in progress' }, [501, 502])).toEqual(
			new Map<number, unknown>([[501, { refill: 501, status: 'Completed', final: true }], [502, { refill: 502, status: 'In progress', final: false }]]),
		);
		expect(parseRefillsCreated({ 1: '77', 2: 'Refill is disabled for this service' }, [1, 2])).toEqual(
			new Map<number, unknown>([[1, { refill: 77 }], [2, { error: 'Refill is disabled for this service' }]]),
		);
		expect(parseCancellations({ 1: '1', 2: 'Order cannot be canceled' }, [1, 2])).toEqual(
			new Map<number, unknown>([[1, { cancelRequested: true }], [2, { error: 'Order cannot be canceled' }]]),
		);
		expect(parseOrderStatuses({ 1: 'Incorrect order ID' }, [1]).get(1)).toEqual({ error: 'Incorrect order ID' });
	});

	it('read an unreadable entry as that ID\'s error, saying what came back, and the other entries as usual', () => {
		const good = { charge: '0.9', start_count: '0', status: 'Pending', remains: '10', currency: 'USD' };
		const results = parseOrderStatuses({ 1: good, 2: null, 3: [], 4: { ...good, status: null }, 5: good }, [1, 2, 3, 4, 5]);
		expect([...results.values()].map((result) => (isIdError(result) ? result.error : 'read'))).toEqual([
			'read',
			"The panel's reply about order 2 is not in the expected format (status of order 2: Expected object, received null); it sent null",
			"The panel's reply about order 3 is not in the expected format (status of order 3: Expected object, received array); it sent []",
			'The panel\'s reply about order 4 is not in the expected format (status of order 4: Invalid input at "status"); it sent {"charge":"0.9","start_count":"0","status":null,"remains":"10","currency":"USD"}',
			'read',
		]);
		expect(parseRefillsCreated([{ order: 1, refill: null }, { order: 2, refill: 7 }], [1, 2]).get(2)).toEqual({ refill: 7 });
		expect(parseRefillStatuses({ 1: { status: [] } }, [1]).get(1)).toEqual({ error: expect.stringContaining('it sent {"status":[]}') });
		const long = { status: { nested: 'x'.repeat(500) } };
		expect((parseOrderStatuses({ 1: long }, [1]).get(1) as { error: string }).error).toMatch(/…$/);
	});

	it('find the raw part of a reply about each ID, whatever its shape', () => {
		const keyed = { 1: { status: 'Pending' }, 2: { error: 'Incorrect order ID' } };
		expect(rawReplyParts(ORDER_STATUS_REQUEST, keyed, [1, 2])).toEqual(new Map<number, unknown>([[1, keyed[1]], [2, keyed[2]]]));
		const array = [{ order: 9, cancel: 1 }];
		expect(rawReplyParts(CANCEL_REQUEST, array, [9]).get(9)).toBe(array[0]);
		const single = { status: 'Completed' };
		expect(rawReplyParts(REFILL_STATUS_REQUEST, single, [4]).get(4)).toBe(single);
	});
});

describe('status vocabulary', () => {
	it.each([
		['in progress', 'In progress'],
		['Inprogress', 'In progress'],
		['CANCELLED', 'Canceled'],
		['Partially completed', 'Partial'],
		['Awaiting', 'Awaiting'],
	])('maps %j to %j', (status, canonical) => {
		expect(canonicalStatus(status)).toBe(canonical);
	});

	it('knows the final statuses', () => {
		expect(['Completed', 'Partial', 'Canceled', 'Rejected', 'Refunded'].every(isFinalStatus)).toBe(true);
		expect(['Pending', 'In progress', 'Processing', 'Awaiting'].some(isFinalStatus)).toBe(false);
	});
});
