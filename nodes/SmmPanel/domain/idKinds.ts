/**
 * The two kinds of ID the API is asked about, orders and refills: how each is named in the API,
 * in both nodes' parameters, in outputs and in messages. The action node and the trigger take
 * every one of these names from here.
 */
export interface IdKind {
	/** What the ID names ("order"): also its output field and the API's single-ID field (`order=`). */
	key: 'order' | 'refill';
	/** The API's field for several IDs, comma-separated (`orders=1,2,3`). */
	batchField: 'orders' | 'refills';
	/** The parameter that holds the IDs, in both nodes. Fixed: saved workflows depend on it. */
	parameter: 'orderIds' | 'refillIds';
	displayName: 'Order IDs' | 'Refill IDs';
	/** For messages: "order ID". */
	noun: 'order ID' | 'refill ID';
}

export const ORDER_IDS: IdKind = {
	key: 'order',
	batchField: 'orders',
	parameter: 'orderIds',
	displayName: 'Order IDs',
	noun: 'order ID',
};

export const REFILL_IDS: IdKind = {
	key: 'refill',
	batchField: 'refills',
	parameter: 'refillIds',
	displayName: 'Refill IDs',
	noun: 'refill ID',
};
