/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run bench`: how fast the SMM Panel nodes check and create orders, against the per-request
 * baseline and the physical bound, in one run. Prints a table and writes the figures as JSON.
 *
 *   npm run bench                  full run (~8 minutes: the baseline at N = 10,000 alone is ~4.5)
 *   npm run bench -- --quick       ~1-2 minutes
 *   npm run bench -- --help        all flags
 *
 * Cases (scripts/bench/): 1. order status for N = 100, 1,000, 10,000 (orderStatus.ts), 2. a
 * trigger poll of 10,000 watched orders (triggerPoll.ts), 3. 200 orders created under a
 * requests-per-minute limit (orderCreate.ts). Results: the Performance section of the README.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';

import { benchOrderCreate } from './bench/orderCreate';
import { benchOrderStatus } from './bench/orderStatus';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './bench/options';
import { startBenchPanel } from './bench/panel';
import { registerProbeNodes } from './bench/probeNodes';
import { checkTargets, formatReport, type BenchResults } from './bench/report';
import { benchTriggerPoll } from './bench/triggerPoll';

/** Progress goes to stderr, so that stdout is the report alone. */
function log(line: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function run(options: BenchOptions): Promise<void> {
	// The load average says whether something else was competing for the CPUs (figures are wall times).
	const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');
	const loadBefore = load();
	const environment = `Node.js ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), ${process.platform}, load average ${loadBefore} before`;
	registerProbeNodes();
	const panel = await startBenchPanel(options.placement, { latencyMs: options.latencyMs, key: 'bench-key', balance: 1e9 });
	const started = Date.now();
	let results: BenchResults;
	try {
		log(`simulator at ${panel.url} (${panel.placement}), ${options.latencyMs} ms latency`);
		const orderStatus = await benchOrderStatus(panel, options, log);
		const trigger = await benchTriggerPoll(panel, options, log);
		const create = await benchOrderCreate(panel, options, log);
		results = { orderStatus, trigger, create };
	} finally {
		await panel.close();
	}
	const loadAfter = load();
	const outFile = resolve(options.outFile);
	const checks = checkTargets(results);
	const report = formatReport(results, options, `${environment}, ${loadAfter} after`, checks, outFile);
	const json = {
		startedAt: new Date(started).toISOString(),
		durationS: (Date.now() - started) / 1000,
		environment,
		loadAverage: { before: loadBefore, after: loadAfter },
		options: { ...options, baselineRuns: Object.fromEntries(options.baselineRuns) },
		targets: checks,
		results,
	};
	writeFileSync(outFile, `${JSON.stringify(json, null, '\t')}\n`);
	log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	process.stdout.write(`${report}\n`);
}

let options: BenchOptions;
try {
	options = parseOptions(process.argv.slice(2));
} catch (error) {
	if (!(error instanceof UsageError)) throw error;
	if (!error.message) {
		console.log(USAGE);
		process.exit(0);
	}
	console.error(`${error.message}\n${USAGE}`);
	process.exit(2);
}
run(options).then(
	// Exit explicitly: n8n-core's services may keep timers alive after the last run.
	() => process.exit(0),
	(error: unknown) => {
		console.error('The benchmark failed:', error);
		process.exit(1);
	},
);
