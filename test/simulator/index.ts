/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * A real HTTP server that behaves like a Perfect-Panel-style SMM panel (API v2), for transport,
 * node and trigger tests, the demo, benchmarks and `npm run simulator`.
 *
 * Per request: record it, then the first matching injected fault (if any), else the rate limit,
 * else the panel's reply; the configured latency delays every reply except a socket reset.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

import { handleApiCall, SCRIPT_CRASH, type Json } from './actions';
import { catalogueEntry, type CatalogueService } from './catalogue';
import { jsonBodyFields, REFERENCE_DIALECT, type Dialect } from './dialects';
import { DEFAULT_FAULT_MESSAGES, faultReply, htmlResponse, NOT_FOUND_PAGE, performsFirst, type SimResponse } from './faults';
import { defineField, PanelState } from './panel';
import type {
	FaultSpec,
	PanelSimulator,
	Quirks,
	RecordedRequest,
	SimOrder,
	SimRefill,
	SimService,
	SimulatorOptions,
} from './types';

export type {
	FaultKind,
	FaultSpec,
	KeyEchoEncoding,
	KeyEchoPlace,
	NumberLocale,
	PanelSimulator,
	Quirks,
	RecordedRequest,
	SimOrder,
	SimRefill,
	SimService,
	SimulatorOptions,
} from './types';
export { generatedCatalogue, SERVICE_CATALOGUE, SERVICE_TYPES } from './catalogue';
export { API_ERRORS, MAX_BATCH_IDS } from './actions';
export { DEFAULT_FAULT_MESSAGES, encodedKey } from './faults';
export { FIRST_ORDER_ID, FIRST_REFILL_ID, ORDER_STATUS, REFILL_STATUS } from './panel';
export {
	dialectNamed,
	INVALID_ACTION_ERROR,
	NAMED_DIALECTS,
	REFERENCE_DIALECT,
	SINGLE_FORM_NOT_FOUND,
	type ActionSupport,
	type Dialect,
} from './dialects';

export const DEFAULT_KEY = 'demo-key';
export const DEFAULT_BALANCE = 1000;

const NO_QUIRKS: Quirks = {
	numbersAsNumbers: false,
	strayBytes: false,
	booleansAsStrings: false,
	lowerCaseStatuses: false,
	statusBatchAsArray: false,
	localeNumbers: false,
	gzip: false,
};

