import { NodeOperationError } from 'n8n-workflow';
import type { IPollFunctions } from 'n8n-workflow';

import { fetchInBatches, isBatchFailure, splitIntoBatches } from '../helpers/batching';
import type { IdError, PerIdResults } from '../schemas/replies';
import { panelRequest, type PanelAction } from '../transport';
import { lastRequestStart, type BatchSettings } from './settings';

/** How one kind of watched ID (orders, refills) is asked about. */
export interface StatusSource<T> {
	/** For messages: "order", "refill". */
	noun: string;
	action: PanelAction;
	/** The batch form's field: `orders=1,2,3`, `refills=1,2,3`. */
	batchField: string;
	parse(raw: unknown, ids: readonly number[]): PerIdResults<T>;
}

export interface StatusReads<T> {
	/** Per ID whose batch was answered: its reading, or the panel's error for that ID. */
	answered: Map<number, T | IdError>;
	/**
	 * Set when some IDs could not be read: the error to show. When nothing at all was read it is
	 * the request's own error (as the transport worded it), otherwise a summary of what is missing.
	 */
	failure?: Error;
	/** Whether a request failed (rather than only some left unsent because the poll ran out of time). */
	requestFailed: boolean;
}

/** Thrown for batches that were not started because the poll was running out of time. */
class OutOfPollTimeError extends Error {}

function describeOf(error: Error): string {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' ? description : '';
}

/**
 * Always the batch form, even for one ID: its reply names the ID (`{"23501": {...}}`), so a
 * panel's error about that ID reads as a per-ID error rather than as a failed request.
 */
async function fetchBatch<T>(
	context: IPollFunctions,
	source: StatusSource<T>,
	batch: number[],
	startBy: number,
): Promise<PerIdResults<T>> {
	if (Date.now() > startBy) throw new OutOfPollTimeError();
	const { data } = await panelRequest(
		context,
		source.action,
		{ [source.batchField]: batch.join(',') },
		(raw) => source.parse(raw, batch),
		{ topLevelErrorMayBePerId: true },
	);
	return data;
}

/**
 * Batches start at a random batch boundary (then wrap around): a poll that runs out of time
 * leaves out different IDs each time, instead of never reaching the end of a long list.
 */
function rotatedByBatch(ids: readonly number[], batchSize: number): number[] {
	const batchCount = Math.ceil(ids.length / batchSize);
	if (batchCount <= 1) return [...ids];
	const start = Math.floor(Math.random() * batchCount) * batchSize;
	return [...ids.slice(start), ...ids.slice(0, start)];
}

/**
 * Asks the panel for the status of `ids` (one request per batch, `concurrency` at a time). Never
 * throws for a failed request: a failed batch only leaves its IDs out of `answered`, so that the
 * caller can use what was read and keep the rest as it was.
 */
export async function readStatuses<T>(
	context: IPollFunctions,
	source: StatusSource<T>,
	ids: readonly number[],
	settings: BatchSettings,
): Promise<StatusReads<T>> {
	const answered = new Map<number, T | IdError>();
	if (ids.length === 0) return { answered, requestFailed: false };
	const startBy = lastRequestStart(context);
	const results = await fetchInBatches(
		rotatedByBatch(ids, settings.batchSize),
		settings,
		async (batch) => await fetchBatch(context, source, batch, startBy),
	);
	const batchErrors = new Set<Error>();
	let unreadIds = 0;
	for (const id of ids) {
		const result = results.get(id);
		if (result === undefined) continue;
		if (isBatchFailure(result)) {
			batchErrors.add(result.batchError);
			unreadIds++;
		} else {
			answered.set(id, result);
		}
	}
	if (batchErrors.size === 0) return { answered, requestFailed: false };

	const errors = [...batchErrors];
	const requestErrors = errors.filter((error) => !(error instanceof OutOfPollTimeError));
	const skippedBatches = errors.length - requestErrors.length;
	const totalBatches = splitIntoBatches(ids, settings.batchSize).length;
	const outOfTime = `${skippedBatches} of ${totalBatches} status requests were not sent because the poll was running out of the time n8n allows it. Watch fewer IDs, raise "Concurrency", or raise the credential's "Requests Per Minute Limit" if it is set.`;
	const firstError = requestErrors[0];
	if (answered.size === 0 && firstError !== undefined) return { answered, failure: firstError, requestFailed: true };

	const what = firstError
		? `${requestErrors.length} of ${totalBatches} status requests failed: ${firstError.message}`
		: `the poll ran out of time after ${totalBatches - skippedBatches} of ${totalBatches} status requests`;
	const details = [
		firstError ? describeOf(firstError) : '',
		firstError && skippedBatches > 0 ? outOfTime : '',
		!firstError ? outOfTime : '',
		`Those ${source.noun}s keep their last known status, so a change of theirs is reported by the next poll that reads them.`,
	];
	return {
		answered,
		requestFailed: firstError !== undefined,
		failure: new NodeOperationError(
			context.getNode(),
			`Could not read the status of ${unreadIds} of ${ids.length} watched ${source.noun}s: ${what}`,
			{ description: details.filter((detail) => detail !== '').join(' ') },
		),
	};
}
