import { NodeOperationError } from 'n8n-workflow';
import type { IDeduplicationOutput, IExecuteFunctions } from 'n8n-workflow';

/**
 * Records that outlive an execution and that every n8n process of the instance shares (main and
 * queue-mode workers): n8n's deduplication helpers, which keep one list of entries per node in
 * n8n's database (workflow static data is neither loaded for queued executions nor safe from
 * concurrent saves). n8n reads and writes a node's whole list in each call, without a transaction,
 * so calls from this process for one node are queued here: none can undo another's write. Across
 * processes that cannot be ruled out; duplicateGuard.ts checks its own writes for that reason.
 *
 * Each call reads and writes the whole list (up to 10,000 entries), so its cost hardly depends on
 * how many entries it records: records queued one after another (the claims of orders under way
 * at once) are written in one call, each answered as if it had been written alone, in turn.
 */
export interface ProcessedStore {
	/** Records `entries`; resolves to those that were recorded already. */
	record(entries: string[]): Promise<Set<string>>;
	remove(entries: string[]): Promise<void>;
}

interface PendingRecord {
	entries: string[];
	resolve(found: Set<string>): void;
	reject(error: unknown): void;
}

/** A node's queue in this process: the last operation, and the records that will be written together if nothing is queued after them. */
interface NodeQueue {
	tail: Promise<void>;
	openBatch: PendingRecord[] | undefined;
}

const queues = new Map<string, NodeQueue>();

/** Queues `operation` after the node's last one; returns the queue and when the operation is done. */
function enqueue(key: string, operation: () => Promise<void>): { queue: NodeQueue; done: Promise<void> } {
	const queue = queues.get(key) ?? { tail: Promise.resolve(), openBatch: undefined };
	const done = queue.tail.then(operation, operation).then(
		() => undefined,
		() => undefined,
	);
	queue.tail = done;
	queues.set(key, queue);
	void done.then(() => {
		if (queues.get(key)?.tail === done) queues.delete(key);
	});
	return { queue, done };
}

/** Answers each record of a batch from one call's answer, as if each had been written alone, in turn. */
function answerBatch(batch: PendingRecord[], foundInStore: ReadonlySet<string>): void {
	const recordedBefore = new Set<string>();
	for (const pending of batch) {
		const found = new Set(pending.entries.filter((entry) => foundInStore.has(entry) || recordedBefore.has(entry)));
		for (const entry of pending.entries) recordedBefore.add(entry);
		pending.resolve(found);
	}
}

/** The database refusing a second insert of the same row: PostgreSQL, MySQL/MariaDB and SQLite wordings. */
export const ROW_TAKEN = /duplicate key value violates unique constraint|ER_DUP_ENTRY|Duplicate entry|UNIQUE constraint failed/i;

export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

const STORE_FAILED = "n8n's deduplication store could not be used";

/** What the node says when n8n's store failed it (an error that already says so is kept as it is). */
export function storeError(context: IExecuteFunctions, error: unknown): NodeOperationError {
	if (error instanceof NodeOperationError && error.message.startsWith(STORE_FAILED)) return error;
	return new NodeOperationError(context.getNode(), `${STORE_FAILED}: ${messageOf(error)}`, {
		description:
			"This n8n did not let the node read or write its records in n8n's database (the store n8n's Remove Duplicates node uses too). Update n8n, or check its database connection.",
	});
}

/** The node's records, at most `maxEntries` of them (the oldest are forgotten first). */
export function processedStore(context: IExecuteFunctions, maxEntries: number): ProcessedStore {
	const key = `${context.getWorkflow().id ?? ''}\u0000${context.getNode().id}`;
	const options = { mode: 'entries' as const, maxEntries };

	/** n8n's answer, or the error it gave. */
	const recordOnce = async (entries: string[]): Promise<IDeduplicationOutput | { failure: unknown }> => {
		try {
			return await context.helpers.checkProcessedAndRecord(entries, 'node', options);
		} catch (failure) {
			return { failure };
		}
	};
	const writeBatch = async (batch: PendingRecord[]): Promise<void> => {
		const union = [...new Set(batch.flatMap((pending) => pending.entries))];
		let output = await recordOnce(union);
		// Two processes writing a node's first records both insert its row; the one refused wrote nothing, and the row is there now.
		if ('failure' in output && ROW_TAKEN.test(messageOf(output.failure))) output = await recordOnce(union);
		if ('failure' in output) {
			for (const pending of batch) pending.reject(storeError(context, output.failure));
			return;
		}
		answerBatch(batch, new Set(output.processed.map(String)));
	};

	return {
		async record(entries) {
			return await new Promise((resolve, reject) => {
				const pending: PendingRecord = { entries, resolve, reject };
				const open = queues.get(key)?.openBatch;
				if (open) {
					open.push(pending);
					return;
				}
				const batch = [pending];
				const { queue } = enqueue(key, async () => {
					if (queue.openBatch === batch) queue.openBatch = undefined;
					await writeBatch(batch);
				});
				queue.openBatch = batch;
			});
		},
		async remove(entries) {
			let failure: unknown;
			const { queue, done } = enqueue(key, async () => {
				try {
					await context.helpers.removeProcessed(entries, 'node', options);
				} catch (error) {
					failure = error;
				}
			});
			// Nothing queued after a remove may be written before it.
			queue.openBatch = undefined;
			await done;
			if (failure !== undefined) throw storeError(context, failure);
		},
	};
}
