import type { INodeProperties } from 'n8n-workflow';

import { ORDER_FIELDS } from '../../domain/orderFields';
import { DRIP_FEED_TYPES, ORDER_TYPES, orderTypeSpec, typesWithField } from '../../domain/orderTypes';

/**
 * Order > Create's parameters for what is ordered, derived from the order-type table: the Order
 * Type options, each type's fields (shown only for the types that use them), drip-feed,
 * subscription options and extra fields.
 */
const orderTypeProperty: INodeProperties = {
	displayName: 'Order Type',
	name: 'orderType',
	type: 'options',
	options: ORDER_TYPES.map((type) => {
		const { name, description } = orderTypeSpec(type);
		return { name, value: type, description };
	}).sort((a, b) => a.name.localeCompare(b.name)),
	default: 'default',
	description: 'The type of the service, which decides the fields an order takes (see the type in the service list)',
};

/** Each field's parameter, shown for the order types that use it. */
const fieldProperties: INodeProperties[] = ORDER_FIELDS.map((field) => ({
	...field.property,
	displayOptions: {
		...field.property.displayOptions,
		show: { ...field.property.displayOptions?.show, orderType: typesWithField(field) },
	},
}));

export const orderProperties: INodeProperties[] = [
	orderTypeProperty,
	...fieldProperties,
	{
		displayName: 'Drip-Feed',
		name: 'dripFeed',
		type: 'boolean',
		default: false,
		description: 'Whether to deliver the quantity several times (runs), with a pause between deliveries',
		displayOptions: { show: { orderType: DRIP_FEED_TYPES } },
	},
	{
		displayName: 'Runs',
		name: 'runs',
		type: 'number',
		typeOptions: { minValue: 1 },
		required: true,
		default: 2,
		description: 'How many times to deliver the quantity. The order totals quantity × runs.',
		displayOptions: { show: { orderType: DRIP_FEED_TYPES, dripFeed: [true] } },
	},
	{
		displayName: 'Interval (Minutes)',
		name: 'interval',
		type: 'number',
		typeOptions: { minValue: 1 },
		required: true,
		default: 30,
		description: 'Minutes between two deliveries',
		displayOptions: { show: { orderType: DRIP_FEED_TYPES, dripFeed: [true] } },
	},
	{
		displayName: 'Subscription Options',
		name: 'subscriptionOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { orderType: ['subscriptions'] } },
		options: [
			{
				displayName: 'Expiry',
				name: 'expiry',
				type: 'string',
				default: '',
				placeholder: 'e.g. 31/12/2026',
				description: 'The date the subscription ends, as day/month/year (a date such as 2026-12-31 is converted)',
			},
			{
				displayName: 'Old Posts',
				name: 'oldPosts',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'How many of the account\'s existing posts to include',
			},
			{
				displayName: 'Posts',
				name: 'posts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'How many new posts to serve before the subscription ends',
			},
		],
	},
	{
		displayName: 'Extra Fields',
		name: 'extraFields',
		type: 'fixedCollection',
		placeholder: 'Add field',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'More fields to send with the order, for panels that need fields the node does not have. A field named like one of the above replaces it.',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. comments_type',
						description: 'The field name the panel expects',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The value to send',
					},
				],
			},
		],
	},
];
