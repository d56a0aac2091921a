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
			const settings = settingsFromCredential(await context.getCredentials(CREDENTIAL_TYPE));
			return {
				node: context.getNode(),
				settings,
				post: async (form) =>
					toRawResponse(
						await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, requestOptions(settings, form)),
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
