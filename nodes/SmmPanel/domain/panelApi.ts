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

/** The most IDs the API takes in one batch request (`orders=1,2,...`). */
export const MAX_IDS_PER_REQUEST = 100;
