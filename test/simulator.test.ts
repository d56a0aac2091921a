/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';

import {
	API_ERRORS,
	FIRST_ORDER_ID,
	FIRST_REFILL_ID,
	phpFieldName,
	SERVICE_TYPES,
	startSimulator,
	type FaultKind,
	type KeyEchoEncoding,
	type KeyEchoPlace,
	type PanelSimulator,
	type SimulatorOptions,
} from './simulator';
import { selfSignedCertificate } from '../scripts/bench/certificate';

type Form = Record<string, string>;

interface RawReply {
	status: number;
	headers: Headers;
	text: string;
}

interface StatusReply {
	charge: string;
	start_count: string;
	status: string;
	remains: string;
	currency: string;
}

let sim: PanelSimulator;
/** Extra simulators a test starts (other options); closed after each test. */
const extraSimulators: PanelSimulator[] = [];

async function startExtra(options: SimulatorOptions): Promise<PanelSimulator> {
	const extra = await startSimulator(options);
	extraSimulators.push(extra);
	return extra;
}

beforeEach(async () => {
	sim = await startSimulator();
});

afterEach(async () => {
	await Promise.all([sim, ...extraSimulators.splice(0)].map((simulator) => simulator.close()));
});

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A signal that aborts once the simulator has received one more request with this action: a client
 * that gives up while the panel is working on it. Tied to the request's arrival, not to a fixed
 * deadline, which on a loaded machine can fire before the request even reaches the panel.
 */
function abortOnceReceived(action: string): AbortSignal {
	const controller = new AbortController();
	const before = sim.count(action);
	const timer = setInterval(() => {
		if (sim.count(action) > before) {
			clearInterval(timer);
			controller.abort(new Error('client gave up'));
		}
	}, 1);
	controller.signal.addEventListener('abort', () => clearInterval(timer));
	// Never left polling: a test that fails before the request arrives still ends the interval.
	setTimeout(() => controller.abort(new Error('request never arrived')), 5000).unref();
	return controller.signal;
}

/** POSTs a form (with the simulator's key unless the form sets one) and returns the raw reply. */
async function post(
	form: Form,
	options: { target?: PanelSimulator; url?: string; signal?: AbortSignal; redirect?: 'follow' | 'manual' | 'error' } = {},
): Promise<RawReply> {
	const target = options.target ?? sim;
	const response = await fetch(options.url ?? target.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ key: target.key, ...form }).toString(),
		signal: options.signal,
		redirect: options.redirect,
	});
	// Decoded by hand: Response.text() would strip a leading BOM, which the strayBytes quirk must show.
	const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
	return { status: response.status, headers: response.headers, text };
}

