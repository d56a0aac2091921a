import { ORDER_IDS } from '../domain/idKinds';
import { fieldError, type PerIdRequest } from './perId';
import { parseWith } from './shape';
import { flag, isRecord, optionalFlag, textThatIsNot } from './values';

const KNOWN_FLAG = optionalFlag.refine((value) => value !== undefined);

/**
 * `cancel` with `orders=` (the API has no single form):
 * `[{"order": 2, "cancel": 1}, {"order": 9, "cancel": {"error": "..."}}]`.
 */
export const CANCEL_REQUEST: PerIdRequest<{ cancelRequested: true }> = {
	action: 'cancel',
	ids: ORDER_IDS,
	singleForm: false,
	idFields: ['order', 'id'],
	isBareEntry: (value) => 'cancel' in value,
	readEntry(entry, order) {
		const cancel = isRecord(entry) ? entry.cancel : entry;
		const message = fieldError(cancel) ?? textThatIsNot(KNOWN_FLAG, cancel);
		if (message !== undefined) return { error: message };
		if (parseWith(flag, cancel, `cancel result for order ${order}`)) return { cancelRequested: true };
		return { error: `The panel did not accept the cancel request (it answered ${JSON.stringify(cancel)})` };
	},
	toJson: (_result, order) => ({ order, cancelRequested: true }),
};
