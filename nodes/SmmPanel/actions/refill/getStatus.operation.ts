import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseRefillStatuses, type RefillStatus } from '../../schemas/replies';
import { idSourceProperties, REFILL_IDS } from '../shared/idSource';
import { batchedIdOptions, optionsCollection, readOptions } from '../shared/options';
import { runPooledIdOperation, type PooledIdOperation } from '../shared/pooledIds';

/**
 * Refill > Get Status: the status of every refill ID of every item (`action=refill_status`),
 * pooled into batch requests. Output per refill: `{ refill, status, final }` or `{ refill, error }`.
 */
const properties: INodeProperties[] = [
	...idSourceProperties(REFILL_IDS),
	optionsCollection(batchedIdOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['refill'], operation: ['getStatus'] } }, properties);

const refillStatusOperation: PooledIdOperation<RefillStatus> = {
	ids: REFILL_IDS,
	action: 'refill_status',
	singleField: 'refill',
	batchField: 'refills',
	idKey: 'refill',
	read: parseRefillStatuses,
	toJson: (status) => ({ refill: status.refill, status: status.status, final: status.final }),
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runPooledIdOperation(this, refillStatusOperation, { settings: readOptions(this) });
}
