/**
 * Hostile panels: the key comes back through the panel. Every place a panel echoes it (a JSON
 * error, a per-ID error, print_r / var_dump pages, a debug field of the raw reply, a redirect's
 * Location, and so the credential test's message and the trigger's log), in every spelling (plain,
 * URL-encoded, form-encoded, JSON-escaped as PHP writes it): nothing a user or a log sees holds it.
 * Over real HTTP, through n8n's engine and n8n-core's CredentialTestContext.
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { smmPanelApiTest } from '../../nodes/SmmPanel/methods/credentialTest';
import { runAgainst, type NodeRun } from '../actions/helpers';
import { n8nLogger } from '../engine/harness';
import { encodedKey, startSimulator, type FaultSpec, type KeyEchoEncoding, type KeyEchoPlace, type PanelSimulator } from '../simulator';
import { createTriggerDriver } from '../trigger/pollDriver';

/** Characters that every encoding writes differently. */
const KEY = 'a+b/c=d e&f';

/** Every spelling of the key that must appear nowhere (JSON.stringify of a PHP-escaped key doubles its backslash). */
const SPELLINGS = [
	KEY,
	encodedKey(KEY, 'url'),
	encodedKey(KEY, 'url').toLowerCase(),
	encodedKey(KEY, 'form'),
	encodedKey(KEY, 'json'),
	JSON.stringify(encodedKey(KEY, 'json')).slice(1, -1),
];

function expectNoKey(value: unknown): void {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	for (const spelling of SPELLINGS) expect(text).not.toContain(spelling);
}

/** Everything n8n keeps of a run, and everything the user sees of its error. */
function expectRunWithoutKey(run: NodeRun): void {
	expectNoKey(run.run);
	const error = run.error();
	if (error) expectNoKey(`${error.message} ${String(error.description ?? '')} ${JSON.stringify(error)}`);
}

const ENCODINGS: KeyEchoEncoding[] = ['plain', 'url', 'form', 'json'];

let sim: PanelSimulator;
beforeAll(async () => {
	sim = await startSimulator({ key: KEY });
});
afterAll(async () => await sim.close());
afterEach(() => sim.clearFaults());

function echo(where: KeyEchoPlace, as: KeyEchoEncoding, fault: Partial<FaultSpec> = {}): void {
	sim.injectFault({ kind: 'echoKey', echo: { in: where, as }, ...fault });
}

describe.each(ENCODINGS)('a panel that echoes the key %s', (as) => {
	it('in its JSON error message: the error shows *** where the key was', async () => {
		echo('errorMessage', as);
		const run = await runAgainst(sim, { resource: 'balance', operation: 'get' });
		expectRunWithoutKey(run);
		expect(run.error()?.message).toBe('The panel returned an error: Invalid API key: ***');
	});

	it('in a per-ID error: the error item shows *** where the key was', async () => {
		const ids = sim.seedOrders(2);
		echo('idError', as, { action: 'status', id: ids[1] });
		const run = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: ids.join(','), options: { includeRaw: true } });
		expectRunWithoutKey(run);
		const items = run.items().map((item) => item.json);
		expect(items[0]).toMatchObject({ order: ids[0], status: 'Pending' });
		expect(items[1]).toMatchObject({ order: ids[1], error: 'Incorrect order ID for API key ***', raw: { error: 'Incorrect order ID for API key ***' } });
	});

	it.each<KeyEchoPlace>(['printR', 'varDump'])('in a %s page: the excerpt in the error shows ***', async (where) => {
		echo(where, as);
		const run = await runAgainst(sim, { resource: 'balance', operation: 'get' });
		expectRunWithoutKey(run);
		expect(run.error()?.message).toBe("The panel's reply is not valid JSON (HTTP 200)");
		expect(run.error()?.description).toContain('***');
	});

	it('in a debug field, with Include Raw Response: raw holds *** where the key was', async () => {
		echo('debugField', as, { action: 'balance' });
		const balance = await runAgainst(sim, { resource: 'balance', operation: 'get', options: { includeRaw: true } });
		expectRunWithoutKey(balance);
		expect(balance.items()[0].json).toEqual({ balance: 1000, currency: 'USD', raw: { balance: '1000.00000', currency: 'USD', debug: { api_key: '***' } } });

		const [order] = sim.seedOrders(1);
		echo('debugField', as, { action: 'status', id: order });
		const status = await runAgainst(sim, { resource: 'order', operation: 'getStatus', orderIds: String(order), options: { includeRaw: true } });
		expectRunWithoutKey(status);
		expect(status.items()[0].json.raw).toMatchObject({ status: 'Pending', debug: { api_key: '***' } });
	});

	it('in a redirect\'s Location: the error names the target with key=***', async () => {
		echo('location', as);
		const run = await runAgainst(sim, { resource: 'balance', operation: 'get' });
		expectRunWithoutKey(run);
		expect(run.error()?.message).toBe('The API URL redirects (HTTP 302) to https://panel.example/api/v2?key=***');
	});

	describe('the credential test', () => {
		const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
		const test = async () => {
			const credential: ICredentialsDecrypted = { id: 'c1', name: 'Panel', type: 'smmPanelApi', data: { url: sim.url, apiKey: KEY } };
			return await smmPanelApiTest.call(context, credential);
		};

		it.each<[KeyEchoPlace, string]>([
			['errorMessage', 'The panel rejected the API key ("Invalid API key: ***")'],
			['printR', "The panel's reply is not valid JSON (HTTP 200). It sent: \"Array ( [key] => *** [action] => balance )\""],
			['varDump', 'string('],
			['location', 'redirects (HTTP 302) to https://panel.example/api/v2?key=***'],
			['debugField', 'Connected. Balance: 1000 USD'],
		])('when it echoes it in %s: its message holds no key', async (where, expected) => {
			echo(where, as);
			const result = await test();
			expectNoKey(result);
			expect(result.message).toContain(expected);
		});
	});

	it('in a per-ID error the trigger logs: the log line shows ***', async () => {
		const logger = n8nLogger();
		const warn = jest.spyOn(logger, 'warn');
		try {
			const ids = sim.seedOrders(2);
			const driver = createTriggerDriver({ url: sim.url, apiKey: KEY, parameters: { event: 'orderStatusChanged', orderIds: ids.join(',') } });
			echo('idError', as, { action: 'status', id: ids[0] });
			expect(await driver.poll()).toEqual({ items: [], reported: [] });
			const lines = warn.mock.calls.map((call) => JSON.stringify(call));
			expect(lines.some((line) => line.includes(`${ids[0]} (Incorrect order ID for API key ***)`))).toBe(true);
			for (const line of lines) expectNoKey(line);
			expectNoKey(driver.state());
		} finally {
			warn.mockRestore();
		}
	});
});
