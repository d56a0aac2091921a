/**
 * Case 5: what the duplicate guard costs. The same number of distinct orders in one execution,
 * Concurrency 4, against a panel that takes 30 ms per reply, with Duplicate Guard Off, Identical
 * Orders and Idempotency Key, in the same run; and the calls to n8n's deduplication store per order.
 * The store is the harness's emulation of n8n's (test/engine/deduplication.ts), each statement
 * taking `dbMs` as a database round trip would: the guard's own cost, not n8n's database speed (the
 * real n8n's figures are in docs/performance.md).
 */
import type { IDataObject } from 'n8n-workflow';

import { deduplicationStore, smmPanelApiCredential } from '../../test/engine/harness';
import type { BenchOptions } from './options';
import { timedCreate } from './orderCreate';
import { startBenchPanel } from './panel';
import { median } from './stats';

export type GuardMode = 'off' | 'identicalOrders' | 'idempotencyKey';
const MODES: readonly GuardMode[] = ['off', 'identicalOrders', 'idempotencyKey'];

export interface GuardRun {
	mode: GuardMode;
	wallMs: number;
	/** Median over the runs. */
	ordersPerSecond: number;
	/** Calls to n8n's deduplication helpers, and the database statements they make, per order. */
	callsPerOrder: number;
	statementsPerOrder: number;
}

export interface GuardResults {
	orders: number;
	concurrency: number;
	panelLatencyMs: number;
	dbMs: number;
	runs: number;
	modes: GuardRun[];
}

async function createOnce(url: string, key: string, mode: GuardMode, orders: number, concurrency: number, label: string): Promise<{ ms: number; calls: number; statements: number }> {
	const store = deduplicationStore();
	const callsBefore = Object.values(store.calls).reduce((sum, count) => sum + count, 0);
	const statementsBefore = Object.values(store.statements).reduce((sum, count) => sum + count, 0);
	const input: IDataObject[] = Array.from({ length: orders }, (_, item) => ({ link: `https://www.instagram.com/guard_${label}_${item}/`, key: `SHOP-${label}-${item}` }));
	const guard = { duplicateGuard: mode, ...(mode === 'idempotencyKey' ? { idempotencyKey: '={{ $json.key }}' } : {}) };
	const { value: result, ms } = await timedCreate(smmPanelApiCredential({ url, apiKey: key }), input, { ...guard, options: { concurrency } });
	const error = result.error();
	if (error) throw new Error(`A guarded creation run failed: ${error.message}`);
	const placed = result.items().filter((item) => typeof item.json.order === 'number' && item.json.skipped === undefined);
	if (placed.length !== orders) throw new Error(`Expected ${orders} orders placed, got ${placed.length}`);
	return {
		ms,
		calls: Object.values(store.calls).reduce((sum, count) => sum + count, 0) - callsBefore,
		statements: Object.values(store.statements).reduce((sum, count) => sum + count, 0) - statementsBefore,
	};
}

export async function benchGuardedCreate(options: BenchOptions, log: (line: string) => void): Promise<GuardResults> {
	const { orders, concurrency, panelLatencyMs, dbMs, runs } = options.guard;
	const panel = await startBenchPanel(options.placement, { latencyMs: panelLatencyMs, key: 'bench-key', balance: 1e12 });
	const store = deduplicationStore();
	store.reset();
	store.delay = () => dbMs;
	try {
		log(`case 5: warm-up (${panel.url}, ${panelLatencyMs} ms per reply, ${dbMs} ms per database statement)`);
		for (const mode of MODES) await createOnce(panel.url, panel.key, mode, 8, concurrency, `warmup-${mode}`);
		const measured = new Map<GuardMode, Array<{ ms: number; calls: number; statements: number }>>(MODES.map((mode) => [mode, []]));
		for (let run = 0; run < runs; run++) {
			// The modes take turns within each repetition, so that a slower moment of the machine hits all of them alike.
			for (const mode of MODES) {
				log(`case 5: run ${run + 1} of ${runs}, ${orders} orders, Duplicate Guard ${mode}`);
				measured.get(mode)?.push(await createOnce(panel.url, panel.key, mode, orders, concurrency, `r${run}-${mode}`));
			}
		}
		return {
			orders,
			concurrency,
			panelLatencyMs,
			dbMs,
			runs,
			modes: MODES.map((mode) => {
				const each = measured.get(mode) ?? [];
				const wallMs = median(each.map((one) => one.ms));
				return {
					mode,
					wallMs,
					ordersPerSecond: orders / (wallMs / 1000),
					callsPerOrder: median(each.map((one) => one.calls)) / orders,
					statementsPerOrder: median(each.map((one) => one.statements)) / orders,
				};
			}),
		};
	} finally {
		store.reset();
		await panel.close();
	}
}
