/**
 * The SMM Panel Trigger in a saved workflow, in manual mode: the editor's "Fetch Test Event" runs
 * the trigger through WorkflowExecute (mode 'manual'), and must leave the static data, where the
 * active workflow keeps what it has reported, exactly as it was.
 */
import type { IDataObject } from 'n8n-workflow';

import { createPoller, fetchTestEvent } from '../engine/harness';
import { jsonOf, loadFixture, usePanel } from './helpers';

const panel = usePanel();
const TRIGGER = 'Watch orders';

describe('Fetch Test Event', () => {
	const workflow = loadFixture('watch-orders.json');

	/** The watched orders (the fixture watches 1001-1003), and the active workflow after two polls. */
	async function activeWorkflowThatSawProgress() {
		const ids = panel.sim.seedOrders(3);
		expect(ids).toEqual([1001, 1002, 1003]);
		const poller = createPoller(workflow, { credentials: panel.credentials });
		await poller.poll();
		panel.sim.advance(1);
		await poller.poll();
		return { ids, poller };
	}

	it('shows every watched order with the status the active workflow last recorded, and changes nothing', async () => {
		const { ids, poller } = await activeWorkflowThatSawProgress();
		const saved = poller.savedStaticData;
		expect(saved[`node:${TRIGGER}`]).toEqual({ orders: { 1001: 'In progress', 1002: 'In progress', 1003: 'In progress' } });

		panel.sim.advance(5);
		const run = await fetchTestEvent(workflow, TRIGGER, { credentials: panel.credentials, staticData: saved });

		expect(jsonOf(run.items(TRIGGER))).toEqual(
			ids.map((order) => expect.objectContaining({ order, status: 'Completed', previousStatus: 'In progress', final: true })),
		);
		expect(run.staticDataChanged).toBe(false);
		expect(run.staticData).toEqual(saved);

		// The test did not swallow the change: the active workflow still reports it, once.
		const emitted = await poller.poll();
		expect((emitted?.[0] ?? []).map(({ json }) => `${String(json.order)}: ${String(json.previousStatus)} -> ${String(json.status)}`)).toEqual(
			ids.map((id) => `${id}: In progress -> Completed`),
		);
		expect(await poller.poll()).toBeNull();
		await poller.close();
	});

	it('before any activation: current statuses with no previous status, and still no static data', async () => {
		panel.sim.seedOrders(2);

		const run = await fetchTestEvent(workflow, TRIGGER, { credentials: panel.credentials });

		expect(jsonOf(run.items(TRIGGER))).toEqual([
			expect.objectContaining({ order: 1001, status: 'Pending', previousStatus: null }),
			expect.objectContaining({ order: 1002, status: 'Pending', previousStatus: null }),
			// 1003 was never placed: the panel's error for it, as an item.
			{ order: 1003, error: 'Incorrect order ID' },
		]);
		expect(run.staticDataChanged).toBe(false);
		// n8n hands the node an empty object for its static data when asked; nothing was put in it.
		expect(run.staticData).toEqual({ [`node:${TRIGGER}`]: {} });
	});

	it('Low Balance shows the current balance and leaves the "already fired" flag alone', async () => {
		const lowBalance = {
			...workflow,
			nodes: workflow.nodes.map((node) => ({ ...node, parameters: { ...node.parameters, event: 'lowBalance', threshold: 2000 } })),
		};
		const firedBefore: IDataObject = { [`node:${TRIGGER}`]: { balanceBelowThreshold: true } };

		const run = await fetchTestEvent(lowBalance, TRIGGER, { credentials: panel.credentials, staticData: firedBefore });

		expect(jsonOf(run.items(TRIGGER))).toEqual([{ balance: 1000, currency: 'USD', threshold: 2000, belowThreshold: true }]);
		expect(run.staticData).toEqual(firedBefore);
		expect(run.staticDataChanged).toBe(false);
	});
});
