/**
 * Case 1: Order > Get Status for N order IDs, one per input item, through n8n's WorkflowExecute
 * (Manual Trigger with the items pinned -> SMM Panel), in three variants on the same orders:
 *
 * - field:     ID Source "Input Field" (`idField: 'id'`): IDs read from the items, no expression;
 * - parameter: ID Source "Parameter" with `orderIds: '={{ $json.id }}'`, evaluated per item;
 * - baseline:  what a per-item client does (the panel's sample PHP client, an HTTP Request node per
 *              item): one `status` request per ID, one after another. It is this node with Batch
 *              Size 1 and Concurrency 1, which sends single `order=` requests in sequence through
 *              the same transport and n8n HTTP helper, so only the batching differs.
 *
 * Plus, on the same items, n8n's own cost: a pass-through node and a node that only evaluates
 * `{{ $json.id }}` per item (probeNodes.ts).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode, SMM_PANEL_NODE_TYPE, smmPanelApiCredential } from '../../test/engine/harness';
import type { BenchOptions } from './options';
import type { BenchPanel } from './panel';
import { PASS_THROUGH_NODE_TYPE, READ_EXPRESSION_NODE_TYPE } from './probeNodes';
import { boundMs, boundRequests, median, settle, timed } from './stats';

export type StatusVariant = 'field' | 'parameter' | 'baseline';

export interface StatusRun {
	/** `status` requests the panel received. */
	requests: number;
	/** The most IDs one request carried. */
	largestBatch: number;
	/** Wall time of the engine run (WorkflowExecute), as n8n would spend it. */
	wallMs: number;
	/** n8n's own `executionTime` of the SMM Panel node (what the editor shows for the node). */
	nodeMs: number;
	/** Wall time including the harness building the workflow (copying the pinned items). */
	totalMs: number;
	/** TCP connections opened to the panel (counted by the link; 0 without one). */
	connections: number;
}

export interface StatusRow {
	ids: number;
	variant: StatusVariant;
	runs: StatusRun[];
	/** Median of `runs`, or for an estimated baseline, the estimate. */
	wallMs: number;
	nodeMs: number;
	requests: number;
	largestBatch: number;
	/** Set when the baseline was not run at this N but scaled from a smaller one. */
	estimatedFrom?: number;
}

export interface ProbeRow {
	ids: number;
	probe: 'passThrough' | 'readExpression';
	runs: number[];
	/** Median wall time of the engine run. */
	wallMs: number;
	/** Median of n8n's executionTime of the probe node. */
	nodeMs: number;
}

export interface OrderStatusResults {
	concurrency: number;
	latencyMs: number;
	rows: StatusRow[];
	probes: ProbeRow[];
	bounds: Array<{ ids: number; requests: number; wallMs: number }>;
}

function parametersFor(variant: StatusVariant, concurrency: number): INodeParameters {
	switch (variant) {
		case 'field':
			return { resource: 'order', operation: 'getStatus', idSource: 'field', idField: 'id', options: { concurrency } };
		case 'parameter':
			return { resource: 'order', operation: 'getStatus', idSource: 'parameter', orderIds: '={{ $json.id }}', options: { concurrency } };
		case 'baseline':
			return {
				resource: 'order',
				operation: 'getStatus',
				idSource: 'parameter',
				orderIds: '={{ $json.id }}',
				options: { batchSize: 1, concurrency: 1 },
			};
	}
}

type NodeRunResult = Awaited<ReturnType<typeof runNode>>;

export function nodeExecutionTime(result: NodeRunResult): number {
	return result.runData[result.nodeName]?.at(-1)?.executionTime ?? NaN;
}

/** A run whose output is not one status per ID measured something else: stop rather than report it. */
function checkStatusOutput(result: NodeRunResult, ids: readonly number[], variant: StatusVariant): void {
	const error = result.error();
	if (error) throw new Error(`${variant} run failed: ${error.message}`);
	const items = result.items();
	const failed = items.filter((item) => item.json.error !== undefined);
	if (items.length !== ids.length || failed.length > 0) {
		throw new Error(
			`${variant} run output ${items.length} items for ${ids.length} IDs (${failed.length} with an error, e.g. ${JSON.stringify(failed[0]?.json)})`,
		);
	}
}

export async function runStatus(
	panel: BenchPanel,
	ids: readonly number[],
	input: IDataObject[],
	variant: StatusVariant,
	concurrency: number,
	requestsPerMinute = 0,
): Promise<StatusRun> {
	await panel.clearRequests();
	await settle();
	const { value: result, ms: totalMs } = await timed(
		async () =>
			await runNode({
				type: SMM_PANEL_NODE_TYPE,
				parameters: parametersFor(variant, concurrency),
				credentials: smmPanelApiCredential({ url: panel.url, apiKey: panel.key, requestsPerMinute }),
				input,
			}),
	);
	checkStatusOutput(result, ids, variant);
	const requests = await panel.requests('status');
	return {
		requests: requests.count,
		largestBatch: requests.largestBatch,
		wallMs: result.durationMs,
		nodeMs: nodeExecutionTime(result),
		totalMs,
		connections: await panel.connections(),
	};
}

