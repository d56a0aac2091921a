import { isRecord } from '../replies/values';
import type { AttemptOutcome } from './classify';

/**
 * A request that got no answer, classified from the error n8n's HTTP layer threw: refused (nothing
 * reached the panel, safe to try again), unreachable (no point trying again), or sent without an
 * answer (the panel may have acted on it).
 */
const UNREACHED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const UNREACHABLE_HOST_CODES = new Set(['ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** The network error code inside whatever n8n's HTTP layer threw (it wraps errors a level or two deep). */
export function networkErrorCode(error: unknown): string | undefined {
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

/**
 * A request that threw instead of answering: refused, unreachable, or sent without an answer. The
 * advice is for reads; a write that may have been carried out is worded by request.ts.
 */
export function classifyNetworkFailure(error: unknown, url: string): AttemptOutcome {
	const code = networkErrorCode(error);
	const words = (code && NETWORK_CODE_WORDS[code]) ?? 'the connection failed';
	const technical = ` (error code: ${code ?? 'unknown'})`;
	if (code !== undefined && UNREACHED_CODES.has(code)) {
		return {
			ok: false,
			retry: 'always',
			failure: {
				kind: 'refused',
				message: `Could not connect to the panel at ${url}: ${words}`,
				description: `Nothing reached the panel. Check the API URL in the SMM Panel API credential and that the panel is online${technical}.`,
			},
		};
	}
	if (code !== undefined && UNREACHABLE_HOST_CODES.has(code)) {
		return {
			ok: false,
			retry: 'never',
			failure: {
				kind: 'unreachable',
				message: `Could not reach the panel at ${url}: ${words}`,
				description: `The host cannot be reached from n8n. Check the API URL in the SMM Panel API credential (e.g. https://panel.example/api/v2)${technical}.`,
			},
		};
	}
	return {
		ok: false,
		retry: 'readsOnly',
		failure: {
			kind: 'noAnswer',
			message: `The panel at ${url} failed to answer: ${words}`,
			description: `Try again later; if it keeps happening, raise the request timeout in the credential${technical}.`,
		},
	};
}
