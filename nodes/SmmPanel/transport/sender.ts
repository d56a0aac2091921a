import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';

import { isRecord } from '../replies/values';
import type { RawResponse } from './classify';
import { CREDENTIAL_TYPE, settingsFromCredential, type PanelSettings } from './credentialSettings';
import { keyRedactor, type Redactor } from './redact';
import { readReplyBody } from './replyBody';

export type PanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** How one panel is reached: the settings, and a function that POSTs a form with the key added. */
export interface PanelSender {
	node: INode;
	settings: PanelSettings;
	post(form: Record<string, string>): Promise<RawResponse>;
}

/**
 * The most a reply may be once decoded. A service list grows with the panel (thousands of
 * services with descriptions come to a few MB); every other reply is a few KB (a status batch of
 * 100 orders about 15 KB). Up to 20 requests run at once, so this bounds what replies can cost.
 */
export const MAX_SERVICE_LIST_BYTES = 32 * 1024 * 1024;
export const MAX_REPLY_BYTES = 8 * 1024 * 1024;

function replyLimitFor(form: Record<string, string>): number {
	return form.action === 'services' ? MAX_SERVICE_LIST_BYTES : MAX_REPLY_BYTES;
}

async function toRawResponse(response: unknown, maxBytes: number, timeoutMs: number): Promise<RawResponse> {
	const full = (isRecord(response) ? response : {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
	const { text, cutAtBytes } = await readReplyBody(full.body, maxBytes, timeoutMs);
	const raw: RawResponse = { statusCode: Number(full.statusCode ?? 0), headers: isRecord(full.headers) ? full.headers : {}, body: text };
	if (cutAtBytes !== undefined) raw.cutAtBytes = cutAtBytes;
	return raw;
}

/**
 * What the panel sent, with the key's value removed from the body and every header (a Location
 * with `?key=...`). Done here, where the answer arrives, so that nothing downstream (the
 * classifier, the readers, raw output, messages, logs) ever sees an echoed key.
 */
function withoutKey(response: RawResponse, redact: Redactor): RawResponse {
	const headers: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		headers[name] = typeof value === 'string' ? redact(value) : Array.isArray(value) ? value.map((part) => (typeof part === 'string' ? redact(part) : part)) : value;
	}
	return { ...response, headers, body: redact(response.body) };
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
		// A stream, read with a size budget (replyBody.ts): n8n would read any size into memory.
		encoding: 'stream',
	};
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
				post: async (form) => {
					const response: unknown = await context.helpers.httpRequestWithAuthentication.call(
						context,
						CREDENTIAL_TYPE,
						requestOptions(settings, form),
					);
					return withoutKey(await toRawResponse(response, replyLimitFor(form), settings.timeoutMs), redact);
				},
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
			const response: unknown = await request({
				method: 'POST',
				uri: settings.url,
				headers: options.headers,
				form: { ...form, key },
				timeout: settings.timeoutMs,
				json: false,
				simple: false,
				resolveWithFullResponse: true,
				followRedirect: false,
				followAllRedirects: false,
				// The legacy helper's way to ask for a stream (responseType 'stream'), read with the same budget.
				useStream: true,
			});
			return withoutKey(await toRawResponse(response, replyLimitFor(form), settings.timeoutMs), redact);
		},
	};
}
