/**
 * Runs the SMM Panel Trigger the way n8n runs a poll node, with n8n-core's own classes:
 * - active workflow: a PollContext in mode 'trigger', driven by n8n-core's PollTriggerExecutor,
 *   exactly as ActiveWorkflowTriggers does (the activation poll with `testingTrigger = true`, so an
 *   error is thrown to the activator; later polls with `false`, so an error goes to `__emitError`).
 *   One Workflow object for all polls, so the node's static data lives on between them, as in n8n;
 * - "Fetch Test Event": a fresh PollContext in mode 'manual', called as WorkflowExecute does.
 * Requests go through n8n's real HTTP helper to the simulator; the credential is applied as n8n's
 * generic `authenticate` would (the key in the body).
 */
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { SmmPanelTrigger } from '../../nodes/SmmPanel/SmmPanelTrigger.node';
import { ensureN8nRuntime } from '../engine/runtime';

export const TRIGGER_TYPE = 'n8n-nodes-smm-panel.smmPanelTrigger';
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
	/** "Fetch Test Event". */
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

class SingleNodeTypes implements INodeTypes {
	private readonly trigger = new SmmPanelTrigger();

	getByName(): INodeType {
		return this.trigger;
	}

	getByNameAndVersion(): INodeType {
		return this.trigger;
	}

	getKnownTypes() {
		return {};
	}
}

function additionalDataFor(credential: ICredentialDataDecryptedObject): IWorkflowExecuteAdditionalData {
	const credentialsHelper = {
		getParentTypes: () => [],
		getDecrypted: async () => ({ ...credential }),
		preAuthentication: async () => undefined,
		authenticate: async (data: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions) => ({
			...options,
			body: { ...(options.body as IDataObject), key: data.apiKey },
		}),
		getCredentialsProperties: () => [],
		isCredentialUsableByNode: () => true,
	};
	return { credentialsHelper, restApiUrl: '', instanceBaseUrl: '' } as unknown as IWorkflowExecuteAdditionalData;
}

function itemsOf(data: INodeExecutionData[][] | null): IDataObject[] {
	return (data?.[0] ?? []).map((item) => item.json);
}

export function createTriggerDriver(options: DriverOptions): TriggerDriver {
	const container = ensureN8nRuntime();
	const node: INode = {
		id: 'trigger-node',
		name: NODE_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...options.parameters },
		credentials: { smmPanelApi: { id: 'credential-1', name: 'Simulator' } },
	};
	const nodeTypes = new SingleNodeTypes();
	const workflow = new Workflow({ id: 'workflow-1', name: 'Trigger test', nodes: [node], connections: {}, active: true, nodeTypes });
	const workflowNode = workflow.getNode(NODE_NAME) as INode;
	const additionalData = additionalDataFor({ url: options.url, apiKey: options.apiKey });
	const budget = options.pollBudgetMs ?? 5 * 60_000;

	let emitted: IDataObject[] = [];
	let reported: Error[] = [];
	const pollContext = new PollContext(
		workflow,
		workflowNode,
		additionalData,
		'trigger',
		'activate',
		(data) => {
			emitted = itemsOf(data);
		},
		(error) => {
			reported.push(error);
		},
		undefined,
		undefined,
		undefined,
		() => budget,
	);
	const executePoll = container.get(PollTriggerExecutor).create(workflow, workflowNode, pollContext, () => true);
	let activated = false;

	return {
		async poll() {
			emitted = [];
			reported = [];
			// Until a poll succeeded the workflow is not active: n8n activates it again, testing again.
			await executePoll(!activated);
			activated = true;
			return { items: emitted, reported };
		},
		async testEvent() {
			const manualContext = new PollContext(workflow, workflowNode, additionalData, 'manual', 'manual');
			const trigger = nodeTypes.getByName();
			if (!trigger.poll) throw new Error('The trigger has no poll()');
			return itemsOf(await trigger.poll.call(manualContext));
		},
		state() {
			return workflow.getStaticData('node', workflowNode);
		},
		setParameters(parameters) {
			Object.assign(workflowNode.parameters, parameters);
		},
	};
}
