import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idSourceProperties } from '../../descriptions/idSource';
import { batchedIdOptions, optionsCollection, readOptions } from '../../descriptions/options';
import { runPooledIdOperation } from '../../execution/pooledIds';
import { REFILL_REQUEST } from '../../replies/refills';

/**
 * Refill > Create: asks the panel to refill the orders of every item (`action=refill`), pooled into
 * batch requests. Output per order: `{ order, refill }` with the new refill ID, or `{ order, error }`
 * (e.g. "Refill is disabled for this service"), which fails neither the batch nor the node.
 */
const properties: INodeProperties[] = [...idSourceProperties(REFILL_REQUEST.ids), optionsCollection(batchedIdOptions)];

export const description = updateDisplayOptions({ show: { resource: ['refill'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPooledIdOperation(this, REFILL_REQUEST, { settings: readOptions(this) });
}
