/**
 * Case 4: the node over a realistic link: HTTPS from the simulator, behind a relay that makes every
 * packet exchange cost a round trip (link.ts; 100 ms by default). n8n's HTTP helper opens a new
 * TCP connection and TLS session for every request (a new agent each time, and community nodes may
 * not use Node's http/https to keep one), so each request pays connect + TLS + request: 3 round
 * trips. Measured here:
 *
 * - Balance > Get, one request: how many round trips a request costs;
 * - Order > Get Status for 10,000 IDs, both ID Sources, at the default Concurrency: requests,
 *   connections, wall time, against two bounds: one round trip per request round (what reusing
 *   connections would reach) and n8n's floor (3 round trips per round);
 * - the same at other Concurrency settings, without and with the credential's Requests Per Minute
 *   Limit: what a user can change to approach the reuse bound, within the panel's limits.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode, SMM_PANEL_NODE_TYPE, smmPanelApiCredential } from '../../test/engine/harness';
import type { Certificate } from './certificate';
import type { BenchOptions } from './options';
import { nodeExecutionTime, runStatus, type StatusRun, type StatusVariant } from './orderStatus';
import { startBenchPanel, type BenchPanel } from './panel';
import { boundRequests, median, settle } from './stats';

/** Round trips n8n's HTTP helper pays per request: TCP connect, TLS 1.3 handshake, the request. */
export const N8N_ROUND_TRIPS_PER_REQUEST = 3;

export interface LinkBounds {
	/** One round trip per round of `concurrency` requests (plus the panel's own time): connections reused. */
	reuseMs: number;
	/** Connect, TLS and request per round: the least n8n's HTTP helper can take. */
	n8nFloorMs: number;
}

export interface LinkStatusRow {
	variant: StatusVariant;
	concurrency: number;
	/** The credential's Requests Per Minute Limit (0 = none). */
	requestsPerMinute: number;
	runs: StatusRun[];
	requests: number;
	connections: number;
	wallMs: number;
	bounds: LinkBounds;
}

export interface LinkResults {
	rttMs: number;
	panelLatencyMs: number;
	ids: number;
	balance: { runs: number[]; nodeMs: number; roundTrips: number; connections: number; requests: number };
	status: LinkStatusRow[];
	sweep: LinkStatusRow[];
}

/**
 * Both bounds for `requests` requests, `concurrency` at a time, each also taking the panel's own
 * time; with a rate limit, no faster than its spacing allows either.
 */
export function linkBounds(requests: number, concurrency: number, rttMs: number, panelLatencyMs: number, requestsPerMinute = 0): LinkBounds {
	const rounds = Math.ceil(requests / concurrency);
	const spacedMs = (roundTripsPerRequest: number): number =>
		requestsPerMinute > 0 ? ((requests - 1) * 60_000) / requestsPerMinute + roundTripsPerRequest * rttMs + panelLatencyMs : 0;
	return {
		reuseMs: Math.max(rounds * (rttMs + panelLatencyMs), spacedMs(1)),
		n8nFloorMs: Math.max(rounds * (N8N_ROUND_TRIPS_PER_REQUEST * rttMs + panelLatencyMs), spacedMs(N8N_ROUND_TRIPS_PER_REQUEST)),
	};
}

async function balanceOnce(panel: BenchPanel): Promise<{ nodeMs: number; connections: number; requests: number }> {
	await panel.clearRequests();
	await settle();
	const result = await runNode({
		type: SMM_PANEL_NODE_TYPE,
		parameters: { resource: 'balance', operation: 'get' },
		credentials: smmPanelApiCredential({ url: panel.url, apiKey: panel.key }),
	});
	const error = result.error();
	if (error) throw new Error(`Balance > Get over the link failed: ${error.message}`);
	return { nodeMs: nodeExecutionTime(result), connections: await panel.connections(), requests: (await panel.requests()).count };
}

export async function benchLink(options: BenchOptions, tls: Certificate, log: (line: string) => void): Promise<LinkResults> {
	const { rttMs, panelLatencyMs, ids: count, runs, sweep } = options.link;
	const panel = await startBenchPanel(options.placement, { latencyMs: panelLatencyMs, key: 'bench-key', balance: 1e9, link: { rttMs, tls } });
	try {
		log(`case 4: HTTPS at ${panel.url}, ${rttMs} ms round trip`);
		const ids = await panel.seedOrders(count);
		const input: IDataObject[] = ids.map((id) => ({ id }));

		log('case 4: Balance > Get (warm-up, then measured)');
		await balanceOnce(panel);
		const balanceRuns: Array<Awaited<ReturnType<typeof balanceOnce>>> = [];
		for (let run = 0; run < runs; run++) balanceRuns.push(await balanceOnce(panel));
		const balanceMs = median(balanceRuns.map((run) => run.nodeMs));

		const row = (variant: StatusVariant, concurrency: number, requestsPerMinute: number, measured: StatusRun[]): LinkStatusRow => ({
			variant,
			concurrency,
			requestsPerMinute,
			runs: measured,
			requests: Math.max(...measured.map((run) => run.requests)),
			connections: Math.max(...measured.map((run) => run.connections)),
			wallMs: median(measured.map((run) => run.wallMs)),
			bounds: linkBounds(boundRequests(count), concurrency, rttMs, panelLatencyMs, requestsPerMinute),
		});

		log(`case 4: N = ${count}, warm-up`);
		await runStatus(panel, ids, input, 'field', options.concurrency);
		await runStatus(panel, ids, input, 'parameter', options.concurrency);
		const field: StatusRun[] = [];
		const parameter: StatusRun[] = [];
		for (let run = 0; run < runs; run++) {
			log(`case 4: N = ${count}, run ${run + 1} of ${runs}`);
			field.push(await runStatus(panel, ids, input, 'field', options.concurrency));
			parameter.push(await runStatus(panel, ids, input, 'parameter', options.concurrency));
		}
		const status = [row('field', options.concurrency, 0, field), row('parameter', options.concurrency, 0, parameter)];

		const sweepRows: LinkStatusRow[] = [];
		for (const requestsPerMinute of sweep.requestsPerMinute) {
			for (const concurrency of sweep.concurrency) {
				// A limit above what this Concurrency can send anyway changes nothing: not run again.
				const unlimitedPerMinute = (concurrency * 60_000) / (N8N_ROUND_TRIPS_PER_REQUEST * rttMs + panelLatencyMs);
				if (requestsPerMinute > 0 && unlimitedPerMinute <= requestsPerMinute) continue;
				const measured: StatusRun[] = [];
				for (let run = 0; run < sweep.runs; run++) {
					log(`case 4: Concurrency ${concurrency}, Requests Per Minute Limit ${requestsPerMinute || 'none'}, run ${run + 1} of ${sweep.runs}`);
					measured.push(await runStatus(panel, ids, input, 'field', concurrency, requestsPerMinute));
				}
				sweepRows.push(row('field', concurrency, requestsPerMinute, measured));
			}
		}
		return {
			rttMs,
			panelLatencyMs,
			ids: count,
			balance: {
				runs: balanceRuns.map((run) => run.nodeMs),
				nodeMs: balanceMs,
				roundTrips: (balanceMs - panelLatencyMs) / rttMs,
				connections: Math.max(...balanceRuns.map((run) => run.connections)),
				requests: Math.max(...balanceRuns.map((run) => run.requests)),
			},
			status,
			sweep: sweepRows,
		};
	} finally {
		await panel.close();
	}
}
