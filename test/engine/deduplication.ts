/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * n8n's deduplication store (`this.helpers.checkProcessedAndRecord` and friends) for the harness.
 * In n8n the CLI's DeduplicationHelper keeps it in the `processed_data` table; this keeps it in
 * memory with the same behaviour, which is what the node's guarantees rest on:
 * - one list per (workflow ID, context), the context being `n:<node ID>` for scope 'node', '' for 'workflow';
 * - entries stored as md5/base64 hashes of the items (so nothing can be read back from them);
 * - `maxEntries` keeps only the newest entries;
 * - a call reads the list, then writes the whole list back, with no transaction: with `gapMs` set,
 *   the two steps are that far apart, so that concurrent calls (other n8n processes) can interleave
 *   and undo each other's writes exactly as they can in n8n's database.
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { UserError } from 'n8n-workflow';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
	IExecuteFunctions,
	INode,
} from 'n8n-workflow';

interface Row {
	mode: string;
	data: string[];
}

export class InMemoryDeduplicator implements IDataDeduplicator {
	/** The rows by `workflowId|context`, as the table would hold them. */
	readonly rows = new Map<string, Row>();

	/** Milliseconds between a call's read and its write. */
	gapMs = 0;

	/** Calls so far, by method (to count store round trips). */
	readonly calls = { checkProcessedAndRecord: 0, removeProcessed: 0 };

	/** Makes the next calls fail, as an unreachable database would. */
	failing: Error | undefined;

	private static hash(item: DeduplicationItemTypes): string {
		return createHash('md5').update(item.toString()).digest('base64');
	}

	private static rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new UserError('The workflow has no ID');
		if (scope === 'node' && !contextData.node) throw new UserError("No node information has been provided and so cannot use scope 'node'");
		return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id ?? ''}` : ''}`;
	}

	private async read(key: string, options: ICheckProcessedOptions): Promise<Row | undefined> {
		if (this.failing) throw this.failing;
		if (options.mode !== 'entries') throw new UserError(`Mode ${options.mode} is not emulated`);
		const row = this.rows.get(key);
		if (row && row.mode !== options.mode) throw new UserError('Deduplication data was saved with another mode');
		const copy = row && { mode: row.mode, data: [...row.data] };
		if (this.gapMs > 0) await delay(this.gapMs);
		return copy;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.calls.checkProcessedAndRecord++;
		const key = InMemoryDeduplicator.rowKey(scope, contextData);
		const row = (await this.read(key, options)) ?? { mode: options.mode, data: [] };
		const known = new Set(row.data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = InMemoryDeduplicator.hash(item);
			if (known.has(hash)) {
				output.processed.push(item);
			} else {
				output.new.push(item);
				row.data.push(hash);
				known.add(hash);
			}
		}
		if (options.maxEntries) row.data.splice(0, Math.max(0, row.data.length - options.maxEntries));
		this.rows.set(key, row);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		this.calls.removeProcessed++;
		const key = InMemoryDeduplicator.rowKey(scope, contextData);
		const row = await this.read(key, options);
		if (!row) return;
		const removed = new Set(items.map((item) => InMemoryDeduplicator.hash(item)));
		row.data = row.data.filter((hash) => !removed.has(hash));
		this.rows.set(key, row);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.rows.delete(InMemoryDeduplicator.rowKey(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const row = this.rows.get(InMemoryDeduplicator.rowKey(scope, contextData));
		return options.mode === 'entries' ? (row?.data.length ?? 0) : 0;
	}

	/** Forgets everything (a fresh database). */
	reset(): void {
		this.rows.clear();
		this.gapMs = 0;
		this.failing = undefined;
		this.calls.checkProcessedAndRecord = 0;
		this.calls.removeProcessed = 0;
	}
}

/**
 * An n8n node context reduced to what the node's store code uses (the node, the workflow, and the
 * two helpers over `store`), for unit tests of persistence/processedStore.ts and duplicateGuard.ts.
 */
export function storeContext(store: InMemoryDeduplicator, node: INode, workflow: { id: string; active: boolean }): IExecuteFunctions {
	const context = {
		getNode: () => node,
		getWorkflow: () => workflow,
		helpers: {
			checkProcessedAndRecord: async (...[items, scope, options]: Parameters<IExecuteFunctions['helpers']['checkProcessedAndRecord']>) =>
				await store.checkProcessedAndRecord(items, scope, { node, workflow }, options),
			removeProcessed: async (...[items, scope, options]: Parameters<IExecuteFunctions['helpers']['removeProcessed']>) =>
				await store.removeProcessed(items, scope, { node, workflow }, options),
		},
	};
	return context as unknown as IExecuteFunctions;
}
