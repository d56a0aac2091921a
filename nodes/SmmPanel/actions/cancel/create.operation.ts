import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idSourceProperties } from '../../descriptions/idSource';
import { batchedIdOptions, optionsCollection, readOptions } from '../../descriptions/options';
import { runPooledIdOperation } from '../../execution/pooledIds';
import { CANCEL_REQUEST } from '../../replies/cancels';

/**
 * Cancel > Create: asks the panel to cancel the orders of every item (`action=cancel`). The API has
 * only the batch form, so even one ID goes as `orders=`. Output per order:
 * `{ order, cancelRequested: true }` (requested; the refund follows when the panel cancels) or
 * `{ order, error }`.
 */
const properties: INodeProperties[] = [...idSourceProperties(CANCEL_REQUEST.ids), optionsCollection(batchedIdOptions)];

export const description = updateDisplayOptions({ show: { resource: ['cancel'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPooledIdOperation(this, CANCEL_REQUEST, { settings: readOptions(this) });
}
