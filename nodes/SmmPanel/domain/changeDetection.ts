import type { IDataObject } from 'n8n-workflow';

/**
 * The one change-detection module, shared by the SMM Panel Trigger and the action node's
 * "Only Output Changes" option. Memory maps an ID to the last status seen for it (canonical name),
 * kept in n8n's workflow static data: a few dozen bytes per ID, saved by n8n after each run.
 *
 * Rules that make "never miss, never twice" hold:
 * - memory changes only for IDs whose status was actually read in this run; an ID whose request
 *   failed keeps its old status, so its change is reported by the next run that reads it;
 * - a change is reported in the same step that records it, so it is never reported again.
 */
export type StatusMemory = Record<string, string>;

export interface ObservedStatus {
	id: number;
	status: string;
	final: boolean;
}

export interface StatusChange {
	id: number;
	status: string;
	/** null when the ID is seen for the first time. */
	previousStatus: string | null;
}

export interface ChangeDetectionOptions {
	/** Whether an ID seen for the first time is reported with its current status. */
	emitFirstSight: boolean;
	/**
	 * Whether an ID is dropped from memory once it reached a final status. The action node does
	 * this (its ID source decides what to watch); the trigger keeps finished IDs while they are
	 * still watched so that it neither polls them again nor reports them twice.
	 */
	forgetFinal: boolean;
}

export function detectStatusChanges(
	memory: StatusMemory,
	observed: readonly ObservedStatus[],
	options: ChangeDetectionOptions,
): StatusChange[] {
	const changes: StatusChange[] = [];
	for (const { id, status, final } of observed) {
		const key = String(id);
		const previousStatus = Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
		if (previousStatus === status) continue;
		if (previousStatus !== null || options.emitFirstSight) changes.push({ id, status, previousStatus });
		if (final && options.forgetFinal) delete memory[key];
		else memory[key] = status;
	}
	return changes;
}

/** Drops IDs that are no longer watched, so memory never outgrows the watch list. */
export function forgetUnwatched(memory: StatusMemory, watchedIds: ReadonlySet<number>): void {
	for (const key of Object.keys(memory)) if (!watchedIds.has(Number(key))) delete memory[key];
}

/** IDs that still need polling: everything watched except what is known to be finished. */
export function idsToPoll(memory: StatusMemory, watchedIds: readonly number[], isFinal: (status: string) => boolean): number[] {
	return watchedIds.filter((id) => {
		const known = memory[String(id)];
		return known === undefined || !isFinal(known);
	});
}

/** A status reading as output with the status it changed from, placed next to `status`. */
export function withPreviousStatus(json: IDataObject, previousStatus: string | null): IDataObject {
	const output: IDataObject = {};
	for (const [key, value] of Object.entries(json)) {
		output[key] = value;
		if (key === 'status') output.previousStatus = previousStatus;
	}
	return output;
}
