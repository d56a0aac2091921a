import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OrderDraft } from '../../domain/orderValidation';
import { withRaw, type ItemError } from '../../execution/items';
import { DuplicateGuard, idempotencyKeyHash, orderFingerprint, type DuplicateGuardMode, type OrderIdentity } from '../../persistence/duplicateGuard';
import { heldBackHint, type GuardedBy, type HeldBackKind } from '../../persistence/heldBack';
import { writeLedger, type WriteLedger } from '../../persistence/writeLedger';
import { parseOrderCreated } from '../../replies/orders';
import { panelRequest, panelUrlOf, PanelApiError, type PanelFailure } from '../../transport';

/**
 * Placing Order > Create's orders, each at most once: within a run of the node (n8n's Retry On
 * Fail and Continue On Fail re-runs) by the write ledger, across executions by the duplicate
 * guard. Also what an error says when the node stops after placing some of them.
 */

/** An item's order as checked before any is placed, with its Idempotency Key when the guard uses keys. */
export interface PlannedOrder {
	draft: OrderDraft;
	idempotencyKey?: string;
}

export interface PlacementSettings {
	guard: DuplicateGuardMode;
	windowMs: number;
	includeRaw: boolean;
	concurrency: number;
}

interface PlacedOrder {
	order: number;
	raw: unknown;
}

type ItemOutcome = { placed: number } | 'unknown' | { heldBack: HeldBackKind } | 'notPlaced';

const LISTED_ITEMS = 20;

function listed(values: string[]): string {
	const shown = values.slice(0, LISTED_ITEMS).join(', ');
	return values.length > LISTED_ITEMS ? `${shown} and ${values.length - LISTED_ITEMS} more` : shown;
}

type Form = Record<string, string | number>;

function formOf(planned: PlannedOrder): Form {
	return { service: planned.draft.service, ...planned.draft.fields };
}

