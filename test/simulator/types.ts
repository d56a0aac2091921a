/**
 * Public types of the SMM panel simulator. Re-exported from ./index, which is the module tests,
 * the demo and the benchmarks import.
 */
import type { Dialect } from './dialects';

export interface SimulatorOptions {
	/** Accepted API key. Default 'demo-key'. */
	key?: string;
	/** Default 0 = random free port. The server always binds 127.0.0.1. */
	port?: number;
	/** Delay added before every reply (faults included, except `reset`). Default 0. */
	latencyMs?: number;
	/** Starting balance. Default 1000. */
	balance?: number;
	/** Default 'USD'. */
	currency?: string;
	quirks?: Partial<Quirks>;
	/** How the panel's script differs from the reference (single-ID forms, missing actions, reply shapes); see dialects.ts. */
	dialect?: Partial<Dialect>;
	/** Serve HTTPS with this key and certificate (PEM), as real panels do; default plain HTTP. */
	tls?: { key: string; cert: string };
}

/** Inconsistencies of real panels; all default to false (the documented behaviour). */
export interface Quirks {
	/** rate/min/max/charge/start_count/remains/balance as JSON numbers instead of strings. */
	numbersAsNumbers: boolean;
	/** JSON replies wrapped in a UTF-8 BOM + whitespace before and "\n<!-- -->" after. */
	strayBytes: boolean;
	/** refill/cancel/dripfeed in `services` as "1"/"0" (odd service IDs) or "true"/"false" (even IDs). */
	booleansAsStrings: boolean;
	/** Statuses in lower case ("in progress", "completed"), and "cancelled" with two l. */
	lowerCaseStatuses: boolean;
	/** Batch `status` reply as [{"order": 1, ...}, ...] instead of an object keyed by ID. */
	statusBatchAsArray: boolean;
	/**
	 * Numbers as a hand-edited panel formats them for a locale (false: the reference's "0.90"):
	 * counts grouped ("10,000" / "10.000" / "10'000" / "10 000"), money with its decimal separator
	 * ("1,000.00000" / "1.000,00000" / "1'000.00000" / "1 000,00000"). numbersAsNumbers wins.
	 */
	localeNumbers: NumberLocale | false;
	/** Every reply gzip-encoded (Content-Encoding: gzip) when the request's Accept-Encoding allows it. */
	gzip: boolean;
}

/** en: 1,234.5  de: 1.234,5  ch: 1'234.5  fr: 1 234,5 (a narrow no-break space, as PHP's intl writes it). */
export type NumberLocale = 'en' | 'de' | 'ch' | 'fr';

export type FaultKind =
	| 'html'
	| 'html404'
	| 'error200'
	| 'error4xx'
	| 'error5xx'
	| 'http500'
	| 'http503'
	| 'http502'
	| 'http504'
	| 'rateLimit'
	| 'invalidJson'
	| 'json'
	| 'reset'
	| 'slow'
	| 'trickle'
	| 'stall'
	| 'redirect301'
	| 'redirect302'
	| 'redirect307'
	| 'redirect308'
	| 'addToReply'
	| 'badEntry'
	| 'echoKey'
	| 'padded'
	| 'deepNesting';

/** Where a panel that echoes the request puts the API key (see FaultSpec.echo). */
export type KeyEchoPlace =
	/** `{"error": "Invalid API key: <key>"}` */
	| 'errorMessage'
	/** The entry about FaultSpec.id becomes `{"error": "Incorrect order ID for API key <key>"}`. */
	| 'idError'
	/** A `print_r($_POST)` page. */
	| 'printR'
	/** A `var_dump($_POST)` page. */
	| 'varDump'
	/** The real reply, with `"debug": {"api_key": "<key>"}` (in the entry about FaultSpec.id, when given). */
	| 'debugField'
	/** A 302 whose Location carries `?key=<key>`. */
	| 'location';

/**
 * How the echoed key is written: as received, URL-encoded (rawurlencode: space as %20),
 * form-encoded (urlencode: space as +), or JSON-escaped as PHP's json_encode does (`\/`, `\uXXXX`).
 */
export type KeyEchoEncoding = 'plain' | 'url' | 'form' | 'json';

export interface FaultSpec {
	kind: FaultKind;
	/** Only requests with this action. */
	action?: string;
	/** Finer filter, e.g. a batch containing order 42. */
	match?: (request: RecordedRequest) => boolean;
	/** How many matching requests it hits. Default 1; Infinity allowed. */
	times?: number;
	/**
	 * 'before' (default): the panel does nothing and the reply is the fault (for `slow`: the action
	 * runs after the delay, and only if the client is still connected; `trickle`: the reply, led by
	 * thousands of spaces, comes one byte at a time and never ends in practice; `stall` always
	 * performs the action, then sends the headers and a first byte, and the rest after the pause).
	 * 'after': the panel performs the action, THEN the reply is the fault.
	 */
	when?: 'before' | 'after';
	/** error200 / error4xx / error5xx / rateLimit; defaults in DEFAULT_FAULT_MESSAGES. */
	message?: string;
	/** HTTP status for error4xx (default 403), error5xx (default 500) and html (default 200). */
	status?: number;
	/** rateLimit (default 1) and http503 (no header unless given). */
	retryAfterSeconds?: number;
	/**
	 * slow: default 5000, added to the latency. trickle: between two bytes, default 1000. stall: the
	 * pause after the headers and the first byte, default 5000.
	 */
	delayMs?: number;
	/** Redirects: default the request URL with https://. */
	location?: string;
	/** json: the reply's body as sent (HTTP `status`, default 200), e.g. '{"order": null}'. */
	body?: string;
	/** addToReply: fields merged into the panel's (object) reply, e.g. `{"error": 0}`. */
	fields?: Record<string, unknown>;
	/** badEntry, and echoKey's idError and debugField: the ID whose entry of a batch reply is changed. */
	id?: number;
	/** badEntry: what the entry about `id` becomes (null, [], ...), or a function of the panel's entry. */
	entry?: unknown;
	/** echoKey: where and how the key comes back. */
	echo?: { in: KeyEchoPlace; as: KeyEchoEncoding };
	/** padded: the reply's size in bytes once decoded (the real reply, then spaces). Default 400 MiB. */
	bytes?: number;
	/** padded: whether the reply is sent gzip-encoded (Content-Encoding: gzip). Default true. */
	gzip?: boolean;
	/** deepNesting: how deep the arrays in the reply's "debug" field nest. Default 100,000. */
	depth?: number;
}

