import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { runPool } from './pool';

export type ItemError = NodeApiError | NodeOperationError;

function isItemError(error: unknown): error is ItemError {
	return error instanceof Error && 'node' in error && 'context' in error;
}

/**
 * Any error as one n8n shows with its item: the transport's errors keep their message and advice;
 * anything else (a bug) becomes a NodeOperationError instead of a bare stack trace.
 */
export function asItemError(context: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	const itemError = isItemError(error)
		? error
		: new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), { itemIndex });
	if (itemError.context.itemIndex === undefined) itemError.context.itemIndex = itemIndex;
	return itemError;
}

/** The item n8n outputs for a failed input item under "Continue On Fail" (also routed to an error output). */
export function failedItem(error: ItemError, itemIndex: number, json: IDataObject = {}): INodeExecutionData {
	return { json: { ...json, error: error.message }, error, pairedItem: { item: itemIndex } };
}

/** `json` for output, with the panel's reply under `raw` when the user asked for it. */
export function withRaw(json: IDataObject, includeRaw: boolean, raw: unknown): IDataObject {
	if (includeRaw) json.raw = raw as IDataObject;
	return json;
}

export type SettleItem = <T>(itemIndex: number, work: () => T | Promise<T>) => Promise<T | ItemError>;

/**
 * "Continue On Fail" for one item's work, the one place it is decided: a failure becomes the
 * item's error, returned under Continue On Fail (so the other items go on) and thrown otherwise.
 */
export function itemSettler(context: IExecuteFunctions): SettleItem {
	const continueOnFail = context.continueOnFail();
	return async (itemIndex, work) => {
		try {
			return await work();
		} catch (error) {
			const itemError = asItemError(context, error, itemIndex);
			if (!continueOnFail) throw itemError;
			return itemError;
		}
	};
}

/**
 * Runs `work` for every input item, `concurrency` at a time (default one after the other). Output
 * keeps input order whatever the concurrency. When an item fails without Continue On Fail, no
 * further item is started (work already under way finishes first), and the failure of the
 * earliest item is the one reported.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	work: (itemIndex: number) => Promise<INodeExecutionData[]>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const settle = itemSettler(context);
	const outputs: INodeExecutionData[][] = new Array(items.length);
	const failures = new Map<number, ItemError>();
	await runPool(
		items.length,
		concurrency,
		async (itemIndex) => {
			try {
				const output = await settle(itemIndex, async () => await work(itemIndex));
				outputs[itemIndex] = output instanceof Error ? [failedItem(output, itemIndex)] : output;
			} catch (error) {
				failures.set(itemIndex, error as ItemError);
			}
		},
		() => failures.size > 0,
	);
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys())) as ItemError;
	return outputs.flat();
}
