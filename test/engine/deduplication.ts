/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * n8n's deduplication store (`this.helpers.checkProcessedAndRecord` and friends) for the harness.
 * In n8n the CLI's DeduplicationHelper keeps it in the `processed_data` table; this keeps it in
 * memory with the same behaviour, statement by statement, which is what the node's guarantees rest on:
 * - one row per (workflow ID, context), the context being `n:<node ID>` for scope 'node', '' for
 *   'workflow' (the primary key); its value is `{ mode, data }`;
 * - mode 'entries': `data` is a list of md5/base64 hashes of the items (nothing can be read back);
 *   `maxEntries` keeps only the newest; modes 'latestIncrementalKey' and 'latestDate': `data` is the
 *   largest item seen, compared as a number or a date;
 * - a call whose mode differs from the row's throws before it writes anything;
 * - `checkProcessedAndRecord` is a SELECT, then an INSERT when there was no row (which fails on the
 *   primary key if another call inserted the row in between, as the database refuses a second
 *   insert) or a blind UPDATE of the whole value (which changes nothing if the row was deleted in
 *   between: an UPDATE never creates a row); `removeProcessed` the same SELECT then UPDATE;
 *   `clearAllProcessedItems` one DELETE; `getProcessedDataCount` one SELECT (the number of entries;
 *   0 for a row in a "latest" mode, whatever its value, as in n8n 2.40: nothing else can be read).
 * No transaction anywhere: with `delay` set, each statement waits that long before it runs, so
 * concurrent calls (other n8n processes) interleave and undo each other's writes exactly as they
 * can in n8n's database.
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
	data: string[] | DeduplicationItemTypes;
}

/** A statement of n8n's store, as `delay` and `onStatement` see it. */
export type Statement = 'select' | 'insert' | 'update' | 'delete';

/** The database's refusal of a second insert of one row (PostgreSQL's wording). */
export const DUPLICATE_KEY_MESSAGE = 'duplicate key value violates unique constraint "PK_processed_data"';

function isLatestMode(mode: string): boolean {
	return mode === 'latestIncrementalKey' || mode === 'latestDate';
}

/** n8n's comparison in the two "latest" modes: whether `a` is later (larger) than `b`. */
function isLater(mode: string, a: DeduplicationItemTypes, b: DeduplicationItemTypes): boolean {
	if (mode === 'latestIncrementalKey') {
		const [x, y] = [Number(a), Number(b)];
		if (Number.isNaN(x) || Number.isNaN(y)) throw new UserError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		return x > y;
	}
	const [x, y] = [new Date(a as string), new Date(b as string)];
	if (Number.isNaN(x.getTime()) || Number.isNaN(y.getTime())) throw new UserError('Invalid value. Only valid dates are supported in mode "latestDate"');
	return x > y;
}

export class InMemoryDeduplicator implements IDataDeduplicator {
	/** The rows by `workflowId|context`, as the table would hold them. */
	readonly rows = new Map<string, Row>();

	/** Milliseconds before a call's write (or a SELECT's answer): 0 runs every call at once. Kept for older tests. */
	gapMs = 0;

	/** What each statement waits before it runs, when set (overrides gapMs): slow, stalled or random writers. */
	delay: ((statement: Statement, key: string) => number) | undefined;

	/** Calls so far, by method, and statements by kind (to count database round trips). */
	readonly calls = { checkProcessedAndRecord: 0, removeProcessed: 0, clearAllProcessedItems: 0, getProcessedDataCount: 0 };
	readonly statements = { select: 0, insert: 0, update: 0, delete: 0 };

	/** Makes the next calls fail, as an unreachable database would. */
	failing: Error | undefined;

	private static hash(item: DeduplicationItemTypes): string {
		return createHash('md5').update(item.toString()).digest('base64');
	}

