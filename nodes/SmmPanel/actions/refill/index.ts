import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getStatus from './getStatus.operation';

export { create, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['refill'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Request a refill of orders, in batches', action: 'Refill orders' },
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the status of refills, in batches',
				action: 'Get the status of refills',
			},
		],
		default: 'create',
	},
	...create.description,
	...getStatus.description,
];
