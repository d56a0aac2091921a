import type { INodeProperties } from 'n8n-workflow';

import * as balance from './balance';
import * as cancel from './cancel';
import * as order from './order';
import * as refill from './refill';
import * as service from './service';

/** The SMM Panel node's parameters: the resource, then each resource's operations and their parameters. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Balance', value: 'balance' },
			{ name: 'Cancel', value: 'cancel' },
			{ name: 'Order', value: 'order' },
			{ name: 'Refill', value: 'refill' },
			{ name: 'Service', value: 'service' },
		],
		default: 'order',
	},
	...balance.description,
	...cancel.description,
	...order.description,
	...refill.description,
	...service.description,
];