/** POSTs a body exactly as given and returns the reply as it came over the wire (not decompressed). */
async function postRaw(body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer; text: string }> {
	return await new Promise((resolve, reject) => {
		const request = http.request(sim.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const bytes = Buffer.concat(chunks);
				resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes, text: bytes.toString('utf8') });
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** POSTs a form and parses the JSON reply. */
async function api<T = unknown>(form: Form, target?: PanelSimulator): Promise<T> {
	const reply = await post(form, { target });
	expect(reply.status).toBe(200);
	expect(reply.headers.get('content-type')).toContain('application/json');
	return JSON.parse(reply.text) as T;
}

async function addOrder(form: Form, target?: PanelSimulator): Promise<number> {
	const reply = await api<{ order?: number; error?: string }>({ action: 'add', ...form }, target);
	if (reply.order === undefined) throw new Error(`add failed: ${reply.error}`);
	return reply.order;
}

async function orderStatus(orderId: number): Promise<StatusReply> {
	return api<StatusReply>({ action: 'status', order: String(orderId) });
}

const DEFAULT_ORDER: Form = { service: '1', link: 'https://www.instagram.com/simulated_account/', quantity: '1000' };

describe('transport', () => {
	it('rejects a wrong or missing key with HTTP 200', async () => {
		expect(await api({ action: 'balance', key: 'wrong' })).toEqual({ error: 'Invalid API key' });
		const response = await fetch(sim.url, { method: 'POST', body: new URLSearchParams({ action: 'balance' }) });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ error: 'Invalid API key' });
	});

	it('answers an unknown or missing action with "Incorrect request"', async () => {
		expect(await api({ action: 'orders_list' })).toEqual({ error: 'Incorrect request' });
		expect(await api({})).toEqual({ error: 'Incorrect request' });
	});

	it('serves /api/v2, /api/v1 and /api; anything else, and GET, is a 404 HTML page', async () => {
		for (const path of ['/api/v2', '/api/v1', '/api', '/api/v2/']) {
			const reply = await post({ action: 'balance' }, { url: `${sim.baseUrl}${path}` });
			expect(JSON.parse(reply.text)).toEqual({ balance: '1000.00000', currency: 'USD' });
		}
		const wrongPath = await post({ action: 'balance' }, { url: `${sim.baseUrl}/api/v9` });
		expect(wrongPath.status).toBe(404);
		expect(wrongPath.headers.get('content-type')).toContain('text/html');
		expect(wrongPath.text).toContain('Not Found');
		const get = await fetch(sim.url);
		expect(get.status).toBe(404);
		expect(await get.text()).toContain('Not Found');
	});

	it('records every request with its exact body, parsed form and headers, and counts per action', async () => {
		const rawBody = 'key=demo-key&action=add&service=1&link=https%3A%2F%2Fx.test%2Fp%3Fa%3D1&quantity=100&comments=a%0D%0Ab+c';
		await fetch(sim.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/4.0 (compatible; MSIE 5.01)' },
			body: rawBody,
		});
		await post({ action: 'balance' });
		await fetch(`${sim.baseUrl}/nowhere`);

		expect(sim.requests).toHaveLength(3);
		const [add, balance, lost] = sim.requests;
		expect(add.rawBody).toBe(rawBody);
		expect(add.method).toBe('POST');
		expect(add.path).toBe('/api/v2');
		expect(add.action).toBe('add');
		expect(Object.keys(add.form)).toEqual(['key', 'action', 'service', 'link', 'quantity', 'comments']);
		expect(add.form.link).toBe('https://x.test/p?a=1');
		expect(add.form.comments).toBe('a\r\nb c');
		expect(add.headers['user-agent']).toBe('Mozilla/4.0 (compatible; MSIE 5.01)');
		expect(add.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(typeof add.at).toBe('number');
		expect(balance.action).toBe('balance');
		expect(lost).toMatchObject({ method: 'GET', path: '/nowhere', action: '', rawBody: '' });

		expect(sim.count()).toBe(3);
		expect(sim.count('add')).toBe(1);
		expect(sim.count('status')).toBe(0);
		const held = sim.requests;
		sim.clearRequests();
		expect(sim.count()).toBe(0);
		expect(held).toHaveLength(0);
	});

	it('keeps connections alive, and close() still resolves with an idle keep-alive socket open', async () => {
		const agent = new http.Agent({ keepAlive: true });
		const request = (): Promise<{ reused: boolean; body: string }> =>
			new Promise((resolve, reject) => {
				const outgoing = http.request(sim.url, { method: 'POST', agent }, (incoming) => {
					let body = '';
					incoming.setEncoding('utf8');
					incoming.on('data', (chunk: string) => (body += chunk));
					incoming.on('end', () => resolve({ reused: outgoing.reusedSocket, body }));
				});
				outgoing.on('error', reject);
				outgoing.setHeader('Content-Type', 'application/x-www-form-urlencoded');
				outgoing.end('key=demo-key&action=balance');
			});
		expect((await request()).reused).toBe(false);
		const second = await request();
		expect(second.reused).toBe(true);
		expect(JSON.parse(second.body)).toEqual({ balance: '1000.00000', currency: 'USD' });
		const started = Date.now();
		await sim.close();
		expect(Date.now() - started).toBeLessThan(1000);
		agent.destroy();
	});

	it('serves HTTPS with the certificate it is given (the benchmark makes one for 127.0.0.1)', async () => {
		const certificate = selfSignedCertificate();
		const secure = await startExtra({ tls: certificate });
		expect(secure.url).toBe(`https://127.0.0.1:${secure.port}/api/v2`);
		const reply = (ca?: string): Promise<string> =>
			new Promise((resolve, reject) => {
				const outgoing = https.request(secure.url, { method: 'POST', ca }, (incoming) => {
					let body = '';
					incoming.setEncoding('utf8');
					incoming.on('data', (chunk: string) => (body += chunk));
					incoming.on('end', () => resolve(body));
				});
				outgoing.on('error', reject);
				outgoing.setHeader('Content-Type', 'application/x-www-form-urlencoded');
				outgoing.end('key=demo-key&action=balance');
			});
		expect(JSON.parse(await reply(certificate.cert))).toEqual({ balance: '1000.00000', currency: 'USD' });
		// Not trusted without it: the certificate is self-signed.
		await expect(reply()).rejects.toThrow(/self-signed/);
	});

	it('applies latency to every reply', async () => {
		sim.setLatency(120);
		const started = Date.now();
		await post({ action: 'balance' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		sim.setLatency(0);
		const quick = Date.now();
		await post({ action: 'balance' });
		expect(Date.now() - quick).toBeLessThan(100);
	});
});

describe('services', () => {
	interface ServiceReply {
		service: number;
		name: string;
		type: string;
		category: string;
		rate: string;
		min: string;
		max: string;
		refill: boolean;
		cancel: boolean;
		dripfeed: boolean;
		desc?: string;
	}

	it('lists a service for every type of the reference, with the documented field formats', async () => {
		const services = await api<ServiceReply[]>({ action: 'services' });
		expect(new Set(services.map((service) => service.type))).toEqual(new Set(SERVICE_TYPES));
		expect(SERVICE_TYPES).toHaveLength(17);
		for (const service of services) {
			expect(typeof service.service).toBe('number');
			expect(service.rate).toMatch(/^\d+\.\d{2,}$/);
			expect(service.min).toMatch(/^\d+$/);
			expect(service.max).toMatch(/^\d+$/);
			expect(typeof service.refill).toBe('boolean');
			expect(typeof service.cancel).toBe('boolean');
			expect(typeof service.dripfeed).toBe('boolean');
		}
		const defaults = services.filter((service) => service.type === 'Default');
		expect(new Set(defaults.map((service) => service.category)).size).toBeGreaterThanOrEqual(4);
		expect(new Set(services.map((service) => service.refill))).toEqual(new Set([true, false]));
		expect(new Set(services.map((service) => service.cancel))).toEqual(new Set([true, false]));
		expect(services.some((service) => service.desc !== undefined)).toBe(true);
		expect(services.some((service) => service.desc === undefined)).toBe(true);
	});

	it('has the predictable service 1 tests rely on', async () => {
		const services = await api<ServiceReply[]>({ action: 'services' });
		expect(services[0]).toMatchObject({
			service: 1,
			type: 'Default',
			category: 'Instagram Followers',
			rate: '0.90',
			min: '10',
			max: '100000',
			refill: true,
			cancel: true,
			dripfeed: true,
		});
		expect(services.find((service) => service.service === 7)?.rate).toBe('0.045');
		expect(sim.services()).toHaveLength(services.length);
	});
});

describe('add', () => {
	it('places an order, charges rate x quantity / 1000 and stores the form without the key', async () => {
		expect(await api({ action: 'add', ...DEFAULT_ORDER })).toEqual({ order: FIRST_ORDER_ID });
		expect(await api({ action: 'add', ...DEFAULT_ORDER, quantity: '10' })).toEqual({ order: FIRST_ORDER_ID + 1 });
		expect(sim.getBalance()).toBeCloseTo(1000 - 0.9 - 0.009, 5);
		expect(await api({ action: 'balance' })).toEqual({ balance: '999.09100', currency: 'USD' });
		const order = sim.getOrder(FIRST_ORDER_ID);
		expect(order).toMatchObject({ service: 1, type: 'Default', quantity: 1000, charge: 0.9, status: 'Pending' });
		expect(order?.form).toEqual({ action: 'add', ...DEFAULT_ORDER });
	});

	it.each([
		['an unknown service', { service: '999' }, 'Incorrect service ID'],
		['no service', { service: '' }, 'Incorrect service ID'],
		['no link', { link: '  ' }, 'Incorrect link'],
		['no quantity', { quantity: '' }, 'Incorrect quantity'],
		['a non-integer quantity', { quantity: '12.5' }, 'Incorrect quantity'],
		['too small a quantity', { service: '2', quantity: '49' }, 'Quantity less than minimal 50'],
		['too large a quantity', { service: '2', quantity: '10001' }, 'Quantity more than maximal 10000'],
		['drip-feed on a service without it', { service: '2', quantity: '100', runs: '2', interval: '5' }, 'Drip-feed is disabled for this service'],
		['drip-feed without interval', { runs: '2' }, 'Incorrect interval'],
	])('refuses %s', async (_case, change, error) => {
		expect(await api({ action: 'add', ...DEFAULT_ORDER, ...change })).toEqual({ error });
		expect(sim.getBalance()).toBe(1000);
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeUndefined();
	});

	it('refuses an order the balance cannot pay, and takes one it exactly can', async () => {
		expect(await api({ action: 'add', service: '8', link: 'https://x.test', quantity: '100' })).toEqual({
			error: 'Not enough funds on balance',
		});
		sim.setBalance(1500);
		expect(await api({ action: 'add', service: '8', link: 'https://x.test', quantity: '100' })).toEqual({
			order: FIRST_ORDER_ID,
		});
		expect(sim.getBalance()).toBe(0);
	});

	/** A valid form for each type, and the error each required field gives when left out. */
	const ORDER_TYPES: Record<string, { form: Form; required: Record<string, string> }> = {
		Default: {
			form: { service: '1', link: 'https://x.test/a', quantity: '100' },
			required: { link: 'Incorrect link', quantity: 'Incorrect quantity' },
		},
		Package: { form: { service: '9', link: 'https://x.test/a' }, required: { link: 'Incorrect link' } },
		SEO: {
			form: { service: '10', link: 'https://x.test', quantity: '100', keywords: 'smm panel\nbuy likes' },
			required: { link: 'Incorrect link', quantity: 'Incorrect quantity', keywords: 'Incorrect keywords' },
		},
		'Custom Comments': {
			form: { service: '11', link: 'https://x.test/p', comments: 'one\ntwo\nthree\nfour\nfive' },
			required: { link: 'Incorrect link', comments: 'Incorrect comments' },
		},
		'Custom Comments Package': {
			form: { service: '12', link: 'https://x.test/p', comments: 'nice\ngreat' },
			required: { link: 'Incorrect link', comments: 'Incorrect comments' },
		},
		Mentions: {
			form: { service: '13', link: 'https://x.test/p', quantity: '100', usernames: 'alice\nbob' },
			required: { link: 'Incorrect link', quantity: 'Incorrect quantity', usernames: 'Incorrect usernames' },
		},
		'Mentions with Hashtags': {
			form: { service: '14', link: 'https://x.test/p', quantity: '100', usernames: 'alice', hashtags: 'smm\nn8n' },
			required: { usernames: 'Incorrect usernames', hashtags: 'Incorrect hashtags', quantity: 'Incorrect quantity' },
		},
		'Mentions Custom List': {
			form: { service: '15', link: 'https://x.test/p', usernames: Array.from({ length: 10 }, (_, i) => `user${i}`).join('\n') },
			required: { link: 'Incorrect link', usernames: 'Incorrect usernames' },
		},
		'Mentions Hashtag': {
			form: { service: '16', link: 'https://x.test/p', quantity: '100', hashtag: 'smm' },
			required: { hashtag: 'Incorrect hashtag', quantity: 'Incorrect quantity' },
		},
		'Mentions User Followers': {
			form: { service: '17', link: 'https://x.test/p', quantity: '100', username: 'celebrity' },
			required: { username: 'Incorrect username', link: 'Incorrect link' },
		},
		'Mentions Media Likers': {
			form: { service: '18', link: 'https://x.test/p', quantity: '100', media: 'https://x.test/p/other' },
			required: { media: 'Incorrect media', quantity: 'Incorrect quantity' },
		},
		'Comment Likes': {
			form: { service: '19', link: 'https://x.test/p', quantity: '10', username: 'commenter' },
			required: { username: 'Incorrect username', quantity: 'Incorrect quantity' },
		},
		'Comment Replies': {
			form: { service: '20', link: 'https://x.test/p', username: 'commenter', comments: 'agreed\nthanks' },
			required: { username: 'Incorrect username', comments: 'Incorrect comments', link: 'Incorrect link' },
		},
		Poll: {
			form: { service: '21', link: 'https://x.test/p', quantity: '100', answer_number: '2' },
			required: { answer_number: 'Incorrect answer number', quantity: 'Incorrect quantity' },
		},
		'Invites from Groups': {
			form: { service: '22', link: 'https://t.me/group', quantity: '100', groups: 'https://t.me/a\nhttps://t.me/b' },
			required: { groups: 'Incorrect groups', quantity: 'Incorrect quantity' },
		},
		Subscriptions: {
			form: { service: '23', username: 'brand', min: '50', max: '100', delay: '30', expiry: '31/12/2030' },
			required: { username: 'Incorrect username', min: 'Incorrect min', max: 'Incorrect max', delay: 'Incorrect delay' },
		},
		'Web Traffic': {
			form: {
				service: '24',
				link: 'https://site.test',
				quantity: '500',
				country: 'US',
				device: '1',
				type_of_traffic: '1',
				google_keyword: 'buy traffic',
			},
			required: {
				link: 'Incorrect link',
				country: 'Incorrect country',
				device: 'Incorrect device',
				type_of_traffic: 'Incorrect type of traffic',
				google_keyword: 'Incorrect google keyword',
			},
		},
	};

	it('has a valid-form case for every service type', () => {
		expect(Object.keys(ORDER_TYPES).sort()).toEqual([...SERVICE_TYPES].sort());
	});

	it.each(Object.entries(ORDER_TYPES))('validates the fields of type %s', async (_type, { form, required }) => {
		for (const [field, error] of Object.entries(required)) {
			const withoutField = Object.fromEntries(Object.entries(form).filter(([name]) => name !== field));
			expect(await api({ action: 'add', ...withoutField })).toEqual({ error });
		}
		expect(sim.getBalance()).toBe(1000);
		const orderId = await addOrder(form);
		expect(sim.getOrder(orderId)?.form).toEqual({ action: 'add', ...form });
		expect(sim.getBalance()).toBeLessThan(1000);
	});

	it('counts comment lines as the quantity (\\n or \\r\\n, blank lines ignored)', async () => {
		const orderId = await addOrder({ service: '11', link: 'https://x.test/p', comments: 'a\r\nb\n\nc\r\nd\ne\nf\n' });
		expect(sim.getOrder(orderId)).toMatchObject({ quantity: 6, charge: 0.072 });
		expect(await api({ action: 'add', service: '11', link: 'https://x.test/p', comments: 'a\nb' })).toEqual({
			error: 'Quantity less than minimal 5',
		});
	});

	it('charges packages their rate once', async () => {
		const orderId = await addOrder({ service: '9', link: 'https://x.test/a' });
		expect(sim.getOrder(orderId)).toMatchObject({ quantity: 1, charge: 12 });
		expect(sim.getBalance()).toBe(988);
	});

	it('multiplies drip-feed orders by runs', async () => {
		const orderId = await addOrder({ ...DEFAULT_ORDER, quantity: '100', runs: '5', interval: '10' });
		expect(sim.getOrder(orderId)).toMatchObject({ quantity: 500, charge: 0.45, runs: 5, interval: 10, completesAt: 50 });
	});

	it('checks the conditional Web Traffic and Subscriptions fields', async () => {
		const traffic = ORDER_TYPES['Web Traffic'].form;
		expect(await api({ action: 'add', ...traffic, type_of_traffic: '2' })).toEqual({ error: 'Incorrect referring url' });
		expect(await api({ action: 'add', ...traffic, device: '6' })).toEqual({ error: 'Incorrect device' });
		const subscription = ORDER_TYPES.Subscriptions.form;
		expect(await api({ action: 'add', ...subscription, delay: '7' })).toEqual({ error: 'Incorrect delay' });
		expect(await api({ action: 'add', ...subscription, min: '200', max: '100' })).toEqual({
			error: 'Min cannot be greater than max',
		});
		expect(await api({ action: 'add', ...subscription, expiry: '2030-12-31' })).toEqual({ error: 'Incorrect expiry date' });
	});
});

describe('status', () => {
	it('reports one order with string fields', async () => {
		const orderId = await addOrder(DEFAULT_ORDER);
		expect(await orderStatus(orderId)).toEqual({
			charge: '0.90000',
			start_count: '0',
			status: 'Pending',
			remains: '1000',
			currency: 'USD',
		});
		expect(await api({ action: 'status', order: '999999' })).toEqual({ error: 'Incorrect order ID' });
		expect(await api({ action: 'status' })).toEqual({ error: 'Incorrect order ID' });
	});

	it('reports a batch keyed by ID, tolerating whitespace and duplicates', async () => {
		const first = await addOrder(DEFAULT_ORDER);
		const second = await addOrder(DEFAULT_ORDER);
		const reply = await api<Record<string, unknown>>({ action: 'status', orders: ` ${first}, 42 ,${second},${first},` });
		expect(Object.keys(reply).sort()).toEqual([String(first), String(second), '42'].sort());
		expect(reply['42']).toEqual({ error: 'Incorrect order ID' });
		expect(reply[String(first)]).toMatchObject({ status: 'Pending', charge: '0.90000' });
	});

	it('accepts 100 IDs and refuses more as a whole', async () => {
		const ids = sim.seedOrders(101);
		const hundred = await api<Record<string, unknown>>({ action: 'status', orders: ids.slice(0, 100).join(',') });
		expect(Object.keys(hundred)).toHaveLength(100);
		expect(await api({ action: 'status', orders: ids.join(',') })).toEqual({ error: API_ERRORS.tooManyOrders });
	});
});

describe('order lifecycle', () => {
	it('goes Pending -> In progress (remains falling) -> Completed on the simulated clock', async () => {
		const orderId = await addOrder(DEFAULT_ORDER);
		expect(sim.now()).toBe(0);
		expect((await orderStatus(orderId)).status).toBe('Pending');
		sim.advance(1);
		const started = await orderStatus(orderId);
		expect(started).toMatchObject({ status: 'In progress', remains: '1000' });
		expect(Number(started.start_count)).toBeGreaterThan(0);
		sim.advance(0.5);
		expect(await orderStatus(orderId)).toMatchObject({ status: 'In progress', remains: '500' });
		sim.advance(0.5);
		expect(await orderStatus(orderId)).toMatchObject({
			status: 'Completed',
			remains: '0',
			charge: '0.90000',
			start_count: started.start_count,
		});
		expect(sim.now()).toBe(2);
	});

	it('takes longer for bigger and drip-fed orders', async () => {
		const big = await addOrder({ ...DEFAULT_ORDER, quantity: '50000' });
		const dripFed = await addOrder({ ...DEFAULT_ORDER, quantity: '100', runs: '3', interval: '10' });
		sim.advance(3);
		expect((await orderStatus(big)).status).toBe('In progress');
		sim.advance(1);
		expect((await orderStatus(big)).status).toBe('Completed');
		expect((await orderStatus(dripFed)).status).toBe('In progress');
		sim.advance(26);
		expect((await orderStatus(dripFed)).status).toBe('Completed');
	});

	it('ends "partial" links Partial and "cancel" links Canceled, refunding the balance', async () => {
		const partial = await addOrder({ ...DEFAULT_ORDER, link: 'https://x.test/partial-delivery' });
		const canceled = await addOrder({ ...DEFAULT_ORDER, link: 'https://x.test/will-cancel' });
		expect(sim.getBalance()).toBeCloseTo(998.2, 5);
		sim.advance(1);
		expect(await orderStatus(canceled)).toMatchObject({ status: 'Canceled', charge: '0.00000' });
		sim.advance(5);
		expect(await orderStatus(partial)).toMatchObject({ status: 'Partial', remains: '250', charge: '0.67500' });
		expect(sim.getBalance()).toBeCloseTo(1000 - 0.675, 5);
	});

	it('refuses a negative or non-finite advance', () => {
		expect(() => sim.advance(-1)).toThrow(RangeError);
		expect(() => sim.advance(Number.NaN)).toThrow(RangeError);
	});
});

describe('refill', () => {
	async function completedOrder(form: Form = DEFAULT_ORDER): Promise<number> {
		const orderId = await addOrder(form);
		sim.advance(10);
		return orderId;
	}

	it('creates a refill for a completed order and answers with its ID as a string', async () => {
		const orderId = await completedOrder();
		expect(await api({ action: 'refill', order: String(orderId) })).toEqual({ refill: String(FIRST_REFILL_ID) });
		expect(sim.getRefill(FIRST_REFILL_ID)).toMatchObject({ orderId, status: 'Pending' });
	});

	it('refuses refills with the panel errors', async () => {
		const noRefillService = await completedOrder({ ...DEFAULT_ORDER, service: '2' });
		const canceled = await completedOrder({ ...DEFAULT_ORDER, link: 'https://x.test/cancel' });
		const done = await completedOrder();
		const running = await addOrder(DEFAULT_ORDER);
		const refill = (order: number | string): Promise<unknown> => api({ action: 'refill', order: String(order) });
		expect(await refill(999999)).toEqual({ error: 'Incorrect order ID' });
		expect(await refill('abc')).toEqual({ error: 'Incorrect order ID' });
		expect(await refill(noRefillService)).toEqual({ error: 'Refill is disabled for this service' });
		expect(await refill(running)).toEqual({ error: 'The order is not completed yet' });
		expect(await refill(canceled)).toEqual({ error: 'Refill is not available for canceled orders' });
		expect(await refill(done)).toEqual({ refill: String(FIRST_REFILL_ID) });
		expect(await refill(done)).toEqual({ error: 'The refill task is not completed for this order' });
	});

	it('answers a batch with an array of refill IDs (numbers) or errors', async () => {
		const first = await completedOrder();
		const second = await completedOrder();
		expect(await api({ action: 'refill', orders: `${first}, 77,${second}` })).toEqual([
			{ order: first, refill: FIRST_REFILL_ID },
			{ order: 77, refill: { error: 'Incorrect order ID' } },
			{ order: second, refill: FIRST_REFILL_ID + 1 },
		]);
		expect(await api({ action: 'refill', orders: Array.from({ length: 101 }, (_, i) => i + 1).join(',') })).toEqual({
			error: API_ERRORS.tooManyOrders,
		});
	});

	it('moves refills Pending -> In progress -> Completed, and "reject" links to Rejected', async () => {
		const normal = await completedOrder();
		const rejected = await completedOrder({ ...DEFAULT_ORDER, link: 'https://x.test/reject-me' });
		const batch = await api<Array<{ order: number; refill: number }>>({ action: 'refill', orders: `${normal},${rejected}` });
		const [normalRefill, rejectedRefill] = batch.map((entry) => entry.refill);
		const statuses = (): Promise<unknown> =>
			api({ action: 'refill_status', refills: `${normalRefill},${rejectedRefill},9999` });
		expect(await api({ action: 'refill_status', refill: String(normalRefill) })).toEqual({ status: 'Pending' });
		sim.advance(1);
		expect(await statuses()).toEqual([
			{ refill: normalRefill, status: 'In progress' },
			{ refill: rejectedRefill, status: 'Rejected' },
			{ refill: 9999, status: { error: 'Refill not found' } },
		]);
		sim.advance(2);
		expect(await api({ action: 'refill_status', refill: String(normalRefill) })).toEqual({ status: 'Completed' });
		expect(await api({ action: 'refill_status', refill: '9999' })).toEqual({ error: 'Refill not found' });
		// The finished refill no longer blocks a new one.
		expect(await api({ action: 'refill', order: String(normal) })).toEqual({ refill: String(FIRST_REFILL_ID + 2) });
		expect(
			await api({ action: 'refill_status', refills: Array.from({ length: 101 }, (_, i) => i + 1).join(',') }),
		).toEqual({ error: API_ERRORS.tooManyRefills });
	});
});

describe('cancel', () => {
	it('answers per order with 1 or an error, and cancels accepted orders on the next advance', async () => {
		const cancelable = await addOrder(DEFAULT_ORDER);
		const noCancelService = await addOrder({ ...DEFAULT_ORDER, service: '3' });
		const finished = await addOrder(DEFAULT_ORDER);
		sim.setOrderStatus(finished, 'Completed', { remains: 0 });
		expect(sim.getBalance()).toBeCloseTo(1000 - 0.9 - 0.25 - 0.9, 5);

		expect(await api({ action: 'cancel', orders: `9, ${cancelable},${noCancelService},${finished}` })).toEqual([
			{ order: 9, cancel: { error: 'Incorrect order ID' } },
			{ order: cancelable, cancel: 1 },
			{ order: noCancelService, cancel: { error: 'Cancel is disabled for this service' } },
			{ order: finished, cancel: { error: 'Order cannot be canceled' } },
		]);
		// Requested, not yet refunded.
		expect((await orderStatus(cancelable)).status).toBe('Pending');
		expect(await api({ action: 'cancel', order: String(cancelable) })).toEqual([
			{ order: cancelable, cancel: { error: 'Order cannot be canceled' } },
		]);
		sim.advance(0);
		expect(await orderStatus(cancelable)).toMatchObject({ status: 'Canceled', charge: '0.00000' });
		expect(sim.getBalance()).toBeCloseTo(1000 - 0.25 - 0.9, 5);
	});

	it('accepts a single order= and an in-progress order, and refuses more than 100 IDs', async () => {
		const orderId = await addOrder({ ...DEFAULT_ORDER, quantity: '50000' });
		sim.advance(2);
		expect(await api({ action: 'cancel', order: String(orderId) })).toEqual([{ order: orderId, cancel: 1 }]);
		sim.advance(10);
		expect((await orderStatus(orderId)).status).toBe('Canceled');
		expect(await api({ action: 'cancel', orders: Array.from({ length: 101 }, (_, i) => i + 1).join(',') })).toEqual({
			error: API_ERRORS.tooManyOrders,
		});
		expect(await api({ action: 'cancel' })).toEqual({ error: 'Incorrect order ID' });
	});
});

describe('balance and currency', () => {
	it('formats the balance with 5 decimals in the configured currency', async () => {
		const euro = await startExtra({ balance: 100.842921, currency: 'EUR' });
		expect(await api({ action: 'balance' }, euro)).toEqual({ balance: '100.84292', currency: 'EUR' });
		euro.setBalance(3.5);
		expect(await api({ action: 'balance' }, euro)).toEqual({ balance: '3.50000', currency: 'EUR' });
	});
});

describe('faults', () => {
	it.each<[FaultKind, number, string]>([
		['html', 200, 'Just a moment...'],
		['html404', 404, 'Not Found'],
		['http500', 500, 'Internal Server Error'],
		['http502', 502, 'Bad Gateway'],
		['http503', 503, 'Service Temporarily Unavailable'],
	])('%s answers %i with an HTML page', async (kind, status, text) => {
		sim.injectFault({ kind });
		const reply = await post({ action: 'balance' });
		expect(reply.status).toBe(status);
		expect(reply.headers.get('content-type')).toContain('text/html');
		expect(reply.text).toContain(text);
		// Applied once, then the panel answers normally.
		expect((await post({ action: 'balance' })).status).toBe(200);
	});

	it('answers JSON errors with the configured status and message', async () => {
		sim.injectFault({ kind: 'error200', message: 'API is disabled' });
		sim.injectFault({ kind: 'error4xx' });
		sim.injectFault({ kind: 'error4xx', status: 401, message: 'Unauthorized' });
		sim.injectFault({ kind: 'error5xx' });
		const replies = [];
		for (let i = 0; i < 4; i++) {
			const reply = await post({ action: 'balance' });
			replies.push([reply.status, JSON.parse(reply.text)]);
		}
		expect(replies).toEqual([
			[200, { error: 'API is disabled' }],
			[403, { error: 'Access denied' }],
			[401, { error: 'Unauthorized' }],
			[500, { error: 'Internal server error' }],
		]);
	});

	it('sends Retry-After for rateLimit and for http503 when given', async () => {
		sim.injectFault({ kind: 'rateLimit' });
		sim.injectFault({ kind: 'rateLimit', retryAfterSeconds: 7 });
		sim.injectFault({ kind: 'http503', retryAfterSeconds: 30 });
		sim.injectFault({ kind: 'http503' });
		const limited = await post({ action: 'balance' });
		expect([limited.status, limited.headers.get('retry-after'), JSON.parse(limited.text)]).toEqual([
			429,
			'1',
			{ error: 'Too many requests' },
		]);
		expect((await post({ action: 'balance' })).headers.get('retry-after')).toBe('7');
		expect((await post({ action: 'balance' })).headers.get('retry-after')).toBe('30');
		expect((await post({ action: 'balance' })).headers.get('retry-after')).toBeNull();
	});

	it('invalidJson sends a 200 JSON reply that does not parse; "after" cuts the real reply', async () => {
		sim.injectFault({ kind: 'invalidJson' });
		const before = await post({ action: 'balance' });
		expect(before.status).toBe(200);
		expect(before.headers.get('content-type')).toContain('application/json');
		expect(() => JSON.parse(before.text)).toThrow(SyntaxError);
		sim.injectFault({ kind: 'invalidJson', action: 'add', when: 'after' });
		const after = await post({ action: 'add', ...DEFAULT_ORDER });
		expect(() => JSON.parse(after.text)).toThrow(SyntaxError);
		expect(`{"order":${FIRST_ORDER_ID}}`.startsWith(after.text)).toBe(true);
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeDefined();
	});

	it.each<[FaultKind, number]>([
		['redirect301', 301],
		['redirect302', 302],
		['redirect307', 307],
		['redirect308', 308],
	])('%s redirects to the https URL by default', async (kind, status) => {
		sim.injectFault({ kind });
		sim.injectFault({ kind, location: 'https://panel.example/api/v2' });
		const first = await post({ action: 'balance' }, { redirect: 'manual' });
		expect(first.status).toBe(status);
		expect(first.headers.get('location')).toBe(`https://127.0.0.1:${sim.port}/api/v2`);
		const second = await post({ action: 'balance' }, { redirect: 'manual' });
		expect(second.headers.get('location')).toBe('https://panel.example/api/v2');
	});

	it('reset drops the connection; "before" places nothing, "after" places the order exactly once', async () => {
		sim.injectFault({ kind: 'reset', action: 'add' });
		await expect(post({ action: 'add', ...DEFAULT_ORDER })).rejects.toThrow();
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeUndefined();
		expect(sim.getBalance()).toBe(1000);

		sim.injectFault({ kind: 'reset', action: 'add', when: 'after' });
		await expect(post({ action: 'add', ...DEFAULT_ORDER })).rejects.toThrow();
		expect(sim.getOrder(FIRST_ORDER_ID)).toMatchObject({ status: 'Pending', charge: 0.9 });
		expect(sim.getOrder(FIRST_ORDER_ID + 1)).toBeUndefined();
		expect(sim.getBalance()).toBeCloseTo(999.1, 5);
		expect(sim.count('add')).toBe(2);
	});

	it('an error fault "after" performs the action behind the error', async () => {
		sim.injectFault({ kind: 'error5xx', action: 'add', when: 'after', message: 'Gateway timeout' });
		const reply = await post({ action: 'add', ...DEFAULT_ORDER });
		expect([reply.status, JSON.parse(reply.text)]).toEqual([500, { error: 'Gateway timeout' }]);
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeDefined();
	});

	it('slow delays the reply; a client timing out sees nothing placed for "before", one order for "after"', async () => {
		sim.injectFault({ kind: 'slow', delayMs: 150 });
		const started = Date.now();
		expect(JSON.parse((await post({ action: 'balance' })).text)).toEqual({ balance: '1000.00000', currency: 'USD' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);

		sim.injectFault({ kind: 'slow', action: 'add', delayMs: 150 });
		await expect(post({ action: 'add', ...DEFAULT_ORDER }, { signal: abortOnceReceived('add') })).rejects.toThrow('client gave up');
		await sleep(200);
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeUndefined();

		sim.injectFault({ kind: 'slow', action: 'add', delayMs: 150, when: 'after' });
		await expect(post({ action: 'add', ...DEFAULT_ORDER }, { signal: abortOnceReceived('add') })).rejects.toThrow('client gave up');
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeDefined();
		await sleep(200);
		expect(sim.getOrder(FIRST_ORDER_ID + 1)).toBeUndefined();
		expect(sim.getBalance()).toBeCloseTo(999.1, 5);
	});

	it('slow "before": a client that left before a stall longer than the delay still places nothing', async () => {
		// A loaded machine: the whole process stalls right after the client gives up, so the delay's
		// timer and the disconnect's I/O are both due when it wakes, and Node runs timers first.
		sim.injectFault({ kind: 'slow', action: 'add', delayMs: 50 });
		const controller = new AbortController();
		const waiting = setInterval(() => {
			if (sim.count('add') === 0) return;
			clearInterval(waiting);
			controller.abort(new Error('client gave up'));
			const until = Date.now() + 150;
			while (Date.now() < until) {
				// busy: the stall
			}
		}, 1);
		try {
			await expect(post({ action: 'add', ...DEFAULT_ORDER }, { signal: controller.signal })).rejects.toThrow('client gave up');
		} finally {
			clearInterval(waiting);
		}
		await sleep(100);
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeUndefined();
		expect(sim.getBalance()).toBeCloseTo(1000, 5);
	});

	it('selects by action and match, honours times (Infinity too) and clearFaults', async () => {
		sim.injectFault({ kind: 'error200', action: 'status', message: 'status down', times: 2 });
		sim.injectFault({
			kind: 'error200',
			message: 'batch with 42',
			match: (request) => (request.form.orders ?? '').split(',').includes('42'),
		});
		expect(await api({ action: 'balance' })).toEqual({ balance: '1000.00000', currency: 'USD' });
		expect(await api({ action: 'status', order: '1' })).toEqual({ error: 'status down' });
		expect(await api({ action: 'status', order: '1' })).toEqual({ error: 'status down' });
		expect(await api({ action: 'status', order: '1' })).toEqual({ error: 'Incorrect order ID' });
		expect(await api({ action: 'cancel', orders: '41,42' })).toEqual({ error: 'batch with 42' });
		expect(await api({ action: 'cancel', orders: '41,42' })).toEqual([
			{ order: 41, cancel: { error: 'Incorrect order ID' } },
			{ order: 42, cancel: { error: 'Incorrect order ID' } },
		]);

		sim.injectFault({ kind: 'html404', times: Infinity });
		for (let i = 0; i < 5; i++) expect((await post({ action: 'balance' })).status).toBe(404);
		sim.clearFaults();
		expect((await post({ action: 'balance' })).status).toBe(200);
		expect(sim.count()).toBe(12);
	});

	it('applies latency to faults too', async () => {
		sim.setLatency(100);
		sim.injectFault({ kind: 'http502' });
		const started = Date.now();
		expect((await post({ action: 'balance' })).status).toBe(502);
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
	});
});

describe('hostile replies', () => {
	const KEY = 'a+b/c=d e&f';

	it('addToReply performs the action and merges fields into its reply', async () => {
		sim.injectFault({ kind: 'addToReply', action: 'add', fields: { error: 0, debug: 'x' } });
		expect(await api({ action: 'add', ...DEFAULT_ORDER })).toEqual({ order: FIRST_ORDER_ID, error: 0, debug: 'x' });
		expect(sim.getOrder(FIRST_ORDER_ID)).toBeDefined();
	});

	it('badEntry changes the entry of one ID in keyed, array and single replies', async () => {
		const [first, second] = sim.seedOrders(2);
		sim.injectFault({ kind: 'badEntry', action: 'status', id: second, entry: null });
		const keyed = await api<Record<string, unknown>>({ action: 'status', orders: `${first},${second}` });
		expect(keyed[second]).toBeNull();
		expect(keyed[first]).toMatchObject({ status: 'Pending' });

		sim.injectFault({ kind: 'badEntry', action: 'status', id: first, entry: (entry: Record<string, unknown>) => ({ ...entry, status: null }) });
		expect(await api({ action: 'status', order: String(first) })).toMatchObject({ status: null, currency: 'USD' });

		sim.setOrderStatus(first, 'Completed');
		sim.injectFault({ kind: 'badEntry', action: 'refill', id: first, entry: (entry: Record<string, unknown>) => ({ ...entry, refill: [] }) });
		expect(await api({ action: 'refill', orders: `${first},${second}` })).toEqual([
			{ order: first, refill: [] },
			{ order: second, refill: { error: 'The order is not completed yet' } },
		]);
	});

	it.each<[KeyEchoEncoding, string]>([
		['plain', KEY],
		['url', 'a%2Bb%2Fc%3Dd%20e%26f'],
		['form', 'a%2Bb%2Fc%3Dd+e%26f'],
		['json', 'a+b\\/c=d e&f'],
	])('echoKey writes the key back %s', async (as, written) => {
		const keyed = await startExtra({ key: KEY });
		const [order] = keyed.seedOrders(1);
		const echo = async (where: KeyEchoPlace, form: Form = { action: 'balance' }): Promise<RawReply> => {
			keyed.injectFault({ kind: 'echoKey', echo: { in: where, as }, id: order });
			return await post(form, { target: keyed, redirect: 'manual' });
		};
		const error = await echo('errorMessage');
		expect(error.text).toContain(`Invalid API key: ${written}`);
		expect(JSON.parse(error.text)).toEqual({ error: `Invalid API key: ${as === 'plain' || as === 'json' ? KEY : written}` });
		const idError = await echo('idError', { action: 'status', orders: `${order},5` });
		expect(JSON.parse(idError.text)[order]).toEqual({ error: expect.stringContaining('Incorrect order ID for API key') });
		expect(idError.text).toContain(written);
		expect((await echo('printR')).text).toContain(`[key] => ${written}`);
		expect((await echo('varDump')).text).toContain(`"${written}"`);
		const debug = await echo('debugField');
		expect(JSON.parse(debug.text)).toMatchObject({ balance: '1000.00000', debug: { api_key: expect.any(String) } });
		expect(debug.text).toContain(written);
		const redirect = await echo('location');
		expect(redirect.status).toBe(302);
		expect(redirect.headers.get('location')).toBe(`https://panel.example/api/v2?key=${written}`);
	});

	it('padded sends the real reply then spaces up to the size asked, gzip-encoded in a fraction of it', async () => {
		sim.injectFault({ kind: 'padded', bytes: 3 * 1024 * 1024 });
		const gzipped = await postRaw(`key=${sim.key}&action=balance`, { 'Accept-Encoding': 'identity' });
		expect(gzipped.headers['content-encoding']).toBe('gzip');
		expect(gzipped.bytes.length).toBeLessThan(10_000);
		const decoded = gunzipSync(gzipped.bytes);
		expect(decoded.length).toBe(3 * 1024 * 1024);
		expect(JSON.parse(decoded.toString('utf8'))).toEqual({ balance: '1000.00000', currency: 'USD' });

		sim.injectFault({ kind: 'padded', bytes: 100_000, gzip: false });
		const plain = await postRaw(`key=${sim.key}&action=balance`);
		expect(plain.bytes.length).toBe(100_000);
		expect(JSON.parse(plain.text)).toEqual({ balance: '1000.00000', currency: 'USD' });
	});

	it('stall sends the headers and a first byte at once, the rest after the pause', async () => {
		sim.injectFault({ kind: 'stall', delayMs: 400 });
		const timings = { headers: 0, firstByte: 0, end: 0 };
		const text = await new Promise<string>((resolve, reject) => {
			const request = http.request(sim.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (response) => {
				timings.headers = Date.now();
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					if (body === '') timings.firstByte = Date.now();
					body += chunk;
				});
				response.on('end', () => {
					timings.end = Date.now();
					resolve(body);
				});
			});
			request.on('error', reject);
			request.end(`key=${sim.key}&action=balance`);
		});
		// A margin for a busy machine, where the first byte may be handled late.
		expect(timings.end - timings.firstByte).toBeGreaterThanOrEqual(300);
		expect(timings.firstByte).toBeGreaterThanOrEqual(timings.headers);
		expect(JSON.parse(text)).toEqual({ balance: '1000.00000', currency: 'USD' });
	});

	it('deepNesting adds a "debug" field of arrays nested as deep as asked', async () => {
		sim.injectFault({ kind: 'deepNesting', depth: 5 });
		expect((await post({ action: 'balance' })).text).toBe('{"balance":"1000.00000","currency":"USD","debug":[[[[[]]]]]}');
	});

	it('reads field names as PHP does: cut at NUL, leading spaces dropped, spaces and dots as underscores, [ as an array', async () => {
		const reply = await postRaw(`key=${sim.key}&action=add&service=1&service%00=3&link=https%3A%2F%2Fx.test&quantity=100&+quantity=200`);
		expect(JSON.parse(reply.text)).toEqual({ order: FIRST_ORDER_ID });
		expect(sim.getOrder(FIRST_ORDER_ID)).toMatchObject({ service: 3, quantity: 200 });
		expect(phpFieldName('answer.number')).toBe('answer_number');
		expect(phpFieldName('my field')).toBe('my_field');
		expect(phpFieldName('quantity[]')).toBe('quantity');
		expect(phpFieldName('quantity[')).toBe('quantity_');
		expect(phpFieldName('action\0x')).toBe('action');
		expect(phpFieldName('\0')).toBeUndefined();
	});
});

describe('rate limit', () => {
	it('answers 429 with Retry-After once a key used its requests of the sliding minute', async () => {
		sim.setRateLimit({ perMinute: 2 });
		expect((await post({ action: 'balance' })).status).toBe(200);
		expect((await post({ action: 'balance' })).status).toBe(200);
		const limited = await post({ action: 'balance' });
		expect(limited.status).toBe(429);
		expect(JSON.parse(limited.text)).toEqual({ error: 'Too many requests' });
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(59);
		expect(retryAfter).toBeLessThanOrEqual(60);
		// Another key has its own window.
		expect(await api({ action: 'balance', key: 'other-key' })).toEqual({ error: 'Invalid API key' });

		sim.setRateLimit({ perMinute: 1, retryAfterSeconds: 3 });
		await post({ action: 'balance' });
		expect((await post({ action: 'balance' })).headers.get('retry-after')).toBe('3');
		sim.setRateLimit(null);
		expect((await post({ action: 'balance' })).status).toBe(200);
		expect(sim.count('balance')).toBe(7);
	});
});

describe('direct state access', () => {
	it('seeds 10,000 orders well under a second and answers status batches for them', async () => {
		const started = Date.now();
		const ids = sim.seedOrders(10_000);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(ids).toHaveLength(10_000);
		expect(ids[0]).toBe(FIRST_ORDER_ID);
		expect(new Set(ids).size).toBe(10_000);
		expect(sim.getBalance()).toBe(1000);
		const reply = await api<Record<string, StatusReply>>({ action: 'status', orders: ids.slice(-100).join(',') });
		expect(Object.values(reply).every((entry) => entry.status === 'Pending')).toBe(true);
		const advanceStarted = Date.now();
		sim.advance(10);
		expect(Date.now() - advanceStarted).toBeLessThan(500);
		expect(sim.getOrder(ids[9999])?.status).toBe('Completed');
	});

	it('seeds at a given stage: lifecycle statuses move on, final ones stay, others are pinned', async () => {
		const [inProgress] = sim.seedOrders(1, { status: 'In progress' });
		const [completed] = sim.seedOrders(1, { service: 5, status: 'Completed' });
		const [partial] = sim.seedOrders(1, { status: 'Partial' });
		const [refunded] = sim.seedOrders(1, { status: 'Refunded' });
		const [canceling] = sim.seedOrders(1, { link: 'https://x.test/cancel' });
		expect(sim.getOrder(inProgress)?.status).toBe('In progress');
		expect(sim.getOrder(completed)).toMatchObject({ service: 5, status: 'Completed', remains: 0 });
		expect(sim.getOrder(partial)).toMatchObject({ status: 'Partial', remains: 250 });
		sim.advance(5);
		expect(sim.getOrder(inProgress)?.status).toBe('Completed');
		expect(sim.getOrder(refunded)).toMatchObject({ status: 'Refunded', pinned: true });
		expect(sim.getOrder(canceling)?.status).toBe('Canceled');
		// Seeded orders were never charged, so their refunds do not credit the balance.
		expect(sim.getBalance()).toBe(1000);
		expect(await api({ action: 'refill', order: String(completed) })).toEqual({ refill: String(FIRST_REFILL_ID) });
	});

	it('setOrderStatus sets any status verbatim and pins the order; getOrder returns a copy', async () => {
		const orderId = await addOrder(DEFAULT_ORDER);
		sim.setOrderStatus(orderId, 'Processing', { charge: 0.5, startCount: 12, remains: 700 });
		expect(await orderStatus(orderId)).toEqual({
			charge: '0.50000',
			start_count: '12',
			status: 'Processing',
			remains: '700',
			currency: 'USD',
		});
		sim.advance(60);
		expect((await orderStatus(orderId)).status).toBe('Processing');
		const copy = sim.getOrder(orderId);
		if (copy) copy.status = 'Tampered';
		expect(sim.getOrder(orderId)?.status).toBe('Processing');
		expect(() => sim.setOrderStatus(424242, 'Completed')).toThrow(RangeError);
	});
});

describe('quirks', () => {
	it('numbersAsNumbers and booleansAsStrings change the services and status fields', async () => {
		const quirky = await startExtra({ quirks: { numbersAsNumbers: true, booleansAsStrings: true } });
		const services = await api<Array<Record<string, unknown>>>({ action: 'services' }, quirky);
		expect(services[0]).toMatchObject({ rate: 0.9, min: 10, max: 100000, refill: '1', cancel: '1', dripfeed: '1' });
		expect(services[1]).toMatchObject({ refill: 'false', cancel: 'false', dripfeed: 'false' });
		const orderId = await addOrder(DEFAULT_ORDER, quirky);
		expect(await api({ action: 'status', order: String(orderId) }, quirky)).toEqual({
			charge: 0.9,
			start_count: 0,
			status: 'Pending',
			remains: 1000,
			currency: 'USD',
		});
		expect(await api({ action: 'balance' }, quirky)).toEqual({ balance: 999.1, currency: 'USD' });
	});

	it('strayBytes wraps every JSON reply in a BOM, whitespace and an HTML comment', async () => {
		const quirky = await startExtra({ quirks: { strayBytes: true } });
		const reply = await post({ action: 'balance' }, { target: quirky });
		expect(reply.text).toBe('\uFEFF\n  {"balance":"1000.00000","currency":"USD"}\n<!-- -->');
		const error = await post({ action: 'nope' }, { target: quirky });
		expect(error.text).toBe('\uFEFF\n  {"error":"Incorrect request"}\n<!-- -->');
	});

	it('lowerCaseStatuses spells statuses in lower case and "cancelled" with two l', async () => {
		const quirky = await startExtra({ quirks: { lowerCaseStatuses: true } });
		const normal = await addOrder(DEFAULT_ORDER, quirky);
		const canceled = await addOrder({ ...DEFAULT_ORDER, link: 'https://x.test/cancel' }, quirky);
		const statusOf = async (orderId: number): Promise<string> =>
			(await api<StatusReply>({ action: 'status', order: String(orderId) }, quirky)).status;
		expect(await statusOf(normal)).toBe('pending');
		quirky.advance(1);
		expect(await statusOf(normal)).toBe('in progress');
		expect(await statusOf(canceled)).toBe('cancelled');
		quirky.advance(5);
		expect(await statusOf(normal)).toBe('completed');
		await api({ action: 'refill', order: String(normal) }, quirky);
		expect(await api({ action: 'refill_status', refill: String(FIRST_REFILL_ID) }, quirky)).toEqual({ status: 'pending' });
	});

	it.each([
		['en', '100,000', '1,234.50000', '0.90'],
		['de', '100.000', '1.234,50000', '0,90'],
		['ch', "100'000", "1'234.50000", '0.90'],
		['fr', '100\u202F000', '1\u202F234,50000', '0,90'],
	] as const)('localeNumbers %s groups counts and writes money as the locale does', async (locale, max, balance, rate) => {
		const quirky = await startExtra({ balance: 1234.5, quirks: { localeNumbers: locale } });
		const [service] = await api<Array<Record<string, unknown>>>({ action: 'services' }, quirky);
		expect(service).toMatchObject({ rate, min: '10', max });
		expect(await api({ action: 'balance' }, quirky)).toEqual({ balance, currency: 'USD' });
	});

	it('gzip encodes replies for clients that accept it', async () => {
		const quirky = await startExtra({ quirks: { gzip: true } });
		const body = new URLSearchParams({ key: quirky.key, action: 'balance' }).toString();
		const send = async (acceptEncoding: string) =>
			await fetch(quirky.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Encoding': acceptEncoding }, body });
		const gzipped = await send('gzip, deflate');
		expect(gzipped.headers.get('content-encoding')).toBe('gzip');
		expect(JSON.parse(await gzipped.text())).toEqual({ balance: '1000.00000', currency: 'USD' });
		expect((await send('identity')).headers.get('content-encoding')).toBeNull();
	});

	it('statusBatchAsArray answers a status batch as an array with the order in each entry', async () => {
		const quirky = await startExtra({ quirks: { statusBatchAsArray: true } });
		const orderId = await addOrder(DEFAULT_ORDER, quirky);
		expect(await api({ action: 'status', orders: `${orderId},5` }, quirky)).toEqual([
			{ order: orderId, charge: '0.90000', start_count: '0', status: 'Pending', remains: '1000', currency: 'USD' },
			{ order: 5, error: 'Incorrect order ID' },
		]);
	});
});
