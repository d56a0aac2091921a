/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run bench`: how fast the SMM Panel nodes check and create orders, against the per-request
 * baseline and the physical bound, in one run. Prints a table and writes the figures as JSON.
 *
 *   npm run bench                  under 5 minutes
 *   npm run bench -- --full        the long sweeps (~20 minutes: the baseline at N = 10,000 alone is ~4.5)
 *   npm run bench -- --help        all flags
 *
 * Cases (scripts/bench/): 1. order status for N = 100, 1,000, 10,000 (orderStatus.ts), 2. a
 * trigger poll of 10,000 watched orders (triggerPoll.ts), 3. 200 orders created under a
 * requests-per-minute limit (orderCreate.ts), 4. over an HTTPS link with a 100 ms round trip
 * (linkCase.ts), 5. the duplicate guard's cost: 1,000 orders with it off and on (guardedCreate.ts),
 * 6. order status of 1,000 IDs on a panel that answers one ID per request, with and without a
 * Requests Per Minute Limit (singleIdStatus.ts), 7. the trigger's Service Changed on 5,000 services: one request a
 * poll, its time and the state n8n stores (serviceChanges.ts). Results: docs/performance.md, in brief in the README's Performance section.
 *
 * Case 4's simulator serves a certificate made for the run, which n8n's HTTP client must trust.
 * Node.js reads NODE_EXTRA_CA_CERTS once, at start, so case 4 runs in a child process of this
 * script started with it set (the certificate's folder in SMM_BENCH_TLS_DIR), removed afterwards;
 * cases 1-3 run here, without it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { selfSignedCertificate, type Certificate } from './bench/certificate';
import { benchLink, type LinkResults } from './bench/linkCase';
import { benchGuardedCreate } from './bench/guardedCreate';
import { benchOrderCreate } from './bench/orderCreate';
import { benchOrderStatus } from './bench/orderStatus';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './bench/options';
import { startBenchPanel } from './bench/panel';
import { registerProbeNodes } from './bench/probeNodes';
import { checkTargets, formatReport, type BenchResults } from './bench/report';
import { benchServiceChanges } from './bench/serviceChanges';
import { benchSingleIdStatus } from './bench/singleIdStatus';
import { benchTriggerPoll } from './bench/triggerPoll';

const TLS_DIR_VARIABLE = 'SMM_BENCH_TLS_DIR';

/** Progress goes to stderr, so that stdout is the report alone. */
function log(line: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** The certificate the parent made for this run, once NODE_EXTRA_CA_CERTS trusts it; else undefined. */
function trustedCertificate(): Certificate | undefined {
	const dir = process.env[TLS_DIR_VARIABLE];
	if (!dir || process.env.NODE_EXTRA_CA_CERTS !== join(dir, 'cert.pem')) return undefined;
	return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

/**
 * Case 4 in a child process of this script, started with a fresh certificate trusted through
 * NODE_EXTRA_CA_CERTS (which this process, like cases 1-3, runs without); its results from its JSON.
 */
function linkInChildProcess(): LinkResults {
	const dir = mkdtempSync(join(tmpdir(), 'smm-bench-tls-'));
	try {
		const { key, cert } = selfSignedCertificate();
		writeFileSync(join(dir, 'key.pem'), key, { mode: 0o600 });
		writeFileSync(join(dir, 'cert.pem'), cert);
		const outFile = join(dir, 'link.json');
		// Later flags win: the child runs case 4 alone, with every other option as given here. Its report (stdout) is not needed.
		const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2), '--cases', 'link', '--out', outFile], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'), [TLS_DIR_VARIABLE]: dir },
		});
		if (child.status !== 0) throw new Error(`Case 4's process failed (exit code ${child.status ?? child.signal})`);
		const { results } = JSON.parse(readFileSync(outFile, 'utf8')) as { results: BenchResults };
		if (!results.link) throw new Error("Case 4's process wrote no results");
		return results.link;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function run(options: BenchOptions, tls: Certificate | undefined): Promise<void> {
	// The load average says whether something else was competing for the CPUs (figures are wall times).
	const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');
	const loadBefore = load();
	const environment = `Node.js ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), ${process.platform}, load average ${loadBefore} before`;
	registerProbeNodes();
	const { cases } = options;
	const started = Date.now();
	const results: BenchResults = {};
	if (cases.has('status') || cases.has('trigger') || cases.has('create') || cases.has('services')) {
		const panel = await startBenchPanel(options.placement, { latencyMs: options.latencyMs, key: 'bench-key', balance: 1e9 });
		try {
			log(`simulator at ${panel.url} (${panel.placement}), ${options.latencyMs} ms latency`);
			if (cases.has('status')) results.orderStatus = await benchOrderStatus(panel, options, log);
			if (cases.has('trigger')) results.trigger = await benchTriggerPoll(panel, options, log);
			if (cases.has('create')) results.create = await benchOrderCreate(panel, options, log);
			if (cases.has('services')) results.services = await benchServiceChanges(panel, options, log);
		} finally {
			await panel.close();
		}
	}
	if (cases.has('guard')) results.guard = await benchGuardedCreate(options, log);
	if (cases.has('single')) results.singleId = await benchSingleIdStatus(options, log);
	if (cases.has('link')) results.link = tls ? await benchLink(options, tls, log) : linkInChildProcess();
	const loadAfter = load();
	const outFile = resolve(options.outFile);
	const checks = checkTargets(results);
	const report = formatReport(results, options, `${environment}, ${loadAfter} after`, checks, outFile);
	const json = {
		startedAt: new Date(started).toISOString(),
		durationS: (Date.now() - started) / 1000,
		environment,
		loadAverage: { before: loadBefore, after: loadAfter },
		options: { ...options, cases: [...options.cases], baselineRuns: Object.fromEntries(options.baselineRuns) },
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
run(options, trustedCertificate()).then(
	// Exit explicitly: n8n-core's services may keep timers alive after the last run.
	() => process.exit(0),
	(error: unknown) => {
		console.error('The benchmark failed:', error);
		process.exit(1);
	},
);
