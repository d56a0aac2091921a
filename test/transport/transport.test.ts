/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
import type { IDataObject } from 'n8n-workflow';

import { registerNodeType, runNode, smmPanelApiCredential, type WorkflowRunResult } from '../engine/harness';
import { startSimulator, type FaultSpec, type PanelSimulator, type SimulatorOptions } from '../simulator';
import { TRANSPORT_PROBE_NODE_TYPE, TransportProbe } from './probeNode';

/**
 * The transport, exercised the way nodes use it: inside n8n-core's real execution context, through
 * n8n's httpRequestWithAuthentication and the credential's own `authenticate`, over real HTTP.
 */
const API_KEY = 'sk_live_TOPSECRET_0123456789';

registerNodeType(TRANSPORT_PROBE_NODE_TYPE, () => new TransportProbe());

let sim: PanelSimulator;

async function freshSimulator(options: SimulatorOptions = {}): Promise<void> {
	await sim?.close();
	sim = await startSimulator({ key: API_KEY, ...options });
}

afterAll(async () => await sim?.close());

interface ProbeCall {
	action: string;
	fields?: Record<string, string | number>;
	reader?: string;
	ids?: number[];
	timeout?: number;
	url?: string;
}

async function probe(call: ProbeCall): Promise<WorkflowRunResult> {
	const result = await runNode({
		type: TRANSPORT_PROBE_NODE_TYPE,
		parameters: {
			action: call.action,
			fields: JSON.stringify(call.fields ?? {}),
			reader: call.reader ?? call.action,
			ids: JSON.stringify(call.ids ?? []),
		},
		credentials: smmPanelApiCredential({ url: call.url ?? sim.url, apiKey: API_KEY, timeout: call.timeout }),
	});
	// Whatever happened, the key must not be anywhere in what n8n keeps of the execution.
	expect(JSON.stringify(result.run)).not.toContain(API_KEY);
	const error = result.error();
	if (error) {
		expect(`${error.message} ${error.description ?? ''} ${JSON.stringify(error)}`).not.toContain(API_KEY);
	}
	return result;
}

async function data(call: ProbeCall): Promise<unknown> {
	const result = await probe(call);
	const error = result.error();
	if (error) throw new Error(`unexpected error: ${error.message}`);
	return result.items()[0].json.data;
}

async function failure(call: ProbeCall, fault?: FaultSpec): Promise<{ message: string; description: string }> {
	if (fault) sim.injectFault(fault);
	const error = (await probe(call)).error();
	if (!error) throw new Error('expected the request to fail');
	return { message: error.message, description: String(error.description ?? '') };
}

describe('form body of every action', () => {
	beforeAll(async () => await freshSimulator());

	it.each<[string, ProbeCall, string]>([
		['services', { action: 'services' }, 'action=services'],
		['balance', { action: 'balance' }, 'action=balance'],
		['add', { action: 'add', fields: { service: 1, link: 'https://instagram.com/p/abc', quantity: 100 } }, 'action=add&service=1&link=https%3A%2F%2Finstagram.com%2Fp%2Fabc&quantity=100'],
		['status, one order', { action: 'status', fields: { order: 1001 }, ids: [1001] }, 'action=status&order=1001'],
		['status, many orders', { action: 'status', fields: { orders: '1001,1002' }, ids: [1001, 1002] }, 'action=status&orders=1001%2C1002'],
		['refill, one order', { action: 'refill', fields: { order: 1001 }, ids: [1001] }, 'action=refill&order=1001'],
		['refill, many orders', { action: 'refill', fields: { orders: '1001,1002' }, ids: [1001, 1002] }, 'action=refill&orders=1001%2C1002'],
		['refill_status, one refill', { action: 'refill_status', fields: { refill: 501 }, ids: [501] }, 'action=refill_status&refill=501'],
		['refill_status, many refills', { action: 'refill_status', fields: { refills: '501,502' }, ids: [501, 502] }, 'action=refill_status&refills=501%2C502'],
		['cancel', { action: 'cancel', fields: { orders: '1001,1002' }, ids: [1001, 1002] }, 'action=cancel&orders=1001%2C1002'],
		['a list field keeps its new lines', { action: 'add', fields: { service: 11, link: 'https://x.example/p', comments: 'nice\ngreat' } }, 'action=add&service=11&link=https%3A%2F%2Fx.example%2Fp&comments=nice%0Agreat'],
	])('%s', async (_, call, expectedBody) => {
		sim.clearRequests();
		await probe(call);
		expect(sim.requests).toHaveLength(1);
		const [request] = sim.requests;
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.rawBody).toBe(`${expectedBody}&key=${API_KEY}`);
	});
});

