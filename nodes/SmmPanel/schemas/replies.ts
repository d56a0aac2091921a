import { z } from 'zod';

import { canonicalStatus, isFinalStatus } from './status';
import {
	extractErrorMessage,
	flag,
	isRecord,
	numberOrNull,
	optionalFlag,
	optionalText,
	panelId,
	requiredNumber,
	text,
	textOrNull,
} from './primitives';

/** Thrown when a reply is JSON but not a shape we can read; the transport turns it into a NodeApiError. */
export class ReplyShapeError extends Error {}

/** A failure that concerns one ID inside an otherwise good reply ("Incorrect order ID"). */
export interface IdError {
	error: string;
}

export type PerIdResults<T> = Map<number, T | IdError>;

export function isIdError<T>(result: T | IdError): result is IdError {
	return isRecord(result) && typeof result.error === 'string' && Object.keys(result).length === 1;
}

export interface PanelService {
	service: number;
	name: string;
	type: string;
	category: string;
	rate: number;
	min: number;
	max: number;
	refill: boolean;
	cancel: boolean;
	dripfeed?: boolean;
	description?: string;
}

export interface OrderStatus {
	order: number;
	status: string;
	charge: number | null;
	startCount: number | null;
	remains: number | null;
	currency: string | null;
	final: boolean;
}

export interface RefillStatus {
	refill: number;
	status: string;
	final: boolean;
}

export interface Balance {
	balance: number;
	currency: string | null;
}

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
	const result = schema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0];
		const where = issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
		throw new ReplyShapeError(`${what}: ${issue.message}${where}`);
	}
	return result.data;
}

const serviceSchema = z
	.object({
		service: panelId,
		name: text,
		type: text.optional(),
		category: text.optional(),
		rate: requiredNumber,
		min: requiredNumber,
		max: requiredNumber,
		refill: flag,
		cancel: flag,
		dripfeed: optionalFlag,
		desc: optionalText,
		description: optionalText,
	})
	.passthrough()
	.transform((raw): PanelService => {
		const service: PanelService = {
			service: raw.service,
			name: raw.name,
			type: raw.type || 'Default',
			category: raw.category ?? '',
			rate: raw.rate,
			min: raw.min,
			max: raw.max,
			refill: raw.refill,
			cancel: raw.cancel,
		};
		if (raw.dripfeed !== undefined) service.dripfeed = raw.dripfeed;
		const description = raw.description ?? raw.desc;
		if (description) service.description = description;
		return service;
	});

/**
 * The entries of a `services` reply as the panel sent them: an array, or (some panels) an object
 * keyed by service ID or wrapped in `services`/`data`. Entry n is the raw form of parseServices' n-th service.
 */
export function serviceListEntries(raw: unknown): unknown[] {
	let list: unknown = raw;
	if (isRecord(raw)) {
		const values = Object.values(raw);
		list = raw.services ?? raw.data ?? (values.length > 0 && values.every(isRecord) ? values : undefined);
	}
	if (!Array.isArray(list)) throw new ReplyShapeError('expected a list of services');
	return list;
}

export function parseServices(raw: unknown): PanelService[] {
	return serviceListEntries(raw).map((entry, index) => parseWith(serviceSchema, entry, `service #${index + 1}`));
}

/** `add`: `{"order": 23501}`. */
export function parseOrderCreated(raw: unknown): { order: number } {
	return parseWith(z.object({ order: panelId }), raw, 'expected the new order ID in "order"');
}

export function parseBalance(raw: unknown): Balance {
	return parseWith(
		z.object({ balance: requiredNumber, currency: optionalText }),
		raw,
		'expected "balance" and "currency"',
	);
}

/**
 * Batch replies come keyed by ID (`{"1": {...}}`), as arrays of entries that name their ID
 * (`[{"order": 1, ...}]`), or, for a single ID, as the bare entry. This finds the entry for each
 * requested ID, whatever the shape, so the per-kind readers below see one entry at a time.
 */
