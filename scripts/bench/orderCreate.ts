/**
 * Case 3: creating 200 orders in one execution with Concurrency 4 under the credential's Requests
 * Per Minute Limit. Order > Create sends one `add` per item (never twice), up to Concurrency at a
 * time; the limiter spaces them. Checks that exactly 200 `add` requests reach the panel and
 * measures the rate they arrive at.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode, SMM_PANEL_NODE_TYPE, smmPanelApiCredential } from '../../test/engine/harness';
import type { BenchOptions } from './options';
import type { BenchPanel } from './panel';
import { median, settle, timed } from './stats';

export interface CreateRun {
	addRequests: number;
	/** Every request of the run: the adds, and the one `services` request (Validate Before Ordering). */
	allRequests: number;
	wallMs: number;
	/** Requests per minute between the first and the last arrival: (requests - 1) / span. */
	achievedPerMinute: number;
	/** The most requests that arrived within any one second. */
	peakInOneSecond: number;
}

export interface CreateResults {
	orders: number;
	concurrency: number;
	requestsPerMinute: number;
	runs: CreateRun[];
	addRequests: number;
	allRequests: number;
	wallMs: number;
	achievedPerMinute: number;
	peakInOneSecond: number;
}

/** One timed execution of Order > Create over `input`: service 1, the item's link, quantity 100, and `parameters`. */
export async function timedCreate(credentials: ReturnType<typeof smmPanelApiCredential>, input: IDataObject[], parameters: IDataObject): Promise<{ value: Awaited<ReturnType<typeof runNode>>; ms: number }> {
	await settle();
	return await timed(
		async () =>
			await runNode({
				type: SMM_PANEL_NODE_TYPE,
				parameters: { resource: 'order', operation: 'create', service: { __rl: true, mode: 'id', value: '1' }, orderType: 'default', link: '={{ $json.link }}', quantity: 100, ...parameters },
				credentials,
				input,
			}),
	);
}

function peakInWindow(arrivals: readonly number[], windowMs: number): number {
	let peak = 0;
	let start = 0;
	for (let end = 0; end < arrivals.length; end++) {
		while (arrivals[end] - arrivals[start] >= windowMs) start++;
		peak = Math.max(peak, end - start + 1);
	}
	return peak;
}

async function createOrders(panel: BenchPanel, options: BenchOptions, runLabel: string, requestsPerMinute: number): Promise<CreateRun> {
	const { orders, concurrency } = options.create;
	const credentials = smmPanelApiCredential({ url: panel.url, apiKey: panel.key, requestsPerMinute });
	// One link per order: the panel refuses a second running order on the same link.
	const input: IDataObject[] = Array.from({ length: orders }, (_, item) => ({ link: `https://www.instagram.com/bench_${runLabel}_${item}/` }));
	await panel.clearRequests();
	const { value: result, ms } = await timedCreate(credentials, input, { options: { concurrency } });
	const results = [result];
	for (const result of results) {
		const error = result.error();
		if (error) throw new Error(`An order creation run failed: ${error.message}`);
		const placed = result.items().filter((item) => typeof item.json.order === 'number');
		if (placed.length !== result.items().length) throw new Error(`An order creation run output items without an order: ${JSON.stringify(result.items()[0])}`);
	}
	const all = await panel.requests();
	const adds = await panel.requests('add');
	const spanMs = all.arrivals[all.arrivals.length - 1] - all.arrivals[0];
	return {
		addRequests: adds.count,
		allRequests: all.count,
		wallMs: ms,
		achievedPerMinute: spanMs > 0 ? ((all.count - 1) / spanMs) * 60_000 : NaN,
		peakInOneSecond: peakInWindow(all.arrivals, 1_000),
	};
}

export async function benchOrderCreate(panel: BenchPanel, options: BenchOptions, log: (line: string) => void): Promise<CreateResults> {
	const { orders, concurrency, requestsPerMinute } = options.create;
	// Warm-up without a limit (the limiter keeps its schedule per URL: a limited warm-up would delay the first run).
	log('case 3: warm-up');
	await createOrders(panel, { ...options, create: { ...options.create, orders: 8 } }, 'warmup', 0);
	const runs: CreateRun[] = [];
	for (let repetition = 0; repetition < options.create.runs; repetition++) {
		log(`case 3: run ${repetition + 1} of ${options.create.runs} (${orders} orders at ${requestsPerMinute} requests a minute)`);
		runs.push(await createOrders(panel, options, `run${repetition}`, requestsPerMinute));
	}
	return {
		orders,
		concurrency,
		requestsPerMinute,
		runs,
		addRequests: Math.max(...runs.map((run) => run.addRequests)),
		allRequests: Math.max(...runs.map((run) => run.allRequests)),
		wallMs: median(runs.map((run) => run.wallMs)),
		achievedPerMinute: median(runs.map((run) => run.achievedPerMinute)),
		peakInOneSecond: Math.max(...runs.map((run) => run.peakInOneSecond)),
	};
}
