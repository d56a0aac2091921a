import { z } from 'zod';

import { ORDER_IDS } from '../domain/idKinds';
import { canonicalStatus, isFinalStatus } from '../domain/statuses';
import type { IdError, PerIdRequest } from './perId';
import { parseWith, ReplyShapeError, typeName } from './shape';
import { countOrNull, isRecord, moneyOrNull, panelId, textOrNull } from './values';

/** `add`: `{"order": 23501}`. */
export function parseOrderCreated(raw: unknown): { order: number } {
	return parseWith(z.object({ order: panelId }), raw, 'expected the new order ID in "order"');
}

export interface OrderStatus {
	order: number;
	status: string;
	charge: number | null;
	startCount: number | null;
	remains: number | null;
	currency: string | null;
	final: boolean;
}

/**
 * One order's entry of a `status` reply: `status` (text or a number), `charge`, `start_count`,
 * `remains` (numbers, null when missing or blank) and `currency` (text or null). Read by hand, with
 * the rules and messages a zod object schema would have, because it runs for every order of every
 * status reply between one request and the next, where a schema's per-entry cost showed in the
 * benchmark (`npm run bench`).
 */
function readOrderStatusEntry(entry: unknown, order: number): OrderStatus | IdError {
	const what = `status of order ${order}`;
	// A status is always an object; text in its place can only be the panel's message about the order.
	if (typeof entry === 'string' && entry.trim() !== '') return { error: entry.trim() };
	if (!isRecord(entry)) {
		throw new ReplyShapeError(`${what}: ${entry === undefined ? 'Required' : `Expected object, received ${typeName(entry)}`}`);
	}
	const panelStatus = entry.status;
	if (typeof panelStatus !== 'string' && typeof panelStatus !== 'number') {
		throw new ReplyShapeError(`${what}: Invalid input at "status"`);
	}
	const status = canonicalStatus(String(panelStatus).trim());
	return {
		order,
		status,
		charge: moneyOrNull(entry.charge),
		startCount: countOrNull(entry.start_count),
		remains: countOrNull(entry.remains),
		currency: textOrNull(entry.currency),
		final: isFinalStatus(status),
	};
}

/** `status` with `order=` or `orders=`. */
export const ORDER_STATUS_REQUEST: PerIdRequest<OrderStatus> = {
	action: 'status',
	ids: ORDER_IDS,
	singleForm: true,
	idFields: ['order', 'id'],
	isBareEntry: (value) => 'status' in value,
	readEntry: readOrderStatusEntry,
	toJson: (status) => ({ ...status }),
};