function entriesById(
	raw: unknown,
	requestedIds: readonly number[],
	idFields: readonly string[],
	isBareEntry: (value: Record<string, unknown>) => boolean,
): Map<number, unknown> {
	const entries = new Map<number, unknown>();
	if (Array.isArray(raw)) {
		for (const element of raw) {
			if (!isRecord(element)) continue;
			const idField = idFields.find((field) => element[field] !== undefined && !isRecord(element[field]));
			const id = idField === undefined ? undefined : panelId.safeParse(element[idField]);
			if (id?.success) entries.set(id.data, element);
		}
	} else if (isRecord(raw) && requestedIds.length > 0 && Object.keys(raw).length === 1 && 'error' in raw) {
		// A top-level error that is not about the request itself (the transport lets only those through)
		// is about the IDs: the single form's "Incorrect order ID", or one error for a whole batch.
		for (const id of requestedIds) entries.set(id, raw);
	} else if (isRecord(raw)) {
		const keyedIds = Object.keys(raw).filter((key) => /^\s*\d+\s*$/.test(key));
		if (keyedIds.length > 0) {
			for (const key of keyedIds) entries.set(Number(key), raw[key]);
		} else if (requestedIds.length === 1 && isBareEntry(raw)) {
			entries.set(requestedIds[0], raw);
		}
	} else if (requestedIds.length === 1 && raw !== undefined && raw !== null) {
		entries.set(requestedIds[0], raw);
	}
	if (entries.size === 0 && requestedIds.length > 0) {
		throw new ReplyShapeError('found no entry for any of the requested IDs');
	}
	return entries;
}

/**
 * The error in a field that holds either a value or `{"error": ...}` (`"refill": {"error": ...}`).
 * A bare string there is the value ("Pending", a refill ID "1", a cancel flag "1"), never an error.
 */
function fieldError(value: unknown): string | undefined {
	return isRecord(value) ? extractErrorMessage(value) : undefined;
}

/** Text where a value of `schema` belongs (a refill ID, a cancel flag) is the panel's message about that ID. */
function textThatIsNot(schema: z.ZodTypeAny, value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '' || schema.safeParse(value).success) return undefined;
	return value.trim();
}

function collect<T>(
	entries: Map<number, unknown>,
	requestedIds: readonly number[],
	readEntry: (entry: unknown, id: number) => T | IdError,
	what: string,
): PerIdResults<T> {
	const results: PerIdResults<T> = new Map();
	for (const id of requestedIds) {
		if (!entries.has(id)) {
			results.set(id, { error: `The panel's reply had no entry for ${what} ${id}` });
			continue;
		}
		const entry = entries.get(id);
		// Only an `{"error": ...}` object is an error here: a bare entry (`{"501": "Completed"}`) is
		// for the per-kind reader to tell apart, as a value or a message.
		const message = fieldError(entry);
		results.set(id, message !== undefined ? { error: message } : readEntry(entry, id));
	}
	return results;
}

/** How each per-ID reply names its IDs, and what a bare single-ID reply looks like. */
interface ReplyLayout {
	idFields: readonly string[];
	isBareEntry: (value: Record<string, unknown>) => boolean;
}

const REPLY_LAYOUTS = {
	status: { idFields: ['order', 'id'], isBareEntry: (value) => 'status' in value },
	refill: { idFields: ['order', 'id'], isBareEntry: (value) => 'refill' in value },
	refill_status: { idFields: ['refill', 'id'], isBareEntry: (value) => 'status' in value },
	cancel: { idFields: ['order', 'id'], isBareEntry: (value) => 'cancel' in value },
} satisfies Record<string, ReplyLayout>;

export type PerIdAction = keyof typeof REPLY_LAYOUTS;

function entriesFor(action: PerIdAction, raw: unknown, requestedIds: readonly number[]): Map<number, unknown> {
	const layout: ReplyLayout = REPLY_LAYOUTS[action];
	return entriesById(raw, requestedIds, layout.idFields, layout.isBareEntry);
}

/**
 * The part of a per-ID reply about each requested ID, exactly as the panel sent it (for "Include
 * Raw Response"). Found the same way the readers below find it, whatever the reply's shape.
 */
export function rawReplyParts(action: PerIdAction, raw: unknown, requestedIds: readonly number[]): Map<number, unknown> {
	return entriesFor(action, raw, requestedIds);
}

