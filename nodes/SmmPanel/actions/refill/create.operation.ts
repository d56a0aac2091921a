import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseRefillsCreated } from '../../schemas/replies';
import { idSourceProperties, ORDER_IDS } from '../shared/idSource';
import { batchedIdOptions, optionsCollection, readOptions } from '../shared/options';
import { runPooledIdOperation, type PooledIdOperation } from '../shared/pooledIds';

/**
 * Refill > Create: asks the panel to refill the orders of every item (`action=refill`), pooled into
 * batch requests. Output per order: `{ order, refill }` with the new refill ID, or `{ order, error }`
 * (e.g. "Refill is disabled for this service"), which fails neither the batch nor the node.
 */
const properties: INodeProperties[] = [
	...idSourceProperties(ORDER_IDS),
	optionsCollection(batchedIdOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['refill'], operation: ['create'] } }, properties);

const refillOperation: PooledIdOperation<{ refill: number }> = {
	ids: ORDER_IDS,
	action: 'refill',
	singleField: 'order',
	batchField: 'orders',
	idKey: 'order',
	read: parseRefillsCreated,
	toJson: (created, order) => ({ order, refill: created.refill }),
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPooledIdOperation(this, refillOperation, { settings: readOptions(this) });
}
