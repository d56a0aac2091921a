import { sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	NodeApiError,
} from 'n8n-workflow';

import { ReplyShapeError } from '../schemas/replies';
import { extractErrorMessage, isRecord } from '../schemas/primitives';
import { adviceForPanelError, excerpt, toNodeApiError, type PanelFailure } from './errors';
import { waitForRateLimitSlot } from './rateLimit';
import { CREDENTIAL_TYPE, settingsFromCredential, type PanelSettings } from './settings';

export type PanelAction = 'services' | 'add' | 'status' | 'refill' | 'refill_status' | 'cancel' | 'balance';
export type PanelFields = Record<string, string | number>;
export type PanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** Actions that change nothing on the panel, and so may be repeated after any failure. */
const READ_ACTIONS: ReadonlySet<PanelAction> = new Set(['services', 'status', 'refill_status', 'balance']);

export const MAX_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 4_000;
/** Longer waits than this are not worth holding an execution for: the user should slow down instead. */
const MAX_RETRY_AFTER_MS = 60_000;

export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: string;
}

/** How one panel is reached: the settings, and a function that POSTs a form with the key added. */
export interface PanelSender {
	node: INode;
	settings: PanelSettings;
	post(form: Record<string, string>): Promise<RawResponse>;
}

export interface PanelReply<T> {
	data: T;
	/** The reply as the panel sent it, parsed from JSON (for "Include Raw Response"). */
	raw: unknown;
}

export interface PanelRequestOptions {
	itemIndex?: number;
	/**
	 * For replies that are about IDs: a top-level `{"error": ...}` about the IDs (see isAboutTheIds)
	 * is handed to the reader as the IDs' error instead of failing the request.
	 */
	topLevelErrorMayBePerId?: boolean;
}

