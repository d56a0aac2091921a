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
 * also end within `timeoutMs`: n8n's timeout stops counting once the headers arrived, so a panel
 * trickling a body would otherwise hold the request forever. A deadline that passes fails the
 * read as a timeout (ETIMEDOUT), which the classifier words as "did not answer in time".
 *
 * The read is raced against the deadline rather than ended by destroying the stream: axios hands
 * n8n the body wrapped in a generator-backed stream, whose destroy() waits for the next chunk.
 * The stream is destroyed all the same, so the connection closes once the panel sends or hangs up.
 */
export async function readReplyBody(body: unknown, maxBytes: number, timeoutMs: number): Promise<ReplyBody> {
	if (typeof body === 'string') return whole(Buffer.from(body), maxBytes);
	if (body instanceof Uint8Array) return whole(asBuffer(body), maxBytes);
	if (!isStream(body)) return { text: JSON.stringify(body ?? '') };

	const deadline = AbortSignal.timeout(timeoutMs);
	let onDeadline = (): void => {};
	const timedOut = new Promise<never>((_resolve, reject) => {
		onDeadline = () => reject(Object.assign(new Error(`The reply did not arrive within ${timeoutMs} ms (timeout)`), { code: 'ETIMEDOUT' }));
		deadline.addEventListener('abort', onDeadline, { once: true });
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
