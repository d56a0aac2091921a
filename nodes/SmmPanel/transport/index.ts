export { panelRequest, requestWithSender, MAX_ATTEMPTS } from './request';
export type { PanelFields, PanelReply, PanelRequestOptions } from './request';
export { credentialTestSender, panelUrlOf, type PanelContext, type PanelSender } from './sender';
export { CREDENTIAL_TYPE } from './credentialSettings';
export { excerpt, labelledPanelError, PanelApiError, type FailureKind, type PanelFailure } from './errors';