	static rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new UserError('The workflow has no ID');
		if (scope === 'node' && !contextData.node) throw new UserError("No node information has been provided and so cannot use scope 'node'");
		return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id ?? ''}` : ''}`;
	}

	/** Waits as one statement of this kind would, then counts it. */
	private async statement(statement: Statement, key: string): Promise<void> {
		if (this.failing) throw this.failing;
		const ms = this.delay ? this.delay(statement, key) : statement === 'select' ? 0 : this.gapMs;
		if (ms > 0) await delay(ms);
		this.statements[statement]++;
	}

	private async select(key: string): Promise<Row | undefined> {
		await this.statement('select', key);
		const row = this.rows.get(key);
		return row && { mode: row.mode, data: Array.isArray(row.data) ? [...row.data] : row.data };
	}

	private async insert(key: string, row: Row): Promise<void> {
		await this.statement('insert', key);
		if (this.rows.has(key)) throw new UserError(DUPLICATE_KEY_MESSAGE);
		this.rows.set(key, row);
	}

	private async update(key: string, row: Row): Promise<void> {
		await this.statement('update', key);
		if (this.rows.has(key)) this.rows.set(key, row);
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.calls.checkProcessedAndRecord++;
		const key = InMemoryDeduplicator.rowKey(scope, contextData);
		const row = await this.select(key);
		if (row && row.mode !== options.mode) throw new UserError('Deduplication data was originally saved with an incompatible setting');
		if (isLatestMode(options.mode)) return await this.recordLatest(key, row, items, options.mode);
		const hashes = items.map((item) => InMemoryDeduplicator.hash(item));
		if (!row) {
			// As n8n: every item is new, duplicates within the call included.
			await this.insert(key, { mode: options.mode, data: options.maxEntries ? hashes.slice(-options.maxEntries) : hashes });
			return { new: items, processed: [] };
		}
		const data = row.data as string[];
		const output: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((hash, index) => {
			if (data.includes(hash)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				data.push(hash);
			}
		});
		if (options.maxEntries) data.splice(0, Math.max(0, data.length - options.maxEntries));
		await this.update(key, row);
		return output;
	}

	private async recordLatest(key: string, row: Row | undefined, items: DeduplicationItemTypes[], mode: string): Promise<IDeduplicationOutput> {
		const sorted = items.slice().sort((a, b) => (isLater(mode, a, b) ? 1 : -1));
		if (!row) {
			await this.insert(key, { mode, data: sorted[sorted.length - 1] });
			return { new: items, processed: [] };
		}
		const stored = row.data as DeduplicationItemTypes;
		let largest = stored;
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of sorted) {
			if (isLater(mode, item, stored)) {
				output.new.push(item);
				if (isLater(mode, item, largest)) largest = item;
			} else output.processed.push(item);
		}
		await this.update(key, { mode, data: largest });
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		this.calls.removeProcessed++;
		if (isLatestMode(options.mode)) throw new UserError('Removing processed data is not possible in mode "latest"');
		const key = InMemoryDeduplicator.rowKey(scope, contextData);
		const row = await this.select(key);
		if (!row) return;
		const data = row.data as string[];
		for (const hash of items.map((item) => InMemoryDeduplicator.hash(item))) {
			const index = data.indexOf(hash);
			if (index !== -1) data.splice(index, 1);
		}
		await this.update(key, row);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.calls.clearAllProcessedItems++;
		const key = InMemoryDeduplicator.rowKey(scope, contextData);
		await this.statement('delete', key);
		this.rows.delete(key);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		this.calls.getProcessedDataCount++;
		const row = await this.select(InMemoryDeduplicator.rowKey(scope, contextData));
		// As n8n 2.40: only a list of entries has a count; a "latest" value, number or string, counts 0.
		return options.mode === 'entries' && Array.isArray(row?.data) ? row.data.length : 0;
	}

	/** Forgets everything (a fresh database). */
	reset(): void {
		this.rows.clear();
		this.gapMs = 0;
		this.delay = undefined;
		this.failing = undefined;
		for (const name of Object.keys(this.calls) as Array<keyof typeof this.calls>) this.calls[name] = 0;
		for (const name of Object.keys(this.statements) as Array<keyof typeof this.statements>) this.statements[name] = 0;
	}
}

/**
 * An n8n node context reduced to what the node's store code uses (the node, the workflow, and the
 * store helpers over `store`), for unit tests of persistence/.
 */
export function storeContext(
	store: InMemoryDeduplicator,
	node: INode,
	workflow: { id: string; active: boolean },
): IExecuteFunctions {
	const contextData = { node, workflow } as unknown as ICheckProcessedContextData;
	const context = {
		getNode: () => node,
		getWorkflow: () => workflow,
		getParentNodes: () => [],
		getChildNodes: () => [],
		logger: { warn: () => undefined, debug: () => undefined },
		addExecutionHints: () => undefined,
		helpers: {
			checkProcessedAndRecord: async (...[items, scope, options]: Parameters<IExecuteFunctions['helpers']['checkProcessedAndRecord']>) =>
				await store.checkProcessedAndRecord(items, scope, contextData, options),
			removeProcessed: async (...[items, scope, options]: Parameters<IExecuteFunctions['helpers']['removeProcessed']>) =>
				await store.removeProcessed(items, scope, contextData, options),
			clearAllProcessedItems: async (...[scope]: Parameters<IExecuteFunctions['helpers']['clearAllProcessedItems']>) =>
				await store.clearAllProcessedItems(scope, contextData),
			getProcessedDataCount: async (...[scope, options]: Parameters<IExecuteFunctions['helpers']['getProcessedDataCount']>) =>
				await store.getProcessedDataCount(scope, contextData, options),
		},
	};
	return context as unknown as IExecuteFunctions;
}
