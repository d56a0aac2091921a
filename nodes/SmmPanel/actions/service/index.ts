import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['service'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a service by ID', action: 'Get a service' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the services the panel offers, filtered by category, type and text',
				action: 'Get many services',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
