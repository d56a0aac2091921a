/**
 * The trigger in a saved workflow, through the engine harness: activated and polled as an active
 * n8n workflow (with n8n's saving of static data), tested with "Fetch Test Event" through
 * WorkflowExecute, and restarted from the static data n8n saved.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	createPoller,
	runWorkflow,
	smmPanelApiCredential,
	SMM_PANEL_TRIGGER_NODE_TYPE,
	type CredentialFixture,
	type Poller,
	type WorkflowJson,
} from '../engine/harness';
import { startSimulator, type PanelSimulator } from '../simulator';

const TRIGGER = 'SMM Panel Trigger';

let sim: PanelSimulator;
let panel: CredentialFixture;

beforeAll(async () => {
	sim = await startSimulator();
	panel = smmPanelApiCredential({ url: sim.url, apiKey: sim.key });
});
afterAll(async () => await sim.close());
afterEach(() => sim.clearFaults());

function workflowWatching(orderIds: string, parameters: IDataObject = {}): WorkflowJson {
	return {
		name: 'SMM order finished',
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER,
				type: SMM_PANEL_TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] },
					event: 'orderStatusChanged',
					orderIds,
					...parameters,
				},
				credentials: panel.reference,
			},
		],
		connections: {},
	};
}

function activate(json: WorkflowJson, staticData?: IDataObject): Poller {
	return createPoller(json, { credentials: { [panel.id]: panel }, staticData });
}

function changes(poller: Poller): string[] {
	return poller.executions.flatMap((execution) =>
		execution.items(TRIGGER).map(({ json }) => `${String(json.order)}: ${String(json.previousStatus)} -> ${String(json.status)}`),
	);
}

function nodeState(staticData: IDataObject): IDataObject | undefined {
	return staticData[`node:${TRIGGER}`] as IDataObject | undefined;
}

it('polls as an active workflow: each change starts one workflow run, with n8n\'s Poll Times', async () => {
	const ids = sim.seedOrders(2);
	const poller = activate(workflowWatching(ids.join(',')));
	expect(poller.schedule).toHaveLength(1);
	expect(await poller.poll()).toBeNull();
	sim.advance(1);
	const emitted = await poller.poll();
	expect(emitted?.[0]).toHaveLength(2);
	sim.advance(1);
	await poller.poll();
	expect(await poller.poll()).toBeNull();
	expect(changes(poller)).toEqual([
		`${ids[0]}: Pending -> In progress`,
		`${ids[1]}: Pending -> In progress`,
		`${ids[0]}: In progress -> Completed`,
		`${ids[1]}: In progress -> Completed`,
	]);
	await poller.close();
});

it('what n8n saves is enough: after a restart nothing is reported twice and nothing is missed', async () => {
	const ids = sim.seedOrders(3);
	const json = workflowWatching(ids.join(','));
	const first = activate(json);
	await first.poll();
	sim.advance(1);
	await first.poll();
	expect(changes(first)).toHaveLength(3);
	// Every poll that reported a change saved the state it reported from.
	expect(nodeState(first.savedStaticData)).toEqual(nodeState(first.staticData));
	await first.close();

	// n8n restarts: the workflow is activated again with the static data it saved.
	sim.advance(1);
	const second = activate(json, first.savedStaticData);
	expect(await second.poll()).not.toBeNull();
	expect(changes(second)).toEqual(ids.map((id) => `${id}: In progress -> Completed`));
	expect(await second.poll()).toBeNull();
	await second.close();
});

it('a poll whose batches partly fail starts a run for the changes read and records the failure', async () => {
	const ids = sim.seedOrders(20);
	const poller = activate(workflowWatching(ids.join(','), { options: { batchSize: 10 } }));
	await poller.poll();
	sim.advance(1);
	sim.injectFault({ kind: 'http500', action: 'status', match: (request) => request.form.orders.split(',').includes(String(ids[0])) });
	await expect(poller.poll()).rejects.toThrow('Could not read the status of 10 of 20 watched orders');
	expect(changes(poller)).toEqual(ids.slice(10).map((id) => `${id}: Pending -> In progress`));
	expect(await poller.poll()).not.toBeNull();
	expect(changes(poller)).toEqual([...ids.slice(10), ...ids.slice(0, 10)].map((id) => `${id}: Pending -> In progress`));
	await poller.close();
});

it('Fetch Test Event (a manual run) outputs the current state and changes no static data', async () => {
	const ids = sim.seedOrders(2);
	const json = workflowWatching(ids.join(','));
	const poller = activate(json);
	await poller.poll();
	sim.advance(1);
	const saved = poller.savedStaticData;

	const test = await runWorkflow(json, { credentials: { [panel.id]: panel }, mode: 'manual', staticData: saved });
	expect(test.items(TRIGGER).map(({ json: item }) => [item.order, item.previousStatus, item.status])).toEqual([
		[ids[0], 'Pending', 'In progress'],
		[ids[1], 'Pending', 'In progress'],
	]);
	expect(test.staticDataChanged).toBe(false);
	expect(nodeState(test.staticData)).toEqual(nodeState(saved));

	// The active workflow still reports the change the test showed.
	await poller.poll();
	expect(changes(poller)).toEqual(ids.map((id) => `${id}: Pending -> In progress`));
	await poller.close();
});
