export { panelRequest, requestWithSender, MAX_ATTEMPTS } from './request';
export type { PanelFields, PanelReply, PanelRequestOptions } from './request';
export { credentialTestSender, panelSettingsOf, panelUrlOf, type PanelContext, type PanelSender } from './sender';
export { CREDENTIAL_TYPE, type BatchRequests, type PanelSettings, type RequestBody } from './credentialSettings';
export { excerpt, labelledPanelError, PanelApiError, type FailureKind, type PanelFailure } from './errors';
