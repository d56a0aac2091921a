import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { guardRecords, type GuardRecords } from './guardRecords';
import { outcomeUnknown, placedEarlier, sameRun, sentElsewhere, type GuardedBy, type HeldBack } from './heldBack';

/**
 * The duplicate guard: an order is claimed in n8n's database before it is sent, so that the same
 * order arriving again (a re-run, "Execute step" in the editor, a webhook delivered twice, a
 * worker that died mid-run, two executions at once) is held back instead of paid for twice.
 *
 * - Identical Orders: an order claims its fingerprint (panel URL, service and every form field)
 *   in three time buckets of half the window each (its own and the next two), so a same order
 *   less than a window later finds its bucket claimed; one up to 1.5 windows later may too.
 * - Idempotency Key: an order claims its key, for as long as the node's records keep it.
 *
 * Claims are written under a lock every n8n process respects (guardRecords.ts), so a claim
 * granted is one no other execution was granted. They are written ahead, several orders in one
 * write, while the orders before them are sent: a run asks for claims at most `2 × Concurrency`
 * orders ahead of the one being sent, and gives back at its end those it did not send. A process
 * killed mid-run leaves those claims behind: at most 2 × Concurrency orders it did not send, plus
 * those it sent whose answer it had not yet recorded (at most 2 × Concurrency more: the "placed"
 * marks go with the next write), are then held back as "may or may not have been placed". A definite refusal by the panel releases the claim; an unknown outcome keeps it.
 */
export type DuplicateGuardMode = 'identicalOrders' | 'idempotencyKey' | 'off';

export type OrderIdentity = { fingerprint: string; windowMs: number } | { idempotencyKey: string };

export type Claim = { granted: true } | ({ granted: false } & HeldBack);

