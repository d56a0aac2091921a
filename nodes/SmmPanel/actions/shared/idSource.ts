import type { INodeProperties } from 'n8n-workflow';

/**
 * Where an ID operation takes its IDs from. "Parameter" evaluates the IDs parameter for every item
 * (expressions allowed); "Input Field" reads one field of each item's JSON directly, which skips
 * n8n's per-item expression evaluation, by far the largest cost for thousands of items.
 */
export type IdSource = 'parameter' | 'field';

export interface IdParameter {
	/** The parameter's name: fixed, saved workflows depend on it. */
	name: 'orderIds' | 'refillIds';
	displayName: 'Order IDs' | 'Refill IDs';
	/** For messages: "order ID", "refill ID". */
	noun: 'order ID' | 'refill ID';
	/** The Input Field's default: the field this node's own outputs name the ID in. */
	defaultField: 'order' | 'refill';
}

export const ORDER_IDS: IdParameter = { name: 'orderIds', displayName: 'Order IDs', noun: 'order ID', defaultField: 'order' };
export const REFILL_IDS: IdParameter = { name: 'refillIds', displayName: 'Refill IDs', noun: 'refill ID', defaultField: 'refill' };

export function idSourceProperties(ids: IdParameter): INodeProperties[] {
	const { defaultField } = ids;
	return [
		{
			displayName: 'ID Source',
			name: 'idSource',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Parameter',
					value: 'parameter',
					description: `Enter or map the ${ids.noun}s in "${ids.displayName}", evaluated for each item`,
				},
				{
					name: 'Input Field',
					value: 'field',
					description: `Read the ${ids.noun}s straight from a field of each input item: fastest for thousands of items`,
				},
			],
			default: 'parameter',
		},
		{
			displayName: ids.displayName,
			name: ids.name,
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 23501, 23502',
			description: `One ${ids.noun}, several separated by commas, spaces or new lines, or an array from an expression. IDs of all items are pooled and sent in batches.`,
			displayOptions: { show: { idSource: ['parameter'] } },
		},
		{
			displayName: 'Input Field',
			name: 'idField',
			type: 'string',
			required: true,
			default: defaultField,
			placeholder: `e.g. ${ids.defaultField} or data.${ids.defaultField}Id`,
			description: `The field of each input item holding its ${ids.noun}s (a number, a list or an array). Use dots for nested fields. This node's own outputs name the ID "${ids.defaultField}".`,
			displayOptions: { show: { idSource: ['field'] } },
		},
	];
}
