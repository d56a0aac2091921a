import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as balance from './balance';
import * as cancel from './cancel';
import * as order from './order';
import * as refill from './refill';
import * as service from './service';

type Execute = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/** resource -> operation -> execute. The keys are the saved parameter values: never rename them. */
const OPERATIONS: Record<string, Record<string, Execute>> = {
	balance: { get: balance.get.execute },
	cancel: { create: cancel.create.execute },
	order: { create: order.create.execute, getStatus: order.getStatus.execute },
	refill: { create: refill.create.execute, getStatus: refill.getStatus.execute },
	service: { get: service.get.execute, getAll: service.getAll.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const operations = Object.hasOwn(OPERATIONS, resource) ? OPERATIONS[resource] : undefined;
	const execute = operations !== undefined && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	if (execute === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
			description: 'Choose a resource and operation again in the node: this combination does not exist (any more).',
		});
	}
	return [await execute.call(this)];
}
