/**
 * State and rules of the simulated panel: orders, refills, cancels, balance and the simulated clock.
 * No HTTP and no reply formatting here (see actions.ts), so tests can drive it directly.
 *
 * Lifecycle of an order on the simulated clock (minutes since it was placed):
 *   0      Pending (start_count 0, remains = quantity)
 *   1      In progress (start_count set, remains fall linearly)
 *   D      final: Completed (remains 0), or Partial when the link contains "partial" (a quarter
 *          remains; that share of the charge is refunded). D = 2, 3, 4 or 5 minutes for totals up
 *          to 1K, 10K, 100K and above; drip-feed orders take at least runs × interval minutes.
 *   A link containing "cancel" makes the panel cancel the order at minute 1 (full refund).
 *   An accepted `cancel` turns a Pending/In progress order Canceled (full refund) at the next advance().
 * Refills: Pending, In progress at +1, Completed at +3; Rejected at +1 when the order's link
 * (username for Subscriptions) contains "reject".
 */
import { SERVICE_CATALOGUE, type CatalogueService } from './catalogue';
import { roundMoney, validateOrder, type Form } from './order-validation';
import type { SimOrder, SimRefill } from './types';

export const FIRST_ORDER_ID = 1001;
export const FIRST_REFILL_ID = 501;

export const ORDER_STATUS = {
	pending: 'Pending',
	inProgress: 'In progress',
	completed: 'Completed',
	partial: 'Partial',
	canceled: 'Canceled',
} as const;

export const REFILL_STATUS = {
	pending: 'Pending',
	inProgress: 'In progress',
	completed: 'Completed',
	rejected: 'Rejected',
} as const;

const FINAL_ORDER_STATUSES: ReadonlySet<string> = new Set([
	ORDER_STATUS.completed,
	ORDER_STATUS.partial,
	ORDER_STATUS.canceled,
]);
const CANCELABLE_STATUSES: ReadonlySet<string> = new Set([ORDER_STATUS.pending, ORDER_STATUS.inProgress]);
const REFILLABLE_STATUSES: ReadonlySet<string> = new Set([ORDER_STATUS.completed, ORDER_STATUS.partial]);

const MINUTES_PENDING = 1;
const REFILL_MINUTES_TO_COMPLETE = 3;

type Outcome = typeof ORDER_STATUS.completed | typeof ORDER_STATUS.partial | typeof ORDER_STATUS.canceled;

/** The order plus what the lifecycle needs but callers do not. */
interface OrderRecord extends SimOrder {
	outcome: Outcome;
	/** Charge at placement; Partial refunds are computed from it. */
	placedCharge: number;
	/** start_count once the order starts. */
	plannedStartCount: number;
	/** Text that decides outcomes: the link, or the username for Subscriptions. */
	target: string;
	/** False for seeded orders: they were never charged, so their refunds must not credit the balance. */
	charged: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface OrderStatusView {
	charge: number;
	startCount: number;
	status: string;
	remains: number;
}

function outcomeOf(target: string): Outcome {
	const lower = target.toLowerCase();
	if (lower.includes('cancel')) return ORDER_STATUS.canceled;
	if (lower.includes('partial')) return ORDER_STATUS.partial;
	return ORDER_STATUS.completed;
}

function lifecycleMinutes(quantity: number, runs?: number, interval?: number): number {
	const base = quantity <= 1_000 ? 2 : quantity <= 10_000 ? 3 : quantity <= 100_000 ? 4 : 5;
	return runs !== undefined && interval !== undefined ? Math.max(base, runs * interval) : base;
}

/** Deterministic, different per order, never 0. */
function startCountFor(orderId: number): number {
	return 100 + ((orderId * 7919) % 9900);
}

/** What a Partial order leaves undelivered. */
function partialRemains(quantity: number): number {
	return Math.max(1, Math.floor(quantity / 4));
}

export class PanelState {
	private clockMinutes = 0;
	private nextOrderId = FIRST_ORDER_ID;
	private nextRefillId = FIRST_REFILL_ID;
	private balance: number;
	private readonly orders = new Map<number, OrderRecord>();
	/** Orders the clock still moves; keeps advance() cheap with 10,000 finished seeded orders. */
	private readonly movingOrders = new Set<number>();
	private readonly acceptedCancels = new Set<number>();
	private readonly refills = new Map<number, SimRefill>();
	private readonly movingRefills = new Set<number>();
	/** Per order, its refill not yet finished (one at a time, as on real panels). */
	private readonly activeRefillOfOrder = new Map<number, number>();
	/** Changed while running by setServices/updateService/removeService, as a provider edits its catalogue. */
	private servicesById: Map<number, CatalogueService>;

