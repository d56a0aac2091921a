/**
 * How the trigger fails: never by losing state, and always telling the user. n8n-core's poll
 * executor throws a poll's error while the workflow is being activated (the first poll) and
 * records it as a failed execution (`__emitError`) afterwards; "Fetch Test Event" throws.
 */
import { NodeApiError, NodeOperationError, type INodeParameters } from 'n8n-workflow';

import { startSimulator, type PanelSimulator, type RecordedRequest } from '../simulator';
import { createTriggerDriver, type TriggerDriver } from './pollDriver';

let sim: PanelSimulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
afterEach(() => {
	sim.clearFaults();
	sim.setLatency(0);
});

function watch(orderIds: number[], options: INodeParameters = {}, pollBudgetMs?: number): TriggerDriver {
	return createTriggerDriver({
		url: sim.url,
		apiKey: sim.key,
		parameters: { event: 'orderStatusChanged', orderIds: orderIds.join(','), options },
		pollBudgetMs,
	});
}

function holds(id: number) {
	return (request: RecordedRequest) => (request.form.orders ?? '').split(',').includes(String(id));
}

/** A deep copy, to compare the state before and after. */
function snapshot(driver: TriggerDriver): unknown {
	return JSON.parse(JSON.stringify(driver.state()));
}

describe('the first poll (activation)', () => {
	it('throws when the panel cannot be read, remembers nothing, and succeeds once the panel answers', async () => {
		const ids = sim.seedOrders(3);
		const driver = watch(ids);
		sim.injectFault({ kind: 'html', action: 'status' });
		const error = await driver.poll().catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('The API URL returned a web page instead of API data');
		expect(driver.state()).toEqual({});

		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(Object.keys(driver.state().orders as object)).toHaveLength(3);
	});

	it('throws when some batches fail, too: a wrong setting is seen at once', async () => {
		const ids = sim.seedOrders(30);
		const driver = watch(ids, { batchSize: 10 });
		sim.injectFault({ kind: 'http500', action: 'status', match: holds(ids[15]) });
		await expect(driver.poll()).rejects.toThrow('Could not read the status of 10 of 30 watched orders: 1 of 3 status requests failed');
		expect(driver.state()).toEqual({});
	});

	it('a wrong API key is an error at activation', async () => {
		const driver = createTriggerDriver({
			url: sim.url,
			apiKey: 'wrong-key',
			parameters: { event: 'orderStatusChanged', orderIds: '1001' },
		});
		await expect(driver.poll()).rejects.toThrow('The panel returned an error: Invalid API key');
	});
});

describe('later polls', () => {
	it('when no request succeeds: a failed execution with the panel\'s error, state unchanged, the change reported by the next poll', async () => {
		const ids = sim.seedOrders(3);
		const driver = watch(ids);
		await driver.poll();
		const before = snapshot(driver);
		sim.advance(1);
		sim.injectFault({ kind: 'reset', action: 'status', times: Infinity });
		const failed = await driver.poll();
		sim.clearFaults();
		expect(failed.items).toEqual([]);
		expect(failed.reported).toHaveLength(1);
		expect(failed.reported[0].message).toMatch(/closed the connection without an answer.*\(after 4 attempts\)/);
		expect(snapshot(driver)).toEqual(before);

		const next = await driver.poll();
		expect(next.items.map((item) => item.previousStatus + ' -> ' + item.status)).toEqual([
			'Pending -> In progress',
			'Pending -> In progress',
			'Pending -> In progress',
		]);
	});

	it('when some batches fail: the changes read are output, the failure is recorded, the unread IDs report next time', async () => {
		const ids = sim.seedOrders(30);
		const driver = watch(ids, { batchSize: 10 });
		await driver.poll();
		sim.advance(1);
		sim.injectFault({ kind: 'html', action: 'status', match: holds(ids[0]) });
		sim.injectFault({ kind: 'http500', action: 'status', match: holds(ids[29]) });
		const partial = await driver.poll();
		expect(partial.items).toHaveLength(10);
		expect(partial.reported).toHaveLength(1);
		const [report] = partial.reported;
		expect(report.message).toBe(
			'Could not read the status of 20 of 30 watched orders: 2 of 3 status requests failed: The API URL returned a web page instead of API data (HTTP 200, "Just a moment...")',
		);
		expect(report).toBeInstanceOf(NodeOperationError);
		expect((report as NodeOperationError).description).toContain(
			'Those orders keep their last known status, so a change of theirs is reported by the next poll that reads them',
		);
		const unread = ids.filter((id) => !partial.items.some((item) => item.order === id));
		for (const id of unread) expect(driver.state().orders).toHaveProperty(String(id), 'Pending');

		const next = await driver.poll();
		expect(next.reported).toEqual([]);
		expect(next.items.map((item) => item.order)).toEqual(unread);
		expect(next.items.every((item) => item.previousStatus === 'Pending' && item.status === 'In progress')).toBe(true);
	});

	it('when the poll runs out of time: what was read is output, the rest is read by later polls (none missed, none twice)', async () => {
		const ids = sim.seedOrders(100);
		// 10 requests of 50 ms, one at a time, and none started later than 100 ms into the poll.
		const driver = watch(ids, { batchSize: 10, concurrency: 1 }, 200);
		const known = () => Object.keys(driver.state().orders as object).length;
		sim.setLatency(50);
		// Not a reason to refuse activation: what was read is kept, and the shortfall is reported.
		const first = await driver.poll();
		expect(first.reported).toHaveLength(1);
		expect(first.reported[0].message).toMatch(
			/^Could not read the status of \d+ of 100 watched orders: the poll ran out of time after \d of 10 status requests$/,
		);
		expect(known()).toBeGreaterThan(0);
		expect(known()).toBeLessThan(100);

		// Batches start at a different place each poll, so the whole list is read within a few polls.
		for (let poll = 0; poll < 80 && known() < 100; poll++) await driver.poll();
		expect(known()).toBe(100);

		sim.advance(1);
		const reported: number[] = [];
		for (let poll = 0; poll < 80 && reported.length < 100; poll++) {
			reported.push(...(await driver.poll()).items.map((item) => item.order as number));
		}
		expect(reported.sort((a, b) => a - b)).toEqual(ids);
	});
});

