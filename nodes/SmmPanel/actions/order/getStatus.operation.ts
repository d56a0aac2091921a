import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { idSourceProperties } from '../../descriptions/idSource';
import { batchedIdOptions, optionsCollection, readOptions } from '../../descriptions/options';
import { detectStatusChanges, withPreviousStatus, type StatusMemory } from '../../domain/changeDetection';
import { runPooledIdOperation, type Presenter } from '../../execution/pooledIds';
import { ORDER_STATUS_REQUEST, type OrderStatus } from '../../replies/orders';

/**
 * Order > Get Status: the status of every order ID of every item, pooled into batch requests
 * (`action=status`, `orders=`). With "Only Output Changes", only orders whose status changed
 * since the last run are output: the node then acts as a change detector behind any schedule.
 */
const properties: INodeProperties[] = [
	...idSourceProperties(ORDER_STATUS_REQUEST.ids),
	optionsCollection([
		...batchedIdOptions,
		{
			displayName: 'Only Output Changes',
			name: 'onlyChanged',
			type: 'boolean',
			default: false,
			description:
				"Whether to output only orders whose status changed since this node's last run, each with its previous status. The first run only records statuses. Works in active workflows: n8n does not keep a node's memory between manual runs in the editor.",
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['getStatus'] } }, properties);

/** Where "Only Output Changes" keeps the last status seen per order, in the node's static data. */
export const STATUS_MEMORY_KEY = 'orderStatuses';

/**
 * Keeps what changed since the last run. Only statuses read in this run touch the memory: an order
 * whose request failed, or that came back as an error, keeps its last status, so its change is
 * reported by the next run that reads it. Final orders are reported once, then forgotten.
 */
function onlyChanges(context: IExecuteFunctions): (results: ReadonlyMap<number, OrderStatus>) => Presenter<OrderStatus> {
	return (results) => {
		const staticData = context.getWorkflowStaticData('node');
		const memory = statusMemory(staticData);
		const observed = [...results.values()].map((status) => ({ id: status.order, status: status.status, final: status.final }));
		const memoryChanges = observed.some(({ id, status }) => memory[String(id)] !== status);
		const changes = detectStatusChanges(memory, observed, { emitFirstSight: false, forgetFinal: true });
		// Assigning marks the static data as changed, so n8n saves it after the run.
		if (memoryChanges) staticData[STATUS_MEMORY_KEY] = memory;
		const previousById = new Map(changes.map((change) => [change.id, change.previousStatus]));
		return (status) =>
			previousById.has(status.order)
				? withPreviousStatus(ORDER_STATUS_REQUEST.toJson(status, status.order), previousById.get(status.order) ?? null)
				: undefined;
	};
}

function statusMemory(staticData: IDataObject): StatusMemory {
	const stored = staticData[STATUS_MEMORY_KEY];
	return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as StatusMemory) : {};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = readOptions(this);
	return await runPooledIdOperation(this, ORDER_STATUS_REQUEST, {
		settings: options,
		presenter: options.onlyChanged ? onlyChanges(this) : undefined,
	});
}
