import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	detectStatusChanges,
	forgetUnwatched,
	idsToPoll,
	type ObservedStatus,
	type StatusMemory,
} from '../helpers/changeDetection';
import { IdListError, parseIdList } from '../helpers/ids';
import {
	isIdError,
	parseOrderStatuses,
	parseRefillStatuses,
	type OrderStatus,
	type RefillStatus,
} from '../schemas/replies';
import { isFinalStatus } from '../schemas/status';
import { readStatuses, type StatusSource } from './readStatuses';
import { batchSettings, emitsFirstSight } from './settings';
import { commitState, triggerState } from './state';

interface StatusReading {
	status: string;
	final: boolean;
}

/** One kind of watched ID: where its IDs come from, how it is read, what an event looks like. */
export interface WatchedKind<T extends StatusReading> extends StatusSource<T> {
	idsParameter: 'orderIds' | 'refillIds';
	memoryKey: 'orders' | 'refills';
	toItem(reading: T, previousStatus: string | null): IDataObject;
}

export const WATCHED_ORDERS: WatchedKind<OrderStatus> = {
	noun: 'order',
	idsParameter: 'orderIds',
	memoryKey: 'orders',
	action: 'status',
	batchField: 'orders',
	parse: parseOrderStatuses,
	toItem: (reading, previousStatus) => ({
		order: reading.order,
		status: reading.status,
		previousStatus,
		charge: reading.charge,
		startCount: reading.startCount,
		remains: reading.remains,
		currency: reading.currency,
		final: reading.final,
	}),
};

export const WATCHED_REFILLS: WatchedKind<RefillStatus> = {
	noun: 'refill',
	idsParameter: 'refillIds',
	memoryKey: 'refills',
	action: 'refill_status',
	batchField: 'refills',
	parse: parseRefillStatuses,
	toItem: (reading, previousStatus) => ({
		refill: reading.refill,
		status: reading.status,
		previousStatus,
		final: reading.final,
	}),
};

/** The watch list, parsed once per poll. An empty list is valid: an expression may have nothing to watch right now. */
function watchedIds(context: IPollFunctions, kind: WatchedKind<StatusReading>): number[] {
	const value: unknown = context.getNodeParameter(kind.idsParameter, '');
	try {
		return parseIdList(value, `${kind.noun} ID`, { allowEmpty: true });
	} catch (error) {
		const problem = error instanceof IdListError ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), `The ${kind.noun} IDs to watch are not valid: ${problem}`, {
			description: `Give ${kind.noun} IDs as in the panel: one ID, several separated by commas, spaces or new lines, or an expression that returns a list of them.`,
		});
	}
}

const MAX_IDS_IN_LOG = 10;

function logIdErrors(context: IPollFunctions, kind: WatchedKind<StatusReading>, idErrors: Array<[number, string]>): void {
	if (idErrors.length === 0) return;
	const examples = idErrors
		.slice(0, MAX_IDS_IN_LOG)
		.map(([id, message]) => `${id} (${message})`)
		.join(', ');
	context.logger.warn(
		`SMM Panel Trigger: the panel answered with an error for ${idErrors.length} watched ${kind.noun}(s), which keep their last known status: ${examples}`,
		{ node: context.getNode().name, workflowId: context.getWorkflow().id },
	);
}

/**
 * "Fetch Test Event": the current state of every watched ID (finished ones included), with the
 * status the trigger last recorded as `previousStatus`. Reads the stored state but never changes
 * it, so testing cannot swallow a change the active workflow has yet to report.
 */
async function testEvent<T extends StatusReading>(
	context: IPollFunctions,
	kind: WatchedKind<T>,
	watched: number[],
): Promise<INodeExecutionData[][]> {
	if (watched.length === 0) {
		throw new NodeOperationError(context.getNode(), `No ${kind.noun} IDs to watch`, {
			description: `The "${kind.noun === 'order' ? 'Order IDs' : 'Refill IDs'}" field is empty (or its expression returned an empty list). Enter the IDs to watch to see their current status.`,
		});
	}
	const reads = await readStatuses(context, kind, watched, batchSettings(context));
	if (reads.failure) throw reads.failure;
	const memory: StatusMemory = triggerState(context)[kind.memoryKey] ?? {};
	const items = watched.map((id): IDataObject => {
		const reading = reads.answered.get(id);
		if (reading === undefined || isIdError(reading)) {
			return { [kind.noun]: id, error: reading?.error ?? 'No answer from the panel' };
		}
		return kind.toItem(reading, memory[String(id)] ?? null);
	});
	return [context.helpers.returnJsonArray(items)];
}

/**
 * One poll for orders or refills: read the IDs that are not finished yet, report each change once,
 * remember what was read. See the README (SMM Panel Trigger) for the guarantees and helpers/changeDetection.ts
 * for the rules that give them.
 */
export async function pollWatchedStatuses<T extends StatusReading>(
	context: IPollFunctions,
	kind: WatchedKind<T>,
	isReported: (reading: T) => boolean,
): Promise<INodeExecutionData[][] | null> {
	const watched = watchedIds(context, kind);
	if (context.getMode() === 'manual') return await testEvent(context, kind, watched);

	const state = triggerState(context);
	const storedMemory = state[kind.memoryKey];
	const memory: StatusMemory = storedMemory ?? {};
	// Finished IDs are known never to change again: asking about them would only cost requests.
	const toPoll = idsToPoll(memory, watched, isFinalStatus);
	const reads = await readStatuses(context, kind, toPoll, batchSettings(context));

	// Decided before anything is remembered: a poll that throws must leave the state as it was, or
	// the changes it read would be recorded without ever being output. Throwing hands the error to
	// n8n, which shows it when the workflow is being activated and records a failed execution
	// otherwise. The first poll (no state yet) throws on any failed request, so that a wrong URL or
	// key is seen at activation; running out of time alone is no reason to refuse activation.
	const isFirstPoll = storedMemory === undefined;
	if (reads.failure && (reads.answered.size === 0 || (isFirstPoll && reads.requestFailed))) throw reads.failure;

	forgetUnwatched(memory, new Set(watched));
	const observed: ObservedStatus[] = [];
	const readings = new Map<number, T>();
	const idErrors: Array<[number, string]> = [];
	for (const id of toPoll) {
		const reading = reads.answered.get(id);
		if (reading === undefined) continue;
		if (isIdError(reading)) {
			idErrors.push([id, reading.error]);
		} else {
			observed.push({ id, status: reading.status, final: reading.final });
			readings.set(id, reading);
		}
	}
	// forgetFinal: false: a finished ID stays (and is never polled again) while it is watched;
	// dropping it would make the next poll see it for the first time and, with "Emit Current
	// Status of New IDs", report it again.
	const changes = detectStatusChanges(memory, observed, {
		emitFirstSight: emitsFirstSight(context),
		forgetFinal: false,
	});
	commitState(state, kind.memoryKey, memory);

	const items: IDataObject[] = [];
	for (const change of changes) {
		const reading = readings.get(change.id);
		if (reading !== undefined && isReported(reading)) items.push(kind.toItem(reading, change.previousStatus));
	}
	logIdErrors(context, kind, idErrors);
	// Some batches failed, others were read: output what was read, and tell the user the way n8n
	// reports a failed poll (a failed execution, and the error workflow), without losing either.
	if (reads.failure) context.__emitError(reads.failure);
	return items.length > 0 ? [context.helpers.returnJsonArray(items)] : null;
}
