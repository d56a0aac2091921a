import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fetchInBatches, isBatchFailure, type BatchFailure } from '../../helpers/batching';
import { IdListError, parseIdList } from '../../helpers/ids';
import { isIdError, rawReplyParts, type IdError, type PerIdAction, type PerIdResults } from '../../schemas/replies';
import { panelRequest } from '../../transport';
import { toNodeApiError } from '../../transport/errors';
import type { IdParameter, IdSource } from './idSource';
import { asItemError, failedItem, withRaw, type ItemError } from './items';
import type { BatchSettings } from './options';

/**
 * The one runner behind every operation that takes order or refill IDs (order status, refill,
 * refill status, cancel):
 *
 *   1. collect each item's IDs, from the IDs parameter or straight from an input field, and check
 *      them before any request (a bad ID fails its item, or only that item under Continue On Fail);
 *   2. pool the IDs of all items, de-duplicated, and fetch them in batches (fetchInBatches), using
 *      the single form (`order=`) when there is one ID in all or the batch size is 1;
 *   3. fan the results back out: one output item per (input item, ID), in input order, each paired
 *      with its input item. A per-ID error is an ordinary output item; a failed request fails the
 *      items it served.
 *
 * So 1,000 items with one order ID each cost 10 status requests, and an ID named by many items is
 * asked for once.
 */
export interface PooledIdOperation<Result> {
	ids: IdParameter;
	action: PerIdAction;
	/** The field for one ID (`order`); absent when the API has only the batch form (cancel). */
	singleField?: 'order' | 'refill';
	/** The field for several IDs, comma-separated (`orders`). */
	batchField: 'orders' | 'refills';
	/** The output field naming the ID, also in error items. */
	idKey: 'order' | 'refill';
	read: (raw: unknown, ids: readonly number[]) => PerIdResults<Result>;
	toJson: (result: Result, id: number) => IDataObject;
}

/** How one ID's result is output; undefined leaves it out (e.g. an unchanged status). */
export type Presenter<Result> = (result: Result, id: number) => IDataObject | undefined;

export interface PooledRunOptions<Result> {
	settings: BatchSettings;
	/**
	 * Called once, after fetching, with the successful result of every ID; returns the presenter
	 * for the fan-out. Defaults to the operation's `toJson` for every result.
	 */
	presenter?: (results: ReadonlyMap<number, Result>) => Presenter<Result>;
}

interface FetchedId<Result> {
	result: Result | IdError;
	raw: unknown;
}

/** Per input item: its IDs, or the error that fails it. */
type ItemIds = number[] | ItemError;

