import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'smmPanelApi';

/** What the transport needs from the credential, besides the key (which n8n adds itself). */
export interface PanelSettings {
	url: string;
	timeoutMs: number;
	userAgent: string;
	requestsPerMinute: number;
	/** Batch Requests: `orders=1,2,3` with a fallback (auto), always, or one ID per request (single). */
	batchRequests: BatchRequests;
	/** Request Body: the fields form-encoded (as the reference documents) or as JSON. */
	requestBody: RequestBody;
}

export type BatchRequests = 'auto' | 'always' | 'single';
export type RequestBody = 'form' | 'json';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.find((option) => option === value) ?? fallback;
}

const DEFAULT_TIMEOUT_SECONDS = 30;

export function settingsFromCredential(data: ICredentialDataDecryptedObject): PanelSettings {
	const timeoutSeconds = Number(data.timeout);
	const requestsPerMinute = Number(data.requestsPerMinute);
	return {
		url: String(data.url ?? '').trim(),
		timeoutMs: (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
		userAgent: String(data.userAgent ?? '').trim(),
		requestsPerMinute: Number.isFinite(requestsPerMinute) && requestsPerMinute > 0 ? requestsPerMinute : 0,
		// Credentials saved before these options existed have neither: the defaults are what they did then.
		batchRequests: oneOf<BatchRequests>(data.batchRequests, ['auto', 'always', 'single'], 'auto'),
		requestBody: oneOf<RequestBody>(data.requestBody, ['form', 'json'], 'form'),
	};
}
