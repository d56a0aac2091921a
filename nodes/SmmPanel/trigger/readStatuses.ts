import { NodeOperationError } from 'n8n-workflow';
import type { IPollFunctions } from 'n8n-workflow';

import { fetchIdAnswers, isBatchFailure, NotStartedError, type BatchSettings } from '../execution/batches';
import type { IdError, PerIdRequest } from '../replies/perId';
import { lastRequestStart } from './pollSettings';

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

function describeOf(error: Error): string {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' ? description : '';
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
 * Asks the panel for the status of `ids` (one request per batch, `concurrency` at a time, always in
 * the batch form). Never throws for a failed request: a failed batch only leaves its IDs out of
 * `answered`, so that the caller can use what was read and keep the rest as it was.
 */
export async function readStatuses<T>(
	context: IPollFunctions,
	request: PerIdRequest<T>,
	ids: readonly number[],
	settings: BatchSettings,
): Promise<StatusReads<T>> {
	const answered = new Map<number, T | IdError>();
	if (ids.length === 0) return { answered, requestFailed: false };
	const started = { requests: 0 };
	const results = await fetchIdAnswers(context, request, rotatedByBatch(ids, settings.batchSize), settings, {
		alwaysBatchForm: true,
		startBy: lastRequestStart(context),
		started,
	});
	const batchErrors = new Set<Error>();
	let unreadIds = 0;
	for (const id of ids) {
		const result = results.get(id);
		if (result === undefined) continue;
		if (isBatchFailure(result)) {
			batchErrors.add(result.batchError);
			unreadIds++;
		} else {
			answered.set(id, result.result);
		}
	}
	if (batchErrors.size === 0) return { answered, requestFailed: false };

	const thing = request.ids.key;
	const errors = [...batchErrors];
	const requestErrors = errors.filter((error) => !(error instanceof NotStartedError));
	const skippedBatches = errors.length - requestErrors.length;
	// Requests as sent: batches, or one per ID on a panel that answers one ID at a time.
	const totalBatches = started.requests + skippedBatches;
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
		`Those ${thing}s keep their last known status, so a change of theirs is reported by the next poll that reads them.`,
	];
	return {
		answered,
		requestFailed: firstError !== undefined,
		failure: new NodeOperationError(
			context.getNode(),
			`Could not read the status of ${unreadIds} of ${ids.length} watched ${thing}s: ${what}`,
			{ description: details.filter((detail) => detail !== '').join(' ') },
		),
	};
}
