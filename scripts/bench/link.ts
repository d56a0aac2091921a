/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * A network link between n8n and the panel, as a TCP relay in front of the simulator: every chunk
 * is delivered half a round trip after it was sent, each way, and a new connection carries nothing
 * for one round trip (the TCP handshake: the client's first bytes leave when SYN / SYN-ACK are
 * done). So a request costs what it costs over a real link: a TCP connect, a TLS handshake (one
 * round trip with TLS 1.3) and the request itself, each a round trip, unless a connection is reused.
 * Bandwidth is not limited: a 100-order status reply is a few kilobytes.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LinkStats {
	/** TCP connections the client opened through the link. */
	connections: number;
}

export interface Link {
	readonly port: number;
	readonly rttMs: number;
	stats(): LinkStats;
	resetStats(): void;
	close(): Promise<void>;
}

/** One direction of a connection: chunks leave in order, each at its due time. */
class DelayedPipe {
	private readonly queue: Array<{ due: number; chunk: Buffer | null }> = [];
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly target: Socket,
		private readonly delayMs: number,
		private readonly notBefore: () => number,
	) {}

	/** A chunk, or null for the end of the stream. */
	push(chunk: Buffer | null): void {
		const due = Math.max(performance.now(), this.notBefore()) + this.delayMs;
		this.queue.push({ due, chunk });
		this.schedule();
	}

	stop(): void {
		clearTimeout(this.timer);
		this.queue.length = 0;
	}

	private schedule(): void {
		if (this.timer !== undefined || this.queue.length === 0) return;
		this.timer = setTimeout(() => this.drain(), Math.max(0, this.queue[0].due - performance.now()));
	}

	private drain(): void {
		this.timer = undefined;
		while (this.queue.length > 0 && this.queue[0].due <= performance.now() + 0.5) {
			const { chunk } = this.queue.shift()!;
			if (this.target.destroyed) return;
			if (chunk === null) this.target.end();
			else this.target.write(chunk);
		}
		this.schedule();
	}
}

export async function startLink(options: { upstreamPort: number; rttMs: number }): Promise<Link> {
	const { upstreamPort, rttMs } = options;
	let connections = 0;
	const open = new Set<Socket>();
	const relay = (client: Socket): void => {
		connections++;
		const established = performance.now() + rttMs;
		const upstream = connect({ host: '127.0.0.1', port: upstreamPort });
		for (const socket of [client, upstream]) {
			socket.setNoDelay(true);
			open.add(socket);
			socket.on('close', () => open.delete(socket));
		}
		const toPanel = new DelayedPipe(upstream, rttMs / 2, () => established);
		const toClient = new DelayedPipe(client, rttMs / 2, () => 0);
		client.on('data', (chunk: Buffer) => toPanel.push(chunk));
		client.on('end', () => toPanel.push(null));
		upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
		upstream.on('end', () => toClient.push(null));
		const teardown = (): void => {
			toPanel.stop();
			toClient.stop();
			client.destroy();
			upstream.destroy();
		};
		client.on('error', teardown);
		upstream.on('error', teardown);
		// A side that closed without ending (a reset) takes the other down with it, after the delay a reset takes too.
		client.on('close', (hadError) => hadError && setTimeout(teardown, rttMs / 2));
		upstream.on('close', (hadError) => hadError && setTimeout(teardown, rttMs / 2));
	};
	const server: Server = createServer({ allowHalfOpen: true }, relay);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	return {
		port,
		rttMs,
		stats: () => ({ connections }),
		resetStats: () => {
			connections = 0;
		},
		close: async () => {
			for (const socket of open) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