	constructor(startingBalance: number, catalogue: readonly CatalogueService[] = SERVICE_CATALOGUE) {
		this.balance = roundMoney(startingBalance);
		this.servicesById = new Map(catalogue.map((entry) => [entry.service, entry]));
	}

	now(): number {
		return this.clockMinutes;
	}

	getBalance(): number {
		return this.balance;
	}

	setBalance(amount: number): void {
		this.balance = roundMoney(amount);
	}

	services(): CatalogueService[] {
		return [...this.servicesById.values()].map((entry) => ({ ...entry }));
	}

	/** Replaces the whole catalogue (an empty list included), in the order given. */
	setServices(catalogue: readonly CatalogueService[]): void {
		this.servicesById = new Map(catalogue.map((entry) => [entry.service, { ...entry }]));
	}

	/** Adds a service, or changes fields of one (its ID stays). */
	updateService(entry: Partial<CatalogueService> & { service: number }): void {
		const current = this.servicesById.get(entry.service);
		if (current === undefined && (entry.name === undefined || entry.type === undefined)) {
			throw new Error(`Service ${entry.service} does not exist: a new one needs at least a name and a type`);
		}
		const base: CatalogueService = current ?? { service: entry.service, name: '', type: 'Default', category: '', rate: 1, min: 10, max: 1000, refill: false, cancel: false, dripfeed: false };
		this.servicesById.set(entry.service, { ...base, ...entry });
	}

	removeService(serviceId: number): void {
		this.servicesById.delete(serviceId);
	}

	getOrder(orderId: number): SimOrder | undefined {
		const order = this.orders.get(orderId);
		return order ? publicOrder(order) : undefined;
	}

	/** Every order placed with `add` (seeded ones left out), oldest first. */
	placedOrders(): SimOrder[] {
		return [...this.orders.values()].filter((order) => order.charged).map(publicOrder);
	}

	getRefill(refillId: number): SimRefill | undefined {
		const refill = this.refills.get(refillId);
		return refill ? { ...refill } : undefined;
	}

	advance(minutes: number): void {
		if (!Number.isFinite(minutes) || minutes < 0) {
			throw new RangeError(`advance() needs a finite number of minutes >= 0, got ${minutes}`);
		}
		this.clockMinutes += minutes;
		// Cancels first: an accepted cancel wins over a completion due in the same advance.
		for (const orderId of this.acceptedCancels) {
			const order = this.orders.get(orderId);
			if (order && !FINAL_ORDER_STATUSES.has(order.status)) this.finishCanceled(order);
		}
		this.acceptedCancels.clear();
		for (const orderId of this.movingOrders) {
			const order = this.orders.get(orderId);
			if (order) this.moveOrder(order);
		}
		for (const refillId of this.movingRefills) {
			const refill = this.refills.get(refillId);
			if (refill) this.moveRefill(refill);
		}
	}

	placeOrder(form: Form): Result<number> {
		const serviceText = form.service?.trim() ?? '';
		const service = /^\d+$/.test(serviceText) ? this.servicesById.get(Number(serviceText)) : undefined;
		if (!service) return { ok: false, error: 'Incorrect service ID' };
		const validation = validateOrder(service, form);
		if (!validation.ok) return validation;
		const { link, quantity, charge, runs, interval } = validation.order;
		if (charge > this.balance) return { ok: false, error: 'Not enough funds on balance' };
		this.balance = roundMoney(this.balance - charge);
		const storedForm: Record<string, string> = {};
		for (const [name, value] of Object.entries(form)) {
			if (name !== 'key') defineField(storedForm, name, value);
		}
		const order = this.createOrder(service, {
			link,
			target: link || (form.username?.trim() ?? ''),
			quantity,
			charge,
			form: storedForm,
			charged: true,
			runs,
			interval,
		});
		return { ok: true, value: order.id };
	}

	orderStatus(orderId: number): OrderStatusView | undefined {
		const order = this.orders.get(orderId);
		if (!order) return undefined;
		return { charge: order.charge, startCount: order.startCount, status: order.status, remains: order.remains };
	}

