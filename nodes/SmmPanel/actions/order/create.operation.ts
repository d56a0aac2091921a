import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption, includeRawOption, optionsCollection, readOptions } from '../../descriptions/options';
import { serviceLocator } from '../../descriptions/serviceLocator';
import { findOrderProblem, type OrderDraft } from '../../domain/orderValidation';
import { forEachItem, itemSettler, withRaw, type ItemError } from '../../execution/items';
import { serviceCatalogue } from '../../execution/serviceCatalogue';
import { parseOrderCreated } from '../../replies/orders';
import { panelRequest } from '../../transport';
import { readDraft } from './orderDraft';
import { orderProperties } from './orderParameters';

/**
 * Order > Create: places one order per input item (`action=add`). `add` is not idempotent, so it
 * is sent at most once per item (the transport never resends it), and with "Validate Before
 * Ordering" only after the service, the order type, the quantity and drip-feed were checked
 * against the panel's service list.
 */
const properties: INodeProperties[] = [
	serviceLocator(
		"The service to order. The list shows each service's ID, price (per 1000, or per package), minimum and maximum quantity, and type: choose that type as Order Type.",
	),
	...orderProperties,
	optionsCollection([
		concurrencyOption,
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
async function checkedDrafts(
	context: IExecuteFunctions,
	itemCount: number,
	validateBeforeOrdering: boolean,
): Promise<Array<OrderDraft | ItemError>> {
	const settle = itemSettler(context);
	const drafts: Array<OrderDraft | ItemError> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		drafts.push(
			await settle(itemIndex, async () => {
				const draft = readDraft(context, itemIndex);
				// Fetched once per execution, and only once some item is worth checking.
				const catalogue = validateBeforeOrdering ? await serviceCatalogue(context) : undefined;
				const problem = catalogue && findOrderProblem(draft, catalogue.byId.get(draft.service));
				if (problem) {
					throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${problem.message}. No order was placed.`, {
						itemIndex,
						description: problem.description,
					});
				}
				return draft;
			}),
		);
	}
	return drafts;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { includeRaw, validateBeforeOrdering, concurrency } = readOptions(this);
	const items = this.getInputData();
	const drafts = await checkedDrafts(this, items.length, validateBeforeOrdering);
	return await forEachItem(
		this,
		items,
		async (itemIndex) => {
			const draft = drafts[itemIndex];
			if (draft instanceof Error) throw draft;
			const { data, raw } = await panelRequest(this, 'add', { service: draft.service, ...draft.fields }, parseOrderCreated, {
				itemIndex,
			});
			const json: IDataObject = { order: data.order, service: draft.service, ...draft.fields };
			return [{ json: withRaw(json, includeRaw, raw), pairedItem: { item: itemIndex } }];
		},
		concurrency,
	);
}
