import { NodeOperationError, sleep } from 'n8n-workflow';
import type { ICheckProcessedOptions, IExecuteFunctions } from 'n8n-workflow';

import { messageOf, ROW_TAKEN } from './processedStore';

/**
 * A short-held lock that every n8n process of the instance respects (main, queue-mode workers),
 * built on the one atomic step n8n's deduplication store offers: two processes inserting the same
 * row at once, one insert fails on the primary key. The row is the workflow's shared one (scope
 * 'workflow', context ''): the lock is held while the row exists, taken by inserting it, released
 * by deleting it. Everything the duplicate guard writes while holding it cannot be lost to another
 * guard's write, since every guard writes only while holding it.
 *
 * The row is kept in mode 'latestIncrementalKey', whose one value n8n raises to the largest number
 * a call brings and never lowers, and answers, per number, whether it was larger ("new"). Each
 * look at the lock is one call with two numbers, both far below any value another node would
 * keep there (so such a value is never changed: n8n writes back what it read):
 * - `FLOOR`: new only where the call inserted the row, i.e. took the lock;
 * - `FLOOR + (now - stale time)`: new where the lock was taken longer ago than the stale time.
 * The holder then raises the value to `FLOOR + now` (its time of taking it, in milliseconds), one call.
 *
 * Another node's records in that row (Remove Duplicates with Scope "Workflow") are never changed
 * or deleted: entries or dates make n8n refuse the call before it writes anything (`foreign`: the
 * guard uses its other path); a number of theirs is far above any lock's, so it looks like a lock
 * just taken, is waited for and never broken, and the guard gives up after `acquireTimeoutMs`
 * without sending anything, saying why.
 *
 * A process killed while holding the lock leaves the row behind. A waiter that finds it older than
 * the stale time at every look for `confirmMs` (a lock just taken looks old until its holder has
 * raised it, one call later; a holder whose raise took over half of that does not trust the lock)
 * deletes it. This assumes the clocks of n8n's processes agree
 * within 10 seconds. A holder trusts what it wrote only if the write returned within
 * `staleMs - 10 s` of asking for the lock, and deletes the row only within `staleMs / 3`.
 * Breaking is the one step that is not atomic: two waiters deleting the same dead lock within one
 * database round trip of each other could delete a lock a third process took in between; each
 * waiter's stale time has a random part, so that they rarely decide at the same moment.
 */
export const lockTiming = {
	/** How old a lock must be, by the waiter's clock, to be taken for one left by a dead process. */
	staleMs: 30_000,
	/** The random part added to staleMs per waiter. */
	staleJitterMs: 5_000,
	/** How long the lock must still look stale, at every look, before it is broken: its holder raises it well within that. */
	confirmMs: 5_000,
	/** How far apart the clocks of n8n's processes may be. */
	clockSkewMs: 10_000,
	/** How long acquiring may take in all before the guard gives up (the orders are not sent). */
	acquireTimeoutMs: 120_000,
	/** The pause between looks while another process holds the lock: random in [min, max]. */
	pollMinMs: 2,
	pollMaxMs: 25,
};

/** Far below any number a node keeps as "the latest value", and below every lock's value; plus a time in ms, still exact as a double. */
const FLOOR = -8_000_000_000_000_000;
const LOCK_MODE: ICheckProcessedOptions = { mode: 'latestIncrementalKey' };

/** n8n refusing a call whose mode differs from the row's: the row is another node's. */
const OTHER_MODE = /incompatible setting|another mode|Keep Items Where/i;

function randomBetween(min: number, max: number): number {
	return min + Math.floor(Math.random() * (max - min + 1));
}

/** A monotonic clock for durations within one process. */
function elapsedSince(start: number): number {
	return performance.now() - start;
}

export interface HeldLock {
	/** Whether what was written since the lock was taken surely landed while it was held. */
	stillTrusted(): boolean;
	release(): Promise<void>;
}

export type LockResult = { held: HeldLock } | { foreign: string };

type Look = 'taken' | 'held' | 'stale' | 'contended' | { foreign: string };

export class WorkflowLock {
	constructor(private readonly context: IExecuteFunctions) {}

	/** One look: takes the lock if the row is absent, else tells whether it is older than `staleAfterMs`. */
	private async look(staleAfterMs: number): Promise<Look> {
		const olderThan = FLOOR + Math.floor(Date.now() - staleAfterMs);
		try {
			const output = await this.context.helpers.checkProcessedAndRecord([FLOOR, olderThan], 'workflow', LOCK_MODE);
			const isNew = new Set(output.new.map(Number));
			if (isNew.has(FLOOR)) return 'taken';
			return isNew.has(olderThan) ? 'stale' : 'held';
		} catch (error) {
			const message = messageOf(error);
			if (ROW_TAKEN.test(message)) return 'contended';
			if (OTHER_MODE.test(message)) return { foreign: 'it holds records of another kind (entries or dates)' };
			throw new NodeOperationError(this.context.getNode(), message);
		}
	}

	/** The lock this process took at `askedAt`, raised to its time `raisedAfterMs` later. */
	private held(askedAt: number, raisedAfterMs: number): HeldLock {
		let released = false;
		// Until raised, the lock looks old: a waiter that saw it so for confirmMs may have broken it.
		const raisedInTime = raisedAfterMs < lockTiming.confirmMs / 2;
		return {
			stillTrusted: () => raisedInTime && elapsedSince(askedAt) < lockTiming.staleMs - lockTiming.clockSkewMs,
			release: async () => {
				if (released) return;
				released = true;
				// Later, a delete still on its way might land after a waiter broke the lock and another took it.
				if (elapsedSince(askedAt) < lockTiming.staleMs / 3) await this.context.helpers.clearAllProcessedItems('workflow', LOCK_MODE);
			},
		};
	}

	async acquire(): Promise<LockResult> {
		const started = performance.now();
		const staleAfterMs = lockTiming.staleMs + lockTiming.clockSkewMs + Math.random() * lockTiming.staleJitterMs;
		let staleSince: number | undefined;
		for (;;) {
			if (elapsedSince(started) > lockTiming.acquireTimeoutMs) {
				throw new NodeOperationError(
					this.context.getNode(),
					`the lock that keeps the duplicate guard's records consistent was held for over ${Math.round(lockTiming.acquireTimeoutMs / 1000)} s`,
					{
						description:
							'Another execution of this workflow held it all that time, or another node keeps a number in the workflow\'s shared deduplication row (e.g. Remove Duplicates with Scope "Workflow" and "Value Is Higher than Any Previous Value"): give that node Scope: Node.',
					},
				);
			}
			const askedAt = performance.now();
			const look = await this.look(staleAfterMs);
			if (typeof look === 'object') return look;
			if (look === 'taken') {
				// The row holds an old time until now: raise it to the time it was taken, so that no waiter takes it for a dead one.
				await this.context.helpers.checkProcessedAndRecord([FLOOR + Date.now()], 'workflow', LOCK_MODE);
				return { held: this.held(askedAt, elapsedSince(askedAt)) };
			}
			if (look === 'stale') {
				staleSince ??= performance.now();
				if (elapsedSince(staleSince) >= lockTiming.confirmMs) {
					await this.context.helpers.clearAllProcessedItems('workflow', LOCK_MODE);
					this.context.logger.warn(`SMM Panel: the duplicate guard broke a lock taken over ${Math.round(staleAfterMs / 1000)} s ago (the n8n process holding it stopped)`);
					staleSince = undefined;
					continue;
				}
			} else staleSince = undefined;
			await sleep(randomBetween(lockTiming.pollMinMs, lockTiming.pollMaxMs));
		}
	}
}
