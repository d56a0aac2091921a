/**
 * Replies that are not the panel's own: proxy/CDN HTML pages, HTTP errors, redirects, broken JSON.
 * `reset`, `slow` and `trickle` are not replies; the server (index.ts) handles them.
 */
import type { FaultKind, FaultSpec } from './types';

export interface SimResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export type ReplyFaultKind = Exclude<FaultKind, 'reset' | 'slow' | 'trickle'>;

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
	/** The JSON text the panel produced, when the fault applies 'after' the action. */
	performedJson?: string;
	/** Builds a JSON reply the way the panel does (stray-bytes quirk included). */
	json: (status: number, value: { error: string }, headers?: Record<string, string>) => SimResponse;
}

export function faultReply(fault: FaultSpec & { kind: ReplyFaultKind }, context: FaultReplyContext): SimResponse {
	switch (fault.kind) {
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
			const whole = context.performedJson ?? '{"order": 1001, "status": "Pending", "charge": "0.9';
			const body = context.performedJson ? whole.slice(0, Math.max(1, Math.floor(whole.length / 2))) : whole;
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
