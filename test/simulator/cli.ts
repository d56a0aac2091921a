/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run simulator`: a local fake SMM panel to try the node in n8n without a real panel.
 *
 *   node -r ts-node/register/transpile-only test/simulator/cli.ts \
 *     [--port 8787] [--latency 0] [--key demo-key] [--balance 1000] [--seconds-per-minute 60] [--quiet]
 *     [--dialect single-id,reply-shapes]
 *
 * Unlike in tests (which call advance()), the simulated clock follows real time here, so orders
 * placed from n8n visibly move from Pending to In progress to Completed. By default one simulated
 * minute is one real minute: a trigger polling every minute (n8n's shortest interval) then sees
 * each step of a new order, one poll apart, instead of an order that finished before it looked.
 */
import { createInterface } from 'node:readline';

import { dialectNamed, NAMED_DIALECTS, SERVICE_CATALOGUE, SERVICE_TYPES, startSimulator, type PanelSimulator, type RecordedRequest } from './index';

export interface CliOptions {
	port: number;
	latencyMs: number;
	key: string;
	balance: number;
	secondsPerMinute: number;
	quiet: boolean;
	/** Dialect names, comma-separated (see dialects.ts); '' for the reference's behaviour. */
	dialect: string;
}

export const DEFAULT_SECONDS_PER_MINUTE = 60;

const USAGE = `Usage: npm run simulator -- [--port 8787] [--latency 0] [--key demo-key] [--balance 1000]
                            [--seconds-per-minute ${DEFAULT_SECONDS_PER_MINUTE}] [--quiet]
                            [--dialect NAME[,NAME]]   one of: ${Object.keys(NAMED_DIALECTS).join(', ')}`;

const CLOCK_TICK_MS = 1000;

export function parseArguments(argv: string[]): CliOptions {
	const options: CliOptions = {
		port: 8787,
		latencyMs: 0,
		key: 'demo-key',
		balance: 1000,
		secondsPerMinute: DEFAULT_SECONDS_PER_MINUTE,
		quiet: false,
		dialect: '',
	};
	const numberAfter = (flag: string, value: string | undefined): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed) || parsed < 0) {
			throw new Error(`${flag} needs a number >= 0`);
		}
		return parsed;
	};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		// Accept both "--port 8787" and "--port=8787".
		const [flag, inlineValue] = argument.includes('=') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
		const value = (): string | undefined => inlineValue ?? argv[++index];
		switch (flag) {
			case '--port':
				options.port = numberAfter(flag, value());
				break;
			case '--latency':
				options.latencyMs = numberAfter(flag, value());
				break;
			case '--key': {
				const key = value();
				if (!key) throw new Error('--key needs a value');
				options.key = key;
				break;
			}
			case '--balance':
				options.balance = numberAfter(flag, value());
				break;
			case '--seconds-per-minute':
				options.secondsPerMinute = numberAfter(flag, value());
				if (options.secondsPerMinute === 0) throw new Error('--seconds-per-minute must be > 0');
				break;
			case '--quiet':
				options.quiet = true;
				break;
			case '--dialect':
				options.dialect = value() ?? '';
				dialectNamed(options.dialect);
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown argument: ${argument}`);
		}
	}
	return options;
}

function printBanner(simulator: PanelSimulator, options: CliOptions): void {
	const services = simulator.services();
	const lines = [
		'',
		'  SMM panel SIMULATOR (API v2) - a fake panel for trying the node.',
		'  No real orders are placed and no real money is involved.',
		'',
		`  API URL:  ${simulator.url}`,
		`  API key:  ${simulator.key}`,
		`  Balance:  ${simulator.getBalance().toFixed(2)} USD (simulated)`,
		'',
		'  In n8n: create an "SMM Panel API" credential with the API URL and API key above.',
		'  (If n8n runs in Docker, use http://host.docker.internal:' + simulator.port + '/api/v2 as the URL.)',
		'',
		`  Dialect: ${options.dialect || 'reference (the API reference\'s behaviour)'}`,
		`  Clock: 1 simulated minute = ${options.secondsPerMinute} s${options.secondsPerMinute === 60 ? ' (real time)' : ''}.`,
		'  Orders: Pending -> In progress after 1 min -> Completed after 2-5 min (longer for larger quantities).',
		'  Links containing "partial" end Partial, "cancel" end Canceled; refills of links with "reject" are Rejected.',
		'',
		`  Services (${services.length}, covering all ${SERVICE_TYPES.length} types):`,
		...services.map((service) => {
			const flags = [service.refill && 'refill', service.cancel && 'cancel', service.dripfeed && 'dripfeed']
				.filter(Boolean)
				.join(' ');
			const isPackage = service.type === 'Package' || service.type === 'Custom Comments Package';
			const price = `${service.rate.toFixed(service.rate < 0.1 ? 3 : 2)} ${isPackage ? 'per package' : 'per 1000'}`;
			return (
				`   ${String(service.service).padStart(3)}  ${service.type.padEnd(24)} ${service.name.slice(0, 46).padEnd(46)}` +
				` ${price.padStart(20)}  ${`${service.min}-${service.max}`.padEnd(13)} ${flags}`
			);
		}),
		'',
		`  Type to change the catalogue while it runs (for the trigger's Service Changed event). ${CATALOGUE_USAGE}`,
		options.quiet ? '  Press Ctrl-C to stop.' : '  Requests are logged below. Press Ctrl-C to stop.',
		'',
	];
	console.log(lines.join('\n'));
}

