import { NodeOperationError, sleep } from 'n8n-workflow';
import type { ICheckProcessedOptions, IExecuteFunctions } from 'n8n-workflow';

/**
 * A short-held lock that every n8n process of the instance respects (main, queue-mode workers),
 * built on the one atomic step n8n's deduplication store offers: two processes inserting the same
 * row at once, one insert fails on the primary key. The row is the workflow's shared one (scope
 * 'workflow', context ''): the lock is held while the row exists, taken by inserting it, released
 * by deleting it. Everything the duplicate guard writes while holding it cannot be lost to another
 * guard's write, since every guard writes only while holding it.
 *
 * The row is the one Remove Duplicates with Scope "Workflow" (or another node) may keep records
 * in. Those are never mixed with the lock nor deleted:
 * - the lock row is kept in mode 'latestIncrementalKey' with one value, a number far below any
 *   record's, written as a string of a length chosen at random per lock (`LENGTHS`): n8n's
 *   read-only count of a row's entries is that string's length, so a waiter tells a lock from
 *   records, and one lock from the next, without writing;
 * - the one write a waiter makes (the insert attempt) is refused by n8n before it writes anything
 *   when the row holds entries or dates (another mode), and when it meets another row in this mode
 *   its value is not larger than the row's, so n8n writes back what it read;
 * - a row whose count is not a lock's length, or which refuses the mode, is another node's: the
 *   guard is told (`foreign`) and uses its other path. Only a row seen to be a lock is ever deleted.
 *
 * A process killed while holding the lock leaves the row behind. A waiter that sees the same lock
 * (the same length) at every look for `timing.staleMs` (plus a random part, so that two waiters
 * rarely decide at the same moment) deletes it, after one more look just before. That step is not
 * atomic: two waiters breaking the same dead lock within one database round trip of each other
 * could delete the lock a third process took in between. A holder trusts what it wrote only if the
 * write returned within `staleMs` of asking for the lock (no waiter can have broken it before), and
 * deletes the row only within half of it.
 */
export const lockTiming = {
	/** How long a waiter must see the same lock before it is taken for one left by a dead process. */
	staleMs: 30_000,
	/** The random part added to staleMs per waiter. */
	staleJitterMs: 5_000,
	/** How long every look must find a row that is neither absent nor a lock before it is taken for another node's. */
	unidentifiedMs: 3_000,
	/** How long acquiring may take in all before the guard gives up (the orders are not sent). */
	acquireTimeoutMs: 120_000,
	/** The pause between looks while another process holds the lock: random in [min, max]. */
	pollMinMs: 2,
	pollMaxMs: 25,
};

/** The lock's value: far below any record a node keeps, the same number in every lock. */
const LOCK_NUMBER = '1000000000000000';
/** The lengths the value is written in (zeros after the minus sign): one lock from the next. */
const LENGTHS = { min: 40, max: 199 };
const LOCK_MODE: ICheckProcessedOptions = { mode: 'latestIncrementalKey' };
const COUNT_MODE: ICheckProcessedOptions = { mode: 'entries' };

/** The database refusing a second insert of one row: PostgreSQL, MySQL/MariaDB and SQLite wordings. */
export const ROW_TAKEN = /duplicate key value violates unique constraint|ER_DUP_ENTRY|Duplicate entry|UNIQUE constraint failed/i;
/** n8n refusing a call whose mode differs from the row's: the row is another node's. */
const OTHER_MODE = /incompatible setting|another mode|Keep Items Where/i;

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function randomBetween(min: number, max: number): number {
	return min + Math.floor(Math.random() * (max - min + 1));
}

function lockValue(length: number): string {
	return `-${LOCK_NUMBER.padStart(length - 1, '0')}`;
}

function isLockLength(count: number): boolean {
	return count >= LENGTHS.min && count <= LENGTHS.max;
}

export interface HeldLock {
	/** Whether what was written since the lock was taken surely landed while it was held. */
	stillTrusted(): boolean;
	release(): Promise<void>;
}

export type LockResult = { held: HeldLock } | { foreign: string };

