import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Records that outlive an execution and that every n8n process of the instance shares (main and
 * queue-mode workers): n8n's deduplication helpers, which keep one list of entries per node in
 * n8n's database (workflow static data is neither loaded for queued executions nor safe from
 * concurrent saves). n8n reads and writes a node's whole list in each call, without a transaction,
 * so calls from this process for one node are queued here: none can undo another's write. Across
 * processes that cannot be ruled out; duplicateGuard.ts checks its own writes for that reason.
 */
export interface ProcessedStore {
	/** Records `entries`; resolves to those that were recorded already. */
	record(entries: string[]): Promise<Set<string>>;
	remove(entries: string[]): Promise<void>;
}

/** One queue per workflow node in this process. */
const queues = new Map<string, Promise<unknown>>();

async function queued<T>(key: string, operation: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const current = previous.then(operation, operation);
	const tail = current.then(
		() => undefined,
		() => undefined,
	);
	queues.set(key, tail);
	void tail.then(() => {
		if (queues.get(key) === tail) queues.delete(key);
	});
	return await current;
}

function storeError(context: IExecuteFunctions, error: unknown): NodeOperationError {
	const reason = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(context.getNode(), `n8n's deduplication store could not be used: ${reason}`, {
		description:
			"This n8n did not let the node read or write its records in n8n's database (the store n8n's Remove Duplicates node uses too). Update n8n, or check its database connection.",
	});
}

/** The node's records, at most `maxEntries` of them (the oldest are forgotten first). */
export function processedStore(context: IExecuteFunctions, maxEntries: number): ProcessedStore {
	const key = `${context.getWorkflow().id ?? ''}\u0000${context.getNode().id}`;
	const options = { mode: 'entries' as const, maxEntries };
	return {
		async record(entries) {
			try {
				const { processed } = await queued(key, async () => await context.helpers.checkProcessedAndRecord(entries, 'node', options));
				return new Set(processed.map(String));
			} catch (error) {
				throw storeError(context, error);
			}
		},
		async remove(entries) {
			try {
				await queued(key, async () => await context.helpers.removeProcessed(entries, 'node', options));
			} catch (error) {
				throw storeError(context, error);
			}
		},
	};
}
