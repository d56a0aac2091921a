/**
 * The trigger's promise, checked against the simulator's truth over many polls while orders move
 * through their statuses and requests fail: every change is reported exactly once, in order, and
 * none is missed. The test keeps its own model of what the trigger should know (the last status it
 * read per ID) and, after every poll, expects exactly the changes between that model and the truth
 * for the IDs whose batch was read.
 */
import type { IDataObject } from 'n8n-workflow';

import { canonicalStatus, isFinalStatus } from '../../nodes/SmmPanel/domain/statuses';
import { MAX_ATTEMPTS } from '../../nodes/SmmPanel/transport';
import { startSimulator, type FaultKind, type PanelSimulator, type Quirks, type RecordedRequest } from '../simulator';
import { createTriggerDriver, type PollOutcome, type TriggerDriver } from './pollDriver';

const BATCH_SIZE = 25;

interface Change {
	order: number;
	previousStatus: string;
	status: string;
}

function batchIds(request: RecordedRequest): number[] {
	return (request.form.orders ?? request.form.order ?? '').split(',').filter(Boolean).map(Number);
}

/** A fault on the status requests whose batch holds one of `targets`, for the next poll only. */
interface PollFault {
	kind: FaultKind;
	/** Pick the orders whose batches fail, from the IDs the trigger is about to poll. */
	targets: (pollable: number[]) => number[];
	/** Whether the whole poll fails (every batch hit). */
	all?: boolean;
	/**
	 * Whether the panel's reply is an error for every ID in the batch rather than a failed request
	 * (a top-level `{"error": ...}` with HTTP 200): the IDs keep their state, nothing is reported.
	 */
	perId?: boolean;
	/** The panel's message, for `error200`. */
	message?: string;
}

/** Faults by poll number (poll 1 is the activation poll). */
const FAULT_PLAN: Record<number, PollFault> = {
	3: { kind: 'html', targets: (ids) => [ids[0]] },
	4: { kind: 'http500', targets: (ids) => [ids[0], ids[ids.length - 1]] },
	5: { kind: 'reset', targets: (ids) => [ids[Math.floor(ids.length / 2)]] },
	6: { kind: 'html', targets: (ids) => ids, all: true },
	7: { kind: 'error200', message: 'Incorrect order ID', targets: (ids) => [ids[ids.length - 1]], perId: true },
	8: { kind: 'error200', message: 'Service temporarily unavailable', targets: (ids) => [ids[0]] },
	9: { kind: 'http500', targets: (ids) => ids, all: true },
	10: { kind: 'invalidJson', targets: (ids) => [ids[1]] },
	12: { kind: 'http502', targets: (ids) => [ids[0]] },
};

interface Scenario {
	sim: PanelSimulator;
	driver: TriggerDriver;
	/** What the trigger should know: per watched ID the last status read. */
	model: Map<number, string>;
	watched: number[];
	/** Per order, every change reported, in order. */
	log: Map<number, Change[]>;
	firstSeen: Map<number, string>;
	totalChanges: number;
}

function pick(item: IDataObject): Change {
	return { order: item.order as number, previousStatus: item.previousStatus as string, status: item.status as string };
}

function truthOf(sim: PanelSimulator, id: number): string {
	return canonicalStatus(sim.getOrder(id)?.status ?? '');
}

async function pollAndCheck(scenario: Scenario, pollNumber: number): Promise<PollOutcome> {
	const { sim, driver, model, watched } = scenario;
	const pollable = watched.filter((id) => !isFinalStatus(model.get(id) ?? ''));
	const fault = FAULT_PLAN[pollNumber];
	const targets = new Set(fault ? fault.targets(pollable) : []);
	const failedIds = new Set<number>();
	if (fault) {
		sim.injectFault({
			kind: fault.kind,
			message: fault.message,
			action: 'status',
			times: Infinity,
			match: (request) => {
				const ids = batchIds(request);
				const hit = ids.some((id) => targets.has(id));
				if (hit) for (const id of ids) failedIds.add(id);
				return hit;
			},
		});
	}
	sim.clearRequests();
	const outcome = await driver.poll();
	sim.clearFaults();

	// Finished orders are never asked about again.
	const asked = sim.requests.filter((request) => request.action === 'status').flatMap(batchIds);
	for (const id of asked) expect(isFinalStatus(model.get(id) ?? '')).toBe(false);
	expect(new Set(asked)).toEqual(new Set(pollable));
	for (const request of sim.requests) expect(batchIds(request).length).toBeLessThanOrEqual(BATCH_SIZE);

	const expected: Change[] = [];
	for (const id of pollable) {
		if (failedIds.has(id)) continue;
		const truth = truthOf(sim, id);
		const known = model.get(id);
		if (known === undefined) scenario.firstSeen.set(id, truth);
		else if (known !== truth) expected.push({ order: id, previousStatus: known, status: truth });
		model.set(id, truth);
	}
	const reported = outcome.items.map(pick);
	expect(reported).toEqual(expected);
	for (const change of reported) {
		const changes = scenario.log.get(change.order) ?? [];
		changes.push(change);
		scenario.log.set(change.order, changes);
	}
	scenario.totalChanges += reported.length;

	if (fault?.all) {
		expect(outcome.reported).toHaveLength(1);
		expect(outcome.items).toEqual([]);
	} else if (failedIds.size > 0 && !fault?.perId) {
		expect(outcome.reported).toHaveLength(1);
		expect(outcome.reported[0].message).toMatch(
			new RegExp(`^Could not read the status of ${[...failedIds].filter((id) => pollable.includes(id)).length} of ${pollable.length} watched orders`),
		);
	} else {
		expect(outcome.reported).toEqual([]);
	}
	return outcome;
}

