/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-usable-as-tool, @n8n/community-nodes/require-node-api-error, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import {
	MANUAL_TRIGGER_NODE_TYPE,
	SCHEDULE_TRIGGER_NODE_TYPE,
	createPoller,
	fetchTestEvent,
	loadWorkflowJson,
	registerCredentialType,
	registerNodeType,
	runNode,
	runWorkflow,
	smmPanelApiCredential,
	type WorkflowJson,
} from './engine/harness';

/**
 * Proves the engine harness with test-only nodes: what n8n's engine does (expressions, pairedItem,
 * Continue On Fail, credentials, polling and static data) must show up in these runs.
 */

const ECHO = 'harness-test.echo';
const BOOM = 'harness-test.boom';
const BALANCE = 'harness-test.balance';
const COUNTER_TRIGGER = 'harness-test.counterTrigger';
const PASS_THROUGH = 'harness-test.passThrough';

const HEADER_KEY_API = 'harnessTestHeaderKeyApi';

const main = NodeConnectionTypes.Main;

/** A credential type whose `authenticate` is a function (this package's own is `generic`). */
const headerKeyApi: ICredentialType = {
	name: HEADER_KEY_API,
	displayName: 'Header Key API (test-only)',
	properties: [
		{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
	],
	authenticate: async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, 'X-Api-Key': String(credentials.apiKey) },
	}),
};

/** Outputs its "Text" parameter for each item; fails an item whose "Fail" resolves to true. */
class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Echo' },
		inputs: [main],
		outputs: [main],
		properties: [
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			try {
				if (this.getNodeParameter('fail', itemIndex) === true) {
					throw new NodeOperationError(this.getNode(), `Item ${itemIndex} was told to fail`, { itemIndex });
				}
				// No pairedItem on purpose: the engine must add it.
				output.push({ json: { text: this.getNodeParameter('text', itemIndex) as string } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

/** Always throws, without any Continue On Fail handling of its own. */
class BoomNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Boom',
		name: 'boom',
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Boom' },
		inputs: [main],
		outputs: [main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Boom');
	}
}

/** Asks a panel for the balance, letting n8n add the key through the credential's `authenticate`. */
class BalanceNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Balance',
		name: 'balance',
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Balance' },
		inputs: [main],
		outputs: [main],
		credentials: [
			{ name: 'smmPanelApi', required: true, displayOptions: { show: { authentication: ['smmPanelApi'] } } },
			{ name: HEADER_KEY_API, required: true, displayOptions: { show: { authentication: [HEADER_KEY_API] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'SMM Panel API', value: 'smmPanelApi' },
					{ name: 'Header Key API', value: HEADER_KEY_API },
				],
				default: 'smmPanelApi',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType = this.getNodeParameter('authentication', 0) as string;
		const credentials = await this.getCredentials<{ url: string; timeout: number }>(credentialType);
		const reply = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
			method: 'POST',
			url: credentials.url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: { action: 'balance' },
			json: true,
		})) as { balance: string };
		return [[{ json: { balance: reply.balance, timeoutFromDefaults: credentials.timeout } }]];
	}
}

/**
 * Counts its polls in node static data. Like a real trigger, the first poll only takes a baseline;
 * after that, every second poll reports. In a manual run ("Fetch Test Event") it always reports.
 */
class CounterTriggerNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Counter Trigger',
		name: 'counterTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Counter Trigger' },
		polling: true,
		inputs: [],
		outputs: [main],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const state = this.getWorkflowStaticData('node');
		const pollCount = (typeof state.pollCount === 'number' ? state.pollCount : 0) + 1;
		state.pollCount = pollCount;
		if (this.getMode() === 'manual') return [[{ json: { pollCount, mode: 'manual' } }]];
		if (pollCount === 1 || pollCount % 2 === 1) return null;
		return [[{ json: { pollCount, activation: this.getActivationMode() } }]];
	}
}

class PassThroughNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Pass Through' },
		inputs: [main],
		outputs: [main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

beforeAll(() => {
	registerNodeType(ECHO, () => new EchoNode());
	registerNodeType(BOOM, () => new BoomNode());
	registerNodeType(BALANCE, () => new BalanceNode());
	registerNodeType(COUNTER_TRIGGER, () => new CounterTriggerNode());
	registerNodeType(PASS_THROUGH, () => new PassThroughNode());
	registerCredentialType(HEADER_KEY_API, () => headerKeyApi);
});

describe('runNode: Manual Trigger -> the node', () => {
	it('resolves expressions per item, and the engine pairs each output item with its input', async () => {
		const result = await runNode({
			type: ECHO,
			parameters: { text: '={{ $json.name.toUpperCase() }}' },
			input: [{ name: 'ann' }, { name: 'bob' }],
		});

		expect(result.nodeName).toBe('Echo');
		expect(result.items()).toEqual([
			{ json: { text: 'ANN' }, pairedItem: { item: 0 } },
			{ json: { text: 'BOB' }, pairedItem: { item: 1 } },
		]);
		expect(result.error()).toBeUndefined();
	});

	it('without input, the Manual Trigger emits one empty item', async () => {
		const result = await runNode({ type: ECHO, parameters: { text: '={{ Object.keys($json).length }} keys' } });

		expect(result.items()).toEqual([{ json: { text: '0 keys' }, pairedItem: { item: 0 } }]);
		expect(result.executedNodes).toEqual(["When clicking 'Execute workflow'", 'Echo']);
	});

	it('Continue On Fail: the failed item becomes an error item, the others go on', async () => {
		const result = await runNode({
			type: ECHO,
			parameters: { text: '={{ $json.name }}', fail: '={{ $json.name === "bob" }}' },
			input: [{ name: 'ann' }, { name: 'bob' }],
			continueOnFail: true,
		});

		expect(result.items()).toEqual([
			{ json: { text: 'ann' }, pairedItem: { item: 0 } },
			{ json: { error: 'Item 1 was told to fail' }, pairedItem: { item: 1 } },
		]);
		expect(result.run.status).toBe('success');
	});

	it('without Continue On Fail, the error stops the execution', async () => {
		const result = await runNode({
			type: ECHO,
			parameters: { fail: '={{ $json.name === "bob" }}' },
			input: [{ name: 'ann' }, { name: 'bob' }],
		});

		expect(result.run.status).toBe('error');
		// The engine stores a copy of the error (a plain object), as n8n saves it with the execution.
		expect(result.error('Echo')).toMatchObject({ name: 'NodeOperationError', message: 'Item 1 was told to fail' });
		expect(result.error()?.message).toBe('Item 1 was told to fail');
		expect(() => result.items('Echo')).toThrow('Node "Echo" failed: Item 1 was told to fail');
	});

	it('Continue On Fail on a node that throws: the engine records the error and passes the input on', async () => {
		const result = await runNode({ type: BOOM, input: [{ id: 1 }], continueOnFail: true });

		expect(result.error('Boom')?.message).toBe('Boom');
		expect(result.items()).toEqual([{ json: { id: 1 }, pairedItem: { item: 0 } }]);
		// n8n-core 2.40 still marks the execution failed when that node is the last one to run.
		expect(result.run.status).toBe('error');
	});
});

describe('runWorkflow: saved workflow JSON', () => {
	const workflow: WorkflowJson = {
		name: 'Greet',
		nodes: [
			{ id: 'n1', name: 'Start', type: MANUAL_TRIGGER_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'n2', name: 'Name', type: ECHO, typeVersion: 1, position: [200, 0], parameters: { text: '={{ $json.first }}' } },
			{
				id: 'n3',
				name: 'Greeting',
				type: ECHO,
				typeVersion: 1,
				position: [400, 0],
				// `.item` follows pairedItem back through "Name" to this item's own trigger item.
				parameters: { text: "=Hello {{ $json.text }} {{ $('Start').item.json.last }}" },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Name', type: 'main', index: 0 }]] },
			Name: { main: [[{ node: 'Greeting', type: 'main', index: 0 }]] },
		},
		pinData: { Start: [{ json: { first: 'Ada', last: 'Lovelace' } }, { json: { first: 'Alan', last: 'Turing' } }] },
	};

	it('runs every node; expressions follow pairedItem across nodes', async () => {
		const result = await runWorkflow(workflow);

		expect(result.executedNodes).toEqual(['Start', 'Name', 'Greeting']);
		expect(result.items('Greeting').map((item) => item.json.text)).toEqual(['Hello Ada Lovelace', 'Hello Alan Turing']);
		expect(workflow.nodes[1].parameters).toEqual({ text: '={{ $json.first }}' }); // the caller's JSON is untouched
	});

	it('reads workflows exported from n8n, with pin data in either format', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'engine-harness-test-'));
		try {
			const path = join(folder, 'greet.json');
			writeFileSync(path, JSON.stringify({ ...workflow, pinData: { Start: [{ first: 'Grace', last: 'Hopper' }] } }));

			const result = await runWorkflow(loadWorkflowJson(path));

			expect(result.items().map((item) => item.json.text)).toEqual(['Hello Grace Hopper']);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('destinationNode runs only up to that node', async () => {
		const result = await runWorkflow(workflow, { destinationNode: 'Name' });

		expect(result.executedNodes).toEqual(['Start', 'Name']);
		expect(() => result.items('Greeting')).toThrow('Node "Greeting" did not run (nodes that ran: Start, Name)');
	});

	it('the Schedule Trigger stand-in emits the current time in a manual run', async () => {
		const result = await runWorkflow({
			nodes: [{ id: 's', name: 'Schedule Trigger', type: SCHEDULE_TRIGGER_NODE_TYPE, typeVersion: 1.2, position: [0, 0], parameters: {} }],
			connections: {},
			settings: { timezone: 'Europe/Berlin' },
		});

		const [item] = result.items('Schedule Trigger');
		expect(Date.parse(String(item.json.timestamp))).toBeGreaterThan(Date.now() - 60_000);
		expect(item.json.Timezone).toBe('Europe/Berlin');
	});
});

describe('credentials', () => {
	let server: Server;
	let url: string;
	const received: Array<{ contentType?: string; apiKeyHeader?: string; body: string }> = [];

	const readBody = async (request: IncomingMessage) => {
		let body = '';
		for await (const chunk of request) body += String(chunk);
		return body;
	};

	beforeAll(async () => {
		server = createServer((request, response) => {
			void readBody(request).then((body) => {
				const apiKeyHeader = request.headers['x-api-key'];
				received.push({ contentType: request.headers['content-type'], body, ...(typeof apiKeyHeader === 'string' && { apiKeyHeader }) });
				response.setHeader('Content-Type', 'application/json');
				response.end(JSON.stringify({ balance: '100.84', currency: 'USD' }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
	});

	afterAll(async () => {
		server.closeAllConnections(); // n8n's HTTP client keeps connections alive
		await new Promise((resolve) => server.close(resolve));
	});

	it("n8n adds the key to the form body through the credential's generic authenticate, and fills defaults", async () => {
		const result = await runNode({
			type: BALANCE,
			credentials: smmPanelApiCredential({ url, apiKey: 'test-key-123' }),
		});

		expect(result.items()).toEqual([{ json: { balance: '100.84', timeoutFromDefaults: 30 }, pairedItem: { item: 0 } }]);
		expect(received.at(-1)).toEqual({ contentType: 'application/x-www-form-urlencoded', body: 'action=balance&key=test-key-123' });
	});

	it('a credential type whose authenticate is a function: n8n calls it', async () => {
		const result = await runNode({
			type: BALANCE,
			parameters: { authentication: HEADER_KEY_API },
			credentials: {
				id: 'header-1',
				name: 'Header key',
				type: HEADER_KEY_API,
				data: { url, apiKey: 'header-key-456' },
				reference: { [HEADER_KEY_API]: { id: 'header-1', name: 'Header key' } },
			},
		});

		expect(result.items()[0].json.balance).toBe('100.84');
		expect(received.at(-1)).toEqual({
			contentType: 'application/x-www-form-urlencoded',
			apiKeyHeader: 'header-key-456',
			body: 'action=balance',
		});
	});

	it('a node whose credential is not saved fails like in n8n', async () => {
		const panel = smmPanelApiCredential({ url, apiKey: 'test-key-123' });
		const result = await runWorkflow(
			{
				nodes: [
					{ id: 't', name: 'Start', type: MANUAL_TRIGGER_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: 'b', name: 'Balance', type: BALANCE, typeVersion: 1, position: [200, 0], parameters: {}, credentials: panel.reference },
				],
				connections: { Start: { main: [[{ node: 'Balance', type: 'main', index: 0 }]] } },
			},
			{ credentials: {} },
		);

		expect(result.error('Balance')?.message).toBe('Credential with ID "smm-1" does not exist for type "smmPanelApi".');
	});
});

describe('polling trigger', () => {
	const workflow: WorkflowJson = {
		nodes: [
			{ id: 'p', name: 'Counter Trigger', type: COUNTER_TRIGGER, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'e', name: 'Echo', type: ECHO, typeVersion: 1, position: [200, 0], parameters: { text: '=poll {{ $json.pollCount }}' } },
		],
		connections: { 'Counter Trigger': { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
	};
	const nodeState = (staticData: Record<string, unknown>) => staticData['node:Counter Trigger'];

	it('active workflow: static data persists between polls and is saved when n8n saves it', async () => {
		const poller = createPoller(workflow);
		expect(poller.schedule).toHaveLength(1); // the default "Poll Times": every minute

		// Activation poll: a baseline, no items; n8n saves the static data after activating.
		await expect(poller.poll()).resolves.toBeNull();
		expect(nodeState(poller.savedStaticData)).toEqual({ pollCount: 1 });

		// A tick that emits: static data saved, the workflow runs on the items.
		await expect(poller.poll()).resolves.toEqual([[{ json: { pollCount: 2, activation: 'activate' } }]]);
		expect(nodeState(poller.savedStaticData)).toEqual({ pollCount: 2 });
		expect(poller.executions).toHaveLength(1);
		expect(poller.executions[0].run.mode).toBe('trigger');
		expect(poller.executions[0].items('Echo')).toEqual([{ json: { text: 'poll 2' }, pairedItem: { item: 0 } }]);

		// A tick without items: the change stays in memory, but n8n saves nothing.
		await expect(poller.poll()).resolves.toBeNull();
		expect(nodeState(poller.staticData)).toEqual({ pollCount: 3 });
		expect(nodeState(poller.savedStaticData)).toEqual({ pollCount: 2 });

		await poller.close();
		await expect(poller.poll()).rejects.toThrow('The poller was closed');
	});

	it('manual run ("Fetch Test Event"): the poll runs inside WorkflowExecute, with the saved static data', async () => {
		const result = await fetchTestEvent(workflow, 'Counter Trigger', { staticData: { 'node:Counter Trigger': { pollCount: 7 } } });

		expect(result.executedNodes).toEqual(['Counter Trigger']);
		expect(result.items('Counter Trigger')).toEqual([{ json: { pollCount: 8, mode: 'manual' }, pairedItem: { item: 0 } }]);
		expect(result.staticDataChanged).toBe(true);
		expect(nodeState(result.staticData)).toEqual({ pollCount: 8 });
	});

	it('refuses Poll Times shorter than a minute, as activation does', () => {
		const everyTenSeconds = structuredClone(workflow);
		everyTenSeconds.nodes[0].parameters = { pollTimes: { item: [{ mode: 'custom', cronExpression: '*/10 * * * * *' }] } };

		expect(() => createPoller(everyTenSeconds)).toThrow('The polling interval is too short');
	});
});

describe('engine overhead', () => {
	const input = Array.from({ length: 10_000 }, (_, id) => ({ id, name: `item ${id}` }));

	it('10,000 items through a trivial node, and through one expression per item', async () => {
		const passThrough = await runNode({ type: PASS_THROUGH, input });
		const oneExpression = await runNode({ type: ECHO, parameters: { text: '={{ $json.name }}' }, input });

		expect(passThrough.items()).toHaveLength(10_000);
		expect(oneExpression.items()[9_999].json).toEqual({ text: 'item 9999' });
		console.log(
			`Engine overhead for 10,000 items: ${passThrough.durationMs.toFixed(0)} ms through a node that returns its input, ` +
				`${oneExpression.durationMs.toFixed(0)} ms through a node that reads one expression parameter per item`,
		);
	});
});
