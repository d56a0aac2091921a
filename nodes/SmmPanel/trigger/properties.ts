import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { batchSizeOption, concurrencyOption } from '../descriptions/options';
import { subtitleExpression } from '../descriptions/subtitle';
import { ORDER_IDS, REFILL_IDS } from '../domain/idKinds';
import { EXTRA_FINAL_ORDER_STATUSES, ORDER_STATUSES, REFILL_STATUSES } from '../domain/statuses';
import { serviceChangeProperties } from './serviceChangeProperties';

export type TriggerEvent = 'orderStatusChanged' | 'orderFinished' | 'refillStatusChanged' | 'lowBalance' | 'serviceChanged';

const ORDER_EVENTS: TriggerEvent[] = ['orderStatusChanged', 'orderFinished'];
const ID_EVENTS: TriggerEvent[] = [...ORDER_EVENTS, 'refillStatusChanged'];

/**
 * Statuses offered by the "Only These Statuses" filter: the reference's six, and the refunded and
 * failed states some panels add (all as named by domain/statuses.ts, which is what changes carry).
 */
const FILTERABLE_ORDER_STATUSES = [...ORDER_STATUSES, ...EXTRA_FINAL_ORDER_STATUSES];

const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Low Balance',
		value: 'lowBalance' satisfies TriggerEvent,
		description: 'The account balance fell below a threshold (fires once, and again only after it was back above)',
	},
	{
		name: 'Order Finished',
		value: 'orderFinished' satisfies TriggerEvent,
		description: 'A watched order reached a final status: Completed, Partial or Canceled',
	},
	{
		name: 'Order Status Changed',
		value: 'orderStatusChanged' satisfies TriggerEvent,
		description: 'The status of a watched order changed',
	},
	{
		name: 'Refill Status Changed',
		value: 'refillStatusChanged' satisfies TriggerEvent,
		description: 'The status of a watched refill changed',
	},
	{
		name: 'Service Changed',
		value: 'serviceChanged' satisfies TriggerEvent,
		description: 'A service of the panel was added, removed, or changed its rate, limits or details',
	},
];

/** The canvas subtitle: the chosen event, in sentence case ("Order status changed"). */
export const triggerSubtitle = subtitleExpression(
	'$parameter["event"]',
	Object.fromEntries(EVENT_OPTIONS.map(({ name, value }) => [String(value), name.charAt(0) + name.slice(1).toLowerCase()])),
);

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		default: 'orderStatusChanged',
		options: EVENT_OPTIONS,
	},
	{
		displayName:
			'The panel has no webhooks and no list of your orders: at every poll the trigger asks for the status of the orders below (one request per 100 that are not finished yet) and fires for each change it sees. For a set of orders that changes with every sale, keep them in your own table and check them with SMM Panel > Order > Get Status instead (see the README).',
		name: 'orderPollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { event: ORDER_EVENTS } },
	},
	{
		displayName:
			'At every poll the trigger asks for the status of the refills below (one request per 100 that are not finished yet) and fires for each change it sees',
		name: 'refillPollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { event: ['refillStatusChanged'] } },
	},
	{
		displayName:
			'At every poll the trigger reads the balance (one request) and fires once when it falls below the threshold; it fires again only after the balance was back at or above it. Fetch Test Event shows the balance now, with "belowThreshold".',
		name: 'balancePollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { event: ['lowBalance'] } },
	},
	{
		displayName: ORDER_IDS.displayName,
		name: ORDER_IDS.parameter,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 23501, 23502',
		description:
			'The orders to watch: one ID, several separated by commas, spaces or new lines, or an expression that returns a list. Read afresh at every poll; IDs that leave the list are forgotten.',
		displayOptions: { show: { event: ORDER_EVENTS } },
	},
	{
		displayName: REFILL_IDS.displayName,
		name: REFILL_IDS.parameter,
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
		displayName: 'Only These Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: [],
		description: 'Fire only when the new status is one of these. Leave empty to fire on every change.',
		options: REFILL_STATUSES.map((status) => ({ name: status, value: status })),
		displayOptions: { show: { event: ['refillStatusChanged'] } },
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
	...serviceChangeProperties,
];
