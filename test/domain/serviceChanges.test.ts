/**
 * The Service Changed rules without HTTP: domain/changeDetection.ts (compareServiceLists) over the
 * fingerprints of domain/services.ts. The trigger's behaviour end to end is in test/trigger/serviceChanges.test.ts.
 */
import { compareServiceLists, rateChangePercent, type ServiceChangeRules } from '../../nodes/SmmPanel/domain/changeDetection';
import { rememberedService, SERVICE_CHANGE_KINDS, serviceListDigest, type PanelService, type ServiceMemory } from '../../nodes/SmmPanel/domain/services';

const ALL: ServiceChangeRules = { kinds: new Set(SERVICE_CHANGE_KINDS), serviceIds: new Set(), categories: new Set(), minRateChangePercent: 0 };

function service(id: number, fields: Partial<PanelService> = {}): PanelService {
	return { service: id, name: `Service ${id}`, type: 'Default', category: 'Cat', rate: 1, min: 10, max: 1000, refill: false, cancel: false, ...fields };
}

function recorded(list: PanelService[]): ServiceMemory {
	const { memory } = compareServiceLists(undefined, list, new Set(), ALL);
	if (memory === undefined) throw new Error('nothing recorded');
	return memory;
}

describe('service fingerprints', () => {
	it('round-trip every field but the description, dripfeed "not said" included', () => {
		const listed = [service(1, { dripfeed: true, refill: true, description: 'long text' }), service(2, { cancel: true, category: 'Other', type: 'Package' })];
		const memory = recorded(listed);
		expect(rememberedService(memory, 1)).toEqual({ ...service(1, { dripfeed: true, refill: true }) });
		expect(rememberedService(memory, 2)).toEqual(service(2, { cancel: true, category: 'Other', type: 'Package' }));
		expect(rememberedService(memory, 3)).toBeUndefined();
		expect(memory.categories).toEqual(['Cat', 'Other']);
		expect(JSON.stringify(memory)).not.toContain('long text');
	});

	it('the digest tells lists apart by their IDs, in any order', () => {
		expect(serviceListDigest([3, 1, 2])).toBe(serviceListDigest([1, 2, 3]));
		expect(serviceListDigest([1, 2, 3])).not.toBe(serviceListDigest([1, 2, 4]));
		expect(serviceListDigest([])).toBe('0:811c9dc5');
	});
});

describe('compareServiceLists', () => {
	const list = [1, 2, 3, 4].map((id) => service(id));

	it('an empty first list records nothing; a memory of another shape is a first poll', () => {
		expect(compareServiceLists(undefined, [], new Set(), ALL)).toEqual({ changes: [], heldBack: false });
		const odd = compareServiceLists({ services: {} } as unknown as ServiceMemory, list, new Set(), ALL);
		expect(odd.changes).toEqual([]);
		expect(Object.keys(odd.memory?.byId ?? {})).toEqual(['1', '2', '3', '4']);
	});

	it('unread entries count as present when deciding whether the list shrank, and keep their fingerprint', () => {
		const memory = recorded(list);
		const result = compareServiceLists(memory, [service(1)], new Set([2, 3]), ALL);
		expect(result.heldBack).toBe(false);
		expect(result.changes.map((change) => [change.service.service, change.changes])).toEqual([[4, ['removed']]]);
		expect(Object.keys(result.memory?.byId ?? {}).sort()).toEqual(['1', '2', '3']);
	});

	it('exactly half gone is trusted; more than half is held back until the same list comes again', () => {
		const memory = recorded(list);
		expect(compareServiceLists(memory, list.slice(0, 2), new Set(), ALL).heldBack).toBe(false);
		const held = compareServiceLists(memory, list.slice(0, 1), new Set(), ALL);
		expect(held).toMatchObject({ heldBack: true, changes: [] });
		expect(held.memory?.byId).toEqual(memory.byId);
		const again = compareServiceLists(held.memory, list.slice(0, 1), new Set(), ALL);
		expect(again.changes.map((change) => change.service.service)).toEqual([2, 3, 4]);
		expect(again.memory).not.toHaveProperty('unconfirmedList');
	});

	it('a panel that stops saying whether drip-feed is allowed has not changed it', () => {
		const memory = recorded([service(1, { dripfeed: true })]);
		expect(compareServiceLists(memory, [service(1)], new Set(), ALL).changes).toEqual([]);
		expect(compareServiceLists(memory, [service(1, { dripfeed: false })], new Set(), ALL).changes[0]).toMatchObject({
			changes: ['detailsChanged'],
			previous: { dripfeed: true },
		});
	});

	it('a rate from 0 is always a change, with no percent', () => {
		expect(rateChangePercent(0, 1)).toBeNull();
		const memory = recorded([service(1, { rate: 0 })]);
		const { changes } = compareServiceLists(memory, [service(1, { rate: 0.5 })], new Set(), { ...ALL, minRateChangePercent: 50 });
		expect(changes[0]).toMatchObject({ changes: ['rateChanged'], previousRate: 0, rateChangePercent: null });
	});
});
