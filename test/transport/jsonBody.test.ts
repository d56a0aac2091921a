/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The credential's Request Body option (#21): Form (the reference's form fields) or JSON, the same
 * fields either way, the key in the body only (never in the URL), through n8n's engine and through
 * the credential test n8n runs on save, against the simulator reading JSON bodies as such panels do.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { smmPanelApiTest } from '../../nodes/SmmPanel/methods/credentialTest';
import { runAgainst } from '../actions/helpers';
import { startSimulator, type PanelSimulator } from '../simulator';

const KEY = 'sk-json-body-77aa1c';
let sim: PanelSimulator;

beforeEach(async () => {
	sim = await startSimulator({ key: KEY, dialect: { requestBody: 'json' } });
});
afterEach(async () => await sim.close());

function contentTypeOf(index: number): string {
	return String(sim.requests[index].headers['content-type']);
}

it('JSON: Balance > Get and Order > Get Status send the same fields as a JSON body, the key only in it', async () => {
	const balance = await runAgainst(sim, { resource: 'balance', operation: 'get' }, { credential: { requestBody: 'json' } });
	expect(balance.items()[0].json).toEqual({ balance: 1000, currency: 'USD' });
	expect(contentTypeOf(0)).toMatch(/^application\/json/);
	expect(JSON.parse(sim.requests[0].rawBody)).toEqual({ action: 'balance', key: KEY });

	const ids = sim.seedOrders(2);
	const status = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: ids.join(',') }, { credential: { requestBody: 'json' } });
	expect(status.items().map(({ json }) => json.status)).toEqual(['Pending', 'Pending']);
	expect(JSON.parse(sim.requests[1].rawBody)).toEqual({ action: 'status', orders: ids.join(','), key: KEY });
	for (const request of sim.requests) expect(request.path).toBe('/api/v2');
});

it('Form (the default) to a panel that reads only JSON: the panel sees no key, and says so', async () => {
	const result = await runAgainst(sim, { resource: 'balance', operation: 'get' });
	expect(result.error()?.message).toBe('The panel returned an error: Invalid API key');
	expect(contentTypeOf(0)).toBe('application/x-www-form-urlencoded');
});

it('JSON to a panel that reads only forms: the same, so the option is what makes the difference', async () => {
	sim.setDialect({ requestBody: 'form' });
	const result = await runAgainst(sim, { resource: 'balance', operation: 'get' }, { credential: { requestBody: 'json' } });
	expect(result.error()?.message).toBe('The panel returned an error: Invalid API key');
});

it('the credential test sends JSON too, and the key stays out of the URL', async () => {
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	const credential: ICredentialsDecrypted = { id: 'c1', name: 'Panel', type: 'smmPanelApi', data: { url: sim.url, apiKey: KEY, requestBody: 'json' } };
	expect(await smmPanelApiTest.call(context, credential)).toEqual({ status: 'OK', message: 'Connected. Balance: 1000 USD' });
	expect(JSON.parse(sim.requests[0].rawBody)).toEqual({ action: 'balance', key: KEY });
	expect(sim.requests[0].path).toBe('/api/v2');
});
