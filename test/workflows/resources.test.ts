/**
 * Every resource of the SMM Panel node in saved workflows (test/workflows/fixtures), run by n8n's
 * WorkflowExecute against the simulated panel over HTTP: expressions resolved by n8n, the key
 * added by n8n's credential mechanism, items paired and failures kept as the engine sees them.
 */
import { runWorkflow } from '../engine/harness';
import { jsonOf, loadFixture, MANUAL_TRIGGER, PANEL_KEY, pairedIndexes, usePanel } from './helpers';

const panel = usePanel();

describe('service and balance', () => {
	const workflow = loadFixture('catalogue-and-balance.json');

	it('gets the balance, the services of a category, and one service picked from the list', async () => {
		const run = await runWorkflow(workflow, { credentials: panel.credentials });

		expect(run.executedNodes).toEqual([MANUAL_TRIGGER, 'Balance', 'Instagram likes', 'Comments service']);
		expect(jsonOf(run.items('Balance'))).toEqual([{ balance: 1000, currency: 'USD' }]);
		// The filter matches the category case-insensitively: services 3 and 4 are "Instagram Likes".
		expect(jsonOf(run.items('Instagram likes')).map(({ service, category }) => ({ service, category }))).toEqual([
			{ service: 3, category: 'Instagram Likes' },
			{ service: 4, category: 'Instagram Likes' },
		]);
		const [comments] = jsonOf(run.items('Comments service'));
		expect(comments).toMatchObject({ service: 11, type: 'Custom Comments', rate: 12, min: 5, max: 1000, refill: false, cancel: true });
		// Include Raw Response: the service as the panel sent it (numbers as strings).
		expect(comments.raw).toMatchObject({ service: 11, rate: '12.00' });
		// One services request per node that needs the list: the list is not fetched per item.
		expect(panel.sim.count('services')).toBe(2);
		expect(panel.sim.count('balance')).toBe(1);
	});
});

describe('order', () => {
	const workflow = loadFixture('orders-from-rows.json');

	it('places one order per row (expressions per item) and checks them, each output paired with its row', async () => {
		const run = await runWorkflow(workflow, { credentials: panel.credentials });

		const placed = run.items('Place orders');
		expect(pairedIndexes(placed)).toEqual([0, 1, 2]);
		expect(jsonOf(placed).slice(0, 2)).toEqual([
			{ order: 1001, service: 1, link: 'https://www.instagram.com/shop_one/', quantity: 100 },
			// The row's strings ("3", "250") were sent as the panel expects and output as numbers.
			{ order: 1002, service: 3, link: 'https://www.instagram.com/p/Post2/', quantity: 250 },
		]);
		// Row 3 is below the service's minimum: Validate Before Ordering stopped it before any money was spent,
		// and On Error "Continue" made it an item instead of failing the other rows.
		expect(jsonOf(placed)[2].error).toMatch(/Item 2: .*10.* No order was placed\./);
		expect(panel.sim.count('add')).toBe(2);

		const statuses = run.items('Order status');
		expect(jsonOf(statuses).slice(0, 2)).toEqual([
			{ order: 1001, status: 'Pending', charge: 0.09, startCount: 0, remains: 100, currency: 'USD', final: false },
			{ order: 1002, status: 'Pending', charge: 0.0625, startCount: 0, remains: 250, currency: 'USD', final: false },
		]);
		expect(jsonOf(statuses)[2].error).toBe('Item 2 has no order ID in field "order"');
		expect(pairedIndexes(statuses)).toEqual([0, 1, 2]);
		// Both orders in one status request.
		expect(panel.sim.requests.filter((request) => request.action === 'status').map((request) => request.form.orders)).toEqual(['1001,1002']);
	});

	it('sends the key that n8n adds from the credential, and shows it nowhere', async () => {
		const run = await runWorkflow(workflow, { credentials: panel.credentials });

		expect(panel.sim.requests.length).toBeGreaterThan(0);
		expect(panel.sim.requests.every((request) => request.form.key === PANEL_KEY)).toBe(true);
		expect(JSON.stringify(run.runData)).not.toContain(PANEL_KEY);
	});

	it('without Continue On Fail, a rejected row fails the node and the run, with its item named', async () => {
		const strict = { ...workflow, nodes: workflow.nodes.map((node) => ({ ...node, onError: undefined })) };
		const run = await runWorkflow(strict, { credentials: panel.credentials });

		expect(run.error()?.message).toMatch(/^Item 2: /);
		expect(run.error('Place orders')).toBeDefined();
		expect(run.executedNodes).not.toContain('Order status');
		// Every row is checked before any is placed: a bad row stops the run before money is spent on the others.
		expect(panel.sim.count('add')).toBe(0);
	});
});

describe('refill and cancel', () => {
	const workflow = loadFixture('refill-and-cancel.json');

	it('refills and cancels in bulk: one request each, per-order refusals as items', async () => {
		const completed = panel.sim.seedOrders(3, { service: 1, status: 'Completed' });
		const [noRefill] = panel.sim.seedOrders(1, { service: 2, status: 'Completed' });
		const running = panel.sim.seedOrders(2, { service: 1, status: 'In progress' });
		const [noCancel] = panel.sim.seedOrders(1, { service: 3, status: 'In progress' });

		const run = await runWorkflow(workflow, {
			credentials: panel.credentials,
			variables: { ordersToRefill: [...completed, noRefill].join(','), ordersToCancel: [...running, noCancel] },
		});

		expect(jsonOf(run.items('Refill'))).toEqual([
			{ order: completed[0], refill: 501 },
			{ order: completed[1], refill: 502 },
			{ order: completed[2], refill: 503 },
			{ order: noRefill, error: 'Refill is disabled for this service' },
		]);
		const refillStatuses = run.items('Refill status');
		expect(jsonOf(refillStatuses).slice(0, 3)).toEqual([
			{ refill: 501, status: 'Pending', final: false },
			{ refill: 502, status: 'Pending', final: false },
			{ refill: 503, status: 'Pending', final: false },
		]);
		expect(jsonOf(refillStatuses)[3].error).toBe('Item 3 has no refill ID in field "refill"');
		expect(pairedIndexes(refillStatuses)).toEqual([0, 1, 2, 3]);

		expect(jsonOf(run.items('Cancel'))).toEqual([
			{ order: running[0], cancelRequested: true },
			{ order: running[1], cancelRequested: true },
			{ order: noCancel, error: 'Cancel is disabled for this service' },
		]);
		expect([panel.sim.count('refill'), panel.sim.count('refill_status'), panel.sim.count('cancel')]).toEqual([1, 1, 1]);

		panel.sim.advance(1);
		expect(running.map((id) => panel.sim.getOrder(id)?.status)).toEqual(['Canceled', 'Canceled']);
	});
});
