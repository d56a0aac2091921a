import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { isWriteAction } from '../domain/panelApi';
import { isIdError, type IdAnswer, type PerIdRequest } from '../replies/perId';
import { labelledPanelError, PanelApiError } from '../transport';
import { fetchIdAnswers, isBatchFailure, type BatchFailure, type BatchSettings } from './batches';
import { idReader } from './idReader';
import { asItemError, failedItem, itemSettler, withRaw, type ItemError } from './items';
import { writeLedger } from '../persistence/writeLedger';

/**
 * The one runner behind every operation that takes order or refill IDs (order status, refill,
 * refill status, cancel):
 *
 *   1. collect each item's IDs, from the IDs parameter or straight from an input field, and check
 *      them before any request (a bad ID fails its item, or only that item under Continue On Fail);
 *   2. pool the IDs of all items, de-duplicated, and ask for them in batches (fetchIdAnswers);
 *   3. fan the answers back out: one output item per (input item, ID), in input order, each paired
 *      with its input item. A per-ID error is an ordinary output item; a failed request fails the
 *      items it served.
 *
 * So 1,000 items with one order ID each cost 10 status requests, and an ID named by many items is
 * asked for once.
 */

/** How one ID's reading is output for one input item; undefined leaves it out (e.g. an unchanged status). */
export type Presenter<Result> = (result: Result, id: number, itemIndex: number) => IDataObject | undefined;

export interface PooledRunOptions<Result> {
	settings: BatchSettings & { includeRaw: boolean };
	/**
	 * Called once, after fetching, with the reading of every ID that has one; resolves to the
	 * presenter for the fan-out. Defaults to the request's `toJson` for every reading.
	 */
	presenter?: (results: ReadonlyMap<number, Result>) => Promise<Presenter<Result>>;
}

/** Per input item: its IDs, or the error that fails it. */
type ItemIds = number[] | ItemError;

/** Step 1: every item's IDs (or its error), and the pooled, de-duplicated IDs in first-seen order. */
async function collectIds(context: IExecuteFunctions, request: PerIdRequest<unknown>): Promise<{ perItem: ItemIds[]; unique: number[] }> {
	const items = context.getInputData();
	const readIds = idReader(context, items, request.ids);
	const settle = itemSettler(context);
	const perItem: ItemIds[] = new Array(items.length);
	const unique = new Set<number>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const itemIds = await settle(itemIndex, () => readIds(itemIndex));
		perItem[itemIndex] = itemIds;
		if (Array.isArray(itemIds)) for (const id of itemIds) unique.add(id);
	}
	return { perItem, unique: [...unique] };
}

type Fetched<Result> = Map<number, IdAnswer<Result> | BatchFailure>;

/**
 * Step 2: every pooled ID's answer. For the writes (refill, cancel), IDs whose request reached the
 * panel earlier in this run of the node (n8n re-runs it on Retry On Fail) are not sent again:
 * they get the answer recorded then. What was refused, or never reached the panel, is sent.
 */
async function fetchOnce<Result>(
	context: IExecuteFunctions,
	request: PerIdRequest<Result>,
	ids: number[],
	settings: BatchSettings,
): Promise<Fetched<Result>> {
	if (!isWriteAction(request.action)) return await fetchIdAnswers(context, request, ids, settings);
	const ledger = writeLedger<IdAnswer<Result>>(context, request.action);
	const answers: Fetched<Result> = new Map();
	const toSend: number[] = [];
	for (const id of ids) {
		const recorded = ledger.get(String(id));
		if (recorded === undefined) toSend.push(id);
		else if ('done' in recorded) answers.set(id, recorded.done);
		else answers.set(id, { batchError: new PanelApiError(context.getNode(), recorded.outcomeUnknown) });
	}
	for (const [id, answer] of await fetchIdAnswers(context, request, toSend, settings)) {
		answers.set(id, answer);
		if (!isBatchFailure(answer)) ledger.set(String(id), { done: answer });
		else if (answer.batchError instanceof PanelApiError && answer.batchError.panelFailure.outcomeUnknown) {
			ledger.set(String(id), { outcomeUnknown: answer.batchError.panelFailure });
		}
	}
	return answers;
}

/**
 * The error item for one ID of a failed request. n8n keeps only the message of an error item's
 * JSON (`{ error }`), so the message names the ID ("Order ID 1234: The panel ...").
 */
function failureOfId(context: IExecuteFunctions, batchError: Error, noun: string, id: number, itemIndex: number): ItemError {
	const label = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${id}`;
	if (batchError instanceof PanelApiError) return labelledPanelError(context.getNode(), batchError, label, itemIndex);
	const description = 'description' in batchError && typeof batchError.description === 'string' ? batchError.description : '';
	return new NodeOperationError(context.getNode(), `${label}: ${batchError.message}`, { itemIndex, description });
}

export async function runPooledIdOperation<Result>(
	context: IExecuteFunctions,
	request: PerIdRequest<Result>,
	options: PooledRunOptions<Result>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const { settings } = options;
	const { noun, key } = request.ids;

	const { perItem, unique } = await collectIds(context, request as PerIdRequest<unknown>);
	const fetched = await fetchOnce(context, request, unique, settings);

	// Step 3: fan out, one output item per (input item, ID), in input order.
	const readings = new Map<number, Result>();
	for (const [id, outcome] of fetched) {
		if (!isBatchFailure(outcome) && !isIdError(outcome.result)) readings.set(id, outcome.result);
	}
	const present: Presenter<Result> = (await options.presenter?.(readings)) ?? request.toJson;

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < perItem.length; itemIndex++) {
		const itemIds = perItem[itemIndex];
		const pairedItem = { item: itemIndex };
		if (!Array.isArray(itemIds)) {
			output.push(failedItem(itemIds, itemIndex));
			continue;
		}
		for (const id of itemIds) {
			const outcome = fetched.get(id);
			if (outcome === undefined) {
				// fetchIdAnswers answers every ID; this guards against a reader that skipped one.
				output.push({ json: { [key]: id, error: `The panel's reply had no entry for ${noun} ${id}` }, pairedItem });
				continue;
			}
			if (isBatchFailure(outcome)) {
				if (!continueOnFail) throw asItemError(context, outcome.batchError, itemIndex);
				output.push(failedItem(failureOfId(context, outcome.batchError, noun, id, itemIndex), itemIndex));
				continue;
			}
			const { result, raw } = outcome;
			if (isIdError(result)) {
				output.push({ json: withRaw({ [key]: id, error: result.error }, settings.includeRaw, raw), pairedItem });
				continue;
			}
			const json = present(result, id, itemIndex);
			if (json !== undefined) output.push({ json: withRaw(json, settings.includeRaw, raw), pairedItem });
		}
	}
	return output;
}