/** New orders with every outcome and a few pinned to statuses the lifecycle never sets. */
function placeOrders(sim: PanelSimulator, round: number): number[] {
	const ids = [
		...sim.seedOrders(20),
		...sim.seedOrders(6, { link: `https://www.instagram.com/p/partial_${round}/` }),
		...sim.seedOrders(6, { link: `https://www.instagram.com/p/cancel_${round}/` }),
		...sim.seedOrders(8, { status: 'In progress' }),
	];
	const pinned = sim.seedOrders(2);
	sim.setOrderStatus(pinned[0], 'Processing');
	sim.setOrderStatus(pinned[1], round % 2 === 0 ? 'in progress' : 'Pending');
	return [...ids, ...pinned];
}

describe.each<[string, Partial<Quirks>]>([
	['the documented replies', {}],
	['quirky replies (lower-case statuses, array batches, numbers, stray bytes)', {
		lowerCaseStatuses: true,
		statusBatchAsArray: true,
		numbersAsNumbers: true,
		strayBytes: true,
	}],
])('every status change exactly once, in order, none missed: %s', (_, quirks) => {
	let sim: PanelSimulator;

	beforeAll(async () => {
		sim = await startSimulator({ quirks });
	});
	afterAll(async () => await sim.close());

	it('over 20 polls with orders moving and requests failing', async () => {
		const scenario: Scenario = {
			sim,
			driver: createTriggerDriver({
				url: sim.url,
				apiKey: sim.key,
				parameters: { event: 'orderStatusChanged', orderIds: '', options: { batchSize: BATCH_SIZE, concurrency: 3 } },
			}),
			model: new Map(),
			watched: [],
			log: new Map(),
			firstSeen: new Map(),
			totalChanges: 0,
		};
		const { driver, model } = scenario;
		const pinnedMoves: Array<[number, string]> = [];

		for (let pollNumber = 1; pollNumber <= 20; pollNumber++) {
			if (pollNumber > 1) sim.advance(1);
			if (pollNumber <= 12) {
				const placed = placeOrders(sim, pollNumber);
				scenario.watched.push(...placed);
				pinnedMoves.push([placed[placed.length - 2], 'Completed'], [placed[placed.length - 1], 'Canceled']);
			}
			// Pinned orders move by hand two polls after they were placed.
			if (pollNumber >= 3 && pollNumber <= 14) {
				for (const [id, status] of pinnedMoves.splice(0, 2)) sim.setOrderStatus(id, status);
			}
			// Some IDs leave the watch list (and are forgotten), one comes back (and is new again).
			if (pollNumber === 8) {
				const leaving = scenario.watched.filter((id) => !isFinalStatus(model.get(id) ?? '')).slice(0, 5);
				scenario.watched = scenario.watched.filter((id) => !leaving.includes(id));
				for (const id of leaving) model.delete(id);
			}
			driver.setParameters({ orderIds: scenario.watched.join(pollNumber % 2 === 0 ? ', ' : '\n') });
			await pollAndCheck(scenario, pollNumber);
			// The stored state is the model: nothing more, nothing less.
			expect(driver.state().orders).toEqual(Object.fromEntries([...model].map(([id, status]) => [String(id), status])));
		}

		// None missed: every order ended final, and its reported changes chain from its first-seen
		// status to its final status without a gap or a repeat.
		for (const id of scenario.watched) {
			const truth = truthOf(sim, id);
			expect(isFinalStatus(truth)).toBe(true);
			const changes = scenario.log.get(id) ?? [];
			let status = scenario.firstSeen.get(id);
			for (const change of changes) {
				expect(change.previousStatus).toBe(status);
				expect(change.status).not.toBe(status);
				status = change.status;
			}
			expect(status).toBe(truth);
		}
		expect(scenario.totalChanges).toBeGreaterThan(500);

		// Everything is finished: a poll costs nothing.
		sim.clearRequests();
		expect(await driver.poll()).toEqual({ items: [], reported: [] });
		expect(sim.count('status')).toBe(0);
	});
});

test('retries hide a failure that does not last: a reset once is read on the next attempt', async () => {
	const sim = await startSimulator();
	try {
		const ids = sim.seedOrders(3);
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'orderStatusChanged', orderIds: ids.join(',') } });
		await driver.poll();
		sim.advance(1);
		sim.injectFault({ kind: 'reset', action: 'status', times: MAX_ATTEMPTS - 1 });
		const outcome = await driver.poll();
		expect(outcome.reported).toEqual([]);
		expect(outcome.items.map((item) => item.status)).toEqual(['In progress', 'In progress', 'In progress']);
	} finally {
		await sim.close();
	}
});
