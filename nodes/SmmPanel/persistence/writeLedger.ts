import type { IExecuteFunctions } from 'n8n-workflow';

import type { PanelFailure } from '../transport';

/**
 * What a node's writes (orders, refills, cancels) came to in the current run of the node, kept
 * for as long as n8n may run the node again within the same execution. n8n's Retry On Fail calls
 * the node again with the same input and the same run index (also when the first output item is an
 * error under Continue On Fail); a write that already reached the panel must then give its
 * recorded result instead of being sent again. Kept in this process's memory: a retry runs where
 * the first try ran, and an execution that starts anew (a re-run, a crashed worker) is the
 * duplicate guard's case, not this one's.
 */
export type LedgerEntry<T> = { done: T } | { outcomeUnknown: PanelFailure };

export interface WriteLedger<T> {
	get(key: string): LedgerEntry<T> | undefined;
	set(key: string, entry: LedgerEntry<T>): void;
	/** Every entry, in the order they were recorded. */
	entries(): IterableIterator<[string, LedgerEntry<T>]>;
}

interface Run {
	entries: Map<string, LedgerEntry<unknown>>;
	touchedAt: number;
}

/** A run not written to for this long is over: retries follow a failure within seconds. */
const IDLE_RUN_MS = 60 * 60_000;
const MAX_RUNS = 1000;

const runs = new Map<string, Run>();

function dropStaleRuns(now: number): void {
	for (const [key, run] of runs) {
		if (runs.size <= MAX_RUNS && now - run.touchedAt < IDLE_RUN_MS) break;
		runs.delete(key);
	}
}

/** The run index of this call of the node: the same for every try of one run, another for the next run (a loop). */
function runIndexOf(context: IExecuteFunctions): number {
	return context.getExecuteData().runIndex ?? context.getWorkflowDataProxy(0).$thisRunIndex;
}

/** The ledger of this node's current run, for one kind of write (`scope`, e.g. "add"). */
export function writeLedger<T>(context: IExecuteFunctions, scope: string): WriteLedger<T> {
	const key = `${context.getExecutionId()}\u0000${context.getNode().id}\u0000${runIndexOf(context)}\u0000${scope}`;
	const now = Date.now();
	dropStaleRuns(now);
	let run = runs.get(key);
	if (run === undefined) {
		run = { entries: new Map(), touchedAt: now };
	}
	// Re-inserted so that the map stays ordered by last use, oldest first.
	runs.delete(key);
	runs.set(key, run);
	const current = run;
	return {
		get: (entryKey) => current.entries.get(entryKey) as LedgerEntry<T> | undefined,
		set(entryKey, entry) {
			current.entries.set(entryKey, entry);
			current.touchedAt = Date.now();
		},
		entries: () => current.entries.entries() as IterableIterator<[string, LedgerEntry<T>]>,
	};
}
