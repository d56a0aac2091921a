import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	detectStatusChanges,
	forgetUnwatched,
	idsToPoll,
	withPreviousStatus,
	type ObservedStatus,
	type StatusMemory,
} from '../domain/changeDetection';
import { IdListError, parseIdList } from '../domain/ids';
import { isFinalStatus } from '../domain/statuses';
import { ORDER_STATUS_REQUEST, type OrderStatus } from '../replies/orders';
import { isIdError, type PerIdRequest } from '../replies/perId';
import { REFILL_STATUS_REQUEST, type RefillStatus } from '../replies/refills';
import { batchSettings, emitsFirstSight } from './pollSettings';
import { readStatuses } from './readStatuses';
import { commitState, triggerState } from './state';

interface StatusReading {
	status: string;
	final: boolean;
}

/** One kind of watched ID: how it is asked about (and output), and where its memory is kept. */
export interface WatchedKind<T extends StatusReading> {
	request: PerIdRequest<T>;
	memoryKey: 'orders' | 'refills';
}

export const WATCHED_ORDERS: WatchedKind<OrderStatus> = { request: ORDER_STATUS_REQUEST, memoryKey: 'orders' };

export const WATCHED_REFILLS: WatchedKind<RefillStatus> = { request: REFILL_STATUS_REQUEST, memoryKey: 'refills' };

function eventItem<T extends StatusReading>(kind: WatchedKind<T>, id: number, reading: T, previousStatus: string | null): IDataObject {
	return withPreviousStatus(kind.request.toJson(reading, id), previousStatus);
}

/** The watch list, parsed once per poll. An empty list is valid: an expression may have nothing to watch right now. */
function watchedIds(context: IPollFunctions, kind: WatchedKind<StatusReading>): number[] {
	const { parameter, noun } = kind.request.ids;
	const value: unknown = context.getNodeParameter(parameter, '');
	try {
		return parseIdList(value, noun, { allowEmpty: true });
	} catch (error) {
		const problem = error instanceof IdListError ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), `The ${noun}s to watch are not valid: ${problem}`, {
			description: `Give ${noun}s as in the panel: one ID, several separated by commas, spaces or new lines, or an expression that returns a list of them.`,
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
		`SMM Panel Trigger: the panel answered with an error for ${idErrors.length} watched ${kind.request.ids.key}(s), which keep their last known status: ${examples}`,
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
	const { noun, displayName, key } = kind.request.ids;
	if (watched.length === 0) {
		throw new NodeOperationError(context.getNode(), `No ${noun}s to watch`, {
			description: `The "${displayName}" field is empty (or its expression returned an empty list). Enter the IDs to watch to see their current status.`,
		});
	}
	const reads = await readStatuses(context, kind.request, watched, batchSettings(context));
	if (reads.failure) throw reads.failure;
	const memory: StatusMemory = triggerState(context)[kind.memoryKey] ?? {};
	const items = watched.map((id): IDataObject => {
		const reading = reads.answered.get(id);
		if (reading === undefined || isIdError(reading)) {
			return { [key]: id, error: reading?.error ?? 'No answer from the panel' };
		}
		return eventItem(kind, id, reading, memory[String(id)] ?? null);
	});
	return [context.helpers.returnJsonArray(items)];
}

/**
 * One poll for orders or refills: read the IDs that are not finished yet, report each change once,
 * remember what was read. See docs/trigger.md for the guarantees and domain/changeDetection.ts
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
	const reads = await readStatuses(context, kind.request, toPoll, batchSettings(context));

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
		if (reading !== undefined && isReported(reading)) items.push(eventItem(kind, change.id, reading, change.previousStatus));
	}
	logIdErrors(context, kind, idErrors);
	// Some batches failed, others were read: output what was read, and tell the user the way n8n
	// reports a failed poll (a failed execution, and the error workflow), without losing either.
	if (reads.failure) context.__emitError(reads.failure);
	return items.length > 0 ? [context.helpers.returnJsonArray(items)] : null;
}
