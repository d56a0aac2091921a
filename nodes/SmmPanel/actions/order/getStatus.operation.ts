import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idSourceProperties } from '../../descriptions/idSource';
import { batchedIdOptions, onlyChangesOptions, optionsCollection, readOptions } from '../../descriptions/options';
import { runPooledIdOperation } from '../../execution/pooledIds';
import { onlyChangesPresenter } from '../../execution/statusChanges';
import { ORDER_STATUS_REQUEST } from '../../replies/orders';

/**
 * Order > Get Status: the status of every order ID of every item, pooled into batch requests
 * (`action=status`, `orders=`). With "Only Output Changes", only orders whose status changed are
 * output: against the status each item already carries (a row of the user's records), or against
 * the node's memory. The node then acts as a change detector behind any schedule.
 */
const properties: INodeProperties[] = [
	...idSourceProperties(ORDER_STATUS_REQUEST.ids),
	optionsCollection([...batchedIdOptions, ...onlyChangesOptions('orders')]),
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['getStatus'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = readOptions(this);
	return await runPooledIdOperation(this, ORDER_STATUS_REQUEST, {
		settings: options,
		presenter: onlyChangesPresenter(this, ORDER_STATUS_REQUEST, options),
	});
}
