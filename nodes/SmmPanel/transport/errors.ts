import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { redactKeyFields } from './redact';

const EXCERPT_LENGTH = 200;

/**
 * A short, single-line excerpt of what a panel sent, for error messages. The key is never in our
 * own messages, and the sender already removed its value from everything the panel sent; `key=`
 * fields are blanked here as well.
 */
export function excerpt(body: string): string {
	const oneLine = redactKeyFields(body)
		.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (oneLine === '') return '(empty reply)';
	return oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine;
}

/** Advice for the errors panels commonly send, keyed by a fragment of their message. */
const PANEL_ERROR_ADVICE: Array<[RegExp, string]> = [
	[/api key|invalid key|incorrect key|key is/i, "Check the API key in the SMM Panel API credential: copy it again from your panel's API page."],
	[/not enough funds|insufficient|balance/i, 'Add funds to your panel account, or lower the quantity.'],
	[/incorrect service|service id|service not found/i, 'Pick the service again from the list: the panel does not offer this service ID (any more).'],
	[/quantity/i, "Use a quantity within the service's minimum and maximum (see the service list)."],
	[/active order with this link/i, 'The panel allows one running order per link for this service: wait until the earlier order completes.'],
	[/incorrect request|unknown action/i, "The panel did not understand the request: check that the API URL is the panel's API v2 address (e.g. https://panel.example/api/v2)."],
	[/too many|rate limit/i, 'Set a "Requests Per Minute Limit" in the SMM Panel API credential to stay under the panel\'s limit.'],
];

export function adviceForPanelError(message: string): string {
	const match = PANEL_ERROR_ADVICE.find(([pattern]) => pattern.test(message));
	return match ? match[1] : "This is the panel's own message; see your panel's API page or support for what it means.";
}

/** What went wrong with a request, as a word the credential test and callers can switch on. */
export type FailureKind =
	/** The credential's API URL is not a web address: nothing was sent. */
	| 'invalidUrl'
	/** The connection was refused: nothing reached the panel. */
	| 'refused'
	/** The host cannot be reached (no such name, no route). */
	| 'unreachable'
	/** The request was sent but no answer came (timeout, connection reset). */
	| 'noAnswer'
	/** The URL answered with a redirect, which is never followed. */
	| 'redirect'
	/** HTTP 429. */
	| 'rateLimited'
	/** The panel answered with its own error message (`{"error": "..."}`, or JSON with an HTTP error). */
	| 'panelError'
	/** A web page answered instead of the API. */
	| 'webPage'
	/** The answer is not JSON. */
	| 'notJson'
	/** The answer is larger than the node reads (MAX_REPLY_BYTES, or MAX_SERVICE_LIST_BYTES for the service list). */
	| 'tooLarge'
	/** The answer is JSON, but not a reply this request can read. */
	| 'unexpectedReply';

export interface PanelFailure {
	kind: FailureKind;
	/** One line: what happened. */
	message: string;
	/** What the user can do about it (and what came back, where that helps). */
	description: string;
	httpCode?: number;
	/** The panel's own error message, for `panelError`. */
	panelMessage?: string;
	/** An excerpt of what came back, where it is not the panel's message (a web page, text, JSON of another shape). */
	received?: string;
	/**
	 * Set for a write (`add`, `refill`, `cancel`) whose outcome is unknown: the panel may have
	 * carried it out (no answer, a server error, a reply that cannot be read).
	 */
	outcomeUnknown?: boolean;
}

/**
 * The error users see for a failed panel request. Built from plain strings only: n8n's HTTP errors
 * carry the request (with the key in its body), so they are never passed on as a cause.
 */
export class PanelApiError extends NodeApiError {
	readonly panelFailure: PanelFailure;

	constructor(node: INode, failure: PanelFailure, itemIndex?: number) {
		const response: JsonObject = { message: failure.message, description: failure.description };
		if (failure.httpCode !== undefined) response.httpCode = String(failure.httpCode);
		super(node, response, {
			message: failure.message,
			description: failure.description,
			httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
			itemIndex,
		});
		this.panelFailure = failure;
	}
}

/** The same failure, its message led by `label` (e.g. "Order ID 1234"), for one item. */
export function labelledPanelError(node: INode, error: PanelApiError, label: string, itemIndex: number): PanelApiError {
	return new PanelApiError(node, { ...error.panelFailure, message: `${label}: ${error.panelFailure.message}` }, itemIndex);
}
