/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The simulated panel the benchmark talks to, in this process or in a child process, behind one
 * asynchronous interface (the child is reached over IPC, so every call is async either way).
 *
 * Why a child process is the default: the machine this runs on may have two cores, and a panel is
 * never in the same process as n8n. In-process, the simulator's own work (parsing forms, building
 * status replies for 100 orders, JSON) runs on the same event loop as the node and is counted in
 * the node's wall time; in a child process it runs on the other core, as a remote panel would.
 * `--simulator in-process` is kept to measure the difference (see Performance in the README).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { generatedCatalogue, SERVICE_CATALOGUE, startSimulator, type Dialect, type PanelSimulator } from '../../test/simulator';
import type { Certificate } from './certificate';
import { startLink, type Link } from './link';

export type SimulatorPlacement = 'child' | 'in-process';

export interface RateLimit {
	perMinute: number;
	retryAfterSeconds?: number;
}

export interface RequestSummary {
	count: number;
	/** Arrival times (Date.now(), shared by both processes) of the matching requests, in order. */
	arrivals: number[];
	/** The most IDs any matching request carried in its `orders` field (1 for the single form). */
	largestBatch: number;
}

/** What the benchmark needs from the panel simulator. */
export interface BenchPanel {
	readonly url: string;
	readonly key: string;
	readonly placement: SimulatorPlacement;
	seedOrders(count: number): Promise<number[]>;
	clearRequests(): Promise<void>;
	/** Requests received since the last clearRequests(), for one action or all. */
	requests(action?: string): Promise<RequestSummary>;
	setLatency(ms: number): Promise<void>;
	setRateLimit(limit: RateLimit | null): Promise<void>;
	/** Moves the simulated clock: seeded orders go Pending -> In progress -> Completed. */
	advance(minutes: number): Promise<void>;
	/** TCP connections opened through the link since the last clearRequests() (0 without a link). */
	connections(): Promise<number>;
	/** Lists `count` generated services (generatedCatalogue); 0: the simulator's own catalogue. */
	setServices(count: number): Promise<void>;
	/** Changes the rate of the first `rates` services, removes the last `removed`, adds `added` new ones. */
	changeServices(changes: ServiceChanges): Promise<void>;
	close(): Promise<void>;
}

export interface ServiceChanges {
	rates: number;
	removed: number;
	added: number;
}

export interface PanelOptions {
	latencyMs: number;
	key: string;
	/** High enough that no benchmark run is refused for funds. */
	balance: number;
	/** Serve HTTPS with this certificate behind a link with this round trip (link.ts), instead of plain HTTP on loopback. */
	link?: { rttMs: number; tls: Certificate };
	/** How the simulated panel answers (e.g. `status` in its single form only); default the reference's way. */
	dialect?: Partial<Dialect>;
}

/** A simulator, and the link in front of it when there is one. */
export interface RunningPanel {
	sim: PanelSimulator;
	link?: Link;
	url: string;
}

export async function startPanel(options: PanelOptions): Promise<RunningPanel> {
	const sim = await startSimulator({ latencyMs: options.latencyMs, key: options.key, balance: options.balance, tls: options.link?.tls, dialect: options.dialect });
	if (!options.link) return { sim, url: sim.url };
	const link = await startLink({ upstreamPort: sim.port, rttMs: options.link.rttMs });
	return { sim, link, url: `https://127.0.0.1:${link.port}/api/v2` };
}

export async function closePanel(panel: RunningPanel): Promise<void> {
	await panel.link?.close();
	await panel.sim.close();
}

/** The IPC calls, by name: arguments and result. Shared with simulatorChild.ts. */
export interface PanelCalls {
	seedOrders: { args: [count: number]; result: number[] };
	clearRequests: { args: []; result: null };
	// null, not undefined: IPC sends JSON, which turns undefined in an array into null.
	requests: { args: [action: string | null]; result: RequestSummary };
	setLatency: { args: [ms: number]; result: null };
	setRateLimit: { args: [limit: RateLimit | null]; result: null };
	advance: { args: [minutes: number]; result: null };
	connections: { args: []; result: number };
	setServices: { args: [count: number]; result: null };
	changeServices: { args: [changes: ServiceChanges]; result: null };
}

export type CallName = keyof PanelCalls;

export interface CallMessage<Name extends CallName = CallName> {
	id: number;
	name: Name;
	args: PanelCalls[Name]['args'];
}

export type ReplyMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type ReadyMessage = { ready: true; url: string; key: string } | { ready: false; error: string };

