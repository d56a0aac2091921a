import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, includeRawOption, optionsCollection, readOptions } from '../../descriptions/options';
import { serviceLocator } from '../../descriptions/serviceLocator';
import { findOrderProblem } from '../../domain/orderValidation';
import type { DuplicateGuardMode } from '../../persistence/duplicateGuard';
import { itemParameters } from '../../execution/fieldReference';
import { asItemError, forEachItem, itemSettler, type ItemError } from '../../execution/items';
import { serviceCatalogue } from '../../execution/serviceCatalogue';
import { duplicateGuardProperties, duplicateWindowOption, readGuardMode, readIdempotencyKey, windowMsFrom } from './duplicateGuardParameters';
import { readDraft } from './orderDraft';
import { orderProperties } from './orderParameters';
import { OrderPlacement, type PlannedOrder } from './placement';

/**
 * Order > Create: places one order per input item (`action=add`). `add` spends money and is not
 * idempotent: it is sent at most once per item (the transport never resends it, placement.ts
 * never sends it again when n8n re-runs the node, and the duplicate guard holds back the same
 * order arriving again), and with "Validate Before Ordering" only after the service, the order
 * type, the quantity and drip-feed were checked against the panel's service list.
 */
const properties: INodeProperties[] = [
	serviceLocator(
		"The service to order. The list shows each service's ID, price (per 1000, or per package), minimum and maximum quantity, and type: choose that type as Order Type.",
	),
	...orderProperties,
	...duplicateGuardProperties,
	optionsCollection([
		concurrencyOption,
		duplicateWindowOption,
		includeRawOption,
		{
			displayName: 'Validate Before Ordering',
			name: 'validateBeforeOrdering',
			type: 'boolean',
			default: true,
			description:
				"Whether to check the order against the panel's service list first (the service exists, the order type fits it, the quantity is within its minimum and maximum, drip-feed is allowed), so that no order is sent that the panel would reject or misread",
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['create'] } }, properties);

/**
 * Every item's order, read and (with Validate Before Ordering) checked, before any is placed: an
 * order that would fail stops the node before money is spent on the others, or, under Continue On
 * Fail, becomes its item's error while the valid ones go ahead.
 */
async function checkedOrders(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	validateBeforeOrdering: boolean,
	guard: DuplicateGuardMode,
): Promise<Array<PlannedOrder | ItemError>> {
	const settle = itemSettler(context);
	const parameters = itemParameters(context, items);
	const drafts: Array<PlannedOrder | ItemError> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		drafts.push(
			await settle(itemIndex, async () => {
				const draft = readDraft(context, itemIndex, parameters);
				// Fetched once per execution, and only once some item is worth checking.
				const catalogue = validateBeforeOrdering ? await serviceCatalogue(context) : undefined;
				const problem = catalogue && findOrderProblem(draft, catalogue.byId.get(draft.service));
				if (problem) {
					throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${problem.message}. No order was placed.`, {
						itemIndex,
						description: problem.description,
					});
				}
				return guard === 'idempotencyKey' ? { draft, idempotencyKey: readIdempotencyKey(context, itemIndex, parameters('idempotencyKey', itemIndex)) } : { draft };
			}),
		);
	}
	return drafts;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { includeRaw, validateBeforeOrdering, concurrency } = readOptions(this);
	const guard = readGuardMode(this);
	const items = this.getInputData();
	const planned = await checkedOrders(this, items, validateBeforeOrdering, guard);
	const settings = { guard, windowMs: windowMsFrom(this.getNodeParameter('options', 0, {})), includeRaw, concurrency };
	const placement = await OrderPlacement.start(this, settings, planned);
	let output: INodeExecutionData[];
	try {
		output = await forEachItem(
			this,
			items,
			async (itemIndex) => {
				const order = planned[itemIndex];
				if (order instanceof Error) throw order;
				return await placement.place(itemIndex, order);
			},
			concurrency,
		);
	} catch (error) {
		// The node stops here: the error says which orders were placed, so that none is lost or paid twice.
		const itemError = asItemError(this, error, 0);
		await placement.finish(items.length).catch(() => undefined);
		itemError.description = [itemError.description, placement.report(items.length)].filter((part) => part).join(' ');
		throw itemError;
	}
	await placement.finish(items.length);
	return output;
}
