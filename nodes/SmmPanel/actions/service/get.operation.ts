import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem, withRaw } from '../../execution/items';
import { includeRawOption, optionsCollection, readOptions } from '../../descriptions/options';
import { serviceCatalogue, serviceJson } from '../../execution/serviceCatalogue';
import { serviceIdOf, serviceLocator } from '../../descriptions/serviceLocator';

/**
 * Service > Get: one service by ID, from the panel's service list (the API has no call for a
 * single service). The list is fetched once per run, however many items ask.
 */
const properties: INodeProperties[] = [
	serviceLocator('The service to get'),
	optionsCollection([includeRawOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { includeRaw } = readOptions(this);
	return await forEachItem(this, this.getInputData(), async (itemIndex) => {
		const id = serviceIdOf(this, itemIndex);
		const catalogue = await serviceCatalogue(this);
		const service = catalogue.byId.get(id);
		if (service === undefined) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: service ${id} does not exist on the panel`, {
				itemIndex,
				description: "Pick the service from the list (it shows the panel's current services), or check the ID.",
			});
		}
		return [{ json: withRaw(serviceJson(service), includeRaw, catalogue.rawById.get(id)), pairedItem: { item: itemIndex } }];
	});
}
