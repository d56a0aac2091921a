import type { INodeProperties } from 'n8n-workflow';

import type { IdKind } from '../domain/idKinds';

/** "ID Source" and the two ways to give IDs (the values of execution/idReader.ts's IdSource), which it reads. */
export function idSourceProperties(ids: IdKind): INodeProperties[] {
	const defaultField = ids.key;
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
					description: `Enter or map the ${ids.noun}s in "${ids.displayName}", evaluated for each item (a field dragged onto it is read straight from the item, as fast as Input Field)`,
				},
				{
					name: 'Input Field',
					value: 'field',
					description: `Read the ${ids.noun}s straight from a field of each input item, e.g. ${ids.key} (use dots for nested fields)`,
				},
			],
			default: 'parameter',
		},
		{
			displayName: ids.displayName,
			name: ids.parameter,
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
			placeholder: `e.g. ${defaultField} or data.${defaultField}Id`,
			description: `The field of each input item holding its ${ids.noun}s (a number, a list or an array). Use dots for nested fields. This node's own outputs name the ID "${defaultField}".`,
			displayOptions: { show: { idSource: ['field'] } },
		},
	];
}
