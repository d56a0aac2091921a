/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Replies that are not the panel's own: proxy/CDN HTML pages, HTTP errors, redirects, broken JSON,
 * and the panel's own reply bent the way hostile or hand-edited panels bend it (an odd field, one
 * broken entry of a batch, the API key echoed back, a gzip bomb, absurd nesting).
 * `reset`, `slow`, `trickle` and `stall` are not replies; the server (index.ts) handles them.
 */
import { gzipSync } from 'node:zlib';

import type { Json } from './actions';
import type { FaultKind, FaultSpec, KeyEchoEncoding } from './types';

export interface SimResponse {
	status: number;
	headers: Record<string, string>;
	body: string | Buffer;
}

export type ReplyFaultKind = Exclude<FaultKind, 'reset' | 'slow' | 'trickle' | 'stall'>;

export const DEFAULT_FAULT_MESSAGES = {
	error200: 'Service temporarily unavailable, please try again later',
	error4xx: 'Access denied',
	error5xx: 'Internal server error',
	rateLimit: 'Too many requests',
} as const;

const HTML_TYPE = 'text/html; charset=UTF-8';

export function htmlResponse(status: number, body: string, headers: Record<string, string> = {}): SimResponse {
	return { status, headers: { 'Content-Type': HTML_TYPE, ...headers }, body };
}

export const NOT_FOUND_PAGE = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

/** What Cloudflare's browser check looks like to an API client. */
const CLOUDFLARE_CHALLENGE_PAGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="robots" content="noindex,nofollow">
<meta name="viewport" content="width=device-width,initial-scale=1">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">127.0.0.1</h1>
<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>
<noscript><div id="challenge-error-title"><div class="h2"><span class="icon-wrapper"></span>
<span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></div></noscript>
</div></div>
<div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper">
<div class="ray-id">Ray ID: <code>8a1b2c3d4e5f6789</code></div></div>
<div class="text-center" id="footer-text">Performance &amp; security by Cloudflare</div></div></div>
</body></html>
`;

function nginxErrorPage(status: number, title: string): string {
	return `<html>
<head><title>${status} ${title}</title></head>
<body>
<center><h1>${status} ${title}</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;
}

function redirectPage(status: number, location: string): string {
	return `<!DOCTYPE html><html><head><title>${status} Redirect</title></head><body>
<p>The document has moved <a href="${location}">here</a>.</p></body></html>
`;
}

const REDIRECT_STATUS: Record<'redirect301' | 'redirect302' | 'redirect307' | 'redirect308', number> = {
	redirect301: 301,
	redirect302: 302,
	redirect307: 307,
	redirect308: 308,
};

export interface FaultReplyContext {
	/** Location when the fault names none: the request URL with https://. */
	defaultLocation: string;
	/** The request's action and API key, as the panel received them. */
	action: string;
	key: string;
	/** What the panel replied, when the fault applies 'after' the action (or bends the reply). */
	performed?: { value: Json; jsonText: string };
	/** Builds a JSON reply the way the panel does (stray-bytes quirk included). */
	json: (status: number, value: Json, headers?: Record<string, string>) => SimResponse;
}

/** The faults that bend the panel's own reply, so the panel always performs the action first. */
const BENDING_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['addToReply', 'badEntry', 'padded', 'deepNesting']);