function lowerFirst(text: string): string {
	return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** The IDs in a value, or what is wrong with it (the ID parser's message names the value). */
function idsOrProblem(value: unknown, noun: string): number[] | string {
	try {
		return parseIdList(value, noun);
	} catch (error) {
		if (error instanceof IdListError) return error.message;
		return `could not read the ${noun}s (${error instanceof Error ? error.message : String(error)})`;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** A field of an item's JSON: a key as written (which may contain dots), else a dotted path. */
function readField(json: IDataObject, field: string, path: readonly string[]): unknown {
	if (Object.prototype.hasOwnProperty.call(json, field)) return json[field];
	let current: unknown = json;
	for (const segment of path) {
		if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = current[segment];
	}
	return current;
}

/** Reads one item's IDs; throws a NodeOperationError naming the item (and the field) when it cannot. */
type IdReader = (itemIndex: number) => number[];

/** Where the IDs come from is a node-level setting: read once here, never per item. */
function idReader(context: IExecuteFunctions, items: readonly INodeExecutionData[], ids: IdParameter): IdReader {
	const node = context.getNode();
	const source = context.getNodeParameter('idSource', 0, 'parameter') as IdSource;

	if (source === 'parameter') {
		const howToFix = `Give one ${ids.noun} in "${ids.displayName}", several separated by commas, spaces or new lines, or an array from an expression.`;
		return (itemIndex) => {
			const parsed = idsOrProblem(context.getNodeParameter(ids.name, itemIndex), ids.noun);
			if (typeof parsed === 'string') {
				throw new NodeOperationError(node, `Item ${itemIndex}: ${lowerFirst(parsed)}`, { itemIndex, description: howToFix });
			}
			return parsed;
		};
	}

	const field = String(context.getNodeParameter('idField', 0, '')).trim();
	if (field === '') {
		throw new NodeOperationError(node, 'The "Input Field" is empty', {
			description: `Enter the name of the field that holds the ${ids.noun}s in each input item, e.g. ${ids.defaultField} (the field this node's own outputs use).`,
		});
	}
	const path = field.split('.');
	const howToFix = `Each item's field "${field}" must hold ${ids.noun}s: a number, a list separated by commas, spaces or new lines, or an array. Check "Input Field", or choose "Parameter" as ID Source.`;
	return (itemIndex) => {
		const value = readField(items[itemIndex].json, field, path);
		if (value === undefined || value === null) {
			throw new NodeOperationError(node, `Item ${itemIndex} has no ${ids.noun} in field "${field}"`, { itemIndex, description: howToFix });
		}
		const parsed = idsOrProblem(value, ids.noun);
		if (typeof parsed === 'string') {
			throw new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${lowerFirst(parsed)}`, { itemIndex, description: howToFix });
		}
		return parsed;
	};
}

/** Step 1: every item's IDs (or its error), and the pooled, de-duplicated IDs in first-seen order. */
function collectIds(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	ids: IdParameter,
	continueOnFail: boolean,
): { perItem: ItemIds[]; unique: number[] } {
	const readIds = idReader(context, items, ids);
	const perItem: ItemIds[] = new Array(items.length);
	const unique = new Set<number>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const itemIds = readIds(itemIndex);
			perItem[itemIndex] = itemIds;
			for (const id of itemIds) unique.add(id);
		} catch (error) {
			const itemError = asItemError(context, error, itemIndex);
			if (!continueOnFail) throw itemError;
			perItem[itemIndex] = itemError;
		}
	}
	return { perItem, unique: [...unique] };
}

/** Step 2: every pooled ID's result, fetched in batches (single form for one ID in all, or Batch Size 1). */
async function fetchPooled<Result>(
	context: IExecuteFunctions,
	operation: PooledIdOperation<Result>,
	uniqueIds: readonly number[],
	settings: BatchSettings,
): Promise<Map<number, FetchedId<Result> | BatchFailure>> {
	if (uniqueIds.length === 0) return new Map();
	const { singleField } = operation;
	const useSingleForm = singleField !== undefined && (uniqueIds.length === 1 || settings.batchSize === 1);
	return await fetchInBatches(uniqueIds, settings, async (batch) => {
		const fields = useSingleForm && singleField !== undefined
			? { [singleField]: batch[0] }
			: { [operation.batchField]: batch.join(',') };
		const reply = await panelRequest(context, operation.action, fields, (raw) => operation.read(raw, batch), {
			topLevelErrorMayBePerId: true,
		});
		const rawParts = settings.includeRaw ? rawReplyParts(operation.action, reply.raw, batch) : undefined;
		const fetched = new Map<number, FetchedId<Result>>();
		for (const [id, result] of reply.data) fetched.set(id, { result, raw: rawParts?.get(id) });
		return fetched;
	});
}

/**
 * The error item for one ID of a failed request. n8n keeps only the message of an error item's
 * JSON (`{ error }`), so the message names the ID ("Order ID 1234: The panel ...").
 */
function failureOfId(context: IExecuteFunctions, batchError: Error, noun: string, id: number, itemIndex: number): ItemError {
	const label = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${id}`;
	const description = 'description' in batchError && typeof batchError.description === 'string' ? batchError.description : '';
	const httpCode = 'httpCode' in batchError && batchError.httpCode ? Number(batchError.httpCode) : undefined;
	if (batchError instanceof NodeApiError) {
		return toNodeApiError(context.getNode(), { message: `${label}: ${batchError.message}`, description, httpCode }, itemIndex);
	}
	return new NodeOperationError(context.getNode(), `${label}: ${batchError.message}`, { itemIndex, description });
}

export async function runPooledIdOperation<Result>(
	context: IExecuteFunctions,
	operation: PooledIdOperation<Result>,
	options: PooledRunOptions<Result>,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const { settings } = options;

	const { perItem, unique } = collectIds(context, items, operation.ids, continueOnFail);
	const fetched = await fetchPooled(context, operation, unique, settings);

	// Step 3: fan out, one output item per (input item, ID), in input order.
	const successes = new Map<number, Result>();
	for (const [id, outcome] of fetched) {
		if (isBatchFailure(outcome)) continue;
		const result = outcome.result;
		if (!isIdError(result)) successes.set(id, result);
	}
	const present: Presenter<Result> = options.presenter?.(successes) ?? operation.toJson;

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < perItem.length; itemIndex++) {
		const itemIds = perItem[itemIndex];
		const pairedItem = { item: itemIndex };
		if (!Array.isArray(itemIds)) {
			output.push(failedItem(itemIds, itemIndex));
			continue;
		}
		for (const id of itemIds) {
			const idJson: IDataObject = { [operation.idKey]: id };
			const outcome = fetched.get(id);
			if (outcome === undefined) {
				// fetchInBatches answers every ID; this guards against a reader that skipped one.
				output.push({ json: { ...idJson, error: `The panel's reply had no entry for ${operation.ids.noun} ${id}` }, pairedItem });
				continue;
			}
			if (isBatchFailure(outcome)) {
				if (!continueOnFail) throw asItemError(context, outcome.batchError, itemIndex);
				output.push(failedItem(failureOfId(context, outcome.batchError, operation.ids.noun, id, itemIndex), itemIndex));
				continue;
			}
			const { result, raw } = outcome;
			if (isIdError(result)) {
				output.push({ json: withRaw({ ...idJson, error: result.error }, settings.includeRaw, raw), pairedItem });
				continue;
			}
			const json = present(result, id);
			if (json !== undefined) output.push({ json: withRaw(json, settings.includeRaw, raw), pairedItem });
		}
	}
	return output;
}
