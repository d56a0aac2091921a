import { ORDER_IDS, REFILL_IDS } from '../domain/idKinds';
import { canonicalStatus, isFinalStatus } from '../domain/statuses';
import { fieldError, type PerIdRequest } from './perId';
import { parseWith } from './shape';
import { isRecord, panelId, text, textThatIsNot } from './values';

export interface RefillStatus {
	refill: number;
	status: string;
	final: boolean;
}

/** `refill` with `order=` (`{"refill": "1"}`) or `orders=` (`[{"order": 1, "refill": 1}]`). */
export const REFILL_REQUEST: PerIdRequest<{ refill: number }> = {
	action: 'refill',
	ids: ORDER_IDS,
	singleForm: true,
	idFields: ['order', 'id'],
	isBareEntry: (value) => 'refill' in value,
	readEntry(entry, order) {
		const refill = isRecord(entry) ? entry.refill : entry;
		const message = fieldError(refill) ?? textThatIsNot(panelId, refill);
		if (message !== undefined) return { error: message };
		return { refill: parseWith(panelId, refill, `refill ID for order ${order}`) };
	},
	toJson: (created, order) => ({ order, refill: created.refill }),
};

/** `refill_status` with `refill=` (`{"status": "Completed"}`) or `refills=` (array). */
export const REFILL_STATUS_REQUEST: PerIdRequest<RefillStatus> = {
	action: 'refill_status',
	ids: REFILL_IDS,
	singleForm: true,
	idFields: ['refill', 'id'],
	isBareEntry: (value) => 'status' in value,
	readEntry(entry, refill) {
		const status = isRecord(entry) ? entry.status : entry;
		const message = fieldError(status);
		if (message !== undefined) return { error: message };
		const canonical = canonicalStatus(parseWith(text, status, `status of refill ${refill}`));
		return { refill, status: canonical, final: isFinalStatus(canonical) };
	},
	toJson: (status) => ({ ...status }),
};