export function performsFirst(fault: FaultSpec): boolean {
	if (fault.when === 'after' || BENDING_FAULTS.has(fault.kind)) return true;
	return fault.kind === 'echoKey' && (fault.echo?.in === 'idError' || fault.echo?.in === 'debugField');
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `reply` with the part about `id` changed: its element of an array batch (the one naming it in
 * `order`, or `refill` for refill_status), its value in a batch keyed by ID, or the whole reply of
 * the single form.
 */
function withEntry(reply: Json, action: string, id: number, change: (entry: Json) => Json): Json {
	const idField = action === 'refill_status' ? 'refill' : action === 'services' ? 'service' : 'order';
	if (Array.isArray(reply)) {
		return reply.map((element) => (isObject(element) && String(element[idField]) === String(id) ? change(element) : element));
	}
	if (isObject(reply) && Object.prototype.hasOwnProperty.call(reply, String(id))) {
		return { ...reply, [String(id)]: change(reply[String(id)]) };
	}
	return change(reply);
}

/** Where an echoed key goes in a JSON reply: JSON.stringify writes this, then it is swapped for the key as the fault writes it. */
const KEY_PLACEHOLDER = '@@ECHOED_API_KEY@@';

/** The key as a panel writes it back. */
export function encodedKey(key: string, as: KeyEchoEncoding): string {
	switch (as) {
		case 'plain':
			return key;
		case 'url':
			return encodeURIComponent(key);
		case 'form':
			return new URLSearchParams({ k: key }).toString().slice('k='.length);
		case 'json':
			// PHP's json_encode: slashes and every non-ASCII character escaped.
			return JSON.stringify(key)
				.slice(1, -1)
				.replace(/\//g, '\\/')
				.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	}
}

/** A JSON reply whose placeholders become the key, written so that the JSON stays valid. */
function jsonWithKey(context: FaultReplyContext, value: Json, as: KeyEchoEncoding, status = 200): SimResponse {
	const reply = context.json(status, value);
	const inJson = as === 'plain' ? JSON.stringify(context.key).slice(1, -1) : encodedKey(context.key, as);
	return { ...reply, body: String(reply.body).split(KEY_PLACEHOLDER).join(inJson) };
}

function echoKeyReply(fault: FaultSpec, context: FaultReplyContext): SimResponse {
	const echo = fault.echo ?? { in: 'errorMessage', as: 'plain' };
	const key = encodedKey(context.key, echo.as);
	const performed = context.performed?.value ?? null;
	switch (echo.in) {
		case 'errorMessage':
			return jsonWithKey(context, { error: `Invalid API key: ${KEY_PLACEHOLDER}` }, echo.as);
		case 'idError': {
			const idError: Json = { error: `Incorrect order ID for API key ${KEY_PLACEHOLDER}` };
			return jsonWithKey(context, withEntry(performed, context.action, fault.id ?? 0, () => idError), echo.as);
		}
		case 'debugField': {
			const debug = (entry: Json): Json => (isObject(entry) ? { ...entry, debug: { api_key: KEY_PLACEHOLDER } } : entry);
			return jsonWithKey(context, fault.id === undefined ? debug(performed) : withEntry(performed, context.action, fault.id, debug), echo.as);
		}
		case 'printR':
			return htmlResponse(200, `Array\n(\n    [key] => ${key}\n    [action] => ${context.action}\n)\n`);
		case 'varDump':
			return htmlResponse(
				200,
				`array(2) {\n  ["key"]=>\n  string(${Buffer.byteLength(key)}) "${key}"\n  ["action"]=>\n  string(${context.action.length}) "${context.action}"\n}\n`,
			);
		case 'location': {
			const location = `https://panel.example/api/v2?key=${key}`;
			return htmlResponse(302, redirectPage(302, 'https://panel.example/api/v2'), { Location: location });
		}
	}
}

const MIB = 1024 * 1024;
/** One gzip member of 1 MiB of spaces (about 1 KB), made once: a padded reply repeats it, as gzip allows. */
let spacesMember: Buffer | undefined;

/** `text` followed by spaces up to `totalBytes`, gzip-encoded without ever holding the decoded reply. */
function gzipPadded(text: string, totalBytes: number): Buffer {
	const head = Buffer.from(text);
	const members: Buffer[] = [gzipSync(head)];
	spacesMember ??= gzipSync(Buffer.alloc(MIB, 0x20), { level: 9 });
	let remaining = totalBytes - head.length;
	for (; remaining >= MIB; remaining -= MIB) members.push(spacesMember);
	if (remaining > 0) members.push(gzipSync(Buffer.alloc(remaining, 0x20)));
	return Buffer.concat(members);
}

function paddedReply(fault: FaultSpec, jsonText: string): SimResponse {
	const bytes = fault.bytes ?? 400 * MIB;
	if (fault.gzip === false) {
		const head = Buffer.from(jsonText);
		return { status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length), 0x20)]) };
	}
	return { status: 200, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipPadded(jsonText, bytes) };
}

