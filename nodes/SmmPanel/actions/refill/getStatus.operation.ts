import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idSourceProperties } from '../../descriptions/idSource';
import { batchedIdOptions, onlyChangesOptions, optionsCollection, readOptions } from '../../descriptions/options';
import { runPooledIdOperation } from '../../execution/pooledIds';
import { onlyChangesPresenter } from '../../execution/statusChanges';
import { REFILL_STATUS_REQUEST } from '../../replies/refills';

/**
 * Refill > Get Status: the status of every refill ID of every item (`action=refill_status`),
 * pooled into batch requests. Output per refill: `{ refill, status, final }` or `{ refill, error }`;
 * with "Only Output Changes", only refills whose status changed, as for orders.
 */
const properties: INodeProperties[] = [
	...idSourceProperties(REFILL_STATUS_REQUEST.ids),
	optionsCollection([...batchedIdOptions, ...onlyChangesOptions('refills')]),
];

export const description = updateDisplayOptions({ show: { resource: ['refill'], operation: ['getStatus'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = readOptions(this);
	return await runPooledIdOperation(this, REFILL_STATUS_REQUEST, {
		settings: options,
		presenter: onlyChangesPresenter(this, REFILL_STATUS_REQUEST, options),
	});
}
