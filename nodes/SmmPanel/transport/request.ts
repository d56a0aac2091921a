import { sleep } from 'n8n-workflow';

import { isReadAction, type PanelAction } from '../domain/panelApi';
import { ReplyShapeError } from '../replies/shape';
import { classifyNetworkFailure, classifyResponse, type AttemptOutcome, type ClassifyOptions, type RawResponse } from './classify';
import { excerpt, PanelApiError, type PanelFailure } from './errors';
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

function backoffMs(attempt: number): number {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return base / 2 + Math.random() * (base / 2);
}

async function attempt(sender: PanelSender, action: PanelAction, fields: PanelFields, options: ClassifyOptions): Promise<AttemptOutcome> {
	const form: Record<string, string> = { action };
	for (const [name, value] of Object.entries(fields)) form[name] = String(value);
	await waitForRateLimitSlot(sender.settings.url, sender.settings.requestsPerMinute);
	let response: RawResponse;
	try {
		response = await sender.post(form);
	} catch (error) {
		return classifyNetworkFailure(error, action, sender.settings.url);
	}
	return classifyResponse(response, options);
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
				throw fail({
					kind: 'unexpectedReply',
					message: `The panel's reply to "${action}" is not in the expected format (${problem})`,
					description: `It sent: "${excerpt(JSON.stringify(outcome.json))}". Check that the API URL is the panel's API v2 address; if it is, this panel answers differently from the standard API: please report it with this excerpt.`,
				});
			}
		}
		const retryable = outcome.retry === 'always' || (outcome.retry === 'readsOnly' && isReadAction(action));
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