export class OrderPlacement {
	private readonly ledger: WriteLedger<PlacedOrder>;
	private readonly guard: DuplicateGuard | undefined;
	private readonly outcomes = new Map<number, ItemOutcome>();

	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly panelUrl: string,
		private readonly settings: PlacementSettings,
		planned: ReadonlyArray<PlannedOrder | ItemError>,
	) {
		this.ledger = writeLedger(context, 'add');
		this.guard = settings.guard === 'off' ? undefined : this.startGuard(planned);
	}

	/** Placement of `planned`, the run's orders in item order (an item that failed its checks is its error). */
	static async start(context: IExecuteFunctions, settings: PlacementSettings, planned: ReadonlyArray<PlannedOrder | ItemError>): Promise<OrderPlacement> {
		return new OrderPlacement(context, await panelUrlOf(context), settings, planned);
	}

	/** The guard for the orders this run may send: not those that failed their checks, nor those n8n's retry finds already done. */
	private startGuard(planned: ReadonlyArray<PlannedOrder | ItemError>): DuplicateGuard {
		const identities = new Map<number, OrderIdentity>();
		planned.forEach((order, itemIndex) => {
			if (order instanceof Error) return;
			const fingerprint = orderFingerprint(this.panelUrl, formOf(order));
			if (this.ledger.get(`${itemIndex}:${fingerprint}`) !== undefined) return;
			identities.set(
				itemIndex,
				order.idempotencyKey !== undefined ? { idempotencyKey: idempotencyKeyHash(this.panelUrl, order.idempotencyKey) } : { fingerprint, windowMs: this.settings.windowMs },
			);
		});
		// Claims are written up to two rounds of the pool ahead of the order being sent.
		return new DuplicateGuard(this.context, identities, this.guardedBy(), 2 * Math.max(1, this.settings.concurrency));
	}

	private guardedBy(): GuardedBy {
		return { idempotencyKey: this.settings.guard === 'idempotencyKey', windowMs: this.settings.windowMs };
	}

	/** Places one item's order (or gives its recorded result, or holds it back), and outputs it. */
	async place(itemIndex: number, planned: PlannedOrder): Promise<INodeExecutionData[]> {
		const form = formOf(planned);
		const ledgerKey = `${itemIndex}:${orderFingerprint(this.panelUrl, form)}`;
		const recorded = this.ledger.get(ledgerKey);
		if (recorded !== undefined) {
			if ('done' in recorded) return this.placedItem(itemIndex, form, recorded.done);
			this.outcomes.set(itemIndex, 'unknown');
			throw this.unknownOutcomeError(itemIndex, form, recorded.outcomeUnknown, true);
		}

		const claim = this.guard ? await this.guard.claim(itemIndex) : undefined;
		if (claim !== undefined && !claim.granted) {
			this.outcomes.set(itemIndex, { heldBack: claim.kind });
			// The earlier order first, then the flag and a short reason: the table shows them before the order's fields.
			const json: IDataObject = claim.earlierOrder !== undefined ? { order: claim.earlierOrder } : {};
			return [{ json: { ...json, skipped: true, reason: claim.reason, ...form }, pairedItem: { item: itemIndex } }];
		}
		try {
			const { data, raw } = await panelRequest(this.context, 'add', form, parseOrderCreated, { itemIndex });
			const placed = { order: data.order, raw };
			this.ledger.set(ledgerKey, { done: placed });
			this.guard?.placed(itemIndex, data.order);
			return this.placedItem(itemIndex, form, placed);
		} catch (error) {
			throw await this.failure(itemIndex, form, ledgerKey, error);
		}
	}

	/**
	 * The end of the run, whether it succeeded or not: the guard gives back claims of orders not
	 * sent and writes what waits; a hint says what was held back or why the guard was slower.
	 */
	async finish(itemCount: number): Promise<void> {
		if (!this.guard) return;
		await this.guard.close();
		const kinds = [...this.outcomes.values()].flatMap((outcome) => (typeof outcome === 'object' && 'heldBack' in outcome ? [outcome.heldBack] : []));
		if (kinds.length > 0) this.context.addExecutionHints({ message: heldBackHint(kinds, itemCount, this.guardedBy()), location: 'outputPane' });
		const fallback = this.guard.fallbackReason;
		if (fallback !== undefined) {
			this.context.addExecutionHints({
				message: `Duplicate Guard used its slower timed claim (about a second per batch of orders): ${fallback}. Its records were not touched. For full speed, give that node Scope: Node.`,
				location: 'outputPane',
			});
		}
	}

	private placedItem(itemIndex: number, form: IDataObject, placed: PlacedOrder): INodeExecutionData[] {
		this.outcomes.set(itemIndex, { placed: placed.order });
		return [{ json: withRaw({ order: placed.order, ...form }, this.settings.includeRaw, placed.raw), pairedItem: { item: itemIndex } }];
	}

	private unknownOutcomeError(itemIndex: number, form: IDataObject, failure: PanelFailure, replayed: boolean): PanelApiError {
		const ofLink = form.link === undefined ? '' : ` This item's link: ${String(form.link)}.`;
		const again = replayed
			? ' This is what the first try of this item in this execution came to: n8n ran the node again, and the order was not sent again.'
			: '';
		return new PanelApiError(this.context.getNode(), { ...failure, description: `${failure.description}${ofLink}${again}` }, itemIndex);
	}

	/** The error an item fails with; records what must not be sent again, and frees what may be. */
	private async failure(
		itemIndex: number,
		form: IDataObject,
		ledgerKey: string,
		error: unknown,
	): Promise<unknown> {
		if (error instanceof PanelApiError && error.panelFailure.outcomeUnknown) {
			this.ledger.set(ledgerKey, { outcomeUnknown: error.panelFailure });
			this.outcomes.set(itemIndex, 'unknown');
			return this.unknownOutcomeError(itemIndex, form, error.panelFailure, false);
		}
		this.outcomes.set(itemIndex, 'notPlaced');
		if (this.guard && error instanceof PanelApiError) {
			// Refused, or never reached the panel: nothing was ordered, so the order may come again.
			try {
				await this.guard.release(itemIndex);
			} catch (releaseError) {
				const reason = releaseError instanceof Error ? releaseError.message : String(releaseError);
				error.description = `${error.description ?? ''} The duplicate guard could not free this order's record (${reason}): until its window has passed, it is held back as a possible duplicate.`;
			}
		}
		return error;
	}

	/**
	 * What the node did before it stopped on an error: every order placed (item and order ID),
	 * what may have been placed, what was held back, and what was not placed, for the error.
	 */
	report(itemCount: number): string {
		const placed: string[] = [];
		const unknown: string[] = [];
		const heldBack: string[] = [];
		const notPlaced: string[] = [];
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			const outcome = this.outcomes.get(itemIndex) ?? 'notPlaced';
			if (typeof outcome === 'object' && 'placed' in outcome) placed.push(`item ${itemIndex} → order ${outcome.placed}`);
			else if (outcome === 'unknown') unknown.push(`item ${itemIndex}`);
			else if (typeof outcome === 'object') heldBack.push(`item ${itemIndex}`);
			else notPlaced.push(String(itemIndex));
		}
		const parts = [
			placed.length > 0 ? `Placed before the node stopped: ${listed(placed)}.` : 'No order was placed before the node stopped.',
			unknown.length > 0 ? `Outcome unknown (may have been placed, not sent again): ${listed(unknown)}.` : '',
			heldBack.length > 0 ? `Held back as duplicates: ${listed(heldBack)}.` : '',
			notPlaced.length > 0 ? `Not placed: item${notPlaced.length > 1 ? 's' : ''} ${listed(notPlaced)}.` : '',
			placed.length + unknown.length === 0
				? ''
				: this.againAdvice(),
		];
		return parts.filter((part) => part !== '').join(' ');
	}

	private againAdvice(): string {
		switch (this.settings.guard) {
			case 'off':
				return 'Duplicate Guard is off: running these items again orders the placed ones again. Run only the items not placed.';
			case 'idempotencyKey':
				return 'Running the node again on the same items places only those not placed: their Idempotency Keys hold back the others.';
			case 'identicalOrders':
				return `Running the node again on the same items within ${Math.round(this.settings.windowMs / 60_000)} minutes places only those not placed: the duplicate guard holds back the others.`;
		}
	}
}
