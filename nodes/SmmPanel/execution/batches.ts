import { isWriteAction, MAX_IDS_PER_REQUEST } from '../domain/panelApi';
import { ignoredBatchForm, isIdError, readPerIdReply, type IdAnswer, type PerIdReply, type PerIdRequest } from '../replies/perId';
import { PanelApiError, panelRequest, panelSettingsOf, type PanelContext, type PanelFields } from '../transport';
import { batchSupportOf } from './batchSupport';
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

/**
 * A batch the panel refused as a whole with its own message, which a script that knows only the
 * single form may send (e.g. "Incorrect request"), as opposed to a refusal about the key, the rate
 * or the panel's state, which the single form would meet as well.
 */
function mayBeRefusedBatchForm(error: unknown): boolean {
	if (!(error instanceof PanelApiError)) return false;
	const { kind, httpCode, panelMessage } = error.panelFailure;
	if (kind !== 'panelError' || httpCode !== undefined) return false;
	return !/\bkey\b|too many|rate|limit|maintenance|unavailable|blocked|forbidden|disabled|funds|balance/i.test(panelMessage ?? '');
}

/** The failure of a batch that was never sent, because the time for starting requests had passed. */
export class NotStartedError extends Error {}

export interface IdRequestOptions {
	/**
	 * Always the batch form, even for one ID: its reply names the ID (`{"23501": {...}}`), so a
	 * panel's error about that ID reads as that ID's error rather than as a failed request.
	 * Otherwise one ID in all (or Batch Size 1) goes in the single form (`order=`) where the API has one.
	 * A panel known to answer one ID at a time gets the single form regardless.
	 */
	alwaysBatchForm?: boolean;
	/** No request starts after this moment (epoch ms); the batches left fail with NotStartedError. */
	startBy?: number;
	/** Counts the requests started (batches, and single requests where the panel needs them), for messages. */
	started?: { requests: number };
}

type Answers<Result> = Map<number, IdAnswer<Result> | BatchFailure>;

/** A batch's reply, read; or, when the panel ignored the batch field (Auto only), the sign that it did. */
type BatchReading<Result> = PerIdReply<Result> | { ignored: 'error' | 'entry' };

/**
 * Every ID's answer to `request`, asked in batches, or one ID per request on panels that need it
 * (the credential's Batch Requests). With Auto, a batch the panel answered as its single form does
 * (see ignoredBatchForm) is asked again one ID per request, for reads always (they are safe to
 * repeat), for writes only when the reply was an error refusing the whole request (nothing was
 * done); and the panel URL is remembered as answering singly (batchSupport.ts), so that later
 * requests of the process go singly at once. While nothing is known about a panel, its first batch
 * goes alone, so that one failed batch is all it costs to learn.
 */
export async function fetchIdAnswers<Result>(
	context: PanelContext,
	request: PerIdRequest<Result>,
	ids: readonly number[],
	settings: BatchSettings,
	options: IdRequestOptions = {},
): Promise<Answers<Result>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const { url, batchRequests } = await panelSettingsOf(context);
	const support = batchSupportOf(url, request.action);
	const send = async <T>(fields: PanelFields, read: (raw: unknown) => T): Promise<T> => {
		if (options.startBy !== undefined && Date.now() > options.startBy) throw new NotStartedError();
		if (options.started) options.started.requests++;
		return (await panelRequest(context, request.action, fields, read, { topLevelErrorMayBePerId: true })).data;
	};
	/** One ID per request, in the single form (the batch form of one ID where the API has no single form). */
	const singly = async (singleIds: readonly number[], singleForm = request.singleForm): Promise<Answers<Result>> =>
		await fetchInBatches(singleIds, { ...settings, batchSize: 1 }, async ([id]) => {
			const fields = singleForm ? { [request.ids.key]: id } : { [request.ids.batchField]: String(id) };
			return await send(fields, (raw) => readPerIdReply(request, raw, [id]));
		});

	if (batchRequests === 'single') return await singly(unique);
	if (batchRequests === 'auto' && support.answersSingly()) return await singly(unique, true);

	const useSingleForm = request.singleForm && !options.alwaysBatchForm && (unique.length === 1 || settings.batchSize === 1);
	const canFallBack = batchRequests === 'auto';
	const ignoredIds: number[] = [];
	let singleFormTried = false;
	/**
	 * For a read whose batch a panel not known to take the batch form refused as a request
	 * ("Incorrect request": a script that found no `order=`), once per call: whether the single
	 * form reads the batch's first ID. If it
	 * does, the batch's other IDs are read singly; if not, the batch's own error stands.
	 */
	const trySingleForm = async (batch: number[], batchError: unknown): Promise<PerIdReply<Result>> => {
		const refused = canFallBack && !support.isKnown() && request.singleForm && !isWriteAction(request.action) && mayBeRefusedBatchForm(batchError);
		if (singleFormTried || !refused) throw batchError;
		singleFormTried = true;
		const [first] = batch;
		const single = await send({ [request.ids.key]: first }, (raw) => readPerIdReply(request, raw, [first])).catch(() => undefined);
		const answer = single?.get(first);
		if (answer === undefined || isIdError(answer.result)) throw batchError;
		ignoredIds.push(...batch.slice(1));
		support.learn('singly');
		return single as PerIdReply<Result>;
	};
	const readBatch = async (batch: number[]): Promise<PerIdReply<Result>> => {
		if (useSingleForm) return await send({ [request.ids.key]: batch[0] }, (raw) => readPerIdReply(request, raw, batch));
		const reading = await send<BatchReading<Result>>({ [request.ids.batchField]: batch.join(',') }, (raw) => {
			const ignored = canFallBack ? ignoredBatchForm(request as PerIdRequest<unknown>, raw, batch) : undefined;
			// One entry for several IDs is unambiguous, but a write answered so did something for some
			// order: never sent again (the reader fails it as unknown). An error not keyed by ID is taken
			// as the IDs' answer on a panel known to take the batch form; otherwise it is a sign.
			const fallBack = ignored === 'entry' ? !isWriteAction(request.action) : ignored === 'error' && !support.isKnown();
			return fallBack && ignored !== undefined ? { ignored } : readPerIdReply(request, raw, batch);
		}).catch(async (error: unknown) => await trySingleForm(batch, error));
		if (!(reading instanceof Map)) {
			// The single form's first answer (trySingleForm) is a Map too; this is a reply that ignored the batch.
			ignoredIds.push(...batch);
			return new Map();
		}
		if (batch.length > 1 && !ignoredIds.some((id) => batch.includes(id))) support.learn('batch');
		return reading;
	};

	const answers: Answers<Result> = new Map();
	let rest = unique;
	if (canFallBack && !useSingleForm && !support.isKnown() && unique.length > settings.batchSize) {
		const [probe] = splitIntoBatches(unique, settings.batchSize);
		for (const [id, answer] of await fetchInBatches(probe, settings, readBatch)) answers.set(id, answer);
		rest = unique.slice(probe.length);
		// The panel ignored the batch form: the rest goes singly at once.
		if (ignoredIds.length > 0) {
			ignoredIds.push(...rest);
			rest = [];
		}
	}
	for (const [id, answer] of await fetchInBatches(rest, settings, readBatch)) answers.set(id, answer);
	if (ignoredIds.length === 0) return answers;

	const reread = await singly(ignoredIds, true);
	// Learned only when the single form read something the batch form did not: a batch of unknown IDs proves nothing.
	if ([...reread.values()].some((answer) => !isBatchFailure(answer) && !isIdError(answer.result))) support.learn('singly');
	for (const [id, answer] of reread) answers.set(id, answer);
	return answers;
}
