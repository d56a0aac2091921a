/** Every resource of the SMM Panel node and its operations: the saved parameter values, never to be renamed. */
interface SmmPanelMap {
	balance: 'get';
	cancel: 'create';
	order: 'create' | 'getStatus';
	refill: 'create' | 'getStatus';
	service: 'get' | 'getAll';
}

export type SmmPanelResource = keyof SmmPanelMap;

/** One resource with one of its operations, as `router` dispatches them. */
export type SmmPanelType = { [R in SmmPanelResource]: { resource: R; operation: SmmPanelMap[R] } }[SmmPanelResource];
