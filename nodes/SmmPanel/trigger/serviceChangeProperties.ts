import type { INodeProperties } from 'n8n-workflow';

import { SERVICE_CHANGE_KINDS, type ServiceChangeKind } from '../domain/services';

const SHOW = { show: { event: ['serviceChanged'] } };

const KIND_OPTIONS: Array<{ name: string; value: ServiceChangeKind; description: string }> = [
	{ name: 'Added', value: 'added', description: 'A service ID the panel did not list before' },
	{ name: 'Details Changed', value: 'detailsChanged', description: 'Name, type, category, refill, cancel or drip-feed changed' },
	{ name: 'Limits Changed', value: 'limitsChanged', description: 'The minimum or maximum quantity changed' },
	{ name: 'Rate Changed', value: 'rateChanged', description: 'The price changed (by at least the Minimum Rate Change)' },
	{ name: 'Removed', value: 'removed', description: 'A service ID the panel no longer lists' },
];

/** The Service Changed event's parameters (saved names: `serviceChanges`, and `options.serviceIds`, `categories`, `minRateChangePercent`). */
export const serviceChangeProperties: INodeProperties[] = [
	{
		displayName:
			'At every poll the trigger reads the panel\'s service list (one request, however many services) and fires once for each service that was added, removed or changed since the last poll. The first poll only records the list; Fetch Test Event shows the changes the next poll would report, or a sample item marked "sample".',
		name: 'servicePollingNotice',
		type: 'notice',
		default: '',
		displayOptions: SHOW,
	},
	{
		displayName: 'Changes to Report',
		name: 'serviceChanges',
		type: 'multiOptions',
		default: [...SERVICE_CHANGE_KINDS],
		description: 'Which kinds of change fire the trigger. A service that changed in several ways comes once, with every kind in "changes".',
		options: KIND_OPTIONS,
		displayOptions: SHOW,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: SHOW,
		options: [
			{
				displayName: 'Minimum Rate Change (%)',
				name: 'minRateChangePercent',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, numberPrecision: 2 },
				description:
					'Report a rate change only when it is at least this many percent of the rate last reported, so that rounding does not fire it. Smaller steps add up until they reach it.',
			},
			{
				displayName: 'Only These Categories',
				name: 'categories',
				type: 'string',
				default: '',
				placeholder: 'e.g. Instagram Followers, TikTok',
				description: 'Category names, separated by commas (upper and lower case alike). Leave empty for every category.',
			},
			{
				displayName: 'Only These Services',
				name: 'serviceIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1, 5, 27',
				description: 'Service IDs, separated by commas, spaces or new lines (e.g. the services your shop sells). Leave empty for every service.',
			},
		],
	},
];
