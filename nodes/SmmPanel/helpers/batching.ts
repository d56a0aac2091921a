/**
 * The one batching function: splits de-duplicated IDs into batches of at most `batchSize` and
 * runs at most `concurrency` of them at a time. A batch that fails marks only its own IDs as
 * failed; the others still get their results.
 */
/** The panel API's limit of IDs per batch request. */
export const MAX_BATCH_SIZE = 100;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 20;

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
		batchSize: wholeNumberWithin(options.batchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE, 1, MAX_BATCH_SIZE),
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
	settings: { batchSize: number; concurrency: number },
	fetchBatch: (batch: number[]) => Promise<Map<number, T>>,
): Promise<Map<number, T | BatchFailure>> {
	const unique = [...new Set(ids)];
	const batches = splitIntoBatches(unique, settings.batchSize);
	const results = new Map<number, T | BatchFailure>();
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < batches.length) {
			const batch = batches[next++];
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
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(settings.concurrency), batches.length));
	await Promise.all(Array.from({ length: workers }, async () => await worker()));
	return results;
}
