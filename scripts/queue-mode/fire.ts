/* eslint-disable @n8n/community-nodes/no-restricted-imports -- developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Calling a bench workflow's webhook: plain node:http without a timeout (fetch gives up on headers
 * after 300 s, and a slow guard's 1,000 orders take longer), answered once the execution has ended
 * with every item the node output.
 */
import http from 'node:http';

import type { FireBody } from './workflows';

export interface FireResult {
	status: number;
	ms: number;
	/** The node's output items (their JSON), or [] when the reply was not a list. */
	items: Array<Record<string, unknown>>;
	/** The reply's start when it was not a list of items (an error message). */
	error?: string;
}

export interface Fired {
	done: Promise<FireResult>;
	/** Drops the connection (the execution goes on in n8n). */
	abandon(): void;
}

export function fire(port: number, path: string, body: FireBody): Fired {
	const payload = JSON.stringify(body);
	const started = Date.now();
	let request: http.ClientRequest | undefined;
	const done = new Promise<FireResult>((resolve) => {
		request = http.request(
			{ host: '127.0.0.1', port, path: `/webhook/${path}`, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', (error) => resolve({ status: 0, ms: Date.now() - started, items: [], error: error.message }));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					const ms = Date.now() - started;
					try {
						const parsed: unknown = JSON.parse(text);
						if (Array.isArray(parsed)) {
							resolve({ status: response.statusCode ?? 0, ms, items: parsed as Array<Record<string, unknown>> });
							return;
						}
					} catch {
						// not JSON: reported below
					}
					resolve({ status: response.statusCode ?? 0, ms, items: [], error: text.slice(0, 500) });
				});
			},
		);
		request.on('error', (error) => resolve({ status: 0, ms: Date.now() - started, items: [], error: error.message }));
		request.end(payload);
	});
	return { done, abandon: () => request?.destroy() };
}
