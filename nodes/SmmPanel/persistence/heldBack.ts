/**
 * What a held-back order says: a short `reason` in its output item (read in a table, beside the
 * earlier order's ID), and one execution hint for the whole run with the advice, so that the
 * canvas shows that something was held back at all.
 */
export type HeldBackKind = 'placed' | 'unknown' | 'sameRun' | 'race';

export interface HeldBack {
	kind: HeldBackKind;
	reason: string;
	earlierOrder?: number;
}

export interface GuardedBy {
	idempotencyKey: boolean;
	windowMs: number;
}

/** "31 s ago", "4 min ago", "2 h ago": rounded down, never up. */
export function timeAgo(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds} s ago`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ago`;
	return `${Math.floor(minutes / 60)} h ago`;
}

function windowText(windowMs: number): string {
	const minutes = Math.round(windowMs / 60_000);
	return minutes % 60 === 0 && minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`;
}

function sameAs(by: GuardedBy): string {
	return by.idempotencyKey ? 'same Idempotency Key as' : 'identical to';
}

export function placedEarlier(by: GuardedBy, earlier: { order: number; at: number } | undefined, now: number): HeldBack {
	if (earlier) return { kind: 'placed', reason: `${sameAs(by)} order ${earlier.order}, placed ${timeAgo(now - earlier.at)}`, earlierOrder: earlier.order };
	const when = by.idempotencyKey ? 'earlier' : `in the last ${windowText(by.windowMs)}`;
	return { kind: 'placed', reason: `${sameAs(by)} an order placed ${when}` };
}

export function outcomeUnknown(by: GuardedBy): HeldBack {
	const when = by.idempotencyKey ? '' : ` in the last ${windowText(by.windowMs)}`;
	return { kind: 'unknown', reason: `${sameAs(by)} an order sent${when} that may or may not have been placed: check your panel` };
}

export function sameRun(by: GuardedBy, itemIndex: number, order: number | undefined): HeldBack {
	const which = order === undefined ? `item ${itemIndex} of this run` : `order ${order} (item ${itemIndex} of this run)`;
	return { kind: 'sameRun', reason: `${sameAs(by)} ${which}`, earlierOrder: order };
}

export function sentElsewhere(): HeldBack {
	return { kind: 'race', reason: 'another execution was sending the same order at that moment: check your panel' };
}

function counted(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** The hint for a run that held orders back: how many, why, and what to do. */
export function heldBackHint(kinds: readonly HeldBackKind[], itemCount: number, by: GuardedBy): string {
	const of = (kind: HeldBackKind): number => kinds.filter((each) => each === kind).length;
	const parts = [
		of('placed') > 0 ? counted(of('placed'), 'was already ordered earlier', 'were already ordered earlier') + ' ("order" is that order\'s ID when known)' : '',
		of('sameRun') > 0 ? counted(of('sameRun'), 'repeated another item of this run', 'repeated other items of this run') : '',
		of('unknown') > 0
			? counted(of('unknown'), 'matched an order', 'matched orders') +
				" another run sent whose outcome is not known (still on its way, or that run lost the answer or stopped): check your panel's order list before ordering again"
			: '',
		of('race') > 0 ? counted(of('race'), 'was', 'were') + " being sent by another execution at the same moment: check your panel's order list" : '',
	].filter((part) => part !== '');
	const again = by.idempotencyKey
		? 'One order is placed per Idempotency Key: to order again on purpose, use a new key.'
		: `To order an identical one again on purpose, wait until the Duplicate Window (${windowText(by.windowMs)}) has passed, or use Duplicate Guard "Idempotency Key" with a key per order.`;
	return `Duplicate Guard held back ${kinds.length} of ${itemCount} items; nothing was ordered for them ("skipped": true). ${parts.join('; ')}. ${again}`;
}
