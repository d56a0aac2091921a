/**
 * Hostile panels: `{"error": 0}` (or false, or "") beside a good reply says there is no error.
 * Only a message is the panel's error. Over real HTTP, through n8n's engine.
 */
import { byId, usePanel } from '../actions/helpers';

const panel = usePanel();

describe.each<[string, unknown]>([
	['0', 0],
	['false', false],
	['""', ''],
	['"0"', '0'],
	['null', null],
])('{"error": %s} beside a good reply', (_, error) => {
	it('Balance > Get outputs the balance', async () => {
		panel.sim.injectFault({ kind: 'addToReply', action: 'balance', fields: { error } });
		const run = await panel.run({ resource: 'balance', operation: 'get' });
		expect(run.error()).toBeUndefined();
		expect(run.items()[0].json).toEqual({ balance: panel.sim.getBalance(), currency: 'USD' });
	});

	it('Order > Create outputs the order the panel placed', async () => {
		panel.sim.injectFault({ kind: 'addToReply', action: 'add', fields: { error } });
		const run = await panel.run({
			resource: 'order',
			operation: 'create',
			service: byId(1),
			orderType: 'default',
			link: 'https://www.instagram.com/acme/',
			quantity: 100,
		});
		expect(run.error()).toBeUndefined();
		expect(run.items()[0].json).toMatchObject({ order: expect.any(Number), quantity: 100 });
	});

	it('Order > Get Status reads every order, whether the field is beside the batch or inside an entry', async () => {
		const ids = panel.sim.seedOrders(3);
		panel.sim.injectFault({ kind: 'addToReply', action: 'status', fields: { error } });
		const beside = await panel.run({ resource: 'order', operation: 'getStatus', orderIds: ids.join(',') });
		expect(beside.items().map((item) => [item.json.order, item.json.status])).toEqual(ids.map((id) => [id, 'Pending']));

		panel.sim.injectFault({ kind: 'badEntry', action: 'status', id: ids[1], entry: (entry: object) => ({ ...entry, error }) });
		const inside = await panel.run({ resource: 'order', operation: 'getStatus', orderIds: ids.join(',') });
		expect(inside.items().map((item) => [item.json.order, item.json.status])).toEqual(ids.map((id) => [id, 'Pending']));
	});
});

it('a message is still the panel\'s error, with {"error": true, "message": ...} too', async () => {
	panel.sim.injectFault({ kind: 'addToReply', action: 'balance', fields: { error: true, message: 'API access is disabled for this account' } });
	const run = await panel.run({ resource: 'balance', operation: 'get' });
	expect(run.error()?.message).toBe('The panel returned an error: API access is disabled for this account');
});
