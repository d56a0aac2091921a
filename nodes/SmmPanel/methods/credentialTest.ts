import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { parseBalance } from '../replies/balance';
import { credentialTestSender, PanelApiError, requestWithSender } from '../transport';

/** Errors from the test are shown without a node, so this stands in for one. */
const CREDENTIAL_TEST_NODE: INode = {
	id: 'smm-panel-credential-test',
	name: 'SMM Panel API credential test',
	type: 'smmPanelApi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The credential test n8n runs when the credential is saved (and on Retry). Asks for the balance
 * (read-only, free) and tells the user in plain words which of four things is true: connected, key
 * rejected, URL is not an SMM panel API, host unreachable. n8n's editor (2.40) shows an error's
 * message under "More details"; on success it shows only its own "Connection tested successfully",
 * so the balance in the OK message reaches only callers of n8n's API (users run Balance > Get).
 */
export async function smmPanelApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	// n8n gives credential tests only its legacy `request` helper (ICredentialTestFunctions has no
	// httpRequest), so that is what the test's sender uses; node operations use httpRequestWithAuthentication.
	const { request } = this.helpers;
	const sender = credentialTestSender(CREDENTIAL_TEST_NODE, credential.data ?? {}, async (options) => await request(options));
	try {
		const { data } = await requestWithSender(sender, 'balance', {}, parseBalance);
		const currency = data.currency ? ` ${data.currency}` : '';
		return { status: 'OK', message: `Connected. Balance: ${data.balance}${currency}` };
	} catch (error) {
		if (!(error instanceof PanelApiError)) {
			return { status: 'Error', message: `The test could not run: ${error instanceof Error ? error.message : String(error)}` };
		}
		const { kind, panelMessage } = error.panelFailure;
		if (kind === 'panelError' && panelMessage !== undefined && /key/i.test(panelMessage)) {
			return {
				status: 'Error',
				message: `The panel rejected the API key ("${panelMessage}"). Copy the key again from your panel's API page.`,
			};
		}
		return { status: 'Error', message: `${error.message}. ${error.description ?? ''}`.trim() };
	}
}
