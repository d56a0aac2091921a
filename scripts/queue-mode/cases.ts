/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The race bench's three cases, against a running stack (stack.ts) and the in-process simulator:
 * race rounds, a worker killed mid-import, and speed with PostgreSQL's counts for processed_data.
 */
import { readFileSync, statSync } from 'node:fs';

import type { PanelSimulator } from '../../test/simulator';
import { lastExecutionId, savedExecutions } from './executions';
import { fire, type FireResult } from './fire';
import {
	emptyItemTally,
	itemOutcome,
	placementsPerRow,
	tallyItems,
	tallyPlacements,
	type ItemTally,
	type PlacementTally,
} from './outcomes';
import { stopGroup, type QueueModeStack } from './stack';
import { webhookPath, workflowId, type GuardMode } from './workflows';

export interface BenchContext {
	stack: QueueModeStack;
	simulator: PanelSimulator;
	/** Tells one run's rows from another's (links carry it). */
	runTag: string;
	realN8nHome: string;
	log: (line: string) => void;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function statusesOf(results: FireResult[]): string {
	return results.map((result) => (result.error ? `${result.status}:${result.error.slice(0, 80)}` : String(result.status))).join(' ');
}

/** One order per workflow, so that a stack that cannot run them fails here, not as figures. */
export async function checkStack(context: BenchContext, modes: readonly GuardMode[]): Promise<void> {
	for (const mode of modes) {
		const result = await fire(context.stack.mainPort, webhookPath(mode), { prefix: `check-${context.runTag}-${mode}`, count: 1 }).done;
		const outcome = result.items.length === 1 ? itemOutcome(result.items[0]) : undefined;
		if (result.status !== 200 || outcome?.kind !== 'placed') {
			throw new Error(`The ${mode} workflow did not place its check order: HTTP ${result.status} ${result.error ?? JSON.stringify(result.items).slice(0, 300)}`);
		}
		context.log(`  ${mode} workflow placed its check order in ${result.ms} ms`);
	}
}

export interface RaceRound {
	mode: GuardMode;
	executions: number;
	round: number;
	rows: number;
	seconds: number;
	placements: PlacementTally;
	/** The node's output in the executions n8n saved (its database). */
	items: ItemTally;
	/** The same, from the webhook replies: a cross-check. */
	replyItems: ItemTally;
	executionStatuses: string;
	httpStatuses: string;
}

const NODE_NAME = 'Place orders';

/** K executions of the same `rows` orders fired at once; a fresh prefix per round, so rounds are independent. */
export async function raceRound(context: BenchContext, mode: GuardMode, executions: number, round: number, rows: number): Promise<RaceRound> {
	const prefix = `race-${context.runTag}-${mode}-k${executions}-r${round}`;
	const afterId = lastExecutionId(context.stack);
	const started = Date.now();
	const fired = Array.from({ length: executions }, () => fire(context.stack.mainPort, webhookPath(mode), { prefix, count: rows }));
	const results = await Promise.all(fired.map((call) => call.done));
	const seconds = (Date.now() - started) / 1000;
	const replyItems = emptyItemTally();
	for (const result of results) tallyItems(result.items, replyItems);
	const saved = savedExecutions(context.stack, context.realN8nHome, workflowId(mode), afterId, NODE_NAME);
	const items = emptyItemTally();
	for (const execution of saved) tallyItems(execution.items, items);
	const placements = tallyPlacements(placementsPerRow(context.simulator.placedOrders(), prefix, rows));
	const executionStatuses = saved.map((execution) => `${execution.id}:${execution.status}${execution.error ? `(${execution.error.slice(0, 60)})` : ''}`).join(' ');
	return { mode, executions, round, rows, seconds, placements, items, replyItems, executionStatuses, httpStatuses: statusesOf(results) };
}

export interface KillRow {
	row: number;
	/** Orders the panel placed for this row over both runs. */
	placed: number;
	/** What the second run output for the row. */
	secondRun: string;
	/** placed once, or held back as "not known": what the issue accepts. */
	ok: boolean;
}

export interface KillTest {
	mode: GuardMode;
	rows: number;
	killedWorker: string;
	placedBeforeKill: number;
	placedAfterKillSettled: number;
	secondRunSeconds: number;
	placements: PlacementTally;
	secondRunItems: ItemTally;
	rowsNotOk: number;
	firstRunReply: string;
	/** Both executions as n8n's database has them (the killed one is never finished by n8n 2.x). */
	executionStatuses: string;
	perRow: KillRow[];
}

/** The worker whose log says it started a job since `offsets` were taken. */
async function workerRunningJob(context: BenchContext, offsets: Map<string, number>, timeoutMs: number): Promise<string | undefined> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		for (const process of context.stack.processes) {
			if (!process.name.startsWith('worker')) continue;
			const text = readFileSync(process.logFile).subarray(offsets.get(process.name) ?? 0).toString('utf8');
			if (/started execution|Started execution|Worker started/i.test(text)) return process.name;
		}
		await sleep(200);
	}
	return undefined;
}

