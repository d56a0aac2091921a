import type { INodeProperties } from 'n8n-workflow';

import { batchSizeOption, concurrencyOption } from '../actions/shared/options';
import { EXTRA_FINAL_ORDER_STATUSES, ORDER_STATUSES } from '../schemas/status';

export type TriggerEvent = 'orderStatusChanged' | 'orderFinished' | 'refillStatusChanged' | 'lowBalance';

const ORDER_EVENTS: TriggerEvent[] = ['orderStatusChanged', 'orderFinished'];
const ID_EVENTS: TriggerEvent[] = [...ORDER_EVENTS, 'refillStatusChanged'];

/**
 * Statuses offered by the "Only These Statuses" filter: the reference's six, and the refunded and
 * failed states some panels add (all as named by schemas/status.ts, which is what changes carry).
 */
const FILTERABLE_ORDER_STATUSES = [...ORDER_STATUSES, ...EXTRA_FINAL_ORDER_STATUSES];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		default: 'orderStatusChanged',
		options: [
			{
				name: 'Low Balance',
				value: 'lowBalance',
				description: 'The account balance fell below a threshold (fires once, and again only after it was back above)',
			},
			{
				name: 'Order Finished',
				value: 'orderFinished',
				description: 'A watched order reached a final status: Completed, Partial or Canceled',
			},
			{
				name: 'Order Status Changed',
				value: 'orderStatusChanged',
				description: 'The status of a watched order changed',
			},
			{
				name: 'Refill Status Changed',
				value: 'refillStatusChanged',
				description: 'The status of a watched refill changed',
			},
		],
	},
	{
		displayName:
			'The panel has no webhooks and no list of your orders: the trigger asks for the status of the IDs below at every poll (one request per 100 IDs that are not finished yet) and fires for each change it sees',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { event: ID_EVENTS } },
	},
	{
		displayName: 'Order IDs',
		name: 'orderIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 23501, 23502',
		description:
			'The orders to watch: one ID, several separated by commas, spaces or new lines, or an expression that returns a list. Read afresh at every poll; IDs that leave the list are forgotten.',
		displayOptions: { show: { event: ORDER_EVENTS } },
	},
	{
		displayName: 'Refill IDs',
		name: 'refillIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 501, 502',
		description:
			'The refills to watch: one ID, several separated by commas, spaces or new lines, or an expression that returns a list. Read afresh at every poll; IDs that leave the list are forgotten.',
		displayOptions: { show: { event: ['refillStatusChanged'] } },
	},
	{
		displayName: 'Only These Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: [],
		description: 'Fire only when the new status is one of these. Leave empty to fire on every change.',
		options: FILTERABLE_ORDER_STATUSES.map((status) => ({ name: status, value: status })),
		displayOptions: { show: { event: ['orderStatusChanged'] } },
	},
	{
		displayName: 'Threshold',
		name: 'threshold',
		type: 'number',
		required: true,
		default: 10,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description: 'Fire when the balance falls below this amount (in the panel account\'s currency)',
		displayOptions: { show: { event: ['lowBalance'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { event: ID_EVENTS } },
		options: [
			batchSizeOption,
			concurrencyOption,
			{
				displayName: 'Emit Current Status of New IDs',
				name: 'emitFirstSight',
				type: 'boolean',
				default: false,
				description:
					'Whether to output the current status of an ID the first time the trigger sees it. When off, a new ID is recorded silently and fires only when its status changes.',
			},
		],
	},
];
