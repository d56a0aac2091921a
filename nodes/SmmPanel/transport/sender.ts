import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';

import type { RawResponse } from './classify';
import { CREDENTIAL_TYPE, settingsFromCredential, type PanelSettings } from './credentialSettings';
import { keyRedactor, type Redactor } from './redact';
import { receivedReply } from './replyBody';

export type PanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** What sending a form came to: an answer, or the error of a request that got none. */
export type SendResult =
	| { response: RawResponse }
	| {
			error: unknown;
			/** Whether it was stopped because it outlived the credential's timeout (n8n's own only bounds idle time). */
			deadlinePassed: boolean;
	  };

/** How one panel is reached: the settings, and a function that POSTs a form with the key added. */
export interface PanelSender {
	node: INode;
	settings: PanelSettings;
	post(form: Record<string, string>): Promise<SendResult>;
}

function requestOptions(settings: PanelSettings, form: Record<string, string>): IHttpRequestOptions {
	const headers: Record<string, string> = {
		// The same fields either way; n8n encodes the body (the key included, see the credential) by this header.
		'Content-Type': settings.requestBody === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
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
		// A stream, read with a size budget (replyBody.ts): n8n would read any size into memory.
		encoding: 'stream',
	};
}

function cancelSignalOf(context: PanelContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/**
 * The context to send from, so that the request is aborted by `signal`. n8n-core's
 * httpRequestWithAuthentication replaces a request's abortSignal with the execution's cancel
 * signal (`this.getExecutionCancelSignal()`), which would drop the deadline; sent from a view of
 * the context whose cancel signal is `signal` (the execution's cancel signal or the deadline), the
 * request keeps both.
 */
function abortableBy(context: PanelContext, signal: AbortSignal): PanelContext {
	if (!('getExecutionCancelSignal' in context)) return context;
	return Object.create(context, { getExecutionCancelSignal: { value: () => signal } }) as PanelContext;
}

/**
 * Sends one request, bounded from connect to last byte by the credential's timeout (a reply that
 * trickles in would otherwise never end), and stopped as soon as the execution is.
 */
async function postWithDeadline(context: PanelContext, settings: PanelSettings, form: Record<string, string>, redact: Redactor): Promise<SendResult> {
	const deadline = AbortSignal.timeout(settings.timeoutMs);
	const cancel = cancelSignalOf(context);
	const signal = cancel === undefined ? deadline : AbortSignal.any([deadline, cancel]);
	try {
		const response: unknown = await context.helpers.httpRequestWithAuthentication.call(abortableBy(context, signal), CREDENTIAL_TYPE, {
			...requestOptions(settings, form),
			abortSignal: signal,
		});
		return { response: await receivedReply(response, form, signal, redact) };
	} catch (error) {
		return { error, deadlinePassed: deadline.aborted };
	}
}

const DEADLINE_PASSED = Symbol('deadline passed');

/** Resolves once `signal` aborts; for requests that cannot be handed a signal. */
async function abortOf(signal: AbortSignal): Promise<typeof DEADLINE_PASSED> {
	return await new Promise((resolve) => signal.addEventListener('abort', () => resolve(DEADLINE_PASSED), { once: true }));
}

const sendersByContext = new WeakMap<object, Promise<PanelSender>>();

/** The sender for a node's execution: the credential is read once, the key is added by n8n. */
export async function senderFor(context: PanelContext): Promise<PanelSender> {
	let sender = sendersByContext.get(context);
	if (!sender) {
		sender = (async () => {
			const credential = await context.getCredentials(CREDENTIAL_TYPE);
			const settings = settingsFromCredential(credential);
			// The key stays in this closure, for the redactor; n8n adds it to each request itself.
			const redact = keyRedactor(String(credential.apiKey ?? ''));
			return {
				node: context.getNode(),
				settings,
				post: async (form) => await postWithDeadline(context, settings, form, redact),
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
	const key = String(credential.apiKey ?? '');
	const redact = keyRedactor(key);
	return {
		node,
		settings,
		post: async (form) => {
			const options = requestOptions(settings, form);
			// The legacy helper takes no signal: the test stops waiting at the deadline instead.
			const deadline = AbortSignal.timeout(settings.timeoutMs);
			try {
				const response = await Promise.race([
					request({
						method: 'POST',
						uri: settings.url,
						headers: options.headers,
						...(settings.requestBody === 'json' ? { body: JSON.stringify({ ...form, key }) } : { form: { ...form, key } }),
						timeout: settings.timeoutMs,
						json: false,
						simple: false,
						resolveWithFullResponse: true,
						followRedirect: false,
						followAllRedirects: false,
						// The legacy helper's way to ask for a stream (responseType 'stream'), read with the same budget.
						useStream: true,
					}),
					abortOf(deadline),
				]);
				if (response === DEADLINE_PASSED) return { error: deadline.reason, deadlinePassed: true };
				return { response: await receivedReply(response, form, deadline, redact) };
			} catch (error) {
				return { error, deadlinePassed: deadline.aborted };
			}
		},
	};
}

/** The credential's settings (API URL, Batch Requests, ...), read once per execution. */
export async function panelSettingsOf(context: PanelContext): Promise<PanelSettings> {
	return (await senderFor(context)).settings;
}

/** The API URL of the credential the node uses (what identifies the panel, e.g. for the duplicate guard). */
export async function panelUrlOf(context: PanelContext): Promise<string> {
	return (await senderFor(context)).settings.url;
}