/**
 * An import of `rows` orders; once `killAt` of them are placed, the worker running it is killed
 * (SIGKILL to its process group: n8n and its task runner, as when a container dies), then started
 * again, and the same rows run again.
 */
export async function killTest(context: BenchContext, mode: GuardMode, rows: number, killAt: number): Promise<KillTest> {
	const { stack, simulator, log } = context;
	const prefix = `kill-${context.runTag}-${mode}`;
	const placedNow = (): number => placementsPerRow(simulator.placedOrders(), prefix, rows).reduce((sum, count) => sum + count, 0);
	const offsets = new Map(stack.processes.map((process) => [process.name, statSync(process.logFile).size]));
	const afterId = lastExecutionId(stack);
	const first = fire(stack.mainPort, webhookPath(mode), { prefix, count: rows });
	const workerName = await workerRunningJob(context, offsets, 60_000);
	if (workerName === undefined) throw new Error('No worker logged that it started the import: is N8N_LOG_LEVEL info?');
	const target = Math.ceil(rows * killAt);
	const deadline = Date.now() + 15 * 60_000;
	while (placedNow() < target && Date.now() < deadline) await sleep(50);
	const worker = stack.processes.find((process) => process.name === workerName);
	if (worker?.child.pid === undefined) throw new Error(`${workerName} is not running`);
	process.kill(-worker.child.pid, 'SIGKILL');
	const placedBeforeKill = placedNow();
	log(`  killed ${workerName} (pid ${worker.child.pid}) with SIGKILL after ${placedBeforeKill} of ${rows} orders were placed`);
	await sleep(3000);
	const placedAfterKillSettled = placedNow();
	await stopGroup(worker.child);
	await stack.startWorker(Number(workerName.replace('worker', '')));
	// The first call's reply, if n8n sends one in time (the job is lost with the worker; n8n 2.x does not re-run it).
	const firstReply = await Promise.race([first.done, sleep(5000).then(() => undefined)]);
	first.abandon();

	const started = Date.now();
	const second = await fire(stack.mainPort, webhookPath(mode), { prefix, count: rows }).done;
	const secondRunSeconds = (Date.now() - started) / 1000;
	const counts = placementsPerRow(simulator.placedOrders(), prefix, rows);
	const saved = savedExecutions(stack, context.realN8nHome, workflowId(mode), afterId, NODE_NAME);
	// The second run's output as n8n saved it; its webhook reply if the database has none.
	const secondItems = saved.length >= 2 && saved[saved.length - 1].items.length > 0 ? saved[saved.length - 1].items : second.items;
	const outcomeByRow = new Map<number, string>();
	secondItems.forEach((json, position) => {
		const link = typeof json.link === 'string' ? json.link : undefined;
		const row = link === undefined ? position : Number(link.slice(link.lastIndexOf('/') + 1));
		const outcome = itemOutcome(json);
		outcomeByRow.set(row, outcome.kind === 'placed' ? 'placed' : outcome.kind === 'heldBack' ? `heldBack:${outcome.reason}` : `failed:${outcome.text.slice(0, 120)}`);
	});
	const perRow: KillRow[] = counts.map((placed, row) => {
		const secondRun = outcomeByRow.get(row) ?? 'no item';
		const ok = placed === 1 || (placed === 0 && secondRun === 'heldBack:notKnown');
		return { row, placed, secondRun, ok };
	});
	return {
		mode,
		rows,
		killedWorker: workerName,
		placedBeforeKill,
		placedAfterKillSettled,
		secondRunSeconds,
		placements: tallyPlacements(counts),
		secondRunItems: tallyItems(secondItems),
		rowsNotOk: perRow.filter((row) => !row.ok).length,
		firstRunReply: firstReply === undefined ? 'no reply within 5 s after the worker was back' : statusesOf([firstReply]),
		executionStatuses: saved.map((execution) => `${execution.id}:${execution.status}`).join(' '),
		perRow,
	};
}