/** The type name zod's messages use, so that the hand-written reader below words errors as a schema would. */
function typeName(value: unknown): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * One order's entry of a `status` reply: `status` (text or a number), `charge`, `start_count`,
 * `remains` (numbers, null when missing or blank) and `currency` (text or null), with the rules
 * and messages of the zod object schema it replaces. Read by hand because it runs for every order
 * of every status reply, between one request and the next: the zod object parse cost ~6 µs and
 * ~9 KB of garbage an entry, more CPU for a 100-order reply than n8n's HTTP request for it, and made
 * 10,000 status checks take 1.5x the network time instead of 1.3x (profiled with `npm run bench`;
 * see Performance in the README).
 */
function readOrderStatusEntry(entry: unknown, order: number): OrderStatus | IdError {
	const what = `status of order ${order}`;
	// A status is always an object; text in its place can only be the panel's message about the order.
	if (typeof entry === 'string' && entry.trim() !== '') return { error: entry.trim() };
	if (!isRecord(entry)) {
		throw new ReplyShapeError(`${what}: ${entry === undefined ? 'Required' : `Expected object, received ${typeName(entry)}`}`);
	}
	const panelStatus = entry.status;
	if (typeof panelStatus !== 'string' && typeof panelStatus !== 'number') {
		throw new ReplyShapeError(`${what}: Invalid input at "status"`);
	}
	const status = canonicalStatus(String(panelStatus).trim());
	return {
		order,
		status,
		charge: numberOrNull(entry.charge),
		startCount: numberOrNull(entry.start_count),
		remains: numberOrNull(entry.remains),
		currency: textOrNull(entry.currency),
		final: isFinalStatus(status),
	};
}

/** `status` with `order=` or `orders=`. */
export function parseOrderStatuses(raw: unknown, orderIds: readonly number[]): PerIdResults<OrderStatus> {
	const entries = entriesFor('status', raw, orderIds);
	return collect(entries, orderIds, readOrderStatusEntry, 'order');
}

/** `refill` with `order=` (`{"refill": "1"}`) or `orders=` (`[{"order": 1, "refill": 1}]`). */
export function parseRefillsCreated(raw: unknown, orderIds: readonly number[]): PerIdResults<{ refill: number }> {
	const entries = entriesFor('refill', raw, orderIds);
	return collect(
		entries,
		orderIds,
		(entry, order) => {
			const refill = isRecord(entry) ? entry.refill : entry;
			const message = fieldError(refill) ?? textThatIsNot(panelId, refill);
			if (message !== undefined) return { error: message };
			return { refill: parseWith(panelId, refill, `refill ID for order ${order}`) };
		},
		'order',
	);
}

/** `refill_status` with `refill=` (`{"status": "Completed"}`) or `refills=` (array). */
export function parseRefillStatuses(raw: unknown, refillIds: readonly number[]): PerIdResults<RefillStatus> {
	const entries = entriesFor('refill_status', raw, refillIds);
	return collect(
		entries,
		refillIds,
		(entry, refill) => {
			const status = isRecord(entry) ? entry.status : entry;
			const message = fieldError(status);
			if (message !== undefined) return { error: message };
			const canonical = canonicalStatus(parseWith(text, status, `status of refill ${refill}`));
			return { refill, status: canonical, final: isFinalStatus(canonical) };
		},
		'refill',
	);
}

/** `cancel` with `orders=`: `[{"order": 2, "cancel": 1}, {"order": 9, "cancel": {"error": "..."}}]`. */
export function parseCancellations(
	raw: unknown,
	orderIds: readonly number[],
): PerIdResults<{ cancelRequested: true }> {
	const entries = entriesFor('cancel', raw, orderIds);
	return collect(
		entries,
		orderIds,
		(entry, order) => {
			const cancel = isRecord(entry) ? entry.cancel : entry;
			const message = fieldError(cancel) ?? textThatIsNot(optionalFlag.refine((value) => value !== undefined), cancel);
			if (message !== undefined) return { error: message };
			if (parseWith(flag, cancel, `cancel result for order ${order}`)) return { cancelRequested: true };
			return { error: `The panel did not accept the cancel request (it answered ${JSON.stringify(cancel)})` };
		},
		'order',
	);
}