	requestRefill(orderId: number): Result<number> {
		const order = this.orders.get(orderId);
		if (!order) return { ok: false, error: 'Incorrect order ID' };
		if (!this.servicesById.get(order.service)?.refill) return { ok: false, error: 'Refill is disabled for this service' };
		if (order.status === ORDER_STATUS.canceled) return { ok: false, error: 'Refill is not available for canceled orders' };
		if (!REFILLABLE_STATUSES.has(order.status)) return { ok: false, error: 'The order is not completed yet' };
		if (this.activeRefillOfOrder.has(orderId)) {
			return { ok: false, error: 'The refill task is not completed for this order' };
		}
		const refill: SimRefill = {
			id: this.nextRefillId++,
			orderId,
			status: REFILL_STATUS.pending,
			createdAt: this.clockMinutes,
		};
		this.refills.set(refill.id, refill);
		this.movingRefills.add(refill.id);
		this.activeRefillOfOrder.set(orderId, refill.id);
		return { ok: true, value: refill.id };
	}

	refillStatus(refillId: number): string | undefined {
		return this.refills.get(refillId)?.status;
	}

	requestCancel(orderId: number): Result<1> {
		const order = this.orders.get(orderId);
		if (!order) return { ok: false, error: 'Incorrect order ID' };
		if (!this.servicesById.get(order.service)?.cancel) return { ok: false, error: 'Cancel is disabled for this service' };
		if (!CANCELABLE_STATUSES.has(order.status) || order.cancelRequested) {
			return { ok: false, error: 'Order cannot be canceled' };
		}
		order.cancelRequested = true;
		this.acceptedCancels.add(orderId);
		return { ok: true, value: 1 };
	}

	seedOrders(count: number, options: { service?: number; status?: string; link?: string } = {}): number[] {
		const service = this.servicesById.get(options.service ?? 1);
		if (!service) throw new RangeError(`seedOrders: no service ${options.service}`);
		const quantity = Math.min(Math.max(1000, service.min), service.max);
		const charge = roundMoney((service.rate * quantity) / 1000);
		const ids: number[] = [];
		for (let index = 0; index < count; index++) {
			const link = options.link ?? `https://www.instagram.com/seeded_account_${this.nextOrderId}/`;
			const order = this.createOrder(service, {
				link,
				target: link,
				quantity,
				charge,
				form: { action: 'add', service: String(service.service), link, quantity: String(quantity) },
				charged: false,
			});
			if (options.status !== undefined) this.seedStatus(order, options.status);
			ids.push(order.id);
		}
		return ids;
	}

	setOrderStatus(
		orderId: number,
		status: string,
		fields: { charge?: number; startCount?: number; remains?: number } = {},
	): void {
		const order = this.orders.get(orderId);
		if (!order) throw new RangeError(`setOrderStatus: no order ${orderId}`);
		order.status = status;
		order.pinned = true;
		this.movingOrders.delete(orderId);
		if (fields.charge !== undefined) order.charge = roundMoney(fields.charge);
		if (fields.startCount !== undefined) order.startCount = fields.startCount;
		if (fields.remains !== undefined) order.remains = fields.remains;
	}

	private createOrder(
		service: CatalogueService,
		details: {
			link: string;
			target: string;
			quantity: number;
			charge: number;
			form: Record<string, string>;
			charged: boolean;
			runs?: number;
			interval?: number;
		},
	): OrderRecord {
		const id = this.nextOrderId++;
		const order: OrderRecord = {
			id,
			service: service.service,
			type: service.type,
			link: details.link,
			quantity: details.quantity,
			charge: details.charge,
			startCount: 0,
			remains: details.quantity,
			status: ORDER_STATUS.pending,
			createdAt: this.clockMinutes,
			completesAt: this.clockMinutes + lifecycleMinutes(details.quantity, details.runs, details.interval),
			form: details.form,
			cancelRequested: false,
			pinned: false,
			outcome: outcomeOf(details.target),
			placedCharge: details.charge,
			plannedStartCount: startCountFor(id),
			target: details.target,
			charged: details.charged,
		};
		if (details.runs !== undefined) order.runs = details.runs;
		if (details.interval !== undefined) order.interval = details.interval;
		this.orders.set(id, order);
		this.movingOrders.add(id);
		return order;
	}

