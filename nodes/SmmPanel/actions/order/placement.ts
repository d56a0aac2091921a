import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OrderDraft } from '../../domain/orderValidation';
import {
	DuplicateGuard,
	idempotencyKeyHash,
	orderFingerprint,
	type Claim,
	type DuplicateGuardMode,
	type OrderIdentity,
} from '../../persistence/duplicateGuard';
import { withRaw } from '../../execution/items';
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
}

interface PlacedOrder {
	order: number;
	raw: unknown;
}

type ItemOutcome = { placed: number } | 'unknown' | 'heldBack' | 'notPlaced';

const LISTED_ITEMS = 20;

function listed(values: string[]): string {
	const shown = values.slice(0, LISTED_ITEMS).join(', ');
	return values.length > LISTED_ITEMS ? `${shown} and ${values.length - LISTED_ITEMS} more` : shown;
}

export class OrderPlacement {
	private readonly ledger: WriteLedger<PlacedOrder>;
	private readonly guard: DuplicateGuard | undefined;
	private readonly outcomes = new Map<number, ItemOutcome>();

	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly panelUrl: string,
		private readonly settings: PlacementSettings,
	) {
		this.ledger = writeLedger(context, 'add');
		this.guard = settings.guard === 'off' ? undefined : new DuplicateGuard(context);
	}

	static async start(context: IExecuteFunctions, settings: PlacementSettings): Promise<OrderPlacement> {
		return new OrderPlacement(context, await panelUrlOf(context), settings);
	}

	/** Places one item's order (or gives its recorded result, or holds it back), and outputs it. */
	async place(itemIndex: number, planned: PlannedOrder): Promise<INodeExecutionData[]> {
		const form = { service: planned.draft.service, ...planned.draft.fields };
		const fingerprint = orderFingerprint(this.panelUrl, form);
		const ledgerKey = `${itemIndex}:${fingerprint}`;
		const recorded = this.ledger.get(ledgerKey);
		if (recorded !== undefined) {
			if ('done' in recorded) return this.placedItem(itemIndex, form, recorded.done);
			this.outcomes.set(itemIndex, 'unknown');
			throw this.unknownOutcomeError(itemIndex, form, recorded.outcomeUnknown, true);
		}

		const claim = await this.claim(planned, fingerprint);
		if (claim !== undefined && !claim.granted) {
			this.outcomes.set(itemIndex, 'heldBack');
			const json: IDataObject = { skipped: true, reason: claim.reason, ...form };
			if (claim.earlierOrder !== undefined) json.order = claim.earlierOrder;
			return [{ json, pairedItem: { item: itemIndex } }];
		}
		try {
			const { data, raw } = await panelRequest(this.context, 'add', form, parseOrderCreated, { itemIndex });
			const placed = { order: data.order, raw };
			this.ledger.set(ledgerKey, { done: placed });
			if (claim?.granted) await claim.placed(data.order);
			return this.placedItem(itemIndex, form, placed);
		} catch (error) {
			throw await this.failure(itemIndex, form, ledgerKey, error, claim);
		}
	}

	private async claim(planned: PlannedOrder, fingerprint: string): Promise<Claim | undefined> {
		if (this.guard === undefined) return undefined;
		const identity: OrderIdentity =
			planned.idempotencyKey !== undefined
				? { idempotencyKey: idempotencyKeyHash(this.panelUrl, planned.idempotencyKey) }
				: { fingerprint, windowMs: this.settings.windowMs };
		return await this.guard.claim(identity);
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
		claim: Claim | undefined,
	): Promise<unknown> {
		if (error instanceof PanelApiError && error.panelFailure.outcomeUnknown) {
			this.ledger.set(ledgerKey, { outcomeUnknown: error.panelFailure });
			this.outcomes.set(itemIndex, 'unknown');
			return this.unknownOutcomeError(itemIndex, form, error.panelFailure, false);
		}
		this.outcomes.set(itemIndex, 'notPlaced');
		if (claim?.granted && error instanceof PanelApiError) {
			// Refused, or never reached the panel: nothing was ordered, so the order may come again.
			try {
				await claim.release();
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
			if (typeof outcome === 'object') placed.push(`item ${itemIndex} → order ${outcome.placed}`);
			else if (outcome === 'unknown') unknown.push(`item ${itemIndex}`);
			else if (outcome === 'heldBack') heldBack.push(`item ${itemIndex}`);
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
