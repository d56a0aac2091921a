import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { smmPanelApiTest } from './methods/credentialTest';
import { CREDENTIAL_TYPE } from './transport';
import { pollLowBalance } from './trigger/lowBalance';
import { triggerProperties, type TriggerEvent } from './trigger/properties';
import { pollWatchedStatuses, WATCHED_ORDERS, WATCHED_REFILLS } from './trigger/watchedStatuses';

/**
 * Polls an SMM panel for changes to the orders and refills the user watches, and for a low
 * balance: the API has no webhooks and no "list my orders" call. Every change is output once: see
 * the README (SMM Panel Trigger) for the guarantees, and trigger/watchedStatuses.ts for how they are kept.
 */
export class SmmPanelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMM Panel Trigger',
		name: 'smmPanelTrigger',
		icon: { light: 'file:smmPanel.svg', dark: 'file:smmPanel.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {"orderStatusChanged": "Order status changed", "orderFinished": "Order finished", "refillStatusChanged": "Refill status changed", "lowBalance": "Low balance"}[$parameter["event"]] }}',
		description: 'Starts the workflow when a watched SMM panel order or refill changes status, or the balance runs low',
		defaults: { name: 'SMM Panel Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: 'smmPanelApiTest' }],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { smmPanelApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		switch (event) {
			case 'orderStatusChanged': {
				const statuses = new Set(this.getNodeParameter('statuses', []) as string[]);
				return await pollWatchedStatuses(this, WATCHED_ORDERS, (order) => statuses.size === 0 || statuses.has(order.status));
			}
			case 'orderFinished':
				return await pollWatchedStatuses(this, WATCHED_ORDERS, (order) => order.final);
			case 'refillStatusChanged':
				return await pollWatchedStatuses(this, WATCHED_REFILLS, () => true);
			case 'lowBalance':
				return await pollLowBalance(this);
			default:
				throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`, {
					description: 'Pick the event again in the trigger\'s "Trigger On" field.',
				});
		}
	}
}
