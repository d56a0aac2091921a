/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/** Small measuring helpers shared by the cases. */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(values: readonly number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const started = performance.now();
	const value = await work();
	return { value, ms: performance.now() - started };
}

/** The panel API's limit of IDs per request. */
export const IDS_PER_REQUEST = 100;

/** The fewest requests N IDs can cost: ceil(N / 100). */
export function boundRequests(ids: number): number {
	return Math.ceil(ids / IDS_PER_REQUEST);
}

/**
 * The physical bound on wall time: ceil(N / 100) requests, `concurrency` at a time, each taking
 * at least the added latency. It is the issue's `ceil(N / 100) / concurrency x latency` rounded up
 * to whole rounds of concurrent requests (one request cannot take a quarter of the latency); the
 * two are equal whenever the requests divide evenly, as at N = 10,000 (100 requests, 4 at a time).
 */
export function boundMs(ids: number, concurrency: number, latencyMs: number): number {
	return Math.ceil(boundRequests(ids) / concurrency) * latencyMs;
}

// A full collection before each measured run, so that no run pays for the garbage of the one before
// (back to back runs are a benchmark's artefact). `npm run bench` cannot pass --expose-gc, so the
// flag is set at run time; a function created afterwards in a new context then sees `gc`.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Lets sockets and timers of the previous run close, then collects the garbage. */
export async function settle(): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 50));
	collectGarbage();
}
