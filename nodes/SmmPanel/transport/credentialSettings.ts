import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'smmPanelApi';

/** What the transport needs from the credential, besides the key (which n8n adds itself). */
export interface PanelSettings {
	url: string;
	timeoutMs: number;
	userAgent: string;
	requestsPerMinute: number;
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
	};
}
