import { extractErrorMessage, isRecord } from '../replies/values';
import { adviceForPanelError, excerpt, type PanelFailure } from './errors';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseLenientJson } from './panelJson';

/**
 * What one attempt at a request came to, decided from what came back alone: a reply to read, or a
 * failure with its words for the user and whether trying again is safe. Pure, so every kind of
 * answer a panel (or whatever stands in front of it) can give is tested without a network.
 */

/** What came back over HTTP, as the sender hands it over. */
export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: string;
	/** Set when the reply was larger than this many bytes once decoded: `body` is only its beginning. */
	cutAtBytes?: number;
}

/** When a failed attempt may be made again: never, only for actions that change nothing, or always (nothing was done). */
export type Retry = 'never' | 'readsOnly' | 'always';

export type AttemptOutcome =
	| { ok: true; json: unknown }
	| { ok: false; failure: PanelFailure; retry: Retry; retryAfterMs?: number };

export interface ClassifyOptions {
	/**
	 * For replies that are about IDs: a top-level `{"error": ...}` about the IDs (see isAboutTheIds)
	 * is handed to the reader as the IDs' error instead of failing the request.
	 */
	topLevelErrorMayBePerId?: boolean;
}

function looksLikeHtml(body: string): boolean {
	return /^\s*(\uFEFF)?\s*</.test(body) && /<(!doctype|html|head|body|title|div|h1|p)\b/i.test(body);
}

function htmlTitle(body: string): string | undefined {
	const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
	return title ? excerpt(title) : undefined;
}

