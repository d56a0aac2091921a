import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';

export type ItemError = NodeApiError | NodeOperationError;

function isItemError(error: unknown): error is ItemError {
	return error instanceof Error && 'node' in error && 'context' in error;
}

/**
 * Any error as one n8n shows with its item: the transport's NodeApiErrors keep their message and
 * advice; anything else (a bug) becomes a NodeOperationError instead of a bare stack trace.
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

/**
 * Runs `work` for every input item, `concurrency` at a time (default one after the other),
 * honouring "Continue On Fail": a failing item either stops the node (with its item index) or
 * becomes an error item, and the others go on. Output keeps input order whatever the concurrency.
 * When an item fails without Continue On Fail, no further item is started (work already under way
 * finishes first), and the failure of the earliest item is the one reported.
 */
export async function forEachItem(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	work: (itemIndex: number) => Promise<INodeExecutionData[]>,
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const outputs: INodeExecutionData[][] = new Array(items.length);
	const failures = new Map<number, ItemError>();
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length && failures.size === 0) {
			const itemIndex = next++;
			try {
				outputs[itemIndex] = await work(itemIndex);
			} catch (error) {
				const itemError = asItemError(context, error, itemIndex);
				if (continueOnFail) {
					outputs[itemIndex] = [failedItem(itemError, itemIndex)];
				} else {
					failures.set(itemIndex, itemError);
				}
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(concurrency), items.length));
	await Promise.all(Array.from({ length: workers }, async () => await worker()));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys())) as ItemError;
	return outputs.flat();
}

/** `json` for output, with the panel's reply under `raw` when the user asked for it. */
export function withRaw(json: IDataObject, includeRaw: boolean, raw: unknown): IDataObject {
	if (includeRaw) json.raw = raw as IDataObject;
	return json;
}
