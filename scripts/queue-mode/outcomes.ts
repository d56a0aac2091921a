/**
 * Reading what the race bench's executions did: the items the node output (placed, held back per
 * reason, failed), and how many times the simulated panel placed each row's order.
 */
import type { SimOrder } from '../../test/simulator';
import { rowLink } from './workflows';

export type HeldBackReason = 'alreadyPlaced' | 'notKnown' | 'race' | 'other';

export interface ItemTally {
	placed: number;
	heldBack: Record<HeldBackReason, number>;
	failed: number;
	/** Held-back reasons as worded, numbers replaced by #, with their counts: to see what a category holds. */
	reasonTexts: Record<string, number>;
}

export interface PlacementTally {
	rows: number;
	/** Rows whose order the panel never placed. */
	never: number;
	once: number;
	/** Rows placed twice or more: must be 0. */
	twiceOrMore: number;
	/** Orders placed in all (sum over rows). */
	orders: number;
}

/**
 * A held-back item's reason, by its wording: the old guard's and the wordings both match
 * ("was being sent ... not known whether the panel placed it", "Another execution was sending the
 * same order at the same moment", "placed by this node ... as order 1001" / "identical to order 1001").
 */
export function reasonCategory(reason: string): HeldBackReason {
	if (/not known|unknown|may have been placed|may or may not/i.test(reason)) return 'notKnown';
	if (/another execution|same moment|at the same time|concurrent/i.test(reason)) return 'race';
	if (/placed|identical to order|same idempotency key|same key/i.test(reason)) return 'alreadyPlaced';
	return 'other';
}

export function emptyItemTally(): ItemTally {
	return { placed: 0, heldBack: { alreadyPlaced: 0, notKnown: 0, race: 0, other: 0 }, failed: 0, reasonTexts: {} };
}

export type ItemOutcome = { kind: 'placed'; order: number } | { kind: 'heldBack'; reason: HeldBackReason; text: string } | { kind: 'failed'; text: string };

export function itemOutcome(json: Record<string, unknown>): ItemOutcome {
	if (json.skipped === true) {
		const text = String(json.reason ?? '');
		return { kind: 'heldBack', reason: reasonCategory(text), text };
	}
	if (typeof json.order === 'number' || (typeof json.order === 'string' && json.order !== '')) return { kind: 'placed', order: Number(json.order) };
	return { kind: 'failed', text: String(json.error ?? json.message ?? JSON.stringify(json).slice(0, 200)) };
}

export function tallyItems(items: Array<Record<string, unknown>>, into: ItemTally = emptyItemTally()): ItemTally {
	for (const json of items) {
		const outcome = itemOutcome(json);
		if (outcome.kind === 'placed') into.placed++;
		else if (outcome.kind === 'failed') into.failed++;
		else {
			into.heldBack[outcome.reason]++;
			const shape = outcome.text.replace(/\d+/g, '#').slice(0, 160);
			into.reasonTexts[shape] = (into.reasonTexts[shape] ?? 0) + 1;
		}
	}
	return into;
}

/** How many orders the panel placed for each of the `rows` rows fired with `prefix`. */
export function placementsPerRow(orders: SimOrder[], prefix: string, rows: number): number[] {
	const indexByLink = new Map<string, number>();
	for (let index = 0; index < rows; index++) indexByLink.set(rowLink(prefix, index), index);
	const counts = new Array<number>(rows).fill(0);
	for (const order of orders) {
		const index = indexByLink.get(order.link);
		if (index !== undefined) counts[index]++;
	}
	return counts;
}

export function tallyPlacements(counts: number[]): PlacementTally {
	return {
		rows: counts.length,
		never: counts.filter((count) => count === 0).length,
		once: counts.filter((count) => count === 1).length,
		twiceOrMore: counts.filter((count) => count >= 2).length,
		orders: counts.reduce((sum, count) => sum + count, 0),
	};
}
