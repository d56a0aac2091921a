/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/** Command-line flags of `npm run demo`. */
import { NAMED_DIALECTS } from '../../test/simulator/dialects';

export const USAGE = `Usage:
  npm run demo                                   a tour on a simulated panel (nothing real is ordered)
  npm run demo -- --dialect single-id            the same tour on a simulated panel of another dialect
  npm run demo -- --url <API URL> --key <key> [--orders 1,2,3]
                                                 read-only checks against your own panel

  --url     your panel's API address, e.g. https://panel.example/api/v2
  --key     your API key (or set SMM_PANEL_API_KEY instead, to keep it out of your shell history)
  --orders  order IDs whose status to show (one batch request per 100 IDs)
  --dialect how the simulated panel answers, by name, comma-separated: ${Object.keys(NAMED_DIALECTS).join(', ')}

With --url the demo only reads: balance, services and order statuses. It never places, refills
or cancels anything on a real panel.`;

export type DemoOptions =
	| { mode: 'simulator'; dialect?: string }
	| { mode: 'readOnly'; url: string; apiKey: string; orderIds: string }
	| { mode: 'help' };

export class UsageError extends Error {}

/** The environment variable read when --key is not given. */
export const API_KEY_VARIABLE = 'SMM_PANEL_API_KEY';

export function parseDemoOptions(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): DemoOptions {
	let url: string | undefined;
	let apiKey: string | undefined;
	let orderIds: string | undefined;
	let dialect: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		// Both "--url https://..." and "--url=https://...".
		const [flag, inline] = argv[index].includes('=') ? argv[index].split(/=(.*)/s, 2) : [argv[index], undefined];
		const value = (): string => {
			const next = inline ?? argv[++index];
			if (next === undefined || next.trim() === '' || (inline === undefined && next.startsWith('--'))) {
				throw new UsageError(`${flag} needs a value`);
			}
			return next.trim();
		};
		switch (flag) {
			case '--url':
				url = value();
				break;
			case '--key':
				apiKey = value();
				break;
			case '--orders':
				orderIds = value();
				break;
			case '--dialect':
				dialect = value();
				for (const name of dialect.split(',').map((part) => part.trim())) {
					if (name !== '' && !(name in NAMED_DIALECTS)) throw new UsageError(`Unknown dialect "${name}": one of ${Object.keys(NAMED_DIALECTS).join(', ')}`);
				}
				break;
			case '--help':
			case '-h':
				return { mode: 'help' };
			default:
				throw new UsageError(`Unknown argument: ${argv[index]}`);
		}
	}
	apiKey ??= environment[API_KEY_VARIABLE]?.trim() || undefined;
	if (url === undefined) {
		// Flags meant for a real panel without its URL would otherwise silently run the simulator tour.
		if (apiKey !== undefined && argv.some((argument) => argument.startsWith('--key'))) throw new UsageError('--key needs --url');
		if (orderIds !== undefined) throw new UsageError('--orders needs --url (the simulator tour places its own orders)');
		return dialect === undefined ? { mode: 'simulator' } : { mode: 'simulator', dialect };
	}
	if (dialect !== undefined) throw new UsageError('--dialect is for the simulated panel; it cannot change your own panel');
	if (!/^https?:\/\//i.test(url)) throw new UsageError(`--url must start with http:// or https:// (got "${url}")`);
	if (apiKey === undefined) throw new UsageError(`--url needs --key (or the ${API_KEY_VARIABLE} environment variable)`);
	const notAnId = (orderIds ?? '').split(/[\s,;]+/).find((token) => token !== '' && !/^\d+$/.test(token));
	if (notAnId !== undefined) throw new UsageError(`--orders takes order IDs (whole numbers) separated by commas; "${notAnId}" is not one`);
	return { mode: 'readOnly', url, apiKey, orderIds: orderIds ?? '' };
}
