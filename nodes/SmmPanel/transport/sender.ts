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

export type PanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** How one panel is reached: the settings, and a function that POSTs a form with the key added. */
export interface PanelSender {
	node: INode;
	settings: PanelSettings;
	post(form: Record<string, string>): Promise<RawResponse>;
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
	return { statusCode: response.statusCode, headers, body: redact(response.body) };
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
				post: async (form) =>
					withoutKey(
						toRawResponse(
							await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, requestOptions(settings, form)),
						),
						redact,
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
	const key = String(credential.apiKey ?? '');
	const redact = keyRedactor(key);
	return {
		node,
		settings,
		post: async (form) => {
			const options = requestOptions(settings, form);
			const response = toRawResponse(
				await request({
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
				}),
			);
			return withoutKey(response, redact);
		},
	};
}
