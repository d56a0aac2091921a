export { panelRequest, requestWithSender, credentialTestSender, MAX_ATTEMPTS } from './request';
export type { PanelAction, PanelContext, PanelFields, PanelReply, PanelSender, PanelRequestOptions } from './request';
export { CREDENTIAL_TYPE } from './settings';
export { excerpt } from './errors';
