import { isRecord } from '../replies/values';
import type { RawResponse } from './classify';
import type { Redactor } from './redact';

/**
 * Reading a reply's body with a budget. n8n's HTTP helpers read a whole body into memory with no
 * limit (n8n sets axios's maxContentLength to Infinity and does not forward one), after
 * decompressing it: a 0.4 MB gzip reply can inflate to 400 MB. So the sender asks n8n for the
 * body as a stream (decompressed by axios as it arrives) and reads it here, stopping, and so
 * destroying the stream and its connection, once the decoded bytes pass the limit. Nothing past
 * the limit is ever inflated.
 */

/** How much of a reply that is too large is kept, for the message's excerpt. */
const KEPT_OF_TOO_LARGE = 4096;

export interface ReplyBody {
	text: string;
	/** Set when the reply was larger than this many bytes (decoded): `text` is only its beginning. */
	cutAtBytes?: number;
}

interface BodyStream extends AsyncIterable<unknown> {
	destroy?: (error?: Error) => void;
}

function isStream(value: unknown): value is BodyStream {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function asBuffer(chunk: unknown): Buffer {
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk instanceof Uint8Array ? chunk : String(chunk));
}

/** The first KEPT_OF_TOO_LARGE bytes of `chunks`, as text. */
function beginning(chunks: readonly Buffer[]): string {
	const kept: Buffer[] = [];
	let size = 0;
	for (const chunk of chunks) {
		if (size >= KEPT_OF_TOO_LARGE) break;
		kept.push(chunk);
		size += chunk.length;
	}
	return Buffer.concat(kept).subarray(0, KEPT_OF_TOO_LARGE).toString('utf8');
}

function whole(bytes: Buffer, maxBytes: number): ReplyBody {
	return bytes.length <= maxBytes ? { text: bytes.toString('utf8') } : { text: beginning([bytes]), cutAtBytes: maxBytes };
}

/**
 * The body as text, read until its end or until it passes `maxBytes`. With a stream, reading must
 * also end by the request's `deadline`: n8n's timeout stops counting once the headers arrived, so a
 * panel trickling a body would otherwise hold the request forever. A deadline that passes fails the
 * read as a timeout (ETIMEDOUT), which the classifier words as "did not answer in time".
 *
 * The read is raced against the deadline rather than ended by destroying the stream: axios hands
 * n8n the body wrapped in a generator-backed stream, whose destroy() waits for the next chunk.
 * The stream is destroyed all the same, so the connection closes once the panel sends or hangs up.
 */
export async function readReplyBody(body: unknown, maxBytes: number, deadline: AbortSignal): Promise<ReplyBody> {
	if (typeof body === 'string') return whole(Buffer.from(body), maxBytes);
	if (body instanceof Uint8Array) return whole(asBuffer(body), maxBytes);
	if (!isStream(body)) return { text: JSON.stringify(body ?? '') };

	let onDeadline = (): void => {};
	const timedOut = new Promise<never>((_resolve, reject) => {
		onDeadline = () => reject(Object.assign(new Error('The reply did not arrive in time (timeout)'), { code: 'ETIMEDOUT' }));
		if (deadline.aborted) onDeadline();
		else deadline.addEventListener('abort', onDeadline, { once: true });
	});
	const iterator = body[Symbol.asyncIterator]();
	const chunks: Buffer[] = [];
	let size = 0;
	let complete = false;
	try {
		for (;;) {
			const next = await Promise.race([iterator.next(), timedOut]);
			if (next.done === true) break;
			const buffer = asBuffer(next.value);
			size += buffer.length;
			// Past the limit nothing more is read, or inflated.
			if (size > maxBytes) return { text: beginning([...chunks, buffer]), cutAtBytes: maxBytes };
			chunks.push(buffer);
		}
		complete = true;
	} finally {
		deadline.removeEventListener('abort', onDeadline);
		if (!complete) body.destroy?.();
	}
	return { text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * The most a reply may be once decoded. A service list grows with the panel (thousands of
 * services with descriptions come to a few MB); every other reply is a few KB (a status batch of
 * 100 orders about 15 KB). Up to 20 requests run at once, so this bounds what replies can cost.
 */
export const MAX_SERVICE_LIST_BYTES = 32 * 1024 * 1024;
export const MAX_REPLY_BYTES = 8 * 1024 * 1024;

export function replyLimitFor(form: Record<string, string>): number {
	return form.action === 'services' ? MAX_SERVICE_LIST_BYTES : MAX_REPLY_BYTES;
}

/**
 * What n8n's helper returned, as the classifier reads it: the status, the headers and the body read
 * within its budget, with the key's value removed from the body and every header (a Location with
 * `?key=...`). Done here, where the answer arrives, so that nothing downstream (the classifier, the
 * readers, raw output, messages, logs) ever sees an echoed key.
 */
export async function receivedReply(response: unknown, form: Record<string, string>, deadline: AbortSignal, redact: Redactor): Promise<RawResponse> {
	const full = (isRecord(response) ? response : {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
	const { text, cutAtBytes } = await readReplyBody(full.body, replyLimitFor(form), deadline);
	const headers: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(isRecord(full.headers) ? full.headers : {})) {
		headers[name] = typeof value === 'string' ? redact(value) : Array.isArray(value) ? value.map((part) => (typeof part === 'string' ? redact(part) : part)) : value;
	}
	const raw: RawResponse = { statusCode: Number(full.statusCode ?? 0), headers, body: redact(text) };
	if (cutAtBytes !== undefined) raw.cutAtBytes = cutAtBytes;
	return raw;
}
