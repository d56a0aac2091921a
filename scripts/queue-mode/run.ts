/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The queue-mode race bench (issue 20's acceptance): a real n8n in queue mode (main + workers,
 * PostgreSQL, Redis) with a build of the package installed, against the panel simulator.
 * Steps, needs and durations: CONTRIBUTING.md, "Queue mode: the race bench".
 *
 *   PACKAGE_DIR=/path/to/checkout node -r ts-node/register/transpile-only scripts/queue-mode/run.ts [flags]
 *   (or: bash scripts/queue-mode/run.sh [flags])
 *
 * Prints figures per case; writes every figure (per round, per killed-import row) as JSON to --out.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

import { startSimulator } from '../../test/simulator';
import { checkStack, killTest, raceRound, speedCase, type BenchContext, type KillTest, type RaceRound, type SpeedCase } from './cases';
import { QueueModeStack } from './stack';
import { credential, GUARD_MODES, workflow, workflowId, type GuardMode } from './workflows';

const USAGE = `Usage: PACKAGE_DIR=<checkout> node -r ts-node/register/transpile-only scripts/queue-mode/run.ts [flags]
  --cases race,kill,speed        which cases (default all three)
  --modes identicalOrders,idempotencyKey   guard modes for race and kill (speed always adds off)
  --rounds 20                    race rounds per mode and per K
  --executions 2,4               K: executions fired at once per round
  --race-orders 100              orders per race round
  --kill-orders 300 --kill-at 0.4   import size; kill the worker once this share is placed
  --speed-orders 1000            orders per speed case with the guard off
  --speed-guarded-orders N       orders per guarded speed case (default --speed-orders)
  --latency 30                   the simulator's reply delay (ms)
  --concurrency 4                the node's Concurrency option
  --workers 2                    n8n workers
  --run-dir DIR                  scratch folder (default /tmp/qm-run-<time>); kept afterwards
  --out FILE                     JSON summary (default <run-dir>/summary.json)
  --skip-build                   use PACKAGE_DIR's dist/ as it is`;

interface Options {
	packageDir: string;
	cases: Set<string>;
	modes: GuardMode[];
	rounds: number;
	executions: number[];
	raceOrders: number;
	killOrders: number;
	killAt: number;
	speedOrders: number;
	speedGuardedOrders: number;
	latencyMs: number;
	concurrency: number;
	workers: number;
	runDir: string;
	out: string;
	skipBuild: boolean;
}

function parse(argv: string[]): Options {
	const flags = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const [flag, inline] = argv[index].split(/=(.*)/s, 2);
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		}
		if (flag === '--skip-build') flags.set(flag, 'true');
		else flags.set(flag, inline ?? argv[++index] ?? '');
	}
	const number = (flag: string, fallback: number): number => {
		const value = Number(flags.get(flag) ?? fallback);
		if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number`);
		return value;
	};
	const packageDir = flags.get('--package') ?? process.env.PACKAGE_DIR;
	if (!packageDir) throw new Error(`PACKAGE_DIR is not set\n${USAGE}`);
	const runDir = resolve(flags.get('--run-dir') ?? process.env.RUN_DIR ?? `/tmp/qm-run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
	const modes = (flags.get('--modes') ?? 'identicalOrders,idempotencyKey').split(',') as GuardMode[];
	for (const mode of modes) if (!GUARD_MODES.includes(mode)) throw new Error(`Unknown mode ${mode}`);
	const speedOrders = number('--speed-orders', 1000);
	return {
		packageDir: resolve(packageDir),
		cases: new Set((flags.get('--cases') ?? 'race,kill,speed').split(',')),
		modes,
		rounds: number('--rounds', 20),
		executions: (flags.get('--executions') ?? '2,4').split(',').map(Number),
		raceOrders: number('--race-orders', 100),
		killOrders: number('--kill-orders', 300),
		killAt: number('--kill-at', 0.4),
		speedOrders,
		speedGuardedOrders: number('--speed-guarded-orders', speedOrders),
		latencyMs: number('--latency', 30),
		concurrency: number('--concurrency', 4),
		workers: number('--workers', 2),
		runDir,
		out: resolve(flags.get('--out') ?? join(runDir, 'summary.json')),
		skipBuild: flags.has('--skip-build'),
	};
}