/**
 * A line typed while the simulator runs, changing its catalogue as a provider's admin would (to try
 * the trigger's Service Changed event): `rate 1 0.99`, `limits 1 20 50000`, `name 1 New name`,
 * `remove 6`, `reset`. Returns what was done, or throws with the usage.
 */
export function applyCatalogueCommand(simulator: PanelSimulator, line: string): string {
	const [command = '', id = '', ...rest] = line.trim().split(/\s+/);
	const service = Number(id);
	const known = simulator.services().some((entry) => entry.service === service);
	const number = (value: string | undefined): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed) || parsed < 0) throw new Error(CATALOGUE_USAGE);
		return parsed;
	};
	if (command === 'reset') {
		simulator.setServices(SERVICE_CATALOGUE);
		return `catalogue reset (${SERVICE_CATALOGUE.length} services)`;
	}
	if (!['rate', 'limits', 'name', 'remove'].includes(command)) throw new Error(CATALOGUE_USAGE);
	if (!known) throw new Error(`No service ${id}. ${CATALOGUE_USAGE}`);
	if (command === 'remove') simulator.removeService(service);
	if (command === 'rate') simulator.updateService({ service, rate: number(rest[0]) });
	if (command === 'limits') simulator.updateService({ service, min: number(rest[0]), max: number(rest[1]) });
	if (command === 'name') {
		if (rest.length === 0) throw new Error(CATALOGUE_USAGE);
		simulator.updateService({ service, name: rest.join(' ') });
	}
	return `service ${service}: ${line.trim()}`;
}

const CATALOGUE_USAGE = 'Commands: rate <id> <rate> | limits <id> <min> <max> | name <id> <new name> | remove <id> | reset';

function describeRequest(request: RecordedRequest, simulatedMinute: number): string {
	// the key is never printed
	const fields = Object.fromEntries(Object.entries(request.form).filter(([name]) => name !== 'key'));
	const summary = Object.entries(fields)
		.filter(([name]) => name !== 'action')
		.map(([name, value]) => `${name}=${value.length > 40 ? `${value.slice(0, 40)}...` : value}`)
		.join(' ');
	const time = new Date(request.at).toLocaleTimeString();
	return `  ${time}  [t=${simulatedMinute.toFixed(1)} min]  ${request.method} ${request.path}  ${request.action || '(no action)'}  ${summary}`;
}

async function main(): Promise<void> {
	let options: CliOptions;
	try {
		options = parseArguments(process.argv.slice(2));
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		console.error(USAGE);
		process.exit(2);
	}
	const simulator = await startSimulator({
		port: options.port,
		latencyMs: options.latencyMs,
		key: options.key,
		balance: options.balance,
		dialect: dialectNamed(options.dialect),
	});
	printBanner(simulator, options);

	// Advance by the real time elapsed (not a fixed step per tick), so a busy event loop cannot slow the clock.
	let lastTick = Date.now();
	const clock = setInterval(() => {
		const now = Date.now();
		simulator.advance((now - lastTick) / 1000 / options.secondsPerMinute);
		lastTick = now;
		if (!options.quiet) {
			for (const request of simulator.requests) console.log(describeRequest(request, simulator.now()));
		}
		// The recording is for tests; a long CLI session must not grow it forever.
		simulator.clearRequests();
	}, CLOCK_TICK_MS);

	// Typed commands change the catalogue while it runs (see applyCatalogueCommand).
	const commands = createInterface({ input: process.stdin });
	commands.on('line', (line) => {
		if (line.trim() === '') return;
		try {
			console.log(`  catalogue: ${applyCatalogueCommand(simulator, line)}`);
		} catch (error) {
			console.log(`  ${error instanceof Error ? error.message : String(error)}`);
		}
	});

	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		clearInterval(clock);
		commands.close();
		console.log('\n  Simulator stopped.');
		simulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

// Only when run as the CLI: tests import the option parsing.
if (require.main === module) {
	main().catch((error: unknown) => {
		const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
		if (code === 'EADDRINUSE') {
			console.error('Port already in use: choose another with --port <number> (0 = any free port).');
		} else {
			console.error(error);
		}
		process.exit(1);
	});
}
