import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_IDS_PER_REQUEST } from '../domain/panelApi';
import { batchSettingsFrom, type BatchSettings as PanelBatchSettings } from '../execution/batches';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../execution/pool';

/**
 * The entries of the "Options" collections, shared by both nodes. Each operation composes its own
 * collection from these, so an option means the same everywhere it appears. Options are node-level settings:
 * they are read once per run (from the first item), never per item.
 */
export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_IDS_PER_REQUEST },
	default: MAX_IDS_PER_REQUEST,
	description:
		'How many IDs to send in one request (the API allows up to 100). Set 1 for panels without batch support: each ID is then sent on its own.',
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: DEFAULT_CONCURRENCY,
	description: 'How many requests to send to the panel at the same time',
};

export const includeRawOption: INodeProperties = {
	displayName: 'Include Raw Response',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description:
		'Whether to add the reply as the panel sent it under "raw" (for batched operations, the part of the reply about that ID)',
};

/** The options of every operation that batches IDs (order status, refill, refill status, cancel). */
export const batchedIdOptions: INodeProperties[] = [batchSizeOption, concurrencyOption, includeRawOption];

/** "Only Output Changes" and its Previous Status Field, for Order > Get Status and Refill > Get Status. */
export function onlyChangesOptions(things: 'orders' | 'refills'): INodeProperties[] {
	const thing = things === 'orders' ? 'order' : 'refill';
	return [
		{
			displayName: 'Only Output Changes',
			name: 'onlyChanged',
			type: 'boolean',
			default: false,
			description: `Whether to output only ${things} whose status changed, each with its previous status. With a Previous Status Field, "changed" means different from the status in each item (your records); without one, the node remembers the statuses it read in n8n's database (the first run only records them, and a manual run in the editor shows the changes since the active workflow last ran without recording them).`,
		},
		{
			displayName: 'Previous Status Field',
			name: 'previousStatusField',
			type: 'string',
			default: '',
			placeholder: 'e.g. status',
			description: `With Only Output Changes: the field of each input item holding the status your records have for its ${thing}. An ${thing} is output when the panel's status differs from it (spellings such as "partial" and "Partial" are the same); nothing is stored, so it works the same in the editor and on every worker.`,
		},
	];
}

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

export interface BatchSettings extends PanelBatchSettings {
	includeRaw: boolean;
}

export interface NodeOptions extends BatchSettings {
	validateBeforeOrdering: boolean;
	onlyChanged: boolean;
	previousStatusField: string;
}

/** The "Options" collection of the current operation, read once; absent options take their defaults. */
export function readOptions(context: IExecuteFunctions): NodeOptions {
	const options = context.getNodeParameter('options', 0, {});
	return {
		...batchSettingsFrom(options),
		includeRaw: options.includeRaw === true,
		validateBeforeOrdering: options.validateBeforeOrdering !== false,
		onlyChanged: options.onlyChanged === true,
		previousStatusField: String(options.previousStatusField ?? '').trim(),
	};
}