function log(line: string): void {
	process.stderr.write(`[qm ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function printRound(round: RaceRound): void {
	const held = round.items.heldBack;
	console.log(
		`race ${round.mode.padEnd(15)} K=${round.executions} round ${String(round.round).padStart(2)}: ` +
			`${round.rows} orders -> placed 0x ${round.placements.never}, 1x ${round.placements.once}, 2x+ ${round.placements.twiceOrMore}; ` +
			`items placed ${round.items.placed}, held back: already placed ${held.alreadyPlaced}, not known ${held.notKnown}, race ${held.race}, other ${held.other}; failed ${round.items.failed}; ` +
			`${round.seconds.toFixed(1)} s; executions ${round.executionStatuses}; HTTP ${round.httpStatuses}` +
			(JSON.stringify(round.items) === JSON.stringify(round.replyItems) ? '' : `; WEBHOOK REPLIES DIFFER: ${JSON.stringify(round.replyItems)}`),
	);
}

function printKill(test: KillTest): void {
	const held = test.secondRunItems.heldBack;
	console.log(
		`kill ${test.mode.padEnd(15)} ${test.rows} orders, ${test.killedWorker} killed at ${test.placedBeforeKill} placed (${test.placedAfterKillSettled} once settled); ` +
			`rows placed 0x ${test.placements.never}, 1x ${test.placements.once}, 2x+ ${test.placements.twiceOrMore}; ` +
			`second run (${test.secondRunSeconds.toFixed(1)} s): placed ${test.secondRunItems.placed}, held back: already placed ${held.alreadyPlaced}, not known ${held.notKnown}, race ${held.race}, other ${held.other}, failed ${test.secondRunItems.failed}; ` +
			`rows neither placed once nor held back as not known: ${test.rowsNotOk}; first run's reply: ${test.firstRunReply}; executions ${test.executionStatuses}`,
	);
}

function printSpeed(result: SpeedCase): void {
	const stats = result.processedData;
	console.log(
		`speed ${result.mode.padEnd(15)} ${result.rows} orders: ${result.wallSeconds.toFixed(1)} s wall (execution ${result.executionSeconds?.toFixed(1) ?? '?'} s), ` +
			`${result.ordersPerSecond.toFixed(1)} orders/s, placed ${result.placed}, held back ${Object.values(result.items.heldBack).reduce((a, b) => a + b, 0)}, failed ${result.items.failed}; ` +
			`processed_data: ins ${stats.inserts}, upd ${stats.updates}, del ${stats.deletes}, scans ${stats.scans} = ${result.databaseCallsPerOrder.toFixed(2)} per order; HTTP ${result.httpStatus}`,
	);
}

function sumRounds(rounds: RaceRound[]): Record<string, unknown> {
	const byCase = new Map<string, RaceRound[]>();
	for (const round of rounds) {
		const key = `${round.mode} K=${round.executions}`;
		byCase.set(key, [...(byCase.get(key) ?? []), round]);
	}
	const summary: Record<string, unknown> = {};
	for (const [key, list] of byCase) {
		const sum = (pick: (round: RaceRound) => number): number => list.reduce((total, round) => total + pick(round), 0);
		summary[key] = {
			rounds: list.length,
			orders: sum((round) => round.rows),
			placedNever: sum((round) => round.placements.never),
			placedOnce: sum((round) => round.placements.once),
			placedTwiceOrMore: sum((round) => round.placements.twiceOrMore),
			heldBackAlreadyPlaced: sum((round) => round.items.heldBack.alreadyPlaced),
			heldBackNotKnown: sum((round) => round.items.heldBack.notKnown),
			heldBackRace: sum((round) => round.items.heldBack.race),
			heldBackOther: sum((round) => round.items.heldBack.other),
			failedItems: sum((round) => round.items.failed),
			meanRoundSeconds: sum((round) => round.seconds) / list.length,
		};
	}
	return summary;
}

