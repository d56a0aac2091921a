/**
 * Case 6: Order > Get Status of 1,000 IDs (one per input item, IDs from a field) on a panel whose
 * `status` knows only `order=` (#21), through n8n's WorkflowExecute, with Batch Requests on Auto:
 *
 * - first run: the process knows nothing of the panel (its memory is cleared before each run), so
 *   one batch is refused and then every ID is asked one per request: N + 1 requests;
 * - learned:   the panel URL is remembered as answering singly: N requests, from the start;
 * - both again with the credential's Requests Per Minute Limit, which then decides the time;
 * - for comparison, the same IDs on a panel that takes the batch form: ceil(N / 100) requests.
 */
import { forgetBatchSupport } from '../../nodes/SmmPanel/execution/batchSupport';
import { decimal, integer, table, type TargetCheck } from './format';
import type { BenchOptions } from './options';
import { runStatus, type StatusRun } from './orderStatus';
import { startBenchPanel, type BenchPanel } from './panel';
import { median } from './stats';

export interface SingleIdRow {
	panel: 'single-ID' | 'batch';
	memory: 'first run' | 'learned';
	requestsPerMinute: number;
	runs: StatusRun[];
	/** Medians of `runs`. */
	requests: number;
	wallMs: number;
}

export interface SingleIdResults {
	ids: number;
	concurrency: number;
	latencyMs: number;
	rows: SingleIdRow[];
}

interface RowPlan {
	panel: SingleIdRow['panel'];
	memory: SingleIdRow['memory'];
	requestsPerMinute: number;
	runs: number;
}

async function measure(panel: BenchPanel, ids: number[], plan: RowPlan, concurrency: number, log: (line: string) => void): Promise<SingleIdRow> {
	const input = ids.map((id) => ({ id }));
	const runs: StatusRun[] = [];
	// One warm-up (which also teaches the process the panel for the "learned" rows), then the measured runs.
	for (let index = -1; index < plan.runs; index++) {
		if (plan.memory === 'first run') forgetBatchSupport();
		const run = await runStatus(panel, ids, input, 'field', concurrency, plan.requestsPerMinute);
		if (index >= 0) runs.push(run);
	}
	const row: SingleIdRow = {
		...plan,
		runs,
		requests: median(runs.map((run) => run.requests)),
		wallMs: median(runs.map((run) => run.wallMs)),
	};
	log(`single-ID case: ${plan.panel} panel, ${plan.memory}, ${plan.requestsPerMinute || 'no'} rpm limit: ${row.requests} requests, ${Math.round(row.wallMs)} ms`);
	return row;
}

export async function benchSingleIdStatus(options: BenchOptions, log: (line: string) => void): Promise<SingleIdResults> {
	const { ids: count, requestsPerMinute, runs } = options.singleId;
	const panelOptions = { latencyMs: options.latencyMs, key: 'bench-key', balance: 1e9 };
	const singleIdPanel = await startBenchPanel(options.placement, { ...panelOptions, dialect: { singleIdStatus: true } });
	const batchPanel = await startBenchPanel(options.placement, panelOptions);
	const rows: SingleIdRow[] = [];
	try {
		const singleIds = await singleIdPanel.seedOrders(count);
		const batchIds = await batchPanel.seedOrders(count);
		const limitedRuns = 1;
		const plans: Array<[BenchPanel, number[], RowPlan]> = [
			[singleIdPanel, singleIds, { panel: 'single-ID', memory: 'first run', requestsPerMinute: 0, runs }],
			[singleIdPanel, singleIds, { panel: 'single-ID', memory: 'learned', requestsPerMinute: 0, runs }],
			// Under the limit, learning costs one request: the first run's row (20 s at 3,000/min) is one of the long runs (--full).
			...(options.quick ? [] : [[singleIdPanel, singleIds, { panel: 'single-ID', memory: 'first run', requestsPerMinute, runs: limitedRuns }] as [BenchPanel, number[], RowPlan]]),
			[singleIdPanel, singleIds, { panel: 'single-ID', memory: 'learned', requestsPerMinute, runs: limitedRuns }],
			[batchPanel, batchIds, { panel: 'batch', memory: 'first run', requestsPerMinute: 0, runs }],
		];
		for (const [panel, ids, plan] of plans) rows.push(await measure(panel, ids, plan, options.concurrency, log));
	} finally {
		await singleIdPanel.close();
		await batchPanel.close();
		forgetBatchSupport();
	}
	return { ids: count, concurrency: options.concurrency, latencyMs: options.latencyMs, rows };
}

/** The least time `requests` can take: whole rounds of `concurrency` at the latency, or the rate limit's spacing. */
function boundMsOf(requests: number, concurrency: number, latencyMs: number, requestsPerMinute: number): number {
	const byLatency = Math.ceil(requests / concurrency) * latencyMs;
	const byRate = requestsPerMinute > 0 ? ((requests - 1) * 60_000) / requestsPerMinute : 0;
	return Math.max(byLatency, byRate);
}

export function singleIdChecks(results: SingleIdResults): TargetCheck[] {
	const first = results.rows.find((row) => row.panel === 'single-ID' && row.memory === 'first run' && row.requestsPerMinute === 0);
	const learned = results.rows.find((row) => row.panel === 'single-ID' && row.memory === 'learned' && row.requestsPerMinute === 0);
	const batch = results.rows.find((row) => row.panel === 'batch');
	const checks: TargetCheck[] = [];
	if (first && learned) {
		checks.push({
			target: `single-ID panel, ${integer(results.ids)} IDs: at most N + 1 requests on a first run, N once learned`,
			met: first.requests <= results.ids + 1 && learned.requests === results.ids,
			measured: `${integer(first.requests)} then ${integer(learned.requests)}`,
		});
	}
	if (batch) {
		checks.push({
			target: `batch panel, ${integer(results.ids)} IDs: ceil(N / 100) requests`,
			met: batch.requests === Math.ceil(results.ids / 100),
			measured: integer(batch.requests),
		});
	}
	return checks;
}

export function singleIdSection(results: SingleIdResults): string[] {
	const rows = results.rows.map((row) => [
		`${row.panel} panel, ${row.memory}`,
		row.requestsPerMinute > 0 ? integer(row.requestsPerMinute) : 'none',
		integer(row.requests),
		decimal(row.wallMs / 1000, 2),
		decimal(boundMsOf(row.requests, results.concurrency, results.latencyMs, row.requestsPerMinute) / 1000, 2),
		String(row.runs.length),
	]);
	return [
		'',
		`6. Order > Get Status of ${integer(results.ids)} IDs on a panel whose status knows only order= (Batch Requests: Auto), Concurrency ${results.concurrency}, ${results.latencyMs} ms latency`,
		'   "first run": the process had not seen the panel (one refused batch, then one request per ID); "learned": it had. Medians of the runs shown.',
		...table(['Panel, memory', 'Rate limit/min', 'Requests', 'Wall s', 'Bound s', 'Runs'], rows).map((line) => `   ${line}`),
		'   Bound: the requests in whole rounds of Concurrency at the latency, or the rate limit\'s spacing, whichever is longer.',
	];
}
