import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { smmPanelApiTest } from './methods/credentialTest';
import { pollLowBalance } from './trigger/lowBalance';
import { triggerProperties, triggerSubtitle, type TriggerEvent } from './trigger/properties';
import { pollServiceChanges } from './trigger/serviceChanges';
import { pollWatchedStatuses, WATCHED_ORDERS, WATCHED_REFILLS } from './trigger/watchedStatuses';

/**
 * Polls an SMM panel for changes to the orders and refills the user watches, for a low
 * balance, and for changes to the panel's services (a reseller's prices): the API has no webhooks and no "list my orders" call. Every change is output once: see
 * docs/trigger.md for the guarantees, and trigger/watchedStatuses.ts for how they are kept.
 */
export class SmmPanelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMM Panel Trigger',
		name: 'smmPanelTrigger',
		icon: { light: 'file:../../icons/smmPanel.svg', dark: 'file:../../icons/smmPanel.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description: 'Starts the workflow when a watched SMM panel order or refill changes status, the balance runs low, or the panel\'s services change',
		defaults: { name: 'SMM Panel Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Spelled out rather than CREDENTIAL_TYPE: n8n's lint (credential-test-required) reads the
		// credential's name from this literal; a test checks that the two agree.
		credentials: [{ name: 'smmPanelApi', required: true, testedBy: 'smmPanelApiTest' }],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { smmPanelApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		// "Only These Statuses": empty fires on every change.
		const statuses = new Set(this.getNodeParameter('statuses', []) as string[]);
		const inStatuses = (reading: { status: string }) => statuses.size === 0 || statuses.has(reading.status);
		switch (event) {
			case 'orderStatusChanged':
				return await pollWatchedStatuses(this, WATCHED_ORDERS, inStatuses);
			case 'orderFinished':
				return await pollWatchedStatuses(this, WATCHED_ORDERS, (order) => order.final);
			case 'refillStatusChanged':
				return await pollWatchedStatuses(this, WATCHED_REFILLS, inStatuses);
			case 'lowBalance':
				return await pollLowBalance(this);
			case 'serviceChanged':
				return await pollServiceChanges(this);
			default:
				throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`, {
					description: 'Pick the event again in the trigger\'s "Trigger On" field.',
				});
		}
	}
}
