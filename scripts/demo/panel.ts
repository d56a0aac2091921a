/**
 * What the demo asks of a panel, as SMM Panel node operations run through n8n's engine. Reading
 * and writing are separate classes on purpose: the read-only tour (a user's real panel) is given
 * a `ReadOnlyPanel`, so it has no way to place, refill or cancel anything.
 */
import type { IDataObject, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import type { CredentialFixture } from '../../test/engine/harness';
import { runSmmPanel, type EngineCounter } from './engine';

export interface Balance {
	balance: number;
	currency: string;
}

/** A service picked "By ID", as the editor saves it. */
export function serviceById(id: number): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value: String(id) };
}

export class ReadOnlyPanel {
	constructor(
		protected readonly credential: CredentialFixture,
		readonly counter: EngineCounter,
	) {}

	protected async run(parameters: INodeParameters, input?: IDataObject[]): Promise<IDataObject[]> {
		return await runSmmPanel(this.credential, parameters, this.counter, input);
	}

	/** Balance > Get */
	async balance(): Promise<Balance> {
		const [item] = await this.run({ resource: 'balance', operation: 'get' });
		return { balance: Number(item.balance), currency: String(item.currency) };
	}

	/** Service > Get Many, all of them. */
	async services(): Promise<IDataObject[]> {
		return await this.run({ resource: 'service', operation: 'getAll', returnAll: true });
	}

	/** Order > Get Status for a list of IDs, in one node run (the node batches them, 100 a request). */
	async orderStatuses(orderIds: string | readonly number[]): Promise<IDataObject[]> {
		return await this.run({
			resource: 'order',
			operation: 'getStatus',
			idSource: 'parameter',
			orderIds: typeof orderIds === 'string' ? orderIds : orderIds.join(', '),
		});
	}
}

/** Everything, writes included: only ever given a simulated panel. */
export class SimulatedPanel extends ReadOnlyPanel {
	/** Order > Create, one order. */
	async placeOrder(parameters: INodeParameters): Promise<IDataObject> {
		const [item] = await this.run({ resource: 'order', operation: 'create', ...parameters });
		return item;
	}

	/**
	 * Order > Get Status with the IDs read straight from a field of the input items ("Input Field"),
	 * the fast path for thousands of items: one output item per input item, paired with it.
	 */
	async orderStatusesOfItems(items: IDataObject[], field: string): Promise<IDataObject[]> {
		return await this.run({ resource: 'order', operation: 'getStatus', idSource: 'field', idField: field }, items);
	}

	/** Refill > Create for a list of order IDs. */
	async refill(orderIds: readonly number[]): Promise<IDataObject[]> {
		return await this.run({ resource: 'refill', operation: 'create', idSource: 'parameter', orderIds: orderIds.join(', ') });
	}

	/** Refill > Get Status for a list of refill IDs. */
	async refillStatuses(refillIds: readonly number[]): Promise<IDataObject[]> {
		return await this.run({ resource: 'refill', operation: 'getStatus', idSource: 'parameter', refillIds: refillIds.join(', ') });
	}

	/** Cancel > Create for a list of order IDs. */
	async cancel(orderIds: readonly number[]): Promise<IDataObject[]> {
		return await this.run({ resource: 'cancel', operation: 'create', idSource: 'parameter', orderIds: orderIds.join(', ') });
	}
}
