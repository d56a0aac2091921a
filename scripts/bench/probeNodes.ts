/**
 * Node types for the benchmark. Test-only ones that isolate what n8n itself costs, on the same items and engine as the
 * SMM Panel runs: a pass-through (the engine's per-run and per-item overhead) and a node that
 * evaluates one expression parameter per item, as the SMM Panel node does in "Parameter" mode
 * (`orderIds: '={{ $json.id }}'`) before any request is sent.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { registerNodeType } from '../../test/engine/harness';

export const PASS_THROUGH_NODE_TYPE = 'bench.passThrough';
export const READ_EXPRESSION_NODE_TYPE = 'bench.readExpression';

function description(name: string, displayName: string): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: 'Benchmark probe',
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
	};
}

class PassThrough implements INodeType {
	description = description('passThrough', 'Pass Through');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class ReadExpression implements INodeType {
	description = description('readExpression', 'Read Expression');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		let checksum = 0;
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			// The sum keeps the evaluation from being optimised away.
			checksum += Number(this.getNodeParameter('value', itemIndex));
		}
		if (!Number.isFinite(checksum)) throw new Error('The expression did not return numbers');
		// The same output as the pass-through, so the difference between the two is the evaluation.
		return [items];
	}
}

export function registerProbeNodes(): void {
	registerNodeType(PASS_THROUGH_NODE_TYPE, () => new PassThrough());
	registerNodeType(READ_EXPRESSION_NODE_TYPE, () => new ReadExpression());
}
