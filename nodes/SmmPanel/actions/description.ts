import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { subtitleExpression } from '../descriptions/subtitle';
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

/**
 * Each operation's action ("Cancel orders", "Get many services"), keyed "resource:operation",
 * read from the Operation options of each resource, where the actions are written.
 */
function operationActions(properties: INodeProperties[]): Record<string, string> {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				if (option.action !== undefined) actions[`${String(resource)}:${String(option.value)}`] = option.action;
			}
		}
	}
	return actions;
}

/** The canvas subtitle: the chosen operation's action, as the operation list words it. */
export const nodeSubtitle = subtitleExpression('$parameter["resource"] + ":" + $parameter["operation"]', operationActions(nodeProperties));
