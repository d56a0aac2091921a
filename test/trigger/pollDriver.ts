/**
 * The SMM Panel Trigger alone in an active workflow, polled through the engine harness's poller
 * (n8n-core's PollContext and PollTriggerExecutor, as ActiveWorkflowTriggers drives them), in the
 * shape the trigger's tests read: the items of each poll, the errors it reported, the node's state.
 */
import { UserError, type IDataObject, type INode, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import {
	createPoller,
	fetchTestEvent,
	smmPanelApiCredential,
	SMM_PANEL_TRIGGER_NODE_TYPE,
	type WorkflowJson,
} from '../engine/harness';

export const TRIGGER_TYPE = SMM_PANEL_TRIGGER_NODE_TYPE;
const NODE_NAME = 'SMM Panel Trigger';

export interface PollOutcome {
	/** The items the poll handed to n8n (one per change), or [] when it returned null. */
	items: IDataObject[];
	/** Errors the poll reported through n8n (`__emitError`): each becomes a failed execution. */
	reported: Error[];
}

export interface TriggerDriver {
	/** One poll of the active workflow. The first is the activation poll: its errors are thrown. */
	poll(): Promise<PollOutcome>;
	/** "Fetch Test Event": a manual run of the trigger, which must leave the state as it was. */
	testEvent(): Promise<IDataObject[]>;
	/** The node's static data, live. */
	state(): IDataObject;
	/** Changes node parameters between polls (as the user editing, or an expression's input changing). */
	setParameters(parameters: INodeParameters): void;
}

export interface DriverOptions {
	url: string;
	apiKey: string;
	parameters: INodeParameters;
	/** What `getPollBudgetMs()` answers (n8n-core's default is 5 minutes). */
	pollBudgetMs?: number;
}

function itemsOf(data: INodeExecutionData[][] | null | undefined): IDataObject[] {
	return (data?.[0] ?? []).map((item) => item.json);
}

export function createTriggerDriver(options: DriverOptions): TriggerDriver {
	const credential = smmPanelApiCredential({ url: options.url, apiKey: options.apiKey });
	const node: INode = {
		id: 'trigger-node',
		name: NODE_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...options.parameters },
		credentials: credential.reference,
	};
	const json: WorkflowJson = { id: 'trigger-workflow', name: 'Trigger test', nodes: [node], connections: {} };
	const credentials = { [credential.id]: credential };
	const poller = createPoller(json, { credentials, runWorkflowOnEmit: false, pollBudgetMs: options.pollBudgetMs });
	/** Parameters changed since the driver was created, for manual runs (the poller's node has them already). */
	const edited: INodeParameters = {};

	return {
		async poll() {
			const { emitted, reported } = await poller.pollReporting();
			return { items: itemsOf(emitted), reported };
		},
		async testEvent() {
			// n8n runs "Fetch Test Event" as a manual execution of the saved workflow, with its parameters as they are now.
			const current: WorkflowJson = { ...json, nodes: [{ ...node, parameters: { ...node.parameters, ...edited } }] };
			const result = await fetchTestEvent(current, NODE_NAME, { credentials, staticData: poller.staticData });
			if (result.staticDataChanged) throw new UserError('Fetch Test Event changed the trigger\'s state');
			const error = result.error(NODE_NAME) ?? result.error();
			// The execution keeps the trigger's error as data; the editor shows its message and description.
			if (error) throw new UserError(error.message, { description: error.description ?? undefined });
			return result.items(NODE_NAME).map((item) => item.json);
		},
		state() {
			return poller.nodeStaticData();
		},
		setParameters(parameters) {
			Object.assign(edited, parameters);
			poller.setNodeParameters(parameters);
		},
	};
}
