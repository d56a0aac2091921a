import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import type { PanelAction } from '../../nodes/SmmPanel/domain/panelApi';
import { parseBalance } from '../../nodes/SmmPanel/replies/balance';
import { CANCEL_REQUEST } from '../../nodes/SmmPanel/replies/cancels';
import { ORDER_STATUS_REQUEST, parseOrderCreated } from '../../nodes/SmmPanel/replies/orders';
import { readPerIdReply, type PerIdRequest } from '../../nodes/SmmPanel/replies/perId';
import { REFILL_REQUEST, REFILL_STATUS_REQUEST } from '../../nodes/SmmPanel/replies/refills';
import { parseServices } from '../../nodes/SmmPanel/replies/services';
import { panelRequest, type PanelFields } from '../../nodes/SmmPanel/transport';

/** Test-only node: sends one request through the package's transport, inside n8n's real execution context. */
export const TRANSPORT_PROBE_NODE_TYPE = 'test.smmPanelTransportProbe';

/** Each ID's reading (or error), keyed by ID. */
function perId<T>(request: PerIdRequest<T>, json: unknown, ids: number[]): IDataObject {
	return Object.fromEntries([...readPerIdReply(request, json, ids)].map(([id, answer]) => [id, answer.result])) as IDataObject;
}

const READERS: Record<string, (json: unknown, ids: number[]) => unknown> = {
	json: (json) => json,
	services: (json) => parseServices(json),
	add: (json) => parseOrderCreated(json),
	balance: (json) => parseBalance(json),
	status: (json, ids) => perId(ORDER_STATUS_REQUEST, json, ids),
	refill: (json, ids) => perId(REFILL_REQUEST, json, ids),
	refill_status: (json, ids) => perId(REFILL_STATUS_REQUEST, json, ids),
	cancel: (json, ids) => perId(CANCEL_REQUEST, json, ids),
};

export class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'smmPanelTransportProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends one panel request (tests only)',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'smmPanelApi', required: true }],
		properties: [
			{ displayName: 'Action', name: 'action', type: 'string', default: 'balance' },
			{ displayName: 'Fields', name: 'fields', type: 'json', default: '{}' },
			{ displayName: 'Reader', name: 'reader', type: 'string', default: 'json' },
			{ displayName: 'IDs', name: 'ids', type: 'json', default: '[]' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const action = this.getNodeParameter('action', 0) as PanelAction;
		const fields = JSON.parse(this.getNodeParameter('fields', 0) as string) as PanelFields;
		const ids = JSON.parse(this.getNodeParameter('ids', 0) as string) as number[];
		const read = READERS[this.getNodeParameter('reader', 0) as string];
		const started = Date.now();
		const { data, raw } = await panelRequest(this, action, fields, (json) => read(json, ids), {
			topLevelErrorMayBePerId: ids.length > 0,
		});
		return [[{ json: { data: data as IDataObject, raw: raw as IDataObject, ms: Date.now() - started }, pairedItem: { item: 0 } }]];
	}
}