export interface ProcessedDataStats {
	inserts: number;
	updates: number;
	deletes: number;
	scans: number;
}

export interface SpeedCase {
	mode: GuardMode;
	rows: number;
	/** The webhook call, from request to the reply with every item. */
	wallSeconds: number;
	/** The execution's own startedAt..stoppedAt in n8n's database. */
	executionSeconds: number | null;
	ordersPerSecond: number;
	placed: number;
	items: ItemTally;
	processedData: ProcessedDataStats;
	/** (inserts + updates + deletes + scans) / rows */
	databaseCallsPerOrder: number;
	httpStatus: string;
}

const STATS_SETTLE_MS = 11_000;

function processedDataStats(stack: QueueModeStack): ProcessedDataStats {
	const line = stack.psql(
		"select coalesce(n_tup_ins,0), coalesce(n_tup_upd,0), coalesce(n_tup_del,0), coalesce(seq_scan,0) + coalesce(idx_scan,0) from pg_stat_user_tables where relname = 'processed_data'",
	);
	const [inserts, updates, deletes, scans] = (line || '0|0|0|0').split('|').map(Number);
	return { inserts, updates, deletes, scans };
}

/** `rows` distinct orders in one execution; PostgreSQL's counters for processed_data reset before. */
export async function speedCase(context: BenchContext, mode: GuardMode, rows: number): Promise<SpeedCase> {
	const { stack, simulator } = context;
	const prefix = `speed-${context.runTag}-${mode}`;
	// An idle backend sends its table counts up to 10 s after its last transaction (PostgreSQL 15+,
	// PGSTAT_IDLE_INTERVAL): let the earlier cases' counts land before the reset, and this one's before reading.
	await sleep(STATS_SETTLE_MS);
	stack.psql('select pg_stat_reset()');
	const result = await fire(stack.mainPort, webhookPath(mode), { prefix, count: rows }).done;
	await sleep(STATS_SETTLE_MS);
	const processedData = processedDataStats(stack);
	const executionSeconds = stack.psql(
		`select extract(epoch from ("stoppedAt" - "startedAt")) from execution_entity where "workflowId" = '${workflowId(mode)}' order by id desc limit 1`,
	);
	const placed = tallyPlacements(placementsPerRow(simulator.placedOrders(), prefix, rows)).orders;
	const calls = processedData.inserts + processedData.updates + processedData.deletes + processedData.scans;
	return {
		mode,
		rows,
		wallSeconds: result.ms / 1000,
		executionSeconds: executionSeconds === '' ? null : Number(executionSeconds),
		ordersPerSecond: rows / (result.ms / 1000),
		placed,
		items: tallyItems(result.items),
		processedData,
		databaseCallsPerOrder: calls / rows,
		httpStatus: statusesOf([result]),
	};
}