async function runProbe(probe: ProbeRow['probe'], input: IDataObject[]): Promise<{ wallMs: number; nodeMs: number }> {
	await settle();
	const result = await runNode({
		type: probe === 'passThrough' ? PASS_THROUGH_NODE_TYPE : READ_EXPRESSION_NODE_TYPE,
		parameters: { value: '={{ $json.id }}' },
		input,
	});
	const error = result.error();
	if (error) throw new Error(`${probe} failed: ${error.message}`);
	if (result.items().length !== input.length) throw new Error(`${probe} lost items`);
	return { wallMs: result.durationMs, nodeMs: nodeExecutionTime(result) };
}

function rowOf(ids: number, variant: StatusVariant, runs: StatusRun[]): StatusRow {
	return {
		ids,
		variant,
		runs,
		wallMs: median(runs.map((run) => run.wallMs)),
		nodeMs: median(runs.map((run) => run.nodeMs)),
		requests: Math.max(...runs.map((run) => run.requests)),
		largestBatch: Math.max(...runs.map((run) => run.largestBatch)),
	};
}

export async function benchOrderStatus(panel: BenchPanel, options: BenchOptions, log: (line: string) => void): Promise<OrderStatusResults> {
	const { concurrency, latencyMs } = options;
	const largest = Math.max(...options.sizes);
	// One set of orders for every N: the first N of them.
	const allIds = await panel.seedOrders(largest);
	const rows: StatusRow[] = [];
	const probes: ProbeRow[] = [];

	// The baseline's warm-up: a few single-ID requests (its runs are long; one at N = 10,000 is 4+ minutes).
	log('case 1: warm-up of the baseline');
	await runStatus(panel, allIds.slice(0, 20), allIds.slice(0, 20).map((id) => ({ id })), 'baseline', concurrency);

	for (const ids of options.sizes) {
		const idsOfN = allIds.slice(0, ids);
		const input = idsOfN.map((id) => ({ id }));
		// A warm-up at each N, not measured: JIT, n8n's lazily built services, and a heap grown to
		// this N's size (the first run at 10,000 items was ~15% slower than the next ones).
		log(`case 1: N = ${ids}, warm-up`);
		await runStatus(panel, idsOfN, input, 'field', concurrency);
		await runStatus(panel, idsOfN, input, 'parameter', concurrency);
		await runProbe('passThrough', input);
		await runProbe('readExpression', input);

		// Variants alternate within each repetition, so drift in the machine's state hits them alike.
		const field: StatusRun[] = [];
		const parameter: StatusRun[] = [];
		const passThrough: Array<{ wallMs: number; nodeMs: number }> = [];
		const readExpression: Array<{ wallMs: number; nodeMs: number }> = [];
		for (let repetition = 0; repetition < options.runs; repetition++) {
			log(`case 1: N = ${ids}, run ${repetition + 1} of ${options.runs}`);
			field.push(await runStatus(panel, idsOfN, input, 'field', concurrency));
			parameter.push(await runStatus(panel, idsOfN, input, 'parameter', concurrency));
			passThrough.push(await runProbe('passThrough', input));
			readExpression.push(await runProbe('readExpression', input));
		}
		rows.push(rowOf(ids, 'field', field), rowOf(ids, 'parameter', parameter));
		for (const [probe, runs] of [
			['passThrough', passThrough],
			['readExpression', readExpression],
		] as const) {
			probes.push({
				ids,
				probe,
				runs: runs.map((run) => run.wallMs),
				wallMs: median(runs.map((run) => run.wallMs)),
				nodeMs: median(runs.map((run) => run.nodeMs)),
			});
		}

		const baselineRuns = options.baselineRuns.get(ids) ?? 0;
		const baseline: StatusRun[] = [];
		for (let repetition = 0; repetition < baselineRuns; repetition++) {
			log(`case 1: N = ${ids}, baseline run ${repetition + 1} of ${baselineRuns} (${ids} sequential requests)`);
			baseline.push(await runStatus(panel, idsOfN, input, 'baseline', concurrency));
		}
		if (baseline.length > 0) {
			rows.push(rowOf(ids, 'baseline', baseline));
		} else {
			// Sequential requests cost the same per ID at any N: scale the largest N that was run.
			const measured = rows.filter((row) => row.variant === 'baseline' && row.estimatedFrom === undefined).at(-1);
			if (measured) {
				const scale = ids / measured.ids;
				rows.push({
					ids,
					variant: 'baseline',
					runs: [],
					wallMs: measured.wallMs * scale,
					nodeMs: measured.nodeMs * scale,
					requests: ids,
					largestBatch: 1,
					estimatedFrom: measured.ids,
				});
			}
		}
	}
	return {
		concurrency,
		latencyMs,
		rows,
		probes,
		bounds: options.sizes.map((ids) => ({ ids, requests: boundRequests(ids), wallMs: boundMs(ids, concurrency, latencyMs) })),
	};
}