async function main(): Promise<void> {
	const options = parse(process.argv.slice(2));
	const toolsDir = process.env.REAL_N8N_TOOLS ?? '/work/shared/tools/real-n8n';
	const realN8nHome = process.env.REAL_N8N_HOME ?? join(process.env.HOME ?? '', '.cache/real-n8n');
	mkdirSync(options.runDir, { recursive: true });
	const startedAt = new Date();
	const loadBefore = loadavg().map((value) => value.toFixed(2)).join(' ');
	log(`run dir ${options.runDir}; package ${options.packageDir}`);
	if (!options.skipBuild) {
		log('building the package (npm run build)');
		const build = spawnSync('npm', ['run', 'build'], { cwd: options.packageDir, stdio: ['ignore', 'ignore', 'inherit'] });
		if (build.status !== 0) throw new Error('npm run build failed in PACKAGE_DIR');
	}
	const commit = spawnSync('git', ['-C', options.packageDir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
	const dirty = spawnSync('git', ['-C', options.packageDir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';

	const stack = new QueueModeStack({ runDir: options.runDir, packageDir: options.packageDir, realN8nHome, toolsDir, workers: options.workers, workerConcurrency: 10, log });
	const simulator = await startSimulator({ latencyMs: options.latencyMs, balance: 1e9, key: 'qm-bench-key' });
	let stopping = false;
	const stopAll = async (): Promise<void> => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n, Redis, PostgreSQL, the simulator');
		await stack.stop();
		await simulator.close();
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			void stopAll().then(() => process.exit(130));
		});
	}
	const results: { race: RaceRound[]; kill: KillTest[]; speed: SpeedCase[] } = { race: [], kill: [], speed: [] };
	try {
		await stack.startDatabase();
		const packageName = stack.installPackage();
		log(`installed ${packageName} into ${options.workers + 1} user folders`);
		writeFileSync(join(options.runDir, 'credentials.json'), JSON.stringify(credential(simulator.url, simulator.key)));
		await stack.cli(['import:credentials', `--input=${join(options.runDir, 'credentials.json')}`]);
		const workflowsFile = join(options.runDir, 'workflows.json');
		writeFileSync(workflowsFile, JSON.stringify(GUARD_MODES.map((mode) => workflow(packageName, mode, options.concurrency)), null, 2));
		await stack.cli(['import:workflow', `--input=${workflowsFile}`]);
		// Activation on import (--activeState=fromJson) is refused before an owner is set up; publishing is not.
		for (const mode of GUARD_MODES) await stack.cli(['publish:workflow', `--id=${workflowId(mode)}`]);
		log('imported the credential and 3 workflows (one per guard mode), published');
		await stack.startMain();
		for (let index = 1; index <= options.workers; index++) await stack.startWorker(index);

		const context: BenchContext = { stack, simulator, runTag: startedAt.getTime().toString(36), realN8nHome, log };
		await checkStack(context, GUARD_MODES);
		if (options.cases.has('race')) {
			for (const mode of options.modes) {
				for (const executions of options.executions) {
					for (let round = 1; round <= options.rounds; round++) {
						const result = await raceRound(context, mode, executions, round, options.raceOrders);
						results.race.push(result);
						printRound(result);
					}
				}
			}
		}
		if (options.cases.has('kill')) {
			for (const mode of options.modes) {
				const result = await killTest(context, mode, options.killOrders, options.killAt);
				results.kill.push(result);
				printKill(result);
			}
		}
		if (options.cases.has('speed')) {
			for (const mode of GUARD_MODES) {
				const result = await speedCase(context, mode, mode === 'off' ? options.speedOrders : options.speedGuardedOrders);
				results.speed.push(result);
				printSpeed(result);
			}
		}
	} finally {
		const summary = {
			startedAt: startedAt.toISOString(),
			finishedAt: new Date().toISOString(),
			package: { dir: options.packageDir, commit, uncommittedChanges: dirty },
			setup: {
				n8n: '2.40.5 (real-n8n tools), queue mode: main + workers, PostgreSQL, Redis, all on 127.0.0.1',
				workers: options.workers,
				panelLatencyMs: options.latencyMs,
				concurrency: options.concurrency,
				machine: `${cpus().length} CPU(s), load average ${loadBefore} before, ${loadavg().map((value) => value.toFixed(2)).join(' ')} after`,
			},
			options: { ...options, cases: [...options.cases] },
			raceTotals: sumRounds(results.race),
			placedTwiceTotal:
				results.race.reduce((total, round) => total + round.placements.twiceOrMore, 0) + results.kill.reduce((total, test) => total + test.placements.twiceOrMore, 0),
			...results,
		};
		writeFileSync(options.out, JSON.stringify(summary, null, 2));
		log(`summary: ${options.out}`);
		console.log(`placed twice, all cases: ${summary.placedTwiceTotal}`);
		for (const [key, totals] of Object.entries(summary.raceTotals)) console.log(`race totals ${key}: ${JSON.stringify(totals)}`);
		await stopAll();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.stack ?? error.message : String(error));
	process.exit(1);
});
