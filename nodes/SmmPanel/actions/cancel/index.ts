import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cancel'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Request the cancellation of orders, in batches', action: 'Cancel orders' },
		],
		default: 'create',
	},
	...create.description,
];
