/**
 * The one status vocabulary of the package. Panels spell statuses in many ways ("in progress",
 * "Inprogress", "Cancelled", "COMPLETED"); everything downstream (outputs, the trigger's change
 * detection, filters) compares canonical names only, so the mapping lives here and nowhere else.
 */
export const ORDER_STATUSES = [
	'Pending',
	'In progress',
	'Processing',
	'Completed',
	'Partial',
	'Canceled',
] as const;

/** Final order states some panels add beyond the reference's. */
export const EXTRA_FINAL_ORDER_STATUSES = ['Refunded', 'Failed'] as const;

/** A refill's statuses in the reference. */
export const REFILL_STATUSES = ['Pending', 'In progress', 'Completed', 'Rejected'] as const;

/** Every status this package names: those of orders and refills, and the final ones panels add. */
export const KNOWN_STATUSES: readonly string[] = [...new Set<string>([...ORDER_STATUSES, ...EXTRA_FINAL_ORDER_STATUSES, ...REFILL_STATUSES])];

/** Statuses after which an order or refill never changes again. */
const FINAL_STATUSES = new Set<string>(['Completed', 'Partial', 'Canceled', ...EXTRA_FINAL_ORDER_STATUSES, 'Rejected']);

const CANONICAL_BY_KEY: Record<string, string> = {
	pending: 'Pending',
	inprogress: 'In progress',
	processing: 'Processing',
	completed: 'Completed',
	complete: 'Completed',
	partial: 'Partial',
	partiallycompleted: 'Partial',
	canceled: 'Canceled',
	cancelled: 'Canceled',
	rejected: 'Rejected',
	refunded: 'Refunded',
	failed: 'Failed',
	fail: 'Failed',
	error: 'Failed',
};

function statusKey(status: string): string {
	return status.toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * Maps a panel's spelling onto the canonical name. A status we do not know is kept as the panel
 * sent it (trimmed), never rejected: a new panel state must not break a workflow.
 */
export function canonicalStatus(status: string): string {
	const trimmed = status.trim();
	return CANONICAL_BY_KEY[statusKey(trimmed)] ?? trimmed;
}

export function isFinalStatus(status: string): boolean {
	return FINAL_STATUSES.has(canonicalStatus(status));
}