/** Paths real panels serve the API on; anything else is a 404 page. */
const API_PATHS: ReadonlySet<string> = new Set(['/api', '/api/v1', '/api/v2', '/api/v3']);
const MAX_BODY_BYTES = 1024 * 1024;
/** What PHP-FPM behind nginx shows when the script dies on an action it does not handle. */
const SCRIPT_CRASH_PAGE = `<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;
const RATE_WINDOW_MS = 60_000;
const DEFAULT_SLOW_DELAY_MS = 5000;
const DEFAULT_TRICKLE_DELAY_MS = 1000;
/** Spaces before a trickled reply: at a byte a second, hours before the JSON starts. */
const TRICKLE_PADDING = 10_000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<PanelSimulator> {
	const simulator = new SimulatorServer(options);
	await simulator.listen(options.port ?? 0);
	return simulator;
}

interface ActiveFault {
	spec: FaultSpec;
	remaining: number;
}

interface PanelReply {
	response: SimResponse;
	/** The reply's value and its JSON text before stray bytes, for faults applied after the action. */
	performed?: { value: Json; jsonText: string };
}

function isApiRequest(request: RecordedRequest): boolean {
	if (request.method !== 'POST') return false;
	const pathname = request.path.split('?')[0].replace(/\/+$/, '');
	return API_PATHS.has(pathname);
}

/**
 * The name PHP files a form field under in $_POST, as php_register_variable_ex (main/php_variables.c)
 * makes it: the name is a C string, so it ends at the first NUL; leading spaces are dropped; spaces
 * and dots become underscores; a `[` with a `]` after it starts an array (`quantity[]` is the array
 * `quantity`, approximated here as the field `quantity`), and one without is an underscore too.
 * An empty name is dropped. Panels are PHP scripts, so this is what they read.
 */
export function phpFieldName(name: string): string | undefined {
	const cString = name.split('\0')[0].replace(/^ +/, '');
	const bracket = cString.indexOf('[');
	const isArray = bracket >= 0 && cString.indexOf(']', bracket) > bracket;
	const base = isArray ? cString.slice(0, bracket) : cString;
	const mangled = base.replace(/[ .[]/g, '_');
	return mangled === '' ? undefined : mangled;
}

/** What the script reads from the body: $_POST for a form, php://input for JSON, as its dialect allows. */
function fieldsOf(rawBody: string, contentType: string, accepts: Dialect['requestBody']): Record<string, string> {
	const isJson = /application\/json/i.test(contentType);
	if (isJson && accepts !== 'form') return jsonBodyFields(rawBody) ?? {};
	// PHP fills $_POST only from form bodies.
	if (isJson || accepts === 'json') return {};
	return parseForm(rawBody);
}

function parseForm(rawBody: string): Record<string, string> {
	const form: Record<string, string> = {};
	for (const [name, value] of new URLSearchParams(rawBody)) {
		const phpName = phpFieldName(name);
		if (phpName !== undefined) defineField(form, phpName, value);
	}
	return form;
}

/** The body as text, or undefined when it exceeds MAX_BODY_BYTES. */
async function readBody(request: http.IncomingMessage): Promise<string | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
		size += buffer.length;
		if (size > MAX_BODY_BYTES) return undefined;
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function send(response: http.ServerResponse, reply: SimResponse): void {
	if (response.destroyed || response.writableEnded) return;
	response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
	response.end(reply.body);
}

class SimulatorServer implements PanelSimulator {
	readonly key: string;
	readonly requests: RecordedRequest[] = [];
	private readonly panel: PanelState;
	private readonly currency: string;
	private readonly quirks: Quirks;
	private dialect: Dialect;
	private latencyMs: number;
	private faults: ActiveFault[] = [];
	private rateLimit: { perMinute: number; retryAfterSeconds?: number } | null = null;
	private readonly acceptedAtByKey = new Map<string, number[]>();
	private readonly server: http.Server | https.Server;
	private readonly scheme: 'http' | 'https';
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private boundPort = 0;
	private closing: Promise<void> | undefined;

	constructor(options: SimulatorOptions) {
		this.key = options.key ?? DEFAULT_KEY;
		this.latencyMs = options.latencyMs ?? 0;
		this.currency = options.currency ?? 'USD';
		this.quirks = { ...NO_QUIRKS, ...options.quirks };
		this.dialect = { ...REFERENCE_DIALECT, ...options.dialect };
		this.panel = new PanelState(options.balance ?? DEFAULT_BALANCE);
		const onRequest = (request: http.IncomingMessage, response: http.ServerResponse): void => {
			this.handle(request, response).catch((error: unknown) => {
				// A throwing `match` filter or a simulator bug: make it visible instead of hanging the client.
				const message = error instanceof Error ? error.message : String(error);
				console.error('[simulator] request failed:', error);
				send(response, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: `Simulator error: ${message}` });
			});
		};
		this.scheme = options.tls ? 'https' : 'http';
		this.server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : http.createServer(onRequest);
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	listen(port: number): Promise<void> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				const address = this.server.address();
				this.boundPort = typeof address === 'object' && address !== null ? address.port : port;
				resolve();
			});
		});
	}

	get port(): number {
		return this.boundPort;
	}

	get baseUrl(): string {
		return `${this.scheme}://127.0.0.1:${this.boundPort}`;
	}

	get url(): string {
		return `${this.baseUrl}/api/v2`;
	}

	count(action?: string): number {
		if (action === undefined) return this.requests.length;
		return this.requests.filter((request) => request.action === action).length;
	}

	clearRequests(): void {
		// Emptied in place: callers may hold the array.
		this.requests.length = 0;
	}

	injectFault(fault: FaultSpec): void {
		this.faults.push({ spec: { ...fault }, remaining: fault.times ?? 1 });
	}

	clearFaults(): void {
		this.faults = [];
	}

	setDialect(dialect: Partial<Dialect>): void {
		this.dialect = { ...REFERENCE_DIALECT, ...dialect };
	}

	setLatency(ms: number): void {
		this.latencyMs = ms;
	}

	setRateLimit(limit: { perMinute: number; retryAfterSeconds?: number } | null): void {
		this.rateLimit = limit ? { ...limit } : null;
		this.acceptedAtByKey.clear();
	}

	advance(minutes: number): void {
		this.panel.advance(minutes);
	}

	now(): number {
		return this.panel.now();
	}

	seedOrders(count: number, options?: { service?: number; status?: string; link?: string }): number[] {
		return this.panel.seedOrders(count, options);
	}

	setOrderStatus(
		orderId: number,
		status: string,
		fields?: { charge?: number; startCount?: number; remains?: number },
	): void {
		this.panel.setOrderStatus(orderId, status, fields);
	}

	getOrder(orderId: number): SimOrder | undefined {
		return this.panel.getOrder(orderId);
	}

	/** Every order placed with `add` (seeded ones left out), oldest first: what the user paid for. */
	placedOrders(): SimOrder[] {
		return this.panel.placedOrders();
	}

	getRefill(refillId: number): SimRefill | undefined {
		return this.panel.getRefill(refillId);
	}

	getBalance(): number {
		return this.panel.getBalance();
	}

	setBalance(amount: number): void {
		this.panel.setBalance(amount);
	}

	services(): SimService[] {
		return this.panel.services();
	}

	setServices(catalogue: readonly SimService[]): void {
		this.panel.setServices(catalogue.map(catalogueEntry));
	}

	updateService(service: Partial<SimService> & { service: number }): void {
		this.panel.updateService(service as Partial<CatalogueService> & { service: number });
	}

	removeService(serviceId: number): void {
		this.panel.removeService(serviceId);
	}

	close(): Promise<void> {
		this.closing ??= new Promise<void>((resolve) => {
			for (const timer of this.timers) clearTimeout(timer);
			this.timers.clear();
			// The callback runs once every connection is gone, which the destroys below guarantee.
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
			this.server.closeAllConnections();
		});
		return this.closing;
	}

	private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		let clientGone = false;
		response.on('close', () => {
			if (!response.writableFinished) clientGone = true;
		});
		const rawBody = await readBody(request);
		if (rawBody === undefined) {
			send(response, htmlResponse(413, '<html><body><h1>413 Request Entity Too Large</h1></body></html>'));
			request.socket.destroy();
			return;
		}
		const recorded = this.record(request, rawBody);
		const fault = this.takeFault(recorded);

		if (!fault) {
			const reply = this.rateLimitReply(recorded) ?? this.perform(recorded).response;
			await this.sleep(this.latencyMs);
			send(response, this.encoded(recorded, reply));
			return;
		}

		const performedFirst = performsFirst(fault) ? this.perform(recorded) : undefined;
		if (fault.kind === 'reset') {
			// An RST, not a polite FIN: what a crashed proxy or a dropped connection looks like.
			request.socket.resetAndDestroy();
			return;
		}
		if (fault.kind === 'stall') {
			// The headers and a first byte at once, the rest after the pause: a body that hangs.
			const reply = this.encoded(recorded, (performedFirst ?? this.perform(recorded)).response);
			const body = Buffer.from(reply.body);
			response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
			response.write(body.subarray(0, 1));
			await this.sleep(fault.delayMs ?? DEFAULT_SLOW_DELAY_MS);
			if (!response.destroyed) response.end(body.subarray(1));
			return;
		}
		if (fault.kind === 'slow') {
			await this.sleep(this.latencyMs + (fault.delayMs ?? DEFAULT_SLOW_DELAY_MS));
			// Let pending socket I/O run first: after a stall longer than the delay (a loaded machine),
			// Node runs the timer above before the I/O telling of a disconnect that came well within
			// it. The socket is then destroyed, while the response's 'close' is still to be emitted.
			await new Promise<void>((resolve) => setImmediate(resolve));
			// 'before': a client that gave up never reached the panel.
			if (clientGone || request.socket.destroyed) return;
			send(response, this.encoded(recorded, (performedFirst ?? this.perform(recorded)).response));
			return;
		}
		if (fault.kind === 'trickle') {
			// 'before': the panel never acts, the reply only looks as if it were coming.
			const reply = performedFirst?.response ?? { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
			await this.trickle(response, reply, fault.delayMs ?? DEFAULT_TRICKLE_DELAY_MS, () => clientGone);
			return;
		}
		const reply = faultReply(
			{ ...fault, kind: fault.kind },
			{
				defaultLocation: `https://127.0.0.1:${this.boundPort}${recorded.path}`,
				action: recorded.action,
				key: recorded.form.key ?? '',
				performed: performedFirst?.performed,
				json: (status, value, headers) => this.jsonResponse(status, value, headers).response,
			},
		);
		await this.sleep(this.latencyMs);
		send(response, this.encoded(recorded, reply));
	}

	/** With the gzip quirk, the reply gzip-encoded when the client accepts it (and it is not encoded yet). */
	private encoded(request: RecordedRequest, reply: SimResponse): SimResponse {
		const accepts = String(request.headers['accept-encoding'] ?? '');
		if (!this.quirks.gzip || !/\bgzip\b/i.test(accepts) || reply.headers['Content-Encoding'] !== undefined) return reply;
		return { ...reply, headers: { ...reply.headers, 'Content-Encoding': 'gzip' }, body: gzipSync(reply.body) };
	}

	/**
	 * A proxy that passes the reply through a byte at a time: headers at once, then the body led by
	 * TRICKLE_PADDING spaces (which JSON allows), one byte every `delayMs`, for as long as the client listens.
	 */
	private async trickle(response: http.ServerResponse, reply: SimResponse, delayMs: number, clientGone: () => boolean): Promise<void> {
		const body = ' '.repeat(TRICKLE_PADDING) + reply.body;
		response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(body)) });
		for (const byte of body) {
			if (clientGone() || this.closing) return;
			response.write(byte);
			await this.sleep(delayMs);
		}
		response.end();
	}

	private record(request: http.IncomingMessage, rawBody: string): RecordedRequest {
		const form = fieldsOf(rawBody, String(request.headers['content-type'] ?? ''), this.dialect.requestBody);
		const recorded: RecordedRequest = {
			method: request.method ?? '',
			path: request.url ?? '',
			headers: { ...request.headers },
			rawBody,
			form,
			action: form.action ?? '',
			at: Date.now(),
		};
		this.requests.push(recorded);
		return recorded;
	}

	private takeFault(request: RecordedRequest): FaultSpec | undefined {
		const active = this.faults.find(
			(fault) =>
				fault.remaining > 0 &&
				(fault.spec.action === undefined || fault.spec.action === request.action) &&
				(fault.spec.match === undefined || fault.spec.match(request)),
		);
		if (!active) return undefined;
		active.remaining -= 1;
		this.faults = this.faults.filter((fault) => fault.remaining > 0);
		return active.spec;
	}

	/** The 429 reply when the key used up its sliding window, else undefined (and the request counts). */
	private rateLimitReply(request: RecordedRequest): SimResponse | undefined {
		if (!this.rateLimit || !isApiRequest(request)) return undefined;
		const key = request.form.key ?? '';
		const now = Date.now();
		const accepted = (this.acceptedAtByKey.get(key) ?? []).filter((at) => at > now - RATE_WINDOW_MS);
		this.acceptedAtByKey.set(key, accepted);
		if (accepted.length < this.rateLimit.perMinute) {
			accepted.push(now);
			return undefined;
		}
		const untilSlotFrees = Math.ceil((accepted[0] + RATE_WINDOW_MS - now) / 1000);
		const retryAfter = this.rateLimit.retryAfterSeconds ?? Math.max(1, untilSlotFrees);
		return this.jsonResponse(429, { error: DEFAULT_FAULT_MESSAGES.rateLimit }, { 'Retry-After': String(retryAfter) })
			.response;
	}

	/** What the panel replies (performing the action); a 404 page outside the API paths. */
	private perform(request: RecordedRequest): PanelReply {
		if (!isApiRequest(request)) return { response: htmlResponse(404, NOT_FOUND_PAGE) };
		const value = handleApiCall(request.form, {
			panel: this.panel,
			key: this.key,
			currency: this.currency,
			quirks: this.quirks,
			dialect: this.dialect,
		});
		if (value === SCRIPT_CRASH) return { response: htmlResponse(500, SCRIPT_CRASH_PAGE) };
		return this.jsonResponse(200, value);
	}

	private jsonResponse(status: number, value: Json, headers: Record<string, string> = {}): PanelReply {
		const jsonText = JSON.stringify(value);
		const leading = this.dialect.leadingSpaces ? '\n\n   ' : '';
		const body = this.quirks.strayBytes ? `\uFEFF\n  ${jsonText}\n<!-- -->` : `${leading}${jsonText}`;
		return { response: { status, headers: { 'Content-Type': 'application/json', ...headers }, body }, performed: { value, jsonText } };
	}

	/** A delay that close() can cancel, so no timer outlives the simulator. */
	private sleep(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}
}