export interface RecordedRequest {
	method: string;
	/** Request target as received, query string included. */
	path: string;
	headers: Record<string, string | string[] | undefined>;
	/** Body exactly as received. */
	rawBody: string;
	/**
	 * Parsed urlencoded body, keys in received order (a repeated key keeps its last value), named
	 * as PHP names them (see phpFieldName: `service%00` is `service`, `a.b` is `a_b`).
	 */
	form: Record<string, string>;
	/** form.action ?? '' */
	action: string;
	/** Date.now() on arrival. */
	at: number;
}

export interface SimService {
	service: number;
	name: string;
	/** Exactly as in the reference's type table, e.g. 'Default', 'Custom Comments'. */
	type: string;
	category: string;
	/** Price per 1000 (per package for the package types). */
	rate: number;
	min: number;
	max: number;
	refill: boolean;
	cancel: boolean;
	dripfeed: boolean;
	desc?: string;
}

export interface SimOrder {
	id: number;
	service: number;
	/** The service's type. */
	type: string;
	/** '' for Subscriptions (they have no link). */
	link: string;
	/** Units in total: quantity × runs for drip-feed, lines for comment/username lists, 1 for packages, max for Subscriptions. */
	quantity: number;
	/** Current charge: lowered by a Partial refund, 0 once Canceled. */
	charge: number;
	/** 0 while Pending. */
	startCount: number;
	remains: number;
	/** Canonical spelling ('Pending', 'In progress', 'Completed', 'Partial', 'Canceled') or whatever setOrderStatus set. */
	status: string;
	/** Simulated minute when the order was placed. */
	createdAt: number;
	/** Simulated minute when the automatic lifecycle reaches its final status. */
	completesAt: number;
	/** The `add` form as received, minus `key`. */
	form: Record<string, string>;
	/** A cancel was accepted; the order becomes Canceled on the next advance(). */
	cancelRequested: boolean;
	/** Set by setOrderStatus (and by seeding an unknown status): the clock no longer moves this order. */
	pinned: boolean;
	runs?: number;
	interval?: number;
}

export interface SimRefill {
	id: number;
	orderId: number;
	/** 'Pending', 'In progress', 'Completed' or 'Rejected'. */
	status: string;
	createdAt: number;
}

export interface PanelSimulator {
	/** `http://127.0.0.1:${port}/api/v2` (`https://` with the `tls` option) */
	readonly url: string;
	/** `http://127.0.0.1:${port}` (`https://` with the `tls` option) */
	readonly baseUrl: string;
	readonly port: number;
	readonly key: string;
	/** Every request received, in arrival order, faults included. */
	readonly requests: RecordedRequest[];
	/** Requests received (for one action, or all). */
	count(action?: string): number;
	clearRequests(): void;
	/** Queued; several can be active; the first matching one with times left applies. */
	injectFault(fault: FaultSpec): void;
	clearFaults(): void;
	setLatency(ms: number): void;
	/** Switches the panel's dialect (from the reference's behaviour: the switches not given are off). */
	setDialect(dialect: Partial<Dialect>): void;
	/** Sliding 60 s real-time window per key -> 429 + Retry-After. null removes the limit. */
	setRateLimit(limit: { perMinute: number; retryAfterSeconds?: number } | null): void;
	/** Move the simulated clock: orders and refills progress, accepted cancels take effect. */
	advance(minutes: number): void;
	/** Simulated minutes since start. */
	now(): number;
	/**
	 * Creates orders without HTTP, validation or charging. Without `status` (or with 'Pending' /
	 * 'In progress') they follow the lifecycle from that stage; a final status stays; any other
	 * status is pinned. `link` decides the outcome as for `add` (contains "partial" / "cancel").
	 */
	seedOrders(count: number, options?: { service?: number; status?: string; link?: string }): number[];
	/** Sets the status verbatim and pins the order (the clock no longer moves it). */
	setOrderStatus(
		orderId: number,
		status: string,
		fields?: { charge?: number; startCount?: number; remains?: number },
	): void;
	/** A copy of the order, or undefined. */
	getOrder(orderId: number): SimOrder | undefined;
	/** Every order placed with `add` (seeded ones left out), oldest first: what the user paid for. */
	placedOrders(): SimOrder[];
	/** A copy of the refill, or undefined. (Addition to the brief's API.) */
	getRefill(refillId: number): SimRefill | undefined;
	getBalance(): number;
	setBalance(amount: number): void;
	services(): SimService[];
	/** Replaces the catalogue while running (e.g. `[]`, or generatedCatalogue(5000)), as a provider's admin would. */
	setServices(catalogue: readonly SimService[]): void;
	/** Changes fields of a listed service, or adds one (a new ID needs at least name and type). */
	updateService(service: Partial<SimService> & { service: number }): void;
	/** Takes a service off the list. */
	removeService(serviceId: number): void;
	/** Resolves once the server is closed and every socket (keep-alive included) is destroyed. */
	close(): Promise<void>;
}
