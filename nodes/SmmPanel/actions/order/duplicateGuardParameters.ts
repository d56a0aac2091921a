import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DuplicateGuardMode } from '../../persistence/duplicateGuard';

/** Order > Create's duplicate guard: its parameters, and reading them. */
const DEFAULT_WINDOW_MINUTES = 10;

export const duplicateGuardProperties: INodeProperties[] = [
	{
		displayName: 'Duplicate Guard',
		name: 'duplicateGuard',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Identical Orders',
				value: 'identicalOrders',
				description:
					'Hold back an order identical to one sent in the Duplicate Window (all fields the same)',
			},
			{
				name: 'Idempotency Key',
				value: 'idempotencyKey',
				description: "One order per key, e.g. your shop's order number, however often the item arrives",
			},
			{
				name: 'Off',
				value: 'off',
				description: 'Send every item as an order, identical or not',
			},
		],
		default: 'identicalOrders',
		description:
			'How to keep an order from being placed twice when the same item comes again (a re-run, a webhook delivered twice, a worker that stopped mid-run). Held-back items come out with "skipped": true.',
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.orderNumber }}',
		description: 'A value that names this order and no other, e.g. the shop order number and line. An item whose key this node sent before is held back.',
		displayOptions: { show: { duplicateGuard: ['idempotencyKey'] } },
	},
];

export const duplicateWindowOption: INodeProperties = {
	displayName: 'Duplicate Window (Minutes)',
	name: 'duplicateWindow',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1440 },
	default: DEFAULT_WINDOW_MINUTES,
	description: 'With Duplicate Guard "Identical Orders": how long after an order an identical one is held back',
};

export function readGuardMode(context: IExecuteFunctions): DuplicateGuardMode {
	return context.getNodeParameter('duplicateGuard', 0, 'identicalOrders') as DuplicateGuardMode;
}

export function windowMsFrom(options: { duplicateWindow?: unknown }): number {
	const minutes = Number(options.duplicateWindow ?? DEFAULT_WINDOW_MINUTES);
	return (Number.isFinite(minutes) && minutes >= 1 ? minutes : DEFAULT_WINDOW_MINUTES) * 60_000;
}

/** An item's Idempotency Key from the parameter's value for it; an empty one fails the item before any order is placed. */
export function readIdempotencyKey(context: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const key = String(value ?? '').trim();
	if (key === '') {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: the Idempotency Key is empty. No order was placed.`, {
			itemIndex,
			description: "Give each order a key of its own, e.g. {{ $json.orderNumber }}, or set Duplicate Guard to Identical Orders.",
		});
	}
	return key;
}
