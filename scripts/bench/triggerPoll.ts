/**
 * Case 2: the SMM Panel Trigger watching 10,000 orders, polled as n8n polls an active workflow
 * (n8n-core's PollContext and PollTriggerExecutor, via the harness's createPoller). Measures the
 * steady poll (nothing changed: what most polls are), one poll where every order changed (10,000
 * items emitted and a workflow run started from them), and the static data n8n stores.
 */
import type { IDataObject } from 'n8n-workflow';

import { createPoller, SMM_PANEL_TRIGGER_NODE_TYPE, smmPanelApiCredential, type Poller, type WorkflowJson } from '../../test/engine/harness';
import type { BenchOptions } from './options';
import type { BenchPanel } from './panel';
import { boundMs, boundRequests, median, settle, timed } from './stats';

export interface PollRun {
	requests: number;
	largestBatch: number;
	wallMs: number;
	/** Items the poll emitted (one per change). */
	emitted: number;
}

export interface PollRow {
	kind: 'steady' | 'allChanged';
	runs: PollRun[];
	wallMs: number;
	requests: number;
	largestBatch: number;
	emitted: number;
	/** The workflow's static data after the poll (what n8n stores), as JSON, in bytes. */
	stateBytes: number;
}

export interface TriggerResults {
	watched: number;
	concurrency: number;
	bound: { requests: number; wallMs: number };
	rows: PollRow[];
	/** The largest stored state per watched order, as stored and with real-panel-sized (9-digit) IDs. */
	bytesPerOrder: number;
	bytesPerOrderNineDigitIds: number;
	/** A poll once every watched order is finished: finished orders are never asked about again. */
	afterAllFinished: { requests: number; wallMs: number; emitted: number };
}

const TRIGGER_NAME = 'SMM Panel Trigger';

function stateBytes(staticData: IDataObject): number {
	return Buffer.byteLength(JSON.stringify(staticData));
}

/** The stored state if the panel's order IDs had 9 digits, as real panels' do (the simulator's have 4-5). */
function nineDigitStateBytes(staticData: IDataObject): number {
	const resized = JSON.stringify(staticData, (key, value: unknown) => {
		if (key !== 'orders' || typeof value !== 'object' || value === null) return value;
		return Object.fromEntries(Object.entries(value).map(([id, status]) => [String(100_000_000 + Number(id)), status]));
	});
	return Buffer.byteLength(resized);
}

/** A poller of the SMM Panel Trigger alone in a workflow, polling every minute, with `parameters`, against `panel`. */
export function triggerPoller(panel: BenchPanel, parameters: IDataObject): Poller {
	const credential = smmPanelApiCredential({ url: panel.url, apiKey: panel.key });
	const workflow: WorkflowJson = {
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NAME,
				type: SMM_PANEL_TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: credential.reference,
			},
		],
		connections: {},
	};
	return createPoller(workflow, { credentials: { [credential.id]: credential } });
}

export async function benchTriggerPoll(panel: BenchPanel, options: BenchOptions, log: (line: string) => void): Promise<TriggerResults> {
	const { concurrency, triggerWatched: watched } = options;
	const ids = await panel.seedOrders(watched);
	const poller = triggerPoller(panel, { event: 'orderStatusChanged', orderIds: ids.join('\n'), options: { concurrency } });

	const poll = async (): Promise<PollRun> => {
		await panel.clearRequests();
		await settle();
		const { value: emitted, ms } = await timed(async () => await poller.poll());
		const requests = await panel.requests('status');
		return { requests: requests.count, largestBatch: requests.largestBatch, wallMs: ms, emitted: emitted?.[0]?.length ?? 0 };
	};
	const rowOf = (kind: PollRow['kind'], runs: PollRun[]): PollRow => ({
		kind,
		runs,
		wallMs: median(runs.map((run) => run.wallMs)),
		requests: Math.max(...runs.map((run) => run.requests)),
		largestBatch: Math.max(...runs.map((run) => run.largestBatch)),
		emitted: Math.max(...runs.map((run) => run.emitted)),
		stateBytes: stateBytes(poller.staticData),
	});

	// The activation poll records every order silently; it doubles as the warm-up.
	log('case 2: activation poll (warm-up)');
	const activation = await poll();
	if (activation.requests !== boundRequests(watched)) {
		throw new Error(`The activation poll sent ${activation.requests} status requests for ${watched} orders`);
	}
	let largestState = { stored: stateBytes(poller.staticData), nineDigits: nineDigitStateBytes(poller.staticData) };
	const measureState = (): void => {
		largestState = {
			stored: Math.max(largestState.stored, stateBytes(poller.staticData)),
			nineDigits: Math.max(largestState.nineDigits, nineDigitStateBytes(poller.staticData)),
		};
	};

	const steady: PollRun[] = [];
	for (let repetition = 0; repetition < options.runs; repetition++) {
		log(`case 2: steady poll ${repetition + 1} of ${options.runs}`);
		steady.push(await poll());
		measureState();
	}
	const rows: PollRow[] = [rowOf('steady', steady)];

	// One simulated minute: every seeded order goes Pending -> In progress.
	await panel.advance(1);
	log('case 2: a poll where every order changed');
	const changed = await poll();
	measureState();
	rows.push(rowOf('allChanged', [changed]));

	// Long enough for every seeded order to finish; one poll reads the final statuses, the next has nothing to ask.
	await panel.advance(10);
	await poll();
	measureState();
	const finished = await poll();

	return {
		watched,
		concurrency,
		bound: { requests: boundRequests(watched), wallMs: boundMs(watched, concurrency, options.latencyMs) },
		rows,
		bytesPerOrder: largestState.stored / watched,
		bytesPerOrderNineDigitIds: largestState.nineDigits / watched,
		afterAllFinished: { requests: finished.requests, wallMs: finished.wallMs, emitted: finished.emitted },
	};
}
