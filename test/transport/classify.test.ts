/**
 * The classifier on its own: every kind of answer a panel (or whatever stands in front of it) can
 * give, decided without a network. transport.test.ts covers the same over real HTTP.
 */
import {
	classifyResponse,
	panelMayHaveActed,
	type AttemptOutcome,
	type RawResponse,
} from '../../nodes/SmmPanel/transport/classify';
import { classifyNetworkFailure, networkErrorCode } from '../../nodes/SmmPanel/transport/networkFailure';

function response(statusCode: number, body: string, headers: Record<string, unknown> = {}): RawResponse {
	return { statusCode, body, headers };
}

function failureOf(outcome: AttemptOutcome) {
	if (outcome.ok) throw new Error(`expected a failure, got a reply: ${JSON.stringify(outcome.json)}`);
	return outcome;
}

describe('classifyResponse', () => {
	it('hands a JSON reply over, with BOM and stray bytes around it', () => {
		expect(classifyResponse(response(200, '{"balance":"1.5","currency":"USD"}'))).toEqual({
			ok: true,
			json: { balance: '1.5', currency: 'USD' },
		});
		expect(classifyResponse(response(200, '\uFEFF  Notice: x\n{"order": 7}\n<!-- debug -->'))).toEqual({ ok: true, json: { order: 7 } });
	});

	it.each<[string, RawResponse, string, 'never' | 'readsOnly' | 'always']>([
		['a redirect', response(302, '', { Location: 'https://panel.example/login' }), 'redirect', 'never'],
		['HTTP 429', response(429, '{"error":"Too many requests"}', { 'retry-after': '2' }), 'rateLimited', 'always'],
		['the panel\'s own error with HTTP 200', response(200, '{"error":"Invalid API key"}'), 'panelError', 'never'],
		['JSON with HTTP 500', response(500, '{"message":"Server Error"}'), 'panelError', 'never'],
		['JSON with HTTP 503', response(503, '{"error":"maintenance"}'), 'panelError', 'readsOnly'],
		['a web page', response(200, '<!DOCTYPE html><html><head><title>My Panel</title></head></html>'), 'webPage', 'never'],
		['a gateway\'s page', response(502, '<html><body><h1>502 Bad Gateway</h1></body></html>'), 'webPage', 'readsOnly'],
		['text that is not JSON', response(200, 'OK'), 'notJson', 'never'],
		['an empty body', response(200, ''), 'notJson', 'never'],
	])('classifies %s', (_what, raw, kind, retry) => {
		const outcome = failureOf(classifyResponse(raw));
		expect(outcome.failure.kind).toBe(kind);
		expect(outcome.retry).toBe(retry);
		expect(outcome.failure.message).not.toBe('');
		expect(outcome.failure.description).not.toBe('');
	});

	it('keeps the panel\'s message, and advice for it', () => {
		const { failure } = failureOf(classifyResponse(response(200, '{"error":"Not enough funds on balance"}')));
		expect(failure).toMatchObject({ kind: 'panelError', panelMessage: 'Not enough funds on balance' });
		expect(failure.message).toBe('The panel returned an error: Not enough funds on balance');
		expect(failure.description).toMatch(/Add funds/);
	});

	it('reads Retry-After as seconds or as a date', () => {
		expect(failureOf(classifyResponse(response(429, '', { 'Retry-After': '3' }))).retryAfterMs).toBe(3000);
		const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
		const fromDate = failureOf(classifyResponse(response(429, '', { 'retry-after': inTwoSeconds }))).retryAfterMs ?? -1;
		expect(fromDate).toBeGreaterThan(0);
		expect(fromDate).toBeLessThanOrEqual(2_000);
	});

	it('lets a top-level error about the IDs through as a reply, only when asked, and never a panel-wide one', () => {
		const aboutIds = response(200, '{"error":"Incorrect order ID"}');
		expect(classifyResponse(aboutIds, { topLevelErrorMayBePerId: true })).toEqual({ ok: true, json: { error: 'Incorrect order ID' } });
		expect(failureOf(classifyResponse(aboutIds)).failure.kind).toBe('panelError');
		const panelWide = response(200, '{"error":"Invalid API key"}');
		expect(failureOf(classifyResponse(panelWide, { topLevelErrorMayBePerId: true })).failure.kind).toBe('panelError');
	});

	it.each(['0', 'false', '""', 'null', '"0"', '[]', 'true', '{}'])('hands a good reply over beside {"error": %s}', (error) => {
		expect(classifyResponse(response(200, `{"balance":"1.5","currency":"USD","error":${error}}`))).toEqual({
			ok: true,
			json: { balance: '1.5', currency: 'USD', error: JSON.parse(error) },
		});
	});

	it.each([
		['{"error":"Invalid API key"}', 'Invalid API key'],
		['{"error":{"message":"Invalid API key","code":401}}', 'Invalid API key'],
		['{"error":["", "Quantity less than minimal 50"]}', 'Quantity less than minimal 50'],
		['{"error":true,"message":"Not enough funds on balance"}', 'Not enough funds on balance'],
		['{"error":1,"message":"Not enough funds on balance"}', 'Not enough funds on balance'],
	])('reads the panel\'s message from %s', (body, message) => {
		expect(failureOf(classifyResponse(response(200, body))).failure.panelMessage).toBe(message);
	});

	it('fails a reply cut off at its size limit as too large, naming the limit, and never retries it', () => {
		const outcome = failureOf(classifyResponse({ statusCode: 200, headers: {}, body: '{"balance":"1.5", "pad":"    ', cutAtBytes: 8 * 1024 * 1024 }));
		expect(outcome.retry).toBe('never');
		expect(outcome.failure.kind).toBe('tooLarge');
		expect(outcome.failure.message).toBe("The panel's reply is larger than 8 MB, the most this node reads of one reply (HTTP 200)");
		expect(outcome.failure.description).toMatch(/^It began: "\{"balance":"1.5", "pad":" ?"\. No API reply is that large/);
	});

	it('fails a reply nested absurdly deep as not in the expected format, without parsing it', () => {
		const deep = `{"balance":"1.5","debug":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
		const { failure } = failureOf(classifyResponse(response(200, deep)));
		expect(failure.kind).toBe('unexpectedReply');
		expect(failure.message).toBe("The panel's reply is not in the expected format (it nests more than 64 levels deep)");
		expect(failure.description).toMatch(/^It sent: "\{"balance":"1.5","debug":\[\[\[/);
		const fine = `{"debug":${'['.repeat(60)}${']'.repeat(60)}}`;
		expect(classifyResponse(response(200, fine)).ok).toBe(true);
	});

	it('names the redirect target and never leaks the key from an echoed body', () => {
		const redirect = failureOf(classifyResponse(response(301, '', { location: 'https://new.example/api/v2' }))).failure;
		expect(redirect.message).toContain('https://new.example/api/v2');
		const echoed = failureOf(classifyResponse(response(200, 'key=sk_secret_123&action=balance'))).failure;
		expect(echoed.description).not.toContain('sk_secret_123');
	});
});

describe('classifyNetworkFailure', () => {
	const url = 'https://panel.example/api/v2';

	it.each<[string, unknown, string, 'never' | 'readsOnly' | 'always']>([
		['a refused connection', { code: 'ECONNREFUSED' }, 'refused', 'always'],
		['an unknown host', { message: 'getaddrinfo ENOTFOUND panel.example' }, 'unreachable', 'never'],
		['a timeout', new Error('timeout of 5000ms exceeded'), 'noAnswer', 'readsOnly'],
		['a reset, wrapped by n8n', { message: 'request failed', cause: { code: 'ECONNRESET' } }, 'noAnswer', 'readsOnly'],
	])('classifies %s', (_what, error, kind, retry) => {
		const outcome = failureOf(classifyNetworkFailure(error, url));
		expect(outcome.failure.kind).toBe(kind);
		expect(outcome.retry).toBe(retry);
		expect(outcome.failure.message).toContain(url);
	});

	it('tells which failures may have left a write carried out', () => {
		const acted = (outcome: AttemptOutcome) => panelMayHaveActed(failureOf(outcome).failure);
		expect(acted(classifyNetworkFailure({ code: 'ETIMEDOUT' }, url))).toBe(true);
		expect(acted(classifyNetworkFailure({ code: 'ECONNRESET' }, url))).toBe(true);
		expect(acted(classifyNetworkFailure({ code: 'ECONNREFUSED' }, url))).toBe(false);
		expect(acted(classifyNetworkFailure({ code: 'ENOTFOUND' }, url))).toBe(false);
		expect(acted(classifyResponse(response(200, '{"error":"Not enough funds on balance"}')))).toBe(false);
		expect(acted(classifyResponse(response(500, '{"error":"Internal error"}')))).toBe(true);
		expect(acted(classifyResponse(response(502, '<html><body><h1>502 Bad Gateway</h1></body></html>')))).toBe(true);
		expect(acted(classifyResponse(response(504, '<html><body><h1>504 Gateway Time-out</h1></body></html>')))).toBe(true);
		expect(acted(classifyResponse(response(403, '<!DOCTYPE html><html><title>Just a moment...</title></html>')))).toBe(false);
		expect(acted(classifyResponse(response(200, 'Order created')))).toBe(true);
		expect(acted(classifyResponse(response(302, '', { location: 'https://x.example/' })))).toBe(false);
		expect(acted(classifyResponse(response(429, '')))).toBe(false);
	});

	it('finds the code however deep n8n wrapped it', () => {
		expect(networkErrorCode({ error: { cause: { code: 'EHOSTUNREACH' } } })).toBe('EHOSTUNREACH');
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
		expect(networkErrorCode({ message: 'something else' })).toBeUndefined();
	});
});