describe('reply shapes are normalised', () => {
	it('services: strings become numbers and booleans (and so do numbers and "1"/"0" flags)', async () => {
		for (const quirks of [{}, { numbersAsNumbers: true, booleansAsStrings: true, strayBytes: true }]) {
			await freshSimulator({ quirks });
			const services = (await data({ action: 'services' })) as IDataObject[];
			expect(services.length).toBeGreaterThanOrEqual(17);
			expect(services[0]).toEqual(
				expect.objectContaining({ service: 1, type: 'Default', rate: 0.9, min: 10, max: 100000, refill: true, cancel: true, dripfeed: true }),
			);
			for (const service of services) {
				expect(typeof service.rate).toBe('number');
				expect(typeof service.refill).toBe('boolean');
			}
		}
	});

	it('balance and add', async () => {
		await freshSimulator({ balance: 100.84292 });
		expect(await data({ action: 'balance' })).toEqual({ balance: 100.84292, currency: 'USD' });
		expect(await data({ action: 'add', fields: { service: 1, link: 'https://x.example/a', quantity: 100 } })).toEqual({ order: 1001 });
	});

	it.each([
		['documented (keyed by ID, strings)', {}],
		['numbers, array batches, lower-case statuses, stray bytes', { numbersAsNumbers: true, statusBatchAsArray: true, lowerCaseStatuses: true, strayBytes: true }],
	])('status: %s', async (_, quirks) => {
		await freshSimulator({ quirks });
		const [first, second] = sim.seedOrders(2, { status: 'In progress' });
		sim.setOrderStatus(second, 'Canceled');
		const expectedFirst = { order: first, status: 'In progress', charge: expect.any(Number), startCount: expect.any(Number), remains: expect.any(Number), currency: 'USD', final: false };
		expect(await data({ action: 'status', fields: { order: first }, ids: [first] })).toEqual({ [first]: expectedFirst });
		expect(await data({ action: 'status', fields: { orders: `${first},${second},99` }, ids: [first, second, 99] })).toEqual({
			[first]: expectedFirst,
			[second]: expect.objectContaining({ order: second, status: 'Canceled', final: true }),
			99: { error: 'Incorrect order ID' },
		});
		// one unknown ID in the single form is that ID's error, not a failed request
		expect(await data({ action: 'status', fields: { order: 99 }, ids: [99] })).toEqual({ 99: { error: 'Incorrect order ID' } });
	});

	it('refill, refill_status and cancel, single and batch', async () => {
		await freshSimulator();
		const [done, alsoDone, running] = sim.seedOrders(3, { service: 1, status: 'In progress' });
		sim.setOrderStatus(done, 'Completed');
		sim.setOrderStatus(alsoDone, 'Completed');
		expect(await data({ action: 'refill', fields: { order: done }, ids: [done] })).toEqual({ [done]: { refill: 501 } });
		expect(await data({ action: 'refill', fields: { orders: `${alsoDone},${running}` }, ids: [alsoDone, running] })).toEqual({
			[alsoDone]: { refill: 502 },
			[running]: { error: 'The order is not completed yet' },
		});
		expect(await data({ action: 'refill_status', fields: { refill: 501 }, ids: [501] })).toEqual({ 501: { refill: 501, status: 'Pending', final: false } });
		expect(await data({ action: 'refill_status', fields: { refills: '501,777' }, ids: [501, 777] })).toEqual({
			501: { refill: 501, status: 'Pending', final: false },
			777: { error: 'Refill not found' },
		});
		expect(await data({ action: 'cancel', fields: { orders: `${running},${done}` }, ids: [running, done] })).toEqual({
			[running]: { cancelRequested: true },
			[done]: { error: expect.stringMatching(/cannot be canceled/i) },
		});
	});
});

