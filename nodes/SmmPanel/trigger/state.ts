import type { IPollFunctions } from 'n8n-workflow';

import type { StatusMemory } from '../domain/changeDetection';
import type { ServiceMemory } from '../domain/services';

/**
 * What the trigger keeps between polls, in the node's workflow static data, e.g.
 * `{"orders": {"23501": "In progress", "23502": "Completed"}}`: per watched ID the last status read
 * (canonical name), about 25 bytes an ID. Only the memory of the current event's kind is kept.
 * A memory that is absent (rather than empty) means the trigger has never completed a poll for
 * that kind: that is the "first poll", whose errors are surfaced instead of reported.
 */
export interface TriggerState {
	orders?: StatusMemory;
	refills?: StatusMemory;
	/** Whether the last balance read was below the threshold (the low-balance event fired for it). */
	balanceBelowThreshold?: boolean;
	/**
	 * Service Changed: a fingerprint per service of the panel's list (domain/services.ts), about 60
	 * bytes a service, e.g. `{"services": {"byId": {"1": ["Followers", 0, 0, 0.9, 10, 100000, 15]}, "categories": ["Instagram"], "types": ["Default"]}}`.
	 */
	services?: ServiceMemory;
}

export type StateKey = keyof TriggerState;

const STATE_KEYS: readonly StateKey[] = ['orders', 'refills', 'balanceBelowThreshold', 'services'];

/**
 * The node's static data, which n8n stores with the workflow. Only read in manual mode (testing
 * must never change what the active workflow will compare against).
 */
export function triggerState(context: IPollFunctions): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState;
}

/**
 * Stores `value` under `key` and drops what other events kept (after the event was switched).
 * Assigned even when it is the same object: n8n notices changes to static data only through
 * assignments on objects it loaded, so mutating a memory created in an earlier poll would not
 * mark the workflow's static data as changed, and n8n would not save it.
 */
export function commitState<K extends StateKey>(state: TriggerState, key: K, value: NonNullable<TriggerState[K]>): void {
	for (const other of STATE_KEYS) if (other !== key && state[other] !== undefined) delete state[other];
	state[key] = value;
}