/** Answers a call against a simulator: the one implementation both placements use. */
export function answer<Name extends CallName>(panel: RunningPanel, name: Name, args: PanelCalls[Name]['args']): PanelCalls[Name]['result'];
export function answer({ sim, link }: RunningPanel, name: CallName, args: unknown[]): unknown {
	switch (name) {
		case 'seedOrders':
			return sim.seedOrders(Number(args[0]));
		case 'clearRequests':
			sim.clearRequests();
			link?.resetStats();
			return null;
		case 'connections':
			return link?.stats().connections ?? 0;
		case 'requests': {
			const action = args[0] as string | null;
			const matching = action === null ? sim.requests : sim.requests.filter((request) => request.action === action);
			let largestBatch = 0;
			for (const request of matching) {
				const ids = request.form.orders !== undefined ? request.form.orders.split(',').length : request.form.order !== undefined ? 1 : 0;
				largestBatch = Math.max(largestBatch, ids);
			}
			return { count: matching.length, arrivals: matching.map((request) => request.at), largestBatch };
		}
		case 'setLatency':
			sim.setLatency(Number(args[0]));
			return null;
		case 'setRateLimit':
			sim.setRateLimit(args[0] as RateLimit | null);
			return null;
		case 'advance':
			sim.advance(Number(args[0]));
			return null;
		case 'setServices': {
			const count = Number(args[0]);
			sim.setServices(count === 0 ? SERVICE_CATALOGUE : generatedCatalogue(count));
			return null;
		}
		case 'changeServices': {
			const { rates, removed, added } = args[0] as ServiceChanges;
			const listed = sim.services();
			for (const service of listed.slice(0, rates)) sim.updateService({ service: service.service, rate: Math.round(service.rate * 110) / 100 });
			for (const service of listed.slice(listed.length - removed)) sim.removeService(service.service);
			const nextId = Math.max(0, ...listed.map((service) => service.service)) + 1;
			for (let index = 0; index < added; index++) {
				sim.updateService({ service: nextId + index, name: `New service ${index + 1}`, type: 'Default', category: 'New', rate: 1, min: 10, max: 1000 });
			}
			return null;
		}
	}
}

async function inProcessPanel(options: PanelOptions): Promise<BenchPanel> {
	const panel = await startPanel(options);
	return {
		url: panel.url,
		key: panel.sim.key,
		placement: 'in-process',
		seedOrders: async (count) => answer(panel, 'seedOrders', [count]),
		clearRequests: async () => void answer(panel, 'clearRequests', []),
		requests: async (action) => answer(panel, 'requests', [action ?? null]),
		setLatency: async (ms) => void answer(panel, 'setLatency', [ms]),
		setRateLimit: async (limit) => void answer(panel, 'setRateLimit', [limit]),
		advance: async (minutes) => void answer(panel, 'advance', [minutes]),
		connections: async () => answer(panel, 'connections', []),
		setServices: async (count) => void answer(panel, 'setServices', [count]),
		changeServices: async (changes) => void answer(panel, 'changeServices', [changes]),
		close: async () => await closePanel(panel),
	};
}

async function childProcessPanel(options: PanelOptions): Promise<BenchPanel> {
	// The child runs TypeScript like this script does; inherited flags such as --cpu-prof are not
	// passed on, so a profile of the benchmark shows the node's process only.
	const child: ChildProcess = fork(join(__dirname, 'simulatorChild.ts'), [JSON.stringify(options)], {
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const ready = await new Promise<ReadyMessage>((resolve, reject) => {
		child.once('message', (message) => resolve(message as ReadyMessage));
		child.once('exit', (code) => reject(new Error(`The simulator process exited (code ${code}) before it was ready`)));
	});
	if (!ready.ready) throw new Error(`The simulator process failed to start: ${ready.error}`);

	let nextId = 1;
	const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	child.on('message', (message) => {
		const reply = message as ReplyMessage;
		const waiter = pending.get(reply.id);
		if (!waiter) return;
		pending.delete(reply.id);
		if (reply.ok) waiter.resolve(reply.result);
		else waiter.reject(new Error(`Simulator: ${reply.error}`));
	});
	child.on('exit', (code) => {
		for (const waiter of pending.values()) waiter.reject(new Error(`The simulator process exited (code ${code})`));
		pending.clear();
	});
	const call = <Name extends CallName>(name: Name, ...args: PanelCalls[Name]['args']): Promise<PanelCalls[Name]['result']> =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: (value) => resolve(value as PanelCalls[Name]['result']), reject });
			const message: CallMessage<Name> = { id, name, args };
			child.send(message);
		});

	return {
		url: ready.url,
		key: ready.key,
		placement: 'child',
		seedOrders: async (count) => await call('seedOrders', count),
		clearRequests: async () => void (await call('clearRequests')),
		requests: async (action) => await call('requests', action ?? null),
		setLatency: async (ms) => void (await call('setLatency', ms)),
		setRateLimit: async (limit) => void (await call('setRateLimit', limit)),
		advance: async (minutes) => void (await call('advance', minutes)),
		connections: async () => await call('connections'),
		setServices: async (count) => void (await call('setServices', count)),
		changeServices: async (changes) => void (await call('changeServices', changes)),
		close: async () => {
			if (child.exitCode !== null) return;
			await new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			});
		},
	};
}

export async function startBenchPanel(placement: SimulatorPlacement, options: PanelOptions): Promise<BenchPanel> {
	return placement === 'child' ? await childProcessPanel(options) : await inProcessPanel(options);
}
