/**
 * Hostile panels: what a reply may cost. A 0.4 MB gzip reply that inflates to 400 MB, a reply
 * larger than any API answer, a reply nested 100,000 deep, a body that stops arriving: each fails
 * with a clear message (naming the limit) instead of costing hundreds of MB, a bare "Maximum call
 * stack size exceeded" or a request that never ends. Normal gzip replies and a 20 MB service list
 * still work. Over real HTTP, through n8n's engine and n8n-core's CredentialTestContext.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { smmPanelApiTest } from '../../nodes/SmmPanel/methods/credentialTest';
import { MAX_REPLY_BYTES, MAX_SERVICE_LIST_BYTES } from '../../nodes/SmmPanel/transport/replyBody';
import { usePanel } from '../actions/helpers';
import { smmPanelApiCredential, runNode, SMM_PANEL_NODE_TYPE } from '../engine/harness';
import { SERVICE_CATALOGUE } from '../simulator';

const MIB = 1024 * 1024;
const panel = usePanel();

const BALANCE = { resource: 'balance', operation: 'get' };
const SERVICES = { resource: 'service', operation: 'getAll', returnAll: true };

async function credentialTest(url: string, apiKey: string) {
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	const credential: ICredentialsDecrypted = { id: 'c1', name: 'Panel', type: 'smmPanelApi', data: { url, apiKey } };
	return await smmPanelApiTest.call(context, credential);
}

describe('the size of a reply', () => {
	it('a gzip bomb (0.4 MB inflating to 400 MB) fails, naming the limit, and is read no further than it', async () => {
		panel.sim.injectFault({ kind: 'padded', action: 'balance', bytes: 400 * MIB });
		const run = await panel.run(BALANCE);
		expect(run.error()?.message).toBe("The panel's reply is larger than 8 MB, the most this node reads of one reply (HTTP 200)");
		expect(run.error()?.description).toMatch(/^It began: "\{"balance":"\d+\.\d+","currency":"USD"\}"\. No API reply is that large/);
		// Not retried: a panel that sent it once sends it again.
		expect(panel.sim.count('balance')).toBe(1);
	});

	it.each([
		['gzip-encoded', true],
		['plain', false],
	])('a reply just under the limit is read, one just over it is not (%s)', async (_, gzip) => {
		panel.sim.injectFault({ kind: 'padded', action: 'balance', bytes: MAX_REPLY_BYTES - 1024, gzip });
		expect((await panel.run(BALANCE)).items()[0].json).toEqual({ balance: panel.sim.getBalance(), currency: 'USD' });
		panel.sim.injectFault({ kind: 'padded', action: 'balance', bytes: MAX_REPLY_BYTES + 1024, gzip });
		expect((await panel.run(BALANCE)).error()?.message).toMatch(/^The panel's reply is larger than 8 MB/);
	});

	it('the service list may be larger: 20 MB is read, more than 32 MB is not', async () => {
		panel.sim.injectFault({ kind: 'padded', action: 'services', bytes: 20 * MIB });
		expect((await panel.run(SERVICES)).items()).toHaveLength(SERVICE_CATALOGUE.length);
		panel.sim.injectFault({ kind: 'padded', action: 'services', bytes: MAX_SERVICE_LIST_BYTES + MIB });
		expect((await panel.run(SERVICES)).error()?.message).toBe(
			"The panel's reply is larger than 32 MB, the most this node reads of one reply (HTTP 200)",
		);
	});

	it('Order > Create with a gzip bomb for an answer: the order was placed, the item says what came back', async () => {
		panel.sim.injectFault({ kind: 'padded', action: 'add', bytes: 400 * MIB });
		const run = await panel.run({ resource: 'order', operation: 'create', service: { __rl: true, mode: 'id', value: '1' }, orderType: 'default', link: 'https://x.example/', quantity: 100 });
		// The order was placed, and what came back cannot be read: the item says it may be placed, and what came back.
		expect(run.error()?.message).toMatch(/^The order may have been placed: the panel's reply is larger than 8 MB/);
		expect(run.error()?.description).toMatch(/The panel sent: "\{"order":\d+\}/);
		expect(panel.sim.count('add')).toBe(1);
	});

	it('the credential test says so too', async () => {
		panel.sim.injectFault({ kind: 'padded', action: 'balance', bytes: 400 * MIB });
		const result = await credentialTest(panel.sim.url, panel.sim.key);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The panel's reply is larger than 8 MB, the most this node reads of one reply \(HTTP 200\)\. It began:/);
	});
});

describe('a reply nested 100,000 deep', () => {
	it.each([
		['Balance > Get', BALANCE],
		['Balance > Get with Include Raw Response', { ...BALANCE, options: { includeRaw: true } }],
	])('%s fails as not in the expected format, not with a stack overflow', async (_, parameters) => {
		panel.sim.injectFault({ kind: 'deepNesting', action: 'balance' });
		const run = await panel.run(parameters);
		expect(run.error()?.message).toBe("The panel's reply is not in the expected format (it nests more than 64 levels deep)");
		expect(run.error()?.description).toMatch(/^It sent: "\{"balance":/);
		expect(JSON.stringify(run.run).length).toBeLessThan(100_000);
	});

	it('in the credential test too', async () => {
		panel.sim.injectFault({ kind: 'deepNesting', action: 'balance' });
		const result = await credentialTest(panel.sim.url, panel.sim.key);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The panel's reply is not in the expected format \(it nests more than 64 levels deep\)\. It sent:/) });
	});
});

describe('gzip-encoded replies and bodies that stop arriving', () => {
	const gzipPanel = usePanel({ quirks: { gzip: true } });

	it('every operation reads gzip-encoded replies', async () => {
		const [order] = gzipPanel.sim.seedOrders(1);
		expect((await gzipPanel.run(SERVICES)).items()).toHaveLength(SERVICE_CATALOGUE.length);
		expect((await gzipPanel.run(BALANCE)).items()[0].json).toEqual({ balance: 1000, currency: 'USD' });
		const status = await gzipPanel.run({ resource: 'order', operation: 'getStatus', orderIds: String(order) });
		expect(status.items()[0].json).toMatchObject({ order, status: 'Pending' });
		expect(gzipPanel.sim.requests.every((request) => /gzip/.test(String(request.headers['accept-encoding'])))).toBe(true);
		expect((await credentialTest(gzipPanel.sim.url, gzipPanel.sim.key)).message).toBe('Connected. Balance: 1000 USD');
	});

	it('a body that stops arriving times out (the headers came, the rest never did) and a read is retried', async () => {
		gzipPanel.sim.injectFault({ kind: 'stall', action: 'balance', delayMs: 3000 });
		const run = await runNode({
			type: SMM_PANEL_NODE_TYPE,
			parameters: BALANCE,
			credentials: smmPanelApiCredential({ url: gzipPanel.sim.url, apiKey: gzipPanel.sim.key, timeout: 1 }),
		});
		expect(run.error()).toBeUndefined();
		expect(run.items()[0].json).toEqual({ balance: 1000, currency: 'USD' });
		expect(gzipPanel.sim.count('balance')).toBe(2);
	});

	it('a write whose body stops arriving is not resent', async () => {
		gzipPanel.sim.injectFault({ kind: 'stall', action: 'cancel', delayMs: 3000 });
		const [order] = gzipPanel.sim.seedOrders(1);
		const run = await runNode({
			type: SMM_PANEL_NODE_TYPE,
			parameters: { resource: 'cancel', operation: 'create', orderIds: String(order) },
			credentials: smmPanelApiCredential({ url: gzipPanel.sim.url, apiKey: gzipPanel.sim.key, timeout: 1 }),
		});
		expect(run.error()?.message).toMatch(/failed to answer: it did not answer in time/);
		expect(run.error()?.message).toMatch(/^The cancellations may have been requested: /);
		expect(run.error()?.description).toContain('n8n does not send it again');
		expect(gzipPanel.sim.count('cancel')).toBe(1);
	});
});
