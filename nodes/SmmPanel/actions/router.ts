import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as balance from './balance';
import * as cancel from './cancel';
import type { SmmPanelType } from './node.type';
import * as order from './order';
import * as refill from './refill';
import * as service from './service';

type Operation = { execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> };

/** Each resource's operations, by saved value. */
const RESOURCES: { [R in SmmPanelType['resource']]: Record<Extract<SmmPanelType, { resource: R }>['operation'], Operation> } = {
	balance: { get: balance.get },
	cancel: { create: cancel.create },
	order: { create: order.create, getStatus: order.getStatus },
	refill: { create: refill.create, getStatus: refill.getStatus },
	service: { get: service.get, getAll: service.getAll },
};

function operationFor(resource: string, operation: string): Operation | undefined {
	if (!Object.hasOwn(RESOURCES, resource)) return undefined;
	const operations: Record<string, Operation> = RESOURCES[resource as SmmPanelType['resource']];
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const selected = operationFor(resource, operation);
	if (selected === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
			description: 'Choose a resource and operation again in the node: this combination does not exist (any more).',
		});
	}
	return [await selected.execute.call(this)];
}