/** The hash that identifies an order or a key: one entry, whatever the size of the order. */
function hashOf(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** What makes two orders the same: the panel and every field sent (in any order). */
export function orderFingerprint(panelUrl: string, form: Record<string, string | number>): string {
	const fields = Object.entries(form)
		.map(([name, value]) => [name, String(value)])
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return hashOf([panelUrl, fields]);
}

export function idempotencyKeyHash(panelUrl: string, key: string): string {
	return hashOf([panelUrl, key]);
}

function identityKey(identity: OrderIdentity): string {
	return 'fingerprint' in identity ? identity.fingerprint : identity.idempotencyKey;
}

/** Orders this process placed recently, by identity: only to name the earlier order in a held-back item. */
const recentOrders = new Map<string, { order: number; at: number }>();
const MAX_RECENT_ORDERS = 10_000;

function rememberOrder(identity: string, order: number): void {
	recentOrders.delete(identity);
	recentOrders.set(identity, { order, at: Date.now() });
	for (const key of recentOrders.keys()) {
		if (recentOrders.size <= MAX_RECENT_ORDERS) break;
		recentOrders.delete(key);
	}
}

/** The entries an order claims: its key, or its fingerprint in its own time bucket and the next two. */
export function claimedEntries(identity: OrderIdentity, now: number): string[] {
	if ('idempotencyKey' in identity) return [`k:${identity.idempotencyKey}`];
	const bucketMs = Math.max(1, Math.floor(identity.windowMs / 2));
	const bucket = Math.floor(now / bucketMs);
	return [0, 1, 2].map((offset) => `o:${identity.fingerprint}:${bucketMs}:${bucket + offset}`);
}

/**
 * The entry that says a claimed order was placed (its answer read), by the bucket it was claimed
 * in; `back` looks for an order claimed that many buckets earlier. A claim without one was sent, or
 * about to be, when its run lost the answer or stopped: held back, but in other words.
 */
function placedEntry(identity: OrderIdentity, claimedAt: number, back = 0): string {
	if ('idempotencyKey' in identity) return `p:${identity.idempotencyKey}`;
	const bucketMs = Math.max(1, Math.floor(identity.windowMs / 2));
	return `p:${identity.fingerprint}:${bucketMs}:${Math.floor(claimedAt / bucketMs) - back}`;
}

/** Where an earlier claim that covers `now` may have recorded that it was placed. */
export function placedEntriesCovering(identity: OrderIdentity, now: number): string[] {
	return 'idempotencyKey' in identity ? [placedEntry(identity, now)] : [0, 1, 2].map((back) => placedEntry(identity, now, back));
}

interface OrderClaim {
	itemIndex: number;
	identity: OrderIdentity;
	claimedAt?: number;
	granted?: boolean;
	/** Whether its order was sent (the pool started it): an unsent claim is given back at the end. */
	sent: boolean;
	answer: Promise<Claim>;
	settle(claim: Claim): void;
	fail(error: unknown): void;
}

/**
 * One run of Order > Create's claims. `claim(i)` is asked in item order by the worker pool; the
 * claims of the next orders are written with it.
 */
export class DuplicateGuard {
	private readonly records: GuardRecords;
	private readonly order: number[];
	private readonly positions = new Map<number, number>();
	private readonly claims = new Map<number, OrderClaim>();
	private readonly grantedInRun = new Map<string, number>();
	private readonly placedInRun = new Map<number, number>();
	private next = 0;

	constructor(
		context: IExecuteFunctions,
		private readonly identities: ReadonlyMap<number, OrderIdentity>,
		private readonly by: GuardedBy,
		private readonly ahead: number,
	) {
		this.records = guardRecords(context);
		this.order = [...identities.keys()].sort((a, b) => a - b);
		this.order.forEach((itemIndex, position) => this.positions.set(itemIndex, position));
	}

	/** Why the guard used its slower path in this run (another node keeps records in the workflow's shared row), if it did. */
	get fallbackReason(): string | undefined {
		return this.records.fallbackReason;
	}

	async claim(itemIndex: number): Promise<Claim> {
		const target = this.positions.get(itemIndex);
		if (target === undefined) throw new Error(`No order was planned for item ${itemIndex}`);
		const batch: OrderClaim[] = [];
		// Claimed ahead in chunks, when half the claims written ahead are used: one write for about half a window of orders.
		if (this.next <= target + Math.floor(this.ahead / 2)) {
			for (; this.next < this.order.length && this.next <= target + this.ahead; this.next++) batch.push(this.newClaim(this.order[this.next]));
		}
		if (batch.length > 0) void this.write(batch);
		const claim = this.claims.get(itemIndex) as OrderClaim;
		claim.sent = true;
		return await claim.answer;
	}

	private newClaim(itemIndex: number): OrderClaim {
		let settle: (claim: Claim) => void = () => undefined;
		let fail: (error: unknown) => void = () => undefined;
		const answer = new Promise<Claim>((resolve, reject) => {
			settle = resolve;
			fail = reject;
		});
		// A claim written ahead whose item is never reached must not leave an unhandled rejection.
		answer.catch(() => undefined);
		const claim: OrderClaim = { itemIndex, identity: this.identities.get(itemIndex) as OrderIdentity, sent: false, answer, settle, fail };
		this.claims.set(itemIndex, claim);
		return claim;
	}

	/** Writes a batch of claims (an identity already claimed in this run is held back without a write). */
	private async write(batch: OrderClaim[]): Promise<void> {
		const toWrite: OrderClaim[] = [];
		for (const claim of batch) {
			const earlier = this.grantedInRun.get(identityKey(claim.identity));
			if (earlier !== undefined) {
				claim.granted = false;
				claim.settle({ granted: false, ...sameRun(this.by, earlier, this.placedInRun.get(earlier)) });
			} else {
				this.grantedInRun.set(identityKey(claim.identity), claim.itemIndex);
				toWrite.push(claim);
			}
		}
		if (toWrite.length === 0) return;
		try {
			const now = Date.now();
			const results = await this.records.claim(toWrite.map((claim) => ({ entries: claimedEntries(claim.identity, now), placedProbes: placedEntriesCovering(claim.identity, now) })));
			toWrite.forEach((claim, index) => {
				const result = results[index];
				claim.granted = result === 'granted';
				claim.claimedAt = now;
				if (result === 'granted') claim.settle({ granted: true });
				else claim.settle({ granted: false, ...this.heldBack(claim.identity, result, now) });
			});
		} catch (error) {
			for (const claim of toWrite) {
				this.grantedInRun.delete(identityKey(claim.identity));
				claim.granted = false;
				claim.fail(error);
			}
		}
	}

	private heldBack(identity: OrderIdentity, result: 'placed' | 'unknown' | 'race', now: number): HeldBack {
		if (result === 'race') return sentElsewhere();
		const earlier = recentOrders.get(identityKey(identity));
		if (earlier !== undefined || result === 'placed') return placedEarlier(this.by, earlier, now);
		return outcomeUnknown(this.by);
	}

	/** Records that an item's order was placed: written with the next claims, or at the end of the run. */
	placed(itemIndex: number, order: number): void {
		const claim = this.claims.get(itemIndex);
		if (!claim?.granted || claim.claimedAt === undefined) return;
		rememberOrder(identityKey(claim.identity), order);
		this.placedInRun.set(itemIndex, order);
		this.records.later({ record: [placedEntry(claim.identity, claim.claimedAt)] });
	}

	/** Frees an item's claim: its order was refused, nothing was ordered, so it may come again. */
	async release(itemIndex: number): Promise<void> {
		const claim = this.claims.get(itemIndex);
		if (!claim?.granted || claim.claimedAt === undefined) return;
		claim.granted = false;
		this.grantedInRun.delete(identityKey(claim.identity));
		await this.records.remove(claimedEntries(claim.identity, claim.claimedAt));
	}

	/** The end of the run: claims written ahead for orders never sent are given back, and what waits is written. */
	async close(): Promise<void> {
		await Promise.allSettled([...this.claims.values()].map(async (claim) => await claim.answer));
		const unsent = [...this.claims.values()].filter((claim) => claim.granted && !claim.sent && claim.claimedAt !== undefined);
		if (unsent.length > 0) this.records.later({ remove: unsent.flatMap((claim) => claimedEntries(claim.identity, claim.claimedAt as number)) });
		await this.records.flush();
	}
}
