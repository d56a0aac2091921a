/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { smmPanelApiTest } from '../../nodes/SmmPanel/methods/credentialTest';
import { startSimulator, type PanelSimulator } from '../simulator';

/** The test n8n runs when a credential is saved: it runs in n8n-core's real CredentialTestContext. */
describe('credential test', () => {
	let sim: PanelSimulator;
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);

	const test = async (url: string, apiKey: string) => {
		const credential: ICredentialsDecrypted = { id: 'c1', name: 'Panel', type: 'smmPanelApi', data: { url, apiKey } };
		return await smmPanelApiTest.call(context, credential);
	};

	beforeAll(async () => {
		sim = await startSimulator({ key: 'right-key-123', balance: 100.84292 });
	});
	afterAll(async () => await sim.close());

	it('connected: says so, with the balance and currency (for n8n\'s API; the editor shows its own text)', async () => {
		const result = await test(sim.url, 'right-key-123');
		expect(result).toEqual({ status: 'OK', message: 'Connected. Balance: 100.84292 USD' });
		expect(sim.requests.at(-1)?.form).toEqual({ action: 'balance', key: 'right-key-123' });
	});

	it('the panel rejected the key: the panel\'s own message, which arrives with HTTP 200', async () => {
		const result = await test(sim.url, 'wrong-key-456');
		expect(result.status).toBe('Error');
		expect(result.message).toContain('The panel rejected the API key ("Invalid API key")');
		expect(result.message).not.toContain('wrong-key-456');
	});

	it.each([
		['an HTML page', () => `${sim.baseUrl}/`, /web page instead of API data \(HTTP 404/],
		['a 404', () => `${sim.baseUrl}/api/v9/nothing`, /HTTP 404/],
	])('the URL is not an SMM panel API: %s', async (_, url, expected) => {
		const result = await test(url(), 'right-key-123');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(expected);
		expect(result.message).toContain('API URL');
	});

	it('the URL is not an SMM panel API: a 200 HTML page (e.g. a website or a protection page)', async () => {
		sim.injectFault({ kind: 'html' });
		const result = await test(sim.url, 'right-key-123');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/web page instead of API data \(HTTP 200/);
	});

	it('the URL is not an SMM panel API: a redirect, with its target', async () => {
		sim.injectFault({ kind: 'redirect301', location: 'https://panel.example/api/v2' });
		const result = await test(sim.url, 'right-key-123');
		expect(result.status).toBe('Error');
		expect(result.message).toContain('redirects (HTTP 301) to https://panel.example/api/v2');
	});

	it('the host cannot be reached: connection refused', async () => {
		const closedPort = await new Promise<number>((resolve) => {
			const server = createServer();
			server.listen(0, '127.0.0.1', () => {
				const { port } = server.address() as AddressInfo;
				server.close(() => resolve(port));
			});
		});
		const result = await test(`http://127.0.0.1:${closedPort}/api/v2`, 'right-key-123');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not connect to the panel at http:\/\/127\.0\.0\.1:\d+\/api\/v2: the connection was refused/);
		expect(result.message).not.toContain('right-key-123');
	});

	it('the host cannot be reached: unknown host name', async () => {
		const result = await test('http://no-such-panel.invalid/api/v2', 'right-key-123');
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Could not reach the panel at http://no-such-panel.invalid/api/v2');
	});

	it('a URL that is not a web address', async () => {
		const result = await test('panel.example', 'right-key-123');
		expect(result).toEqual(expect.objectContaining({ status: 'Error' }));
		expect(result.message).toContain('is not a web address');
	});
});
