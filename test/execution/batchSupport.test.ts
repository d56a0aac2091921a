/**
 * The memory of what a panel URL supports (execution/batchSupport.ts), and the pure rules it acts
 * on: when a batch reply shows the panel ignored the batch field (replies/perId.ts), and when a
 * refused write suggests the panel lacks the action (transport/classify.ts).
 */
import { batchSupportOf, forgetBatchSupport, RECHECK_AFTER_MS } from '../../nodes/SmmPanel/execution/batchSupport';
import { ignoredBatchForm, type PerIdRequest } from '../../nodes/SmmPanel/replies/perId';
import { ORDER_STATUS_REQUEST } from '../../nodes/SmmPanel/replies/orders';
import { REFILL_REQUEST } from '../../nodes/SmmPanel/replies/refills';
import { mayLackAction } from '../../nodes/SmmPanel/transport/classify';

const URL_A = 'https://a.example/api/v2';
const URL_B = 'https://b.example/api/v2';

describe('batchSupportOf', () => {
	let now = 1_000_000;
	const clock = () => now;
	beforeEach(() => {
		forgetBatchSupport();
		now = 1_000_000;
	});

	it('knows nothing at first, then what was learned, per URL and action', () => {
		const status = batchSupportOf(URL_A, 'status', clock);
		expect([status.isKnown(), status.answersSingly()]).toEqual([false, false]);
		status.learn('singly');
		expect([status.isKnown(), status.answersSingly()]).toEqual([true, true]);
		expect(batchSupportOf(URL_B, 'status', clock).isKnown()).toBe(false);
		expect(batchSupportOf(URL_A, 'refill_status', clock).isKnown()).toBe(false);
	});

	it('re-checks a single-ID panel after an hour: the next request tries the batch form again', () => {
		batchSupportOf(URL_A, 'status', clock).learn('singly');
		now += RECHECK_AFTER_MS - 1;
		expect(batchSupportOf(URL_A, 'status', clock).answersSingly()).toBe(true);
		now += 1;
		expect(batchSupportOf(URL_A, 'status', clock).answersSingly()).toBe(false);
		expect(batchSupportOf(URL_A, 'status', clock).isKnown()).toBe(false);
	});

	it('a panel that takes the batch form is remembered as such, and re-checked after an hour too', () => {
		batchSupportOf(URL_A, 'status', clock).learn('batch');
		now += RECHECK_AFTER_MS - 1;
		expect([batchSupportOf(URL_A, 'status', clock).isKnown(), batchSupportOf(URL_A, 'status', clock).answersSingly()]).toEqual([true, false]);
		now += 1;
		expect(batchSupportOf(URL_A, 'status', clock).isKnown()).toBe(false);
	});

	it('refill goes singly on a panel whose status does; cancel only on what cancel showed', () => {
		batchSupportOf(URL_A, 'status', clock).learn('singly');
		expect(batchSupportOf(URL_A, 'refill', clock).answersSingly()).toBe(true);
		expect(batchSupportOf(URL_A, 'cancel', clock).answersSingly()).toBe(false);
	});
});

describe('ignoredBatchForm', () => {
	const status = ORDER_STATUS_REQUEST as PerIdRequest<unknown>;
	const refill = REFILL_REQUEST as PerIdRequest<unknown>;

	it.each<[string, unknown, readonly number[], 'error' | 'entry' | undefined]>([
		['an error not keyed by ID, beside a code', { error: 'Order not found.', status: '104' }, [1, 2], 'error'],
		['an error not keyed by ID, for one ID in the batch form', { error: 'Incorrect order ID' }, [1], 'error'],
		['one order\'s status for two IDs', { status: 'Pending', charge: '0.1' }, [1, 2], 'entry'],
		['one order\'s status for one ID', { status: 'Pending', charge: '0.1' }, [1], undefined],
		['a reply keyed by ID', { 1: { status: 'Pending' }, 2: { error: 'Incorrect order ID' } }, [1, 2], undefined],
		['keyed, with "status": "success" beside', { status: 'success', 1: { status: 'Pending' } }, [1, 2], undefined],
		['an array of entries', [{ order: 1, status: 'Pending' }], [1, 2], undefined],
		['{"error": 0} beside nothing keyed', { error: 0, status: 'Pending' }, [1, 2], 'entry'],
		['null', null, [1, 2], undefined],
	])('%s', (_, raw, ids, expected) => {
		expect(ignoredBatchForm(status, raw, ids)).toBe(expected);
	});

	it('a refill answered with one refill for two orders is an entry (something was done), not a refusal', () => {
		expect(ignoredBatchForm(refill, { refill: '5' }, [1, 2])).toBe('entry');
		expect(ignoredBatchForm(refill, { error: 'Incorrect order ID' }, [1, 2])).toBe('error');
	});
});

describe('mayLackAction', () => {
	it.each<[string, Parameters<typeof mayLackAction>, boolean]>([
		['null', [{ kind: 'unexpectedReply', message: '', description: '' }, null], true],
		['HTTP 500', [{ kind: 'webPage', message: '', description: '', httpCode: 500 }], true],
		['"This action is Invalid"', [{ kind: 'panelError', message: '', description: '', panelMessage: 'This action is Invalid' }], true],
		['"Unknown action"', [{ kind: 'panelError', message: '', description: '', panelMessage: 'Unknown action' }], true],
		['"Invalid API key"', [{ kind: 'panelError', message: '', description: '', panelMessage: 'Invalid API key' }], false],
		['HTTP 502', [{ kind: 'webPage', message: '', description: '', httpCode: 502 }], false],
		['a reply of another shape', [{ kind: 'unexpectedReply', message: '', description: '' }, { refill: '5' }], false],
	])('%s', (_, args, expected) => {
		expect(mayLackAction(...args)).toBe(expected);
	});
});
