import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from './actions/description';
import { router } from './actions/router';
import { smmPanelApiTest } from './methods/credentialTest';
import { searchServices } from './methods/listSearch';

export class SmmPanel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMM Panel',
		name: 'smmPanel',
		icon: { light: 'file:smmPanel.svg', dark: 'file:smmPanel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Order, track, refill and cancel on an SMM panel (API v2), with batched status checks',
		defaults: { name: 'SMM Panel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smmPanelApi', required: true, testedBy: 'smmPanelApiTest' }],
		properties: nodeProperties,
	};

	methods = {
		listSearch: { searchServices },
		credentialTest: { smmPanelApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