	/** Puts a freshly seeded order at the given stage without touching the balance. */
	private seedStatus(order: OrderRecord, status: string): void {
		switch (status) {
			case ORDER_STATUS.pending:
				return;
			case ORDER_STATUS.inProgress: {
				// Shift the whole lifecycle back so the order has just started and moves on from there.
				order.createdAt -= MINUTES_PENDING;
				order.completesAt -= MINUTES_PENDING;
				this.moveOrder(order);
				return;
			}
			case ORDER_STATUS.completed:
			case ORDER_STATUS.partial:
			case ORDER_STATUS.canceled: {
				order.startCount = order.plannedStartCount;
				order.status = status;
				order.remains =
					status === ORDER_STATUS.completed
						? 0
						: status === ORDER_STATUS.partial
							? partialRemains(order.quantity)
							: order.quantity;
				if (status === ORDER_STATUS.partial) {
					order.charge = roundMoney((order.placedCharge * (order.quantity - order.remains)) / order.quantity);
				}
				if (status === ORDER_STATUS.canceled) order.charge = 0;
				this.movingOrders.delete(order.id);
				return;
			}
			default:
				this.setOrderStatus(order.id, status);
		}
	}

	private moveOrder(order: OrderRecord): void {
		if (order.pinned || FINAL_ORDER_STATUSES.has(order.status)) {
			this.movingOrders.delete(order.id);
			return;
		}
		const elapsed = this.clockMinutes - order.createdAt;
		if (elapsed < MINUTES_PENDING) return;
		if (order.outcome === ORDER_STATUS.canceled) {
			this.finishCanceled(order);
			return;
		}
		if (this.clockMinutes >= order.completesAt) {
			this.finishDelivered(order);
			return;
		}
		order.status = ORDER_STATUS.inProgress;
		order.startCount = order.plannedStartCount;
		const toDeliver = order.outcome === ORDER_STATUS.partial ? order.quantity - partialRemains(order.quantity) : order.quantity;
		const share = (elapsed - MINUTES_PENDING) / (order.completesAt - order.createdAt - MINUTES_PENDING);
		order.remains = order.quantity - Math.floor(toDeliver * share);
	}

	private finishDelivered(order: OrderRecord): void {
		order.startCount = order.plannedStartCount;
		if (order.outcome === ORDER_STATUS.partial) {
			order.status = ORDER_STATUS.partial;
			order.remains = partialRemains(order.quantity);
			const kept = roundMoney((order.placedCharge * (order.quantity - order.remains)) / order.quantity);
			this.refund(order, order.charge - kept);
			order.charge = kept;
		} else {
			order.status = ORDER_STATUS.completed;
			order.remains = 0;
		}
		this.movingOrders.delete(order.id);
	}

	/** Canceled keeps the remains it had and refunds the whole charge. */
	private finishCanceled(order: OrderRecord): void {
		order.status = ORDER_STATUS.canceled;
		this.refund(order, order.charge);
		order.charge = 0;
		this.movingOrders.delete(order.id);
	}

	private refund(order: OrderRecord, amount: number): void {
		if (order.charged) this.balance = roundMoney(this.balance + amount);
	}

	private moveRefill(refill: SimRefill): void {
		const elapsed = this.clockMinutes - refill.createdAt;
		if (elapsed < MINUTES_PENDING) return;
		const rejected = this.orders.get(refill.orderId)?.target.toLowerCase().includes('reject') ?? false;
		if (rejected) refill.status = REFILL_STATUS.rejected;
		else if (elapsed >= REFILL_MINUTES_TO_COMPLETE) refill.status = REFILL_STATUS.completed;
		else refill.status = REFILL_STATUS.inProgress;
		if (refill.status === REFILL_STATUS.completed || refill.status === REFILL_STATUS.rejected) {
			this.movingRefills.delete(refill.id);
			this.activeRefillOfOrder.delete(refill.orderId);
		}
	}
}

/** Assigns without going through the `__proto__` setter a form key could otherwise hit. */
export function defineField(target: Record<string, string>, name: string, value: string): void {
	Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function publicOrder(order: OrderRecord): SimOrder {
	const copy: SimOrder = {
		id: order.id,
		service: order.service,
		type: order.type,
		link: order.link,
		quantity: order.quantity,
		charge: order.charge,
		startCount: order.startCount,
		remains: order.remains,
		status: order.status,
		createdAt: order.createdAt,
		completesAt: order.completesAt,
		form: { ...order.form },
		cancelRequested: order.cancelRequested,
		pinned: order.pinned,
	};
	if (order.runs !== undefined) copy.runs = order.runs;
	if (order.interval !== undefined) copy.interval = order.interval;
	return copy;
}
