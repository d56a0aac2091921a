/**
 * 10,000 watched orders, and a catalogue of 5,000 services: what a poll costs and what the trigger stores. Measured when written
 * (docs/trigger.md): 100 requests and about 0.5 s a poll against the local simulator, 12-40 ms for a
 * poll with nothing left to ask; 17-21 bytes of state an order (22-26 with 9-digit order IDs).
 */
import { generatedCatalogue, SERVICE_CATALOGUE, startSimulator, type PanelSimulator } from '../simulator';
import { createTriggerDriver } from './pollDriver';

const WATCHED = 10_000;
/** The budget of stored state per watched order. */
const MAX_BYTES_PER_ORDER = 100;

let sim: PanelSimulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

/** The state's size as n8n stores it (JSON), and as it would be with 9-digit IDs like real panels'. */
function stateBytesPerOrder(state: { orders?: unknown }): number {
	const orders = state.orders as Record<string, string>;
	const realSized = Object.fromEntries(Object.entries(orders).map(([id, status]) => [String(100_000_000 + Number(id)), status]));
	const bytes = Math.max(Buffer.byteLength(JSON.stringify(state)), Buffer.byteLength(JSON.stringify({ orders: realSized })));
	return bytes / WATCHED;
}

it(`${WATCHED.toLocaleString('en')} watched orders: 100 requests a poll, finished ones free, under ${MAX_BYTES_PER_ORDER} bytes of state each`, async () => {
	const ids = sim.seedOrders(WATCHED);
	const driver = createTriggerDriver({
		url: sim.url,
		apiKey: sim.key,
		parameters: { event: 'orderStatusChanged', orderIds: ids.join('\n') },
	});
	const poll = async () => {
		sim.clearRequests();
		const outcome = await driver.poll();
		return { changes: outcome.items.length, requests: sim.count('status'), bytesPerOrder: stateBytesPerOrder(driver.state()) };
	};

	// All Pending: recorded silently.
	const first = await poll();
	expect(first).toMatchObject({ changes: 0, requests: 100 });
	expect(Math.max(...sim.requests.map((request) => request.form.orders.split(',').length))).toBe(100);

	sim.advance(1);
	const inProgress = await poll();
	expect(inProgress).toMatchObject({ changes: WATCHED, requests: 100 });

	sim.advance(1);
	const completed = await poll();
	expect(completed).toMatchObject({ changes: WATCHED, requests: 100 });

	const finished = await poll();
	expect(finished).toMatchObject({ changes: 0, requests: 0 });

	const largest = Math.max(first.bytesPerOrder, inProgress.bytesPerOrder, completed.bytesPerOrder);
	expect(largest).toBeLessThanOrEqual(MAX_BYTES_PER_ORDER);
	// What it measured when written: a regression past this is worth a look.
	expect(largest).toBeLessThanOrEqual(30);
});

const SERVICES = 5_000;
/** The budget of stored state per service: a fingerprint, not the list (a reply entry is about 250 bytes). */
const MAX_BYTES_PER_SERVICE = 100;

it(`Service Changed with ${SERVICES.toLocaleString('en')} services: one request a poll, each change once, under ${MAX_BYTES_PER_SERVICE} bytes of state each`, async () => {
	const catalogue = generatedCatalogue(SERVICES);
	sim.setServices(catalogue);
	try {
		const driver = createTriggerDriver({ url: sim.url, apiKey: sim.key, parameters: { event: 'serviceChanged' } });
		const poll = async () => {
			sim.clearRequests();
			const outcome = await driver.poll();
			return { items: outcome.items, requests: sim.count() };
		};
		expect(await poll()).toEqual({ items: [], requests: 1 });
		const bytesPerService = Buffer.byteLength(JSON.stringify(driver.state())) / SERVICES;
		expect(bytesPerService).toBeLessThanOrEqual(MAX_BYTES_PER_SERVICE);

		expect(await poll()).toEqual({ items: [], requests: 1 });
		sim.updateService({ service: 4321, rate: catalogue[4320].rate * 2 });
		sim.removeService(17);
		const changed = await poll();
		expect(changed.requests).toBe(1);
		expect(changed.items.map((item) => `${String(item.service)}: ${(item.changes as string[]).join()}`)).toEqual(['17: removed', '4321: rateChanged']);
		expect((await poll()).items).toEqual([]);
	} finally {
		sim.setServices(SERVICE_CATALOGUE);
	}
});
