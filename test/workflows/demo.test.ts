/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run demo`, in-process: the tour completes and shows each step; the read-only mode against a
 * "real" panel (here a simulator) never writes; the options refuse what would be ambiguous.
 */
import { parseDemoOptions, UsageError } from '../../scripts/demo/options';
import { runReadOnlyTour } from '../../scripts/demo/readOnlyTour';
import { runSimulatorTour } from '../../scripts/demo/simulatorTour';
import { startSimulator } from '../simulator';

function collector(): { print: (line: string) => void; text: () => string } {
	const lines: string[] = [];
	return { print: (line) => lines.push(line), text: () => lines.join('\n') };
}

it('the tour runs every step on its own simulator and reports what the nodes did', async () => {
	const output = collector();

	await runSimulatorTour(output.print);

	const text = output.text();
	for (let step = 1; step <= 10; step++) expect(text).toContain(`[${step}/10]`);
	expect(text).toContain('7 orders, 1 request to the panel');
	expect(text).toMatch(/1001 +Instagram followers +Pending +In progress/);
	expect(text).toMatch(/1006 +Story poll votes, answer 2 +In progress +Canceled/);
	expect(text).toMatch(/1003 +TikTok followers \(ends Partial\) +In progress +Partial/);
	expect(text).toContain('error: Refill is disabled for this service');
	expect(text).toMatch(/985\.99 +USD +990\.00/);
	// Tables, not raw JSON dumps.
	expect(text).not.toMatch(/[{}]/);
});

it('--url mode only reads: balance, services and the given orders, and never prints the key', async () => {
	const sim = await startSimulator({ key: 'sk-real-panel-key-0042' });
	try {
		const [order] = sim.seedOrders(1, { status: 'Completed' });
		const output = collector();

		await runReadOnlyTour({ url: sim.url, apiKey: sim.key, orderIds: `${order}, 999999` }, output.print);

		const text = output.text();
		expect(text).toMatch(/1000\.00 +USD/);
		expect(text).toContain('24 services, 17 order types, 12 categories.');
		expect(text).toMatch(new RegExp(`${order} +Completed`));
		expect(text).toMatch(/999999 +error: Incorrect order ID/);
		expect(text).not.toContain(sim.key);
		expect(new Set(sim.requests.map((request) => request.action))).toEqual(new Set(['balance', 'services', 'status']));
	} finally {
		await sim.close();
	}
});

describe('options', () => {
	it('no flags: the simulator tour; --url with a key: read-only', () => {
		expect(parseDemoOptions([], {})).toEqual({ mode: 'simulator' });
		expect(parseDemoOptions(['--url', 'https://panel.example/api/v2', '--key=abc', '--orders', '1,2 3'], {})).toEqual({
			mode: 'readOnly',
			url: 'https://panel.example/api/v2',
			apiKey: 'abc',
			orderIds: '1,2 3',
		});
		expect(parseDemoOptions(['--url', 'https://panel.example/api/v2'], { SMM_PANEL_API_KEY: 'from-env' })).toMatchObject({ apiKey: 'from-env' });
	});

	it.each([
		[['--url', 'https://panel.example/api/v2'], '--url needs --key'],
		[['--orders', '1,2'], '--orders needs --url'],
		[['--key', 'abc'], '--key needs --url'],
		[['--url', 'panel.example'], 'must start with http'],
		[['--url', 'https://panel.example/api/v2', '--key', 'abc', '--orders', '1,x'], '"x" is not one'],
		[['--place-orders'], 'Unknown argument'],
	])('%j is refused: %s', (argv, message) => {
		expect(() => parseDemoOptions(argv, {})).toThrow(UsageError);
		expect(() => parseDemoOptions(argv, {})).toThrow(message);
	});
});

it('the tour runs on a panel of another dialect (--dialect single-id,reply-shapes): one ID per request once learned', async () => {
	expect(parseDemoOptions(['--dialect', 'single-id,reply-shapes'], {})).toEqual({ mode: 'simulator', dialect: 'single-id,reply-shapes' });
	expect(() => parseDemoOptions(['--dialect', 'no-such-panel'], {})).toThrow(/Unknown dialect "no-such-panel"/);
	const output = collector();

	await runSimulatorTour(output.print, 'single-id,reply-shapes');

	const text = output.text();
	for (let step = 1; step <= 10; step++) expect(text).toContain(`[${step}/10]`);
	// The refused batch, then one request per order; the refills go singly from the start.
	expect(text).toContain('7 orders, 8 requests to the panel');
	expect(text).toContain('Refills asked for 4 orders in 4 requests (3 accepted)');
	expect(text).toMatch(/1006 +Story poll votes, answer 2 +In progress +Canceled/);
	expect(text).toMatch(/985\.99 +USD +990\.00/);
});
