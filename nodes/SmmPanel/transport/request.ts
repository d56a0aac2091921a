import { sleep } from 'n8n-workflow';

import { isReadAction, isWriteAction, UNKNOWN_OUTCOME, type PanelAction, type WriteAction } from '../domain/panelApi';
import { ReplyShapeError } from '../replies/shape';
import { classifyResponse, mayLackAction, panelMayHaveActed, type AttemptOutcome, type ClassifyOptions } from './classify';
import { excerpt, PanelApiError, type PanelFailure } from './errors';
import { classifyNetworkFailure } from './networkFailure';
import { waitForRateLimitSlot } from './rateLimit';
import { senderFor, type PanelContext, type PanelSender } from './sender';

export type PanelFields = Record<string, string | number>;

export const MAX_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 4_000;
/** Longer waits than this are not worth holding an execution for: the user should slow down instead. */
const MAX_RETRY_AFTER_MS = 60_000;

export interface PanelReply<T> {
	data: T;
	/** The reply as the panel sent it, parsed from JSON (for "Include Raw Response"). */
	raw: unknown;
}

export interface PanelRequestOptions extends ClassifyOptions {
	itemIndex?: number;
}

function lowerFirst(text: string): string {
	return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * A write that failed in a way that may have left it done: the message says so first, and the
 * advice is how to find out, never to run it again (n8n does not resend it by itself).
 */
function unknownOutcome(action: WriteAction, failure: PanelFailure): PanelFailure {
	const { effect, howToCheck } = UNKNOWN_OUTCOME[action];
	const received = failure.received === undefined ? '' : ` The panel sent: "${failure.received}".`;
	return {
		...failure,
		outcomeUnknown: true,
		message: `${effect}: ${lowerFirst(failure.message)}`,
		description: `The request may have reached the panel, but no answer n8n could read came back, so n8n cannot tell whether it was carried out. n8n does not send it again. Before you do, ${howToCheck}.${received}`,
	};
}

/** What came back, in a few words for a message: `null`, `HTTP 500 ("…")`, or the panel's message. */
function answered(failure: PanelFailure, json: unknown): string {
	if (json === null) return 'null';
	const words = failure.panelMessage ?? failure.received;
	if (failure.httpCode === 500) return `HTTP 500${words === undefined ? '' : ` ("${words}")`}`;
	return `"${words ?? failure.message}"`;
}

/**
 * A refill or cancel that the panel's script may not have at all (see mayLackAction): says what it
 * answered and that, rather than "may have been requested" alone. Never sent again either way;
 * where the answer does not prove that nothing was done, the outcome stays unknown.
 */
function unsupportedAction(action: 'refill' | 'cancel', failure: PanelFailure, json: unknown): PanelFailure {
	const { what, howToCheck } = UNKNOWN_OUTCOME[action];
	const unknown = json === null || panelMayHaveActed(failure);
	const check = unknown ? ` Before you try again, ${howToCheck}.` : '';
	return {
		...failure,
		outcomeUnknown: unknown || undefined,
		message: `The panel answered ${answered(failure, json)} to "${action}": this panel may not support ${what} through its API`,
		description: `Not every panel script has the "${action}" action. n8n did not send the request again.${check} If your panel's API page does not list "${action}", request ${what} on the panel's website instead; if it does, report this answer to the panel's support.`,
	};
}

/** The failure as the user sees it: for a write that may have been carried out, that first. */
function finalFailure(action: PanelAction, failure: PanelFailure, json?: unknown): PanelFailure {
	if ((action === 'refill' || action === 'cancel') && mayLackAction(failure, json)) return unsupportedAction(action, failure, json);
	return isWriteAction(action) && panelMayHaveActed(failure) ? unknownOutcome(action, failure) : failure;
}

/** For the batch reads: the credential option that fits a panel answering one ID at a time. */
function batchAdvice(action: PanelAction): string {
	return action === 'status' || action === 'refill_status'
		? ' If the panel answers one ID at a time, set Batch Requests in the SMM Panel API credential to Auto or One ID per Request.'
		: '';
}

function backoffMs(attempt: number): number {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return base / 2 + Math.random() * (base / 2);
}

async function attempt(sender: PanelSender, action: PanelAction, fields: PanelFields, options: ClassifyOptions): Promise<AttemptOutcome> {
	const form: Record<string, string> = { action };
	for (const [name, value] of Object.entries(fields)) form[name] = String(value);
	await waitForRateLimitSlot(sender.settings.url, sender.settings.requestsPerMinute);
	const sent = await sender.post(form);
	if ('response' in sent) return classifyResponse(sent.response, options);
	return classifyNetworkFailure(sent.deadlinePassed ? { code: 'ETIMEDOUT' } : sent.error, sender.settings.url);
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
	const fail = (failure: PanelFailure): PanelApiError => new PanelApiError(sender.node, failure, options.itemIndex);
	if (!/^https?:\/\/[^/\s]+/i.test(sender.settings.url)) {
		throw fail({
			kind: 'invalidUrl',
			message: `The API URL "${sender.settings.url}" is not a web address`,
			description: 'Enter the full API URL in the SMM Panel API credential, e.g. https://panel.example/api/v2.',
		});
	}
	for (let attemptNumber = 1; ; attemptNumber++) {
		const outcome = await attempt(sender, action, fields, options);
		if (outcome.ok) {
			try {
				return { data: read(outcome.json), raw: outcome.json };
			} catch (error) {
				const problem = error instanceof ReplyShapeError ? error.message : String(error);
				const received = excerpt(JSON.stringify(outcome.json) ?? String(outcome.json));
				throw fail(
					finalFailure(
						action,
						{
							kind: 'unexpectedReply',
							// The panel's words in the message itself: an error item keeps only the message.
							message: `The panel's reply to "${action}" is not in the expected format (${problem}); it sent ${received}`,
							description: `It sent: "${received}". Check that the API URL is the panel's API v2 address; if it is, this panel answers differently from the standard API: please report it with this excerpt.${batchAdvice(action)}`,
							received,
						},
						outcome.json,
					),
				);
			}
		}
		const retryable = outcome.retry === 'always' || (outcome.retry === 'readsOnly' && isReadAction(action));
		const waitMs = outcome.retryAfterMs ?? backoffMs(attemptNumber);
		if (!retryable || attemptNumber >= MAX_ATTEMPTS || waitMs > MAX_RETRY_AFTER_MS) {
			const tries = attemptNumber > 1 ? ` (after ${attemptNumber} attempts)` : '';
			throw fail(finalFailure(action, { ...outcome.failure, message: `${outcome.failure.message}${tries}` }));
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