describe('replies that are not API data fail with what came back and what to do', () => {
	beforeAll(async () => await freshSimulator());

	it('an HTML page (HTTP 200)', async () => {
		const { message, description } = await failure({ action: 'balance' }, { kind: 'html', times: Infinity });
		sim.clearFaults();
		expect(message).toMatch(/^The API URL returned a web page instead of API data \(HTTP 200, "Just a moment/);
		expect(description).toMatch(/The page begins: ".+"/);
		expect(description).toContain('https://panel.example/api/v2');
	});

	it.each<[string, FaultSpec, RegExp]>([
		['with HTTP 200', { kind: 'error200', message: 'Service temporarily unavailable' }, /^The panel returned an error: Service temporarily unavailable$/],
		['with HTTP 403', { kind: 'error4xx', message: 'Access denied' }, /^The panel returned an error: Access denied$/],
		['with HTTP 500', { kind: 'error5xx', message: 'Internal server error' }, /^The panel returned an error: Internal server error$/],
	])('a top-level {"error": ...} %s carries the panel\'s message', async (_, fault, expected) => {
		const { message } = await failure({ action: 'balance' }, fault);
		expect(message).toMatch(expected);
	});

	it('the panel\'s key error comes with advice', async () => {
		const { message, description } = await failure({ action: 'balance', url: sim.url.replace('/api/v2', '/api/v2') }, { kind: 'error200', message: 'Invalid API key' });
		expect(message).toBe('The panel returned an error: Invalid API key');
		expect(description).toContain('Check the API key');
	});

	it('invalid JSON', async () => {
		const { message, description } = await failure({ action: 'balance' }, { kind: 'invalidJson' });
		expect(message).toBe("The panel's reply is not valid JSON (HTTP 200)");
		expect(description).toMatch(/^It sent: ".+"/);
	});

	it('JSON of the wrong shape', async () => {
		// a healthy balance reply, read where a service list is expected
		const { message, description } = await failure({ action: 'balance', reader: 'services' });
		expect(message).toBe('The panel\'s reply to "balance" is not in the expected format (expected a list of services); it sent {"balance":"1000.00000","currency":"USD"}');
		expect(description).toMatch(/^It sent: "\{"balance":/);
	});
});

describe('a top-level error in reply to a request about IDs', () => {
	beforeAll(async () => await freshSimulator());

	it('is every ID\'s error when it is about the IDs', async () => {
		sim.injectFault({ kind: 'error200', message: 'Incorrect order ID' });
		expect(await data({ action: 'status', fields: { orders: '5,6' }, ids: [5, 6] })).toEqual({
			5: { error: 'Incorrect order ID' },
			6: { error: 'Incorrect order ID' },
		});
	});

	it.each(['Service temporarily unavailable', 'Invalid API key', 'Too many orders: maximum 100 per request', 'Something new'])(
		'fails the request when it is not (%s)',
		async (panelMessage) => {
			const { message } = await failure({ action: 'status', fields: { orders: '5,6' }, ids: [5, 6] }, { kind: 'error200', message: panelMessage });
			expect(message).toBe(`The panel returned an error: ${panelMessage}`);
		},
	);
});

describe('redirects are reported with their target and not followed', () => {
	beforeAll(async () => await freshSimulator());

	it.each(['redirect301', 'redirect302', 'redirect307'] as const)('%s', async (kind) => {
		sim.clearRequests();
		const location = `${sim.baseUrl}/api/v3`;
		const { message, description } = await failure({ action: 'balance' }, { kind, location });
		const code = kind.slice(-3);
		expect(message).toBe(`The API URL redirects (HTTP ${code}) to ${location}`);
		expect(description).toContain('Redirects are not followed');
		// the simulator also answers on /api/v3: had the redirect been followed, it would have seen a second request
		expect(sim.requests.map((request) => request.path)).toEqual(['/api/v2']);
	});
});

describe('retries', () => {
	beforeAll(async () => await freshSimulator());

	it.each<[string, FaultSpec]>([
		['429', { kind: 'rateLimit', retryAfterSeconds: 0 }],
		['503', { kind: 'http503' }],
		['502', { kind: 'http502' }],
		['a reset connection', { kind: 'reset' }],
	])('a read is retried after %s', async (_, fault) => {
		sim.clearRequests();
		sim.injectFault({ ...fault, times: 2 });
		expect(await data({ action: 'balance' })).toEqual({ balance: 1000, currency: 'USD' });
		expect(sim.count('balance')).toBe(3);
	});

	it('Retry-After is honoured', async () => {
		sim.clearRequests();
		sim.injectFault({ kind: 'rateLimit', retryAfterSeconds: 1, times: 1 });
		const started = Date.now();
		await data({ action: 'balance' });
		const [first, second] = sim.requests;
		expect(second.at - first.at).toBeGreaterThanOrEqual(990);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('the number of tries is bounded', async () => {
		sim.clearRequests();
		sim.injectFault({ kind: 'http503', times: Infinity });
		const { message } = await failure({ action: 'status', fields: { order: 1 }, ids: [1] });
		sim.clearFaults();
		expect(message).toMatch(/after 4 attempts\)$/);
		expect(sim.count('status')).toBe(4);
	});

	it('a Retry-After longer than a minute is not waited for', async () => {
		sim.clearRequests();
		const started = Date.now();
		const { message, description } = await failure({ action: 'balance' }, { kind: 'rateLimit', retryAfterSeconds: 3600 });
		expect(Date.now() - started).toBeLessThan(3000);
		expect(message).toBe('The panel is rate limiting requests (HTTP 429)');
		expect(description).toContain('Requests Per Minute Limit');
		expect(sim.count('balance')).toBe(1);
	});
});

describe('a write that may have reached the panel is never sent twice', () => {
	const order = { action: 'add', fields: { service: 1, link: 'https://x.example/once', quantity: 100 } };

	beforeEach(async () => await freshSimulator());

	it('add that times out reaches the panel exactly once', async () => {
		const { message, description } = await failure({ ...order, timeout: 1 }, { kind: 'slow', when: 'after', delayMs: 2500 });
		expect(message).toMatch(/failed to answer: it did not answer in time/);
		expect(message).toMatch(/^The order may have been placed: /);
		expect(description).toContain('n8n does not send it again');
		expect(sim.count('add')).toBe(1);
		expect(sim.getOrder(1001)).toBeDefined();
		expect(sim.getOrder(1002)).toBeUndefined();
	});

	it('add whose connection is reset reaches the panel exactly once', async () => {
		const { message } = await failure(order, { kind: 'reset', when: 'after' });
		expect(message).toMatch(/closed the connection without an answer/);
		expect(sim.count('add')).toBe(1);
		expect(sim.getOrder(1001)).toBeDefined();
	});

	it.each<[string, FaultSpec]>([
		['503', { kind: 'http503' }],
		['500', { kind: 'http500' }],
	])('add answered with %s is not resent', async (_, fault) => {
		await failure(order, fault);
		expect(sim.count('add')).toBe(1);
	});

	it('refill and cancel are not resent after a reset either', async () => {
		const [id] = sim.seedOrders(1, { service: 1, status: 'Completed' });
		await failure({ action: 'refill', fields: { order: id }, ids: [id] }, { kind: 'reset' });
		await failure({ action: 'cancel', fields: { orders: String(id) }, ids: [id] }, { kind: 'reset' });
		expect(sim.count('refill')).toBe(1);
		expect(sim.count('cancel')).toBe(1);
	});

	it.each<[string, FaultSpec, RegExp]>([
		['a timeout', { kind: 'slow', when: 'after', delayMs: 2500 }, /failed to answer: it did not answer in time/],
		['a reset', { kind: 'reset', when: 'after' }, /failed to answer: it closed the connection without an answer/],
		['JSON with HTTP 500', { kind: 'error5xx', when: 'after' }, /the panel returned an error: Internal server error/],
		["a gateway's 502 page", { kind: 'http502', when: 'after' }, /the API URL returned a web page instead of API data \(HTTP 502/],
		["a gateway's 504 page", { kind: 'http504', when: 'after' }, /the API URL returned a web page instead of API data \(HTTP 504/],
		['a 200 that is not JSON', { kind: 'invalidJson', when: 'after' }, /the panel's reply is not valid JSON \(HTTP 200\)/],
	])('add answered with %s says the order may have been placed, how to check, and never to run it again', async (_what, fault, detail) => {
		const { message, description } = await failure({ ...order, timeout: 1 }, fault);
		expect(message).toMatch(/^The order may have been placed: /);
		expect(message).toMatch(detail);
		expect(description).toContain('n8n does not send it again');
		expect(description).toContain("look for it in your panel's order list (search for its link)");
		expect(description).not.toMatch(/try again|run it again|check the API URL|Check that the credential's API URL/i);
		expect(sim.count('add')).toBe(1);
	});

	it('add answered without an order ID says the order may have been placed', async () => {
		const { message, description } = await failure(order, { kind: 'json', body: '{"order": null}', when: 'after' });
		expect(message).toMatch(/^The order may have been placed: the panel's reply to "add" is not in the expected format/);
		expect(description).toContain('The panel sent: "{"order":null}"');
		expect(sim.count('add')).toBe(1);
	});

	it('add refused by the panel says so, and nothing about it being placed', async () => {
		const { message, description } = await failure(order, { kind: 'error200', message: 'Not enough funds on balance' });
		expect(message).toBe('The panel returned an error: Not enough funds on balance');
		expect(description).toContain('Add funds');
		expect(sim.count('add')).toBe(1);
		expect(sim.getOrder(1001)).toBeUndefined();
	});

	it('add is retried after a 429, where the panel surely did nothing', async () => {
		sim.injectFault({ kind: 'rateLimit', retryAfterSeconds: 0 });
		expect(await data(order)).toEqual({ order: 1001 });
		expect(sim.count('add')).toBe(2);
		expect(sim.getOrder(1002)).toBeUndefined();
	});
});
