import { MAX_IDS_PER_REQUEST } from '../domain/panelApi';
import { readPerIdReply, type IdAnswer, type PerIdRequest } from '../replies/perId';
import { panelRequest, type PanelContext } from '../transport';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, runPool } from './pool';

/**
 * The one batching loop and the one builder of per-ID requests: de-duplicated IDs split into
 * batches of at most `batchSize`, at most `concurrency` requests at a time. A batch that fails
 * marks only its own IDs as failed; the others still get their answers.
 */
export interface BatchSettings {
	batchSize: number;
	concurrency: number;
}

function wholeNumberWithin(value: unknown, fallback: number, min: number, max: number): number {
	const number = Math.floor(Number(value));
	return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : fallback;
}

/** Batch Size and Concurrency from a node's "Options" collection; absent or odd values take the defaults. */
export function batchSettingsFrom(options: { batchSize?: unknown; concurrency?: unknown }): BatchSettings {
	return {
		batchSize: wholeNumberWithin(options.batchSize ?? MAX_IDS_PER_REQUEST, MAX_IDS_PER_REQUEST, 1, MAX_IDS_PER_REQUEST),
		concurrency: wholeNumberWithin(options.concurrency ?? DEFAULT_CONCURRENCY, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
	};
}

export interface BatchFailure {
	batchError: Error;
}

export function isBatchFailure(value: unknown): value is BatchFailure {
	return typeof value === 'object' && value !== null && 'batchError' in value;
}

export function splitIntoBatches<T>(values: readonly T[], batchSize: number): T[][] {
	const size = Math.max(1, Math.floor(batchSize));
	const batches: T[][] = [];
	for (let start = 0; start < values.length; start += size) batches.push(values.slice(start, start + size));
	return batches;
}

export async function fetchInBatches<T>(
	ids: readonly number[],
	settings: BatchSettings,
	fetchBatch: (batch: number[]) => Promise<Map<number, T>>,
): Promise<Map<number, T | BatchFailure>> {
	const batches = splitIntoBatches([...new Set(ids)], settings.batchSize);
	const results = new Map<number, T | BatchFailure>();
	await runPool(batches.length, settings.concurrency, async (index) => {
		const batch = batches[index];
		try {
			const batchResults = await fetchBatch(batch);
			for (const id of batch) {
				const result = batchResults.get(id);
				if (result !== undefined) results.set(id, result);
			}
		} catch (error) {
			const batchError = error instanceof Error ? error : new Error(String(error));
			for (const id of batch) results.set(id, { batchError });
		}
	});
	return results;
}

/** The failure of a batch that was never sent, because the time for starting requests had passed. */
export class NotStartedError extends Error {}

export interface IdRequestOptions {
	/**
	 * Always the batch form, even for one ID: its reply names the ID (`{"23501": {...}}`), so a
	 * panel's error about that ID reads as that ID's error rather than as a failed request.
	 * Otherwise one ID in all (or Batch Size 1) goes in the single form (`order=`) where the API has one.
	 */
	alwaysBatchForm?: boolean;
	/** No request starts after this moment (epoch ms); the batches left fail with NotStartedError. */
	startBy?: number;
}

/** Every ID's answer to `request`, asked in batches. */
export async function fetchIdAnswers<Result>(
	context: PanelContext,
	request: PerIdRequest<Result>,
	ids: readonly number[],
	settings: BatchSettings,
	options: IdRequestOptions = {},
): Promise<Map<number, IdAnswer<Result> | BatchFailure>> {
	if (ids.length === 0) return new Map();
	const singleForm = request.singleForm && !options.alwaysBatchForm && (ids.length === 1 || settings.batchSize === 1);
	return await fetchInBatches(ids, settings, async (batch) => {
		if (options.startBy !== undefined && Date.now() > options.startBy) throw new NotStartedError();
		const fields = singleForm ? { [request.ids.key]: batch[0] } : { [request.ids.batchField]: batch.join(',') };
		const reply = await panelRequest(context, request.action, fields, (raw) => readPerIdReply(request, raw, batch), {
			topLevelErrorMayBePerId: true,
		});
		return reply.data;
	});
}
