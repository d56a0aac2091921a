/** Command-line flags of `npm run bench`. */
import type { SimulatorPlacement } from './panel';

export const USAGE = `Usage: npm run bench -- [--full] [--latency 25] [--runs 3] [--rpm 600] [--link-rtt 100]
                       [--single-rpm 3000] [--cases status,trigger,create,link,guard,single,services]
                       [--simulator child|in-process]
                       [--out bench-results-<time>.json]

  (default)     under 5 minutes: 3 repetitions, the per-request baseline at N = 10,000
                estimated from N = 1,000 instead of run, the rate case once, no Concurrency
                sweep over the link, the guard case with 1,000 orders once
  --full        the long run (~20 min): 5 repetitions, the baseline at N = 10,000 run, the
                rate case 3 times, the link's Concurrency sweep 3 times, the guard case 3 times
  --quick       the default (kept for older scripts)
  --latency     milliseconds the simulated panel adds to every reply (default 25)
  --link-rtt    round trip of case 4's HTTPS link, in milliseconds (default 100)
  --cases       which cases to run (default all): 1 status, 2 trigger, 3 create, 4 link, 5 guard,
                6 single (status of 1,000 IDs on a panel that answers one ID per request),
                7 services (the trigger's Service Changed on 5,000 services)
  --single-rpm  the credential's Requests Per Minute Limit in case 6's rate-limited rows (default 3000)
  --runs        measured repetitions of each fast case, after one warm-up (default 3, full 5)
  --rpm         the credential's Requests Per Minute Limit in the order-creation case (default 600)
  --simulator   where the panel simulator runs (default child: its own process, like a real panel)
  --out         where to write the JSON results (default bench-results-<time>.json, git-ignored)`;

export type BenchCase = 'status' | 'trigger' | 'create' | 'link' | 'guard' | 'single' | 'services';

const ALL_CASES: readonly BenchCase[] = ['status', 'trigger', 'create', 'link', 'guard', 'single', 'services'];

export interface BenchOptions {
	/** The default run is the short one (under 5 minutes); --full runs the long sweeps. */
	quick: boolean;
	cases: ReadonlySet<BenchCase>;
	latencyMs: number;
	/** Repetitions of the node's own runs and of the trigger poll. */
	runs: number;
	/**
	 * Repetitions of the per-request baseline by N. 0 = not run: estimated from the largest N that
	 * was run (its time per ID, times N), and marked as an estimate. The baseline at N = 10,000 is
	 * 10,000 sequential requests (over 4 minutes at 25 ms), so it runs once even in a full run.
	 */
	baselineRuns: ReadonlyMap<number, number>;
	sizes: readonly number[];
	/** The node's default concurrency, used by the action node and the trigger. */
	concurrency: number;
	triggerWatched: number;
	/** Case 5: the services the panel lists. */
	catalogueServices: number;
	create: { orders: number; concurrency: number; requestsPerMinute: number; runs: number };
	/** Case 4: the HTTPS link (linkCase.ts). */
	link: {
		rttMs: number;
		/** The panel's own time per reply behind the link: 0, so that the link's round trips are the whole cost. */
		panelLatencyMs: number;
		ids: number;
		runs: number;
		sweep: { concurrency: readonly number[]; requestsPerMinute: readonly number[]; runs: number };
	};
	/** Case 5: the duplicate guard's cost (guardedCreate.ts). */
	guard: { orders: number; concurrency: number; panelLatencyMs: number; dbMs: number; runs: number };
	/** Case 6: status on a single-ID panel (singleIdStatus.ts). */
	singleId: { ids: number; requestsPerMinute: number; runs: number };
	placement: SimulatorPlacement;
	outFile: string;
}

export class UsageError extends Error {}

function positiveNumber(flag: string, value: string | undefined, { allowZero = false } = {}): number {
	const number = Number(value);
	if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
		throw new UsageError(`${flag} needs a number ${allowZero ? '>= 0' : '> 0'}`);
	}
	return number;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
	let quick = true;
	let latencyMs = 25;
	let runs: number | undefined;
	let requestsPerMinute = 600;
	let linkRttMs = 100;
	let singleIdRequestsPerMinute = 3000;
	let cases: Set<BenchCase> = new Set(ALL_CASES);
	let placement: SimulatorPlacement = 'child';
	let outFile: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		// Both "--latency 25" and "--latency=25".
		const [flag, inline] = argv[index].includes('=') ? argv[index].split(/=(.*)/s, 2) : [argv[index], undefined];
		const value = (): string | undefined => inline ?? argv[++index];
		switch (flag) {
			case '--quick':
				quick = true;
				break;
			case '--full':
				quick = false;
				break;
			case '--latency':
				latencyMs = positiveNumber(flag, value(), { allowZero: true });
				break;
			case '--runs':
				runs = Math.round(positiveNumber(flag, value()));
				break;
			case '--rpm':
				requestsPerMinute = positiveNumber(flag, value());
				break;
			case '--link-rtt':
				linkRttMs = positiveNumber(flag, value());
				break;
			case '--single-rpm':
				singleIdRequestsPerMinute = positiveNumber(flag, value());
				break;
			case '--cases': {
				const named = (value() ?? '').split(',').map((name) => name.trim());
				const unknown = named.filter((name) => !(ALL_CASES as readonly string[]).includes(name));
				if (named.length === 0 || unknown.length > 0) throw new UsageError(`--cases takes a list of ${ALL_CASES.join(', ')}`);
				cases = new Set(named as BenchCase[]);
				break;
			}
			case '--simulator': {
				const where = value();
				if (where !== 'child' && where !== 'in-process') throw new UsageError('--simulator is child or in-process');
				placement = where;
				break;
			}
			case '--out':
				outFile = value();
				if (!outFile) throw new UsageError('--out needs a file name');
				break;
			case '--help':
			case '-h':
				throw new UsageError('');
			default:
				throw new UsageError(`Unknown argument: ${argv[index]}`);
		}
	}
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	return {
		quick,
		cases,
		latencyMs,
		runs: runs ?? (quick ? 3 : 5),
		baselineRuns: new Map(
			quick
				? [
						[100, 3],
						[1_000, 1],
						[10_000, 0],
					]
				: [
						[100, 5],
						[1_000, 3],
						[10_000, 1],
					],
		),
		sizes: [100, 1_000, 10_000],
		concurrency: 4,
		triggerWatched: 10_000,
		catalogueServices: 5_000,
		create: { orders: 200, concurrency: 4, requestsPerMinute, runs: quick ? 1 : 3 },
		singleId: { ids: 1_000, requestsPerMinute: singleIdRequestsPerMinute, runs: quick ? 1 : 3 },
		link: {
			rttMs: linkRttMs,
			panelLatencyMs: 0,
			ids: 10_000,
			runs: runs ?? (quick ? 3 : 5),
			// The Concurrency sweep (about 2 minutes even once) is one of the long runs: --full only.
			sweep: { concurrency: quick ? [] : [1, 2, 4, 8, 16], requestsPerMinute: [0, requestsPerMinute], runs: 3 },
		},
		guard: { orders: 1_000, concurrency: 4, panelLatencyMs: 30, dbMs: 1, runs: runs ?? (quick ? 1 : 3) },
		placement,
		outFile: outFile ?? `bench-results-${stamp}.json`,
	};
}
