import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ORDER_TYPES, orderTypeName, orderTypeSpec, typeKey } from '../../domain/orderTypes';
import { serviceMatches, type PanelService } from '../../domain/services';
import { forEachItem, withRaw } from '../../execution/items';
import { includeRawOption, optionsCollection, readOptions } from '../../descriptions/options';
import { serviceCatalogue, serviceJson } from '../../execution/serviceCatalogue';

/** The Type filter's choices: the order-type table's types, valued as the reference spells them. */
const TYPE_FILTER_OPTIONS = ORDER_TYPES.map((type) => ({ name: orderTypeName(type), value: orderTypeSpec(type).panelType })).sort((a, b) =>
	a.name.localeCompare(b.name),
);
const DEFAULT_TYPE_FILTER = orderTypeSpec('default').panelType;

/**
 * Service > Get Many: the panel's services, filtered by category, type and text. The list is
 * fetched once per run; each input item gets the services matching its own filters.
 */
const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'string',
				default: '',
				placeholder: 'e.g. Instagram Followers',
				description: 'Only services whose category contains this text (upper and lower case alike)',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. followers refill',
				description: 'Only services whose name, category or ID contains every word of this text',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: TYPE_FILTER_OPTIONS,
				default: DEFAULT_TYPE_FILTER,
				// Before it was a list this was free text: a saved "Website Traffic" still filters (below), without an editor warning.
				allowArbitraryValues: true,
				description: 'Only services of this type. The panel\'s spelling variants match too (e.g. "Website Traffic" is Web Traffic).',
			},
		],
	},
	optionsCollection([includeRawOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['getAll'] } }, properties);

function matchesFilters(service: PanelService, filters: IDataObject): boolean {
	const category = String(filters.category ?? '').trim().toLowerCase();
	if (category !== '' && !service.category.toLowerCase().includes(category)) return false;
	const type = String(filters.type ?? '').trim();
	if (type !== '' && typeKey(service.type) !== typeKey(type)) return false;
	return serviceMatches(service, String(filters.search ?? ''));
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { includeRaw } = readOptions(this);
	return await forEachItem(this, this.getInputData(), async (itemIndex) => {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false);
		const limit = returnAll ? Infinity : this.getNodeParameter('limit', itemIndex, 50);
		const filters = this.getNodeParameter('filters', itemIndex, {});
		const catalogue = await serviceCatalogue(this);
		const output: INodeExecutionData[] = [];
		for (const service of catalogue.services) {
			if (output.length >= limit) break;
			if (!matchesFilters(service, filters)) continue;
			output.push({
				json: withRaw(serviceJson(service), includeRaw, catalogue.rawById.get(service.service)),
				pairedItem: { item: itemIndex },
			});
		}
		return output;
	});
}
