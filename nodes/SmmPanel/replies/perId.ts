import type { IDataObject } from 'n8n-workflow';

import type { IdKind } from '../domain/idKinds';
import type { PanelAction } from '../domain/panelApi';
import { ReplyShapeError, shortJson } from './shape';
import { extractErrorMessage, isRecord, panelId } from './values';

/** A failure that concerns one ID inside an otherwise good reply ("Incorrect order ID"). */
export interface IdError {
	error: string;
}

export function isIdError<T>(result: T | IdError): result is IdError {
	return isRecord(result) && typeof result.error === 'string' && Object.keys(result).length === 1;
}

/** What a per-ID reply says about one ID: its reading (or the panel's error about it), and that part of the reply as sent. */
export interface IdAnswer<Result> {
	result: Result | IdError;
	raw: unknown;
}

export type PerIdReply<Result> = Map<number, IdAnswer<Result>>;

/**
 * One of the four requests that ask about IDs (order status, refill, refill status, cancel): the
 * API's action and ID kind, how its reply names the IDs, how one ID's entry is read, and how a
 * reading is output. The action node and the trigger both send and read these, and only these.
 */
export interface PerIdRequest<Result> {
	action: Extract<PanelAction, 'status' | 'refill' | 'refill_status' | 'cancel'>;
	ids: IdKind;
	/** Whether the API has a single-ID form (`order=`) besides the batch form (cancel has only `orders=`). */
	singleForm: boolean;
	/** The fields an array entry may name its ID in (`[{"order": 1, ...}]`). */
	idFields: readonly string[];
	/** Whether a reply is the bare entry of a single ID (`{"status": ...}`) rather than keyed by ID. */
	isBareEntry(value: Record<string, unknown>): boolean;
	/** One ID's entry: its reading, or the panel's message about the ID. Throws ReplyShapeError when unreadable. */
	readEntry(entry: unknown, id: number): Result | IdError;
	/** The output JSON of a reading. */
	toJson(result: Result, id: number): IDataObject;
}

function isIdKey(key: string): boolean {
	return /^\s*\d+\s*$/.test(key);
}

function hasIdKeys(value: Record<string, unknown>): boolean {
	return Object.keys(value).some(isIdKey);
}

/**
 * How a reply to the batch form (`orders=1,2`) shows that the panel ignored the batch field and
 * answered as its single form does, about no ID or one: with one object not keyed by ID that is an
 * error (`{"error": "Order not found.", "status": "104"}`: nothing about the IDs asked for, and
 * nothing done) or one ID's entry (`{"status": "Pending", ...}` for two IDs or more). Undefined for
 * a reply that reads as a batch reply.
 */
export function ignoredBatchForm(request: PerIdRequest<unknown>, raw: unknown, requestedIds: readonly number[]): 'error' | 'entry' | undefined {
	if (!isRecord(raw) || hasIdKeys(raw)) return undefined;
	if (extractErrorMessage(raw) !== undefined) return 'error';
	return requestedIds.length > 1 && request.isBareEntry(raw) ? 'entry' : undefined;
}

/**
 * Batch replies come keyed by ID (`{"1": {...}}`), as arrays of entries that name their ID
 * (`[{"order": 1, ...}]`), or, for a single ID, as the bare entry. This finds the entry for each
 * requested ID, whatever the shape, so that readers see one entry at a time.
 */
function entriesById(request: PerIdRequest<unknown>, raw: unknown, requestedIds: readonly number[]): Map<number, unknown> {
	const entries = new Map<number, unknown>();
	if (Array.isArray(raw)) {
		for (const element of raw) {
			if (!isRecord(element)) continue;
			const idField = request.idFields.find((field) => element[field] !== undefined && !isRecord(element[field]));
			const id = idField === undefined ? undefined : panelId.safeParse(element[idField]);
			if (id?.success) entries.set(id.data, element);
		}
	} else if (isRecord(raw) && requestedIds.length > 0 && !hasIdKeys(raw) && extractErrorMessage(raw) !== undefined) {
		// A top-level error that is not about the request itself (the transport lets only those through)
		// is about the IDs: one error for a whole batch, with or without fields beside it
		// (`{"error": "Order not found.", "status": "104"}`), or the single form's "Incorrect order ID".
		for (const id of requestedIds) entries.set(id, raw);
	} else if (isRecord(raw)) {
		const keyedIds = Object.keys(raw).filter(isIdKey);
		if (keyedIds.length > 0) {
			for (const key of keyedIds) entries.set(Number(key), raw[key]);
		} else if (requestedIds.length === 1 && request.isBareEntry(raw)) {
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
export function fieldError(value: unknown): string | undefined {
	return isRecord(value) ? extractErrorMessage(value) : undefined;
}

/** Every requested ID's answer, found in one pass over the reply, whatever its shape. */
export function readPerIdReply<Result>(
	request: PerIdRequest<Result>,
	raw: unknown,
	requestedIds: readonly number[],
): PerIdReply<Result> {
	const entries = entriesById(request as PerIdRequest<unknown>, raw, requestedIds);
	const answers: PerIdReply<Result> = new Map();
	for (const id of requestedIds) {
		if (!entries.has(id)) {
			answers.set(id, { result: { error: `The panel's reply had no entry for ${request.ids.key} ${id}` }, raw: undefined });
			continue;
		}
		const entry = entries.get(id);
		// Only an `{"error": ...}` object is an error here: a bare entry (`{"501": "Completed"}`) is
		// for the request's reader to tell apart, as a value or a message.
		const message = fieldError(entry);
		answers.set(id, { result: message !== undefined ? { error: message } : readEntryOf(request, entry, id), raw: entry });
	}
	return answers;
}

/**
 * One entry's reading, or, when the entry cannot be read (`null`, `[]`, `"status": null`), an
 * error about that ID alone that says what came back: one odd entry must not cost the other IDs
 * of the batch their answers. Whatever reading it threw concerns that entry only.
 */
function readEntryOf<Result>(request: PerIdRequest<Result>, entry: unknown, id: number): Result | IdError {
	try {
		return request.readEntry(entry, id);
	} catch (error) {
		const problem = error instanceof Error ? error.message : String(error);
		return {
			error: `The panel's reply about ${request.ids.key} ${id} is not in the expected format (${problem}); it sent ${shortJson(entry)}`,
		};
	}
}