describe('Fetch Test Event (manual mode)', () => {
	it('returns the current state of every watched ID and leaves the stored state untouched', async () => {
		const ids = sim.seedOrders(2);
		const [finished] = sim.seedOrders(1, { status: 'Completed' });
		const driver = watch([...ids, finished, 99999999]);

		// Before the workflow was ever active: nothing recorded, nothing recorded by testing either.
		const beforeActivation = await driver.testEvent();
		expect(beforeActivation.map((item) => [item.order, item.status ?? item.error, item.previousStatus])).toEqual([
			[ids[0], 'Pending', null],
			[ids[1], 'Pending', null],
			[finished, 'Completed', null],
			[99999999, 'Incorrect order ID', undefined],
		]);
		expect(driver.state()).toEqual({});

		await driver.poll();
		sim.advance(1);
		const before = snapshot(driver);
		const tested = await driver.testEvent();
		expect(tested.map((item) => [item.order, item.status ?? item.error, item.previousStatus])).toEqual([
			[ids[0], 'In progress', 'Pending'],
			[ids[1], 'In progress', 'Pending'],
			[finished, 'Completed', 'Completed'],
			[99999999, 'Incorrect order ID', undefined],
		]);
		expect(snapshot(driver)).toEqual(before);
		await driver.testEvent();
		expect(snapshot(driver)).toEqual(before);

		// Testing swallowed nothing: the active workflow still reports the change.
		const { items } = await driver.poll();
		expect(items.map((item) => [item.order, item.previousStatus, item.status])).toEqual([
			[ids[0], 'Pending', 'In progress'],
			[ids[1], 'Pending', 'In progress'],
		]);
	});

	it('shows errors, and changes nothing then either', async () => {
		const ids = sim.seedOrders(20);
		const driver = watch(ids, { batchSize: 10 });
		await driver.poll();
		const before = snapshot(driver);
		sim.injectFault({ kind: 'http500', action: 'status', match: holds(ids[0]) });
		await expect(driver.testEvent()).rejects.toThrow('Could not read the status of 10 of 20 watched orders');
		sim.injectFault({ kind: 'html', action: 'status', times: 2 });
		await expect(driver.testEvent()).rejects.toThrow('The API URL returned a web page instead of API data');
		expect(snapshot(driver)).toEqual(before);
	});

	it('says so when there is nothing to watch', async () => {
		const driver = createTriggerDriver({
			url: sim.url,
			apiKey: sim.key,
			parameters: { event: 'refillStatusChanged', refillIds: '={{ [] }}' },
		});
		await expect(driver.testEvent()).rejects.toThrow('No refill IDs to watch');
	});
});
