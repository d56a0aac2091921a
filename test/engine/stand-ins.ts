/**
 * STAND-INS for two n8n-nodes-base trigger nodes that our example workflows start with.
 *
 * n8n-nodes-base is not a dependency of this package (it is huge and drags in native modules), so
 * these are minimal look-alikes registered under the real type names. They implement only what a
 * manual run needs, through the same `trigger()` + `manualTriggerFunction` path the real nodes use,
 * so WorkflowExecute treats them exactly like the real ones. Do not grow them into more.
 */
import type { IDataObject, INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/**
 * Stand-in for `n8n-nodes-base.manualTrigger`: emits one empty item when the workflow is executed
 * manually. Items pinned on it (the workflow's `pinData`) replace that item, as in n8n.
 */
export class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger (stand-in)',
		name: 'manualTrigger',
		group: ['trigger', 'input'],
		version: 1,
		description: 'Test stand-in for n8n-nodes-base.manualTrigger',
		maxNodes: 1,
		defaults: { name: "When clicking 'Execute workflow'" },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/**
 * Stand-in for `n8n-nodes-base.scheduleTrigger`, run manually ("Execute workflow"): emits one item
 * describing the current time in the workflow's timezone, like the real node's manual run (the real
 * node has a few more readable-date fields). Its schedule rules are ignored: the harness does not run
 * clocks; to simulate a scheduled run, use `runWorkflow(..., { mode: 'trigger', triggerItems })`.
 */
export class ScheduleTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Schedule Trigger (stand-in)',
		name: 'scheduleTrigger',
		group: ['trigger', 'schedule'],
		// Saved workflows use any of the real node's versions; the stand-in behaves the same for all.
		version: [1, 1.1, 1.2, 1.3, 1.4],
		description: 'Test stand-in for n8n-nodes-base.scheduleTrigger',
		defaults: { name: 'Schedule Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		if (this.getMode() !== 'manual') return {};
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([describeNow(this.getTimezone())])]);
		};
		return { manualTriggerFunction };
	}
}

function describeNow(timeZone: string): IDataObject {
	const now = new Date();
	const part = (options: Intl.DateTimeFormatOptions) =>
		new Intl.DateTimeFormat('en-US', { timeZone, ...options }).format(now);
	return {
		timestamp: now.toISOString(),
		'Day of week': part({ weekday: 'long' }),
		Year: part({ year: 'numeric' }),
		Month: part({ month: 'long' }),
		'Day of month': part({ day: '2-digit' }),
		Hour: part({ hour: '2-digit', hourCycle: 'h23' }),
		Minute: part({ minute: '2-digit' }).padStart(2, '0'),
		Second: part({ second: '2-digit' }).padStart(2, '0'),
		Timezone: timeZone,
	};
}