function toRawResponse(response: unknown): RawResponse {
	const full = (isRecord(response) ? response : {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
	const body = full.body;
	return {
		statusCode: Number(full.statusCode ?? 0),
		headers: isRecord(full.headers) ? full.headers : {},
		body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body ?? ''),
	};
}

function requestOptions(settings: PanelSettings, form: Record<string, string>): IHttpRequestOptions {
	const headers: Record<string, string> = {
		'Content-Type': 'application/x-www-form-urlencoded',
		Accept: 'application/json',
	};
	if (settings.userAgent) headers['User-Agent'] = settings.userAgent;
	return {
		method: 'POST',
		url: settings.url,
		headers,
		body: form,
		timeout: settings.timeoutMs,
		// The key travels in the body: following a redirect would drop it (301/302) or hand it to another host (307/308).
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		json: false,
		encoding: 'text',
	};
}

const sendersByContext = new WeakMap<object, Promise<PanelSender>>();

/** The sender for a node's execution: the credential is read once, the key is added by n8n. */
async function senderFor(context: PanelContext): Promise<PanelSender> {
	let sender = sendersByContext.get(context);
	if (!sender) {
		sender = (async () => {
			const settings = settingsFromCredential(await context.getCredentials(CREDENTIAL_TYPE));
			return {
				node: context.getNode(),
				settings,
				post: async (form) =>
					toRawResponse(
						await context.helpers.httpRequestWithAuthentication.call(
							context,
							CREDENTIAL_TYPE,
							requestOptions(settings, form),
						),
					),
			};
		})();
		sendersByContext.set(context, sender);
		sender.catch(() => sendersByContext.delete(context));
	}
	return await sender;
}

/**
 * For the credential test, where n8n offers only its legacy request helper and hands us the
 * credential instead of applying it: the one place the key is put into a body by our code.
 */
export function credentialTestSender(
	node: INode,
	credential: ICredentialDataDecryptedObject,
	request: (options: object) => Promise<unknown>,
): PanelSender {
	const settings = settingsFromCredential(credential);
	return {
		node,
		settings,
		post: async (form) => {
			const options = requestOptions(settings, form);
			return toRawResponse(
				await request({
					method: 'POST',
					uri: settings.url,
					headers: options.headers,
					form: { ...form, key: String(credential.apiKey ?? '') },
					timeout: settings.timeoutMs,
					json: false,
					simple: false,
					resolveWithFullResponse: true,
					followRedirect: false,
					followAllRedirects: false,
				}),
			);
		},
	};
}

type AttemptOutcome =
	| { kind: 'reply'; json: unknown }
	| { kind: 'failure'; failure: PanelFailure; retry: 'never' | 'readsOnly' | 'always'; retryAfterMs?: number };

/** Parses JSON the way panels send it: possibly with a BOM, whitespace or stray bytes around it. */
function parseLenientJson(body: string): { ok: true; value: unknown } | { ok: false } {
	const text = body.replace(/^\uFEFF/, '').trim();
	if (text === '') return { ok: false };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		const start = text.search(/[[{]/);
		const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
		if (start < 0 || end <= start) return { ok: false };
		try {
			return { ok: true, value: JSON.parse(text.slice(start, end + 1)) };
		} catch {
			return { ok: false };
		}
	}
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

const UNREACHED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const UNREACHABLE_HOST_CODES = new Set(['ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** The network error code inside whatever n8n's HTTP layer threw (it wraps errors a level or two deep). */
function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && isRecord(current); depth++) {
		const code = current.code;
		if (typeof code === 'string' && /^E[A-Z_]+$|^ERR_/.test(code)) return code;
		const message = typeof current.message === 'string' ? current.message : '';
		const inMessage = /\b(E[A-Z]{4,}[A-Z_]*)\b/.exec(message)?.[1];
		if (inMessage) return inMessage;
		if (/timeout/i.test(message)) return 'ETIMEDOUT';
		if (/socket hang up/i.test(message)) return 'ECONNRESET';
		current = current.cause ?? (current as { error?: unknown }).error;
	}
	if (error instanceof Error && /timeout/i.test(error.message)) return 'ETIMEDOUT';
	return undefined;
}

/** Plain words for the codes we name; n8n rewrites a message that contains a raw code into its generic text. */
const NETWORK_CODE_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	EAI_AGAIN: 'the host name could not be looked up right now',
	ENOTFOUND: 'the host name does not exist',
	ENETUNREACH: 'the network is unreachable',
	EHOSTUNREACH: 'the host is unreachable',
	ERR_INVALID_URL: 'the URL is not valid',
	ETIMEDOUT: 'it did not answer in time',
	ECONNABORTED: 'it did not answer in time',
	ESOCKETTIMEDOUT: 'it did not answer in time',
	ECONNRESET: 'it closed the connection without an answer',
	EPIPE: 'it closed the connection without an answer',
};

function describeNetworkFailure(code: string | undefined, action: PanelAction, settings: PanelSettings): AttemptOutcome {
	const words = (code && NETWORK_CODE_WORDS[code]) ?? 'the connection failed';
	const technical = ` (error code: ${code ?? 'unknown'})`;
	if (code !== undefined && UNREACHED_CODES.has(code)) {
		return {
			kind: 'failure',
			retry: 'always',
			failure: {
				message: `Could not connect to the panel at ${settings.url}: ${words}`,
				description: `Nothing reached the panel. Check the API URL in the SMM Panel API credential and that the panel is online${technical}.`,
			},
		};
	}
	if (code !== undefined && UNREACHABLE_HOST_CODES.has(code)) {
		return {
			kind: 'failure',
			retry: 'never',
			failure: {
				message: `Could not reach the panel at ${settings.url}: ${words}`,
				description: `The host cannot be reached from n8n. Check the API URL in the SMM Panel API credential (e.g. https://panel.example/api/v2)${technical}.`,
			},
		};
	}
	const advice = READ_ACTIONS.has(action)
		? 'Try again later; if it keeps happening, raise the request timeout in the credential'
		: `The panel may still have carried out the "${action}" request. Check your panel before running it again: n8n does not resend it automatically, so that nothing is ordered or charged twice`;
	return {
		kind: 'failure',
		retry: 'readsOnly',
		failure: { message: `The panel at ${settings.url} failed to answer: ${words}`, description: `${advice}${technical}.` },
	};
}

function describeResponse(response: RawResponse, action: PanelAction, options: PanelRequestOptions): AttemptOutcome {
	const { statusCode, body } = response;
	if (statusCode >= 300 && statusCode < 400) {
		const location = header(response, 'location') ?? '(no Location header)';
		return {
			kind: 'failure',
			retry: 'never',
			failure: {
				message: `The API URL redirects (HTTP ${statusCode}) to ${location}`,
				description: `Redirects are not followed, because the API key travels in the request body: a redirect would drop it or hand it to another address. If ${location} is your panel's API address, put it in the SMM Panel API credential's API URL.`,
				httpCode: statusCode,
			},
		};
	}
	const json = looksLikeHtml(body) ? ({ ok: false } as const) : parseLenientJson(body);
	const serverBusy = statusCode === 502 || statusCode === 503 || statusCode === 504;
	if (statusCode === 429) {
		return {
			kind: 'failure',
			retry: 'always',
			retryAfterMs: retryAfterMs(response),
			failure: {
				message: 'The panel is rate limiting requests (HTTP 429)',
				description: 'Set a "Requests Per Minute Limit" in the SMM Panel API credential to stay under the panel\'s limit, or lower the concurrency.',
				httpCode: 429,
			},
		};
	}
	if (json.ok) {
		const message = isRecord(json.value) && 'error' in json.value ? extractErrorMessage(json.value) : undefined;
		if (message === undefined && statusCode >= 200 && statusCode < 300) return { kind: 'reply', json: json.value };
		if (message !== undefined && statusCode < 300 && options.topLevelErrorMayBePerId && isAboutTheIds(message)) {
			return { kind: 'reply', json: json.value };
		}
		const panelMessage = message ?? excerpt(body);
		return {
			kind: 'failure',
			retry: serverBusy ? 'readsOnly' : 'never',
			retryAfterMs: retryAfterMs(response),
			failure: {
				message: `The panel returned an error: ${panelMessage}`,
				description: adviceForPanelError(panelMessage),
				httpCode: statusCode >= 300 ? statusCode : undefined,
			},
		};
	}
	if (looksLikeHtml(body)) {
		const title = htmlTitle(body);
		return {
			kind: 'failure',
			retry: serverBusy ? 'readsOnly' : 'never',
			retryAfterMs: retryAfterMs(response),
			failure: {
				message: `The API URL returned a web page instead of API data (HTTP ${statusCode}${title ? `, "${title}"` : ''})`,
				description: `The page begins: "${excerpt(body)}". Check that the credential's API URL is your panel's API address (e.g. https://panel.example/api/v2), not its website; a protection page (such as Cloudflare's) or a proxy error page can also answer instead of the panel.`,
				httpCode: statusCode,
			},
		};
	}
	return {
		kind: 'failure',
		retry: serverBusy ? 'readsOnly' : 'never',
		retryAfterMs: retryAfterMs(response),
		failure: {
			message: `The panel's reply is not valid JSON (HTTP ${statusCode})`,
			description: `It sent: "${excerpt(body)}". Check that the credential's API URL is your panel's API address (e.g. https://panel.example/api/v2).`,
			httpCode: statusCode === 200 ? undefined : statusCode,
		},
	};
}

function backoffMs(attempt: number): number {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return base / 2 + Math.random() * (base / 2);
}

async function attempt(sender: PanelSender, action: PanelAction, fields: PanelFields, options: PanelRequestOptions): Promise<AttemptOutcome> {
	const form: Record<string, string> = { action };
	for (const [name, value] of Object.entries(fields)) form[name] = String(value);
	await waitForRateLimitSlot(sender.settings.url, sender.settings.requestsPerMinute);
	let response: RawResponse;
	try {
		response = await sender.post(form);
	} catch (error) {
		return describeNetworkFailure(networkErrorCode(error), action, sender.settings);
	}
	return describeResponse(response, action, options);
}

/**
 * The one function that talks to a panel: action and fields in, a read (validated, normalised)
 * reply out. Reads are retried on network failures, 429 and 502/503/504; writes only where the
 * panel surely did nothing (429, connection refused), so an order is never placed twice.
 */
export async function requestWithSender<T>(
	sender: PanelSender,
	action: PanelAction,
	fields: PanelFields,
	read: (json: unknown) => T,
	options: PanelRequestOptions = {},
): Promise<PanelReply<T>> {
	const fail = (failure: PanelFailure): NodeApiError => toNodeApiError(sender.node, failure, options.itemIndex);
	if (!/^https?:\/\/[^/\s]+/i.test(sender.settings.url)) {
		throw fail({
			message: `The API URL "${sender.settings.url}" is not a web address`,
			description: 'Enter the full API URL in the SMM Panel API credential, e.g. https://panel.example/api/v2.',
		});
	}
	for (let attemptNumber = 1; ; attemptNumber++) {
		const outcome = await attempt(sender, action, fields, options);
		if (outcome.kind === 'reply') {
			try {
				return { data: read(outcome.json), raw: outcome.json };
			} catch (error) {
				const problem = error instanceof ReplyShapeError ? error.message : String(error);
				throw fail({
					message: `The panel's reply to "${action}" is not in the expected format (${problem})`,
					description: `It sent: "${excerpt(JSON.stringify(outcome.json))}". Check that the API URL is the panel's API v2 address; if it is, this panel answers differently from the standard API: please report it with this excerpt.`,
				});
			}
		}
		const retryable = outcome.retry === 'always' || (outcome.retry === 'readsOnly' && READ_ACTIONS.has(action));
		const waitMs = outcome.retryAfterMs ?? backoffMs(attemptNumber);
		if (!retryable || attemptNumber >= MAX_ATTEMPTS || waitMs > MAX_RETRY_AFTER_MS) {
			const tries = attemptNumber > 1 ? ` (after ${attemptNumber} attempts)` : '';
			throw fail({ ...outcome.failure, message: `${outcome.failure.message}${tries}` });
		}
		await sleep(waitMs);
	}
}

export async function panelRequest<T>(
	context: PanelContext,
	action: PanelAction,
	fields: PanelFields,
	read: (json: unknown) => T,
	options: PanelRequestOptions = {},
): Promise<PanelReply<T>> {
	return await requestWithSender(await senderFor(context), action, fields, read, options);
}
