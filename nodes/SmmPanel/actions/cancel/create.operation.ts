import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseCancellations } from '../../schemas/replies';
import { idSourceProperties, ORDER_IDS } from '../shared/idSource';
import { batchedIdOptions, optionsCollection, readOptions } from '../shared/options';
import { runPooledIdOperation, type PooledIdOperation } from '../shared/pooledIds';

/**
 * Cancel > Create: asks the panel to cancel the orders of every item (`action=cancel`). The API has
 * only the batch form, so even one ID goes as `orders=`. Output per order:
 * `{ order, cancelRequested: true }` (requested; the refund follows when the panel cancels) or
 * `{ order, error }`.
 */
const properties: INodeProperties[] = [
	...idSourceProperties(ORDER_IDS),
	optionsCollection(batchedIdOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['cancel'], operation: ['create'] } }, properties);

const cancelOperation: PooledIdOperation<{ cancelRequested: true }> = {
	ids: ORDER_IDS,
	action: 'cancel',
	batchField: 'orders',
	idKey: 'order',
	read: parseCancellations,
	toJson: (_result, order) => ({ order, cancelRequested: true }),
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPooledIdOperation(this, cancelOperation, { settings: readOptions(this) });
}
