/**
 * The SMM panel API v2 as this package knows it: its actions, which of them spend or change
 * something on the panel, and its batch limit.
 */
export type PanelAction = 'services' | 'add' | 'status' | 'refill' | 'refill_status' | 'cancel' | 'balance';

/** Actions that change nothing on the panel, and so may be repeated after any failure. */
const READ_ACTIONS: ReadonlySet<PanelAction> = new Set(['services', 'status', 'refill_status', 'balance']);

export function isReadAction(action: PanelAction): boolean {
	return READ_ACTIONS.has(action);
}

export type WriteAction = Exclude<PanelAction, 'services' | 'status' | 'refill_status' | 'balance'>;

export function isWriteAction(action: PanelAction): action is WriteAction {
	return !READ_ACTIONS.has(action);
}

/** For a write whose answer was lost: what it may have done, and how the user can find out, in words for messages. */
export const UNKNOWN_OUTCOME: Record<WriteAction, { effect: string; howToCheck: string; what: string }> = {
	add: {
		what: 'orders',
		effect: 'The order may have been placed',
		howToCheck: "look for it in your panel's order list (search for its link); if it is there, note its order ID",
	},
	refill: {
		what: 'refills',
		effect: 'The refills may have been requested',
		howToCheck: "check the orders' refills in your panel",
	},
	cancel: {
		what: 'cancellations',
		effect: 'The cancellations may have been requested',
		howToCheck: "check the orders in your panel's order list (or with Order > Get Status): a canceled order shows Canceled",
	},
};

/** The most IDs the API takes in one batch request (`orders=1,2,...`). */
export const MAX_IDS_PER_REQUEST = 100;