/** A monotonic clock: a waiter's and a holder's durations do not depend on the wall clocks of processes agreeing. */
function now(): number {
	return performance.now();
}

export class WorkflowLock {
	constructor(private readonly context: IExecuteFunctions) {}

	private async count(): Promise<number> {
		return await this.context.helpers.getProcessedDataCount('workflow', COUNT_MODE);
	}

	/** Inserts the lock row if there is none: held if this call inserted it. */
	private async tryInsert(): Promise<{ held: HeldLock } | 'exists' | 'contended' | { foreign: string }> {
		const askedAt = now();
		try {
			const value = lockValue(randomBetween(LENGTHS.min, LENGTHS.max));
			const output = await this.context.helpers.checkProcessedAndRecord([value], 'workflow', LOCK_MODE);
			// The value is not larger than any lock's or record's: it is new only where this call inserted the row.
			return output.new.length > 0 ? { held: this.held(askedAt) } : 'exists';
		} catch (error) {
			const message = messageOf(error);
			if (ROW_TAKEN.test(message)) return 'contended';
			if (OTHER_MODE.test(message)) return { foreign: 'it holds records of another kind (entries or dates)' };
			throw new NodeOperationError(this.context.getNode(), message);
		}
	}

	private held(askedAt: number): HeldLock {
		let released = false;
		return {
			stillTrusted: () => now() - askedAt < lockTiming.staleMs,
			release: async () => {
				if (released) return;
				released = true;
				// Past half the stale time, a delete still on its way might land after a waiter broke the lock and another took it.
				if (now() - askedAt < lockTiming.staleMs / 2) await this.context.helpers.clearAllProcessedItems('workflow', COUNT_MODE);
			},
		};
	}

	async acquire(): Promise<LockResult> {
		const started = now();
		const staleAfter = lockTiming.staleMs + Math.random() * lockTiming.staleJitterMs;
		/** The lock being waited for: its length, and since when it has been seen at every look. */
		let watched: { length: number; since: number } | undefined;
		/** Since when every look found a row in this mode without a lock's count (another node's number), and how often. */
		let unidentified: { since: number; looks: number } | undefined;
		for (;;) {
			if (now() - started > lockTiming.acquireTimeoutMs) {
				throw new NodeOperationError(this.context.getNode(), `the lock that keeps the duplicate guard's records consistent was held by another execution for over ${Math.round(lockTiming.acquireTimeoutMs / 1000)} s`);
			}
			const lookedAt = now();
			const count = await this.count();
			if (count === 0) {
				watched = undefined;
				const attempt = await this.tryInsert();
				if (typeof attempt === 'object') return attempt;
				// A row in this mode whose count is not a lock's: another node's number, or a lock taken between the two looks. Only
				// the first stays: the guard must be sure before it takes its other path, which is safe only if every guard takes it.
				if (attempt === 'exists') {
					unidentified ??= { since: lookedAt, looks: 0 };
					if (++unidentified.looks >= 20 && now() - unidentified.since > lockTiming.unidentifiedMs) {
						return { foreign: 'it holds another node\'s "latest value" record' };
					}
				} else unidentified = undefined;
			} else if (!isLockLength(count)) {
				return { foreign: `it holds ${count} records of another node` };
			} else if (watched?.length !== count) {
				// A lock not seen before: the insert attempt shows that it is one (n8n refuses it on a row of another mode), writing nothing.
				unidentified = undefined;
				const attempt = await this.tryInsert();
				if (typeof attempt === 'object') return attempt;
				watched = attempt === 'exists' ? { length: count, since: lookedAt } : undefined;
			} else if (now() - watched.since > staleAfter && (await this.count()) === count) {
				// The same lock at every look for the stale time: its holder is gone. One more look just before, then break it.
				await this.context.helpers.clearAllProcessedItems('workflow', COUNT_MODE);
				this.context.logger.warn(`SMM Panel: the duplicate guard broke a lock held for over ${Math.round(staleAfter / 1000)} s (the n8n process holding it stopped)`);
				watched = undefined;
				continue;
			}
			await sleep(randomBetween(lockTiming.pollMinMs, lockTiming.pollMaxMs));
		}
	}
}