const DEBUG_PLACEHOLDER = '@@DEEP_DEBUG@@';

export function faultReply(fault: FaultSpec & { kind: ReplyFaultKind }, context: FaultReplyContext): SimResponse {
	const performed = context.performed?.value ?? null;
	switch (fault.kind) {
		case 'addToReply':
			return context.json(200, isObject(performed) ? { ...performed, ...(fault.fields as { [key: string]: Json }) } : performed);
		case 'badEntry': {
			const { entry } = fault;
			const change = typeof entry === 'function' ? (entry as (panelEntry: Json) => Json) : () => (entry ?? null) as Json;
			return context.json(200, withEntry(performed, context.action, fault.id ?? 0, change));
		}
		case 'echoKey':
			return echoKeyReply(fault, context);
		case 'padded':
			return paddedReply(fault, context.performed?.jsonText ?? 'null');
		case 'deepNesting': {
			const depth = fault.depth ?? 100_000;
			const reply = context.json(200, isObject(performed) ? { ...performed, debug: DEBUG_PLACEHOLDER } : performed);
			return { ...reply, body: String(reply.body).replace(`"${DEBUG_PLACEHOLDER}"`, () => `${'['.repeat(depth)}${']'.repeat(depth)}`) };
		}
		case 'html':
			return htmlResponse(fault.status ?? 200, CLOUDFLARE_CHALLENGE_PAGE, {
				Server: 'cloudflare',
				'CF-RAY': '8a1b2c3d4e5f6789-FRA',
			});
		case 'html404':
			return htmlResponse(404, NOT_FOUND_PAGE);
		case 'error200':
			return context.json(200, { error: fault.message ?? DEFAULT_FAULT_MESSAGES.error200 });
		case 'error4xx':
			return context.json(fault.status ?? 403, { error: fault.message ?? DEFAULT_FAULT_MESSAGES.error4xx });
		case 'error5xx':
			return context.json(fault.status ?? 500, { error: fault.message ?? DEFAULT_FAULT_MESSAGES.error5xx });
		case 'http500':
			return htmlResponse(500, nginxErrorPage(500, 'Internal Server Error'));
		case 'http502':
			return htmlResponse(502, nginxErrorPage(502, 'Bad Gateway'));
		case 'http504':
			return htmlResponse(504, nginxErrorPage(504, 'Gateway Time-out'));
		case 'http503': {
			const headers: Record<string, string> = {};
			if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
			return htmlResponse(503, nginxErrorPage(503, 'Service Temporarily Unavailable'), headers);
		}
		case 'rateLimit':
			return context.json(
				429,
				{ error: fault.message ?? DEFAULT_FAULT_MESSAGES.rateLimit },
				{ 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
			);
		case 'invalidJson': {
			// Cut the real reply in half when there is one, so the client sees a plausible prefix.
			const performedJson = context.performed?.jsonText;
			const whole = performedJson ?? '{"order": 1001, "status": "Pending", "charge": "0.9';
			const body = performedJson ? whole.slice(0, Math.max(1, Math.floor(whole.length / 2))) : whole;
			return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
		}
		case 'json':
			return { status: fault.status ?? 200, headers: { 'Content-Type': 'application/json' }, body: fault.body ?? '{}' };
		case 'redirect301':
		case 'redirect302':
		case 'redirect307':
		case 'redirect308': {
			const status = REDIRECT_STATUS[fault.kind];
			const location = fault.location ?? context.defaultLocation;
			return htmlResponse(status, redirectPage(status, location), { Location: location });
		}
	}
}