function header(response: RawResponse, name: string): string | undefined {
	const entry = Object.entries(response.headers).find(([key]) => key.toLowerCase() === name);
	const value = entry?.[1];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(response: RawResponse): number | undefined {
	const value = header(response, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Whether a top-level error is about the IDs asked for ("Incorrect order ID", "Refill is disabled
 * for this service") rather than the request as a whole ("Invalid API key", "Service temporarily
 * unavailable"). Only the former may become per-ID results; anything unrecognised fails the request,
 * so a panel-wide problem is never mistaken for an answer about each ID.
 */
function isAboutTheIds(message: string): boolean {
	if (/\bkey\b|request|too many|maximum|rate limit|maintenance|unavailable|not allowed|blocked|forbidden/i.test(message)) return false;
	return /\b(order|orders|refill|refills|cancel\w*|id)\b/i.test(message);
}

function redirect(response: RawResponse): AttemptOutcome {
	const location = header(response, 'location') ?? '(no Location header)';
	return {
		ok: false,
		retry: 'never',
		failure: {
			kind: 'redirect',
			message: `The API URL redirects (HTTP ${response.statusCode}) to ${location}`,
			description: `Redirects are not followed, because the API key travels in the request body: a redirect would drop it or hand it to another address. If ${location} is your panel's API address, put it in the SMM Panel API credential's API URL.`,
			httpCode: response.statusCode,
		},
	};
}

const RATE_LIMITED: PanelFailure = {
	kind: 'rateLimited',
	message: 'The panel is rate limiting requests (HTTP 429)',
	description: 'Set a "Requests Per Minute Limit" in the SMM Panel API credential to stay under the panel\'s limit, or lower the concurrency.',
	httpCode: 429,
};

function megabytes(bytes: number): string {
	return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** A reply the sender stopped reading at its size limit: never retried, since a panel that sent it once sends it again. */
function tooLarge(response: RawResponse, limit: number): AttemptOutcome {
	return {
		ok: false,
		retry: 'never',
		failure: {
			kind: 'tooLarge',
			message: `The panel's reply is larger than ${megabytes(limit)}, the most this node reads of one reply (HTTP ${response.statusCode})`,
			received: excerpt(response.body),
			description: `It began: "${excerpt(response.body)}". No API reply is that large (a status batch is a few KB, a service list a few MB): check that the credential's API URL is your panel's API address (e.g. https://panel.example/api/v2). If it is, the panel or a proxy in front of it is sending far more than it should.`,
			httpCode: response.statusCode === 200 ? undefined : response.statusCode,
		},
	};
}

/** An answer that came back: a reply to read, or the failure it stands for. */
export function classifyResponse(response: RawResponse, options: ClassifyOptions = {}): AttemptOutcome {
	const { statusCode, body } = response;
	if (statusCode >= 300 && statusCode < 400) return redirect(response);
	if (statusCode === 429) return { ok: false, retry: 'always', retryAfterMs: retryAfterMs(response), failure: RATE_LIMITED };
	if (response.cutAtBytes !== undefined) return tooLarge(response, response.cutAtBytes);

	const isHtml = looksLikeHtml(body);
	const serverBusy = statusCode === 502 || statusCode === 503 || statusCode === 504;
	const failed = (failure: PanelFailure): AttemptOutcome => ({
		ok: false,
		retry: serverBusy ? 'readsOnly' : 'never',
		retryAfterMs: retryAfterMs(response),
		failure,
	});
	if (!isHtml && nestsDeeperThan(body, MAX_JSON_DEPTH)) {
		return failed({
			kind: 'unexpectedReply',
			message: `The panel's reply is not in the expected format (it nests more than ${MAX_JSON_DEPTH} levels deep)`,
			description: `It sent: "${excerpt(body)}". Check that the API URL is the panel's API v2 address; if it is, this panel answers differently from the standard API: please report it with this excerpt.`,
			httpCode: statusCode === 200 ? undefined : statusCode,
		});
	}
	const json = isHtml ? ({ ok: false } as const) : parseLenientJson(body);

	if (json.ok) {
		const message = isRecord(json.value) && 'error' in json.value ? extractErrorMessage(json.value) : undefined;
		if (message === undefined && statusCode >= 200 && statusCode < 300) return { ok: true, json: json.value };
		if (message !== undefined && statusCode < 300 && options.topLevelErrorMayBePerId && isAboutTheIds(message)) {
			return { ok: true, json: json.value };
		}
		const panelMessage = message ?? excerpt(body);
		return failed({
			kind: 'panelError',
			message: `The panel returned an error: ${panelMessage}`,
			description: adviceForPanelError(panelMessage),
			httpCode: statusCode >= 300 ? statusCode : undefined,
			panelMessage,
		});
	}
	const received = excerpt(body);
	if (isHtml) {
		const title = htmlTitle(body);
		return failed({
			kind: 'webPage',
			message: `The API URL returned a web page instead of API data (HTTP ${statusCode}${title ? `, "${title}"` : ''})`,
			received,
			description: `The page begins: "${received}". Check that the credential's API URL is your panel's API address (e.g. https://panel.example/api/v2), not its website; a protection page (such as Cloudflare's) or a proxy error page can also answer instead of the panel.`,
			httpCode: statusCode,
		});
	}
	return failed({
		kind: 'notJson',
		message: `The panel's reply is not valid JSON (HTTP ${statusCode})`,
		received,
		description: `It sent: "${received}". Check that the credential's API URL is your panel's API address (e.g. https://panel.example/api/v2).`,
		httpCode: statusCode === 200 ? undefined : statusCode,
	});
}

/**
 * Whether the panel may have carried out a request that failed this way. Nothing reached the API
 * (refused, unreachable, redirected, rate limited, a 4xx page) or the panel answered with its own
 * refusal: it did nothing. No answer, a server error, or an answer that cannot be read: it may have.
 */
export function panelMayHaveActed(failure: PanelFailure): boolean {
	const httpCode = failure.httpCode ?? 200;
	switch (failure.kind) {
		case 'invalidUrl':
		case 'refused':
		case 'unreachable':
		case 'redirect':
		case 'rateLimited':
			return false;
		case 'noAnswer':
		case 'unexpectedReply':
			return true;
		case 'panelError':
			return httpCode >= 500;
		case 'webPage':
		case 'notJson':
		case 'tooLarge':
			return httpCode < 400 || httpCode >= 500;
	}
}

/** Panel messages that refuse an action as such ("This action is Invalid"), not anything about its fields. */
const UNKNOWN_ACTION_MESSAGE = /action is invalid|invalid action|unknown action|incorrect action|action (is )?not (found|supported|allowed|available)|method not allowed/i;

/**
 * Whether a failed request's answer suggests that the panel's script has no such action at all:
 * `null` (a script that prints the result of an unknown action), HTTP 500 (one that crashes on
 * it), or a message refusing the action as such.
 */
export function mayLackAction(failure: PanelFailure, json?: unknown): boolean {
	if (json === null) return true;
	if (failure.httpCode === 500) return true;
	return failure.kind === 'panelError' && UNKNOWN_ACTION_MESSAGE.test(failure.panelMessage ?? '');
}
