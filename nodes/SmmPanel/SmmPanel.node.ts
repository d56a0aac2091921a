import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties, nodeSubtitle } from './actions/description';
import { router } from './actions/router';
import { smmPanelApiTest } from './methods/credentialTest';
import { searchServices } from './methods/listSearch';

export class SmmPanel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMM Panel',
		name: 'smmPanel',
		icon: { light: 'file:../../icons/smmPanel.svg', dark: 'file:../../icons/smmPanel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: nodeSubtitle,
		description: 'Order, track, refill and cancel on an SMM panel (API v2), with batched status checks',
		defaults: { name: 'SMM Panel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Spelled out rather than CREDENTIAL_TYPE: n8n's lint (credential-test-required) reads the
		// credential's name from this literal; a test checks that the two agree.
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
