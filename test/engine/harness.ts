/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Engine test harness: runs workflows (JSON as n8n saves them) through n8n-core's real
 * `WorkflowExecute`, with this package's nodes and credential. Expressions, credentials
 * (`authenticate`), pairedItem, Continue On Fail and static data behave as the engine makes them.
 *
 *   const panel = smmPanelApiCredential({ url: sim.url, apiKey: 'key-1' });
 *   const result = await runNode({
 *     type: SMM_PANEL_NODE_TYPE,
 *     parameters: { resource: 'balance', operation: 'get' },
 *     credentials: panel,
 *   });
 *   expect(result.items()).toEqual([{ json: { balance: 12.5, currency: 'USD' }, pairedItem: { item: 0 } }]);
 *
 *   const poller = createPoller(workflowWithTrigger, { credentials: { [panel.id]: panel } });
 *   await poller.poll(); // activation: the immediate first poll
 *   expect(await poller.poll()).toEqual([[{ json: { ... } }]]); // a cron tick
 *
 * Modules: runtime.ts (n8n-core's DI services), node-types.ts (what can run), stand-ins.ts (Manual and
 * Schedule Trigger look-alikes), credentials.ts, engine.ts (running + results), poller.ts (active polling).
 */
import { readFileSync } from 'node:fs';

import { NodeHelpers, UserError } from 'n8n-workflow';
import type { IDataObject, INode, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { InMemoryCredentialsHelper, type CredentialFixture, type StoredCredentials } from './credentials';
import { buildWorkflow, execute, type WorkflowJson, type WorkflowRunResult } from './engine';
import { MANUAL_TRIGGER_NODE_TYPE, latestVersion, loadNodeType } from './node-types';

export {
	InMemoryCredentialsHelper,
	SMM_PANEL_API_CREDENTIAL_TYPE,
	registerCredentialType,
	smmPanelApiCredential,
	type CredentialFixture,
	type SmmPanelApiData,
	type StoredCredential,
	type StoredCredentials,
} from './credentials';
export type { OutputItem, WorkflowJson, WorkflowRunResult } from './engine';
export {
	MANUAL_TRIGGER_NODE_TYPE,
	SCHEDULE_TRIGGER_NODE_TYPE,
	SMM_PANEL_NODE_TYPE,
	SMM_PANEL_TRIGGER_NODE_TYPE,
	registerNodeType,
	type NodeTypeFactory,
} from './node-types';
export { createPoller, type Poller, type PollerOptions } from './poller';
export { deduplicationStore, n8nLogger } from './runtime';
export type { InMemoryDeduplicator } from './deduplication';

export interface RunWorkflowOptions {
	/** Saved credentials by ID; nodes select them with `node.credentials`. */
	credentials?: StoredCredentials;
	/** Default 'manual' (the editor's "Execute workflow"). Pinned data is used in manual runs only. */
	mode?: WorkflowExecuteMode;
	/** The trigger to start from; default the first enabled trigger, as n8n picks it. */
	startNode?: string;
	/** Run only this node and what it depends on (the editor's "Execute step", or "Fetch Test Event" on a trigger). */
	destinationNode?: string;
	/**
	 * Start the run from these items, as if the start node had just emitted them (an active trigger
	 * firing). Usually with `mode: 'trigger'`.
	 */
	triggerItems?: IDataObject[];
	/** The saved static data to run with; default the workflow's own `staticData`. */
	staticData?: IDataObject;
	/** `$vars` */
	variables?: IDataObject;
	/** Stops the execution when it aborts (a user stopping it, a worker shutting down). */
	stopSignal?: AbortSignal;
}

/** Runs a saved workflow through n8n-core's WorkflowExecute. */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunWorkflowOptions = {}): Promise<WorkflowRunResult> {
	const mode = options.mode ?? 'manual';
	const workflow = buildWorkflow(workflowJson, { staticData: options.staticData, active: mode !== 'manual', withPinData: mode === 'manual' });
	return await execute({
		json: workflowJson,
		workflow,
		credentialsHelper: new InMemoryCredentialsHelper(options.credentials),
		mode,
		startNode: options.startNode,
		destinationNode: options.destinationNode,
		triggerOutput: options.triggerItems && [options.triggerItems.map((json) => ({ json }))],
		variables: options.variables,
		stopSignal: options.stopSignal,
	});
}

/**
 * The editor's "Fetch Test Event" on a trigger (polling triggers included): a manual run of just that
 * node through WorkflowExecute, which calls `poll()` with mode and activation mode 'manual'.
 */
export async function fetchTestEvent(
	workflowJson: WorkflowJson,
	triggerNode: string,
	options: Pick<RunWorkflowOptions, 'credentials' | 'staticData' | 'variables'> = {},
): Promise<WorkflowRunResult> {
	return await runWorkflow(workflowJson, { ...options, mode: 'manual', startNode: triggerNode, destinationNode: triggerNode });
}

/** Reads a workflow exported from n8n (Download / copy to a .json file). */
export function loadWorkflowJson(path: string): WorkflowJson {
	const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<WorkflowJson>;
	if (!Array.isArray(json.nodes) || typeof json.connections !== 'object' || json.connections === null) {
		throw new UserError(`${path} is not an n8n workflow (it needs "nodes" and "connections")`);
	}
	return json as WorkflowJson;
}

export interface RunNodeOptions {
	/** e.g. SMM_PANEL_NODE_TYPE */
	type: string;
	parameters?: INodeParameters;
	/** Default: the newest version, as the editor adds it. */
	typeVersion?: number;
	credentials?: CredentialFixture | CredentialFixture[];
	/** The items the node receives (`json` of each). Default: the Manual Trigger's one empty item. */
	input?: IDataObject[];
	/** The node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** The node setting "On Error" in full; wins over `continueOnFail`. */
	onError?: INode['onError'];
	/** The node settings "Retry On Fail", "Max. Tries" and "Wait Between Tries (ms)". */
	retry?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	/** Stops the execution when it aborts. */
	stopSignal?: AbortSignal;
}

export const RUN_NODE_TRIGGER_NAME = "When clicking 'Execute workflow'";

/**
 * The most common workflow in one call: Manual Trigger (with `input` pinned on it) -> the node.
 * The node is named as the editor names it (its `defaults.name`); `result.items()` reads its output.
 */
export async function runNode(options: RunNodeOptions): Promise<WorkflowRunResult & { nodeName: string; workflow: WorkflowJson }> {
	const nodeType = loadNodeType(options.type);
	const typeVersion = options.typeVersion ?? latestVersion(nodeType);
	const { description } = NodeHelpers.getVersionedNodeType(nodeType, typeVersion);
	const nodeName = description.defaults.name ?? description.displayName;
	const fixtures = options.credentials === undefined ? [] : [options.credentials].flat();
	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);

	const node: INode = {
		id: 'node-under-test',
		name: nodeName,
		type: options.type,
		typeVersion,
		position: [220, 0],
		parameters: options.parameters ?? {},
		...(fixtures.length > 0 && { credentials: Object.assign({}, ...fixtures.map((fixture) => fixture.reference)) }),
		...(onError && { onError }),
		...options.retry,
	};
	const workflowJson: WorkflowJson = {
		nodes: [
			{ id: 'manual-trigger', name: RUN_NODE_TRIGGER_NAME, type: MANUAL_TRIGGER_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			node,
		],
		connections: { [RUN_NODE_TRIGGER_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
		pinData: options.input && { [RUN_NODE_TRIGGER_NAME]: options.input.map((json) => ({ json })) },
		staticData: options.staticData,
	};
	const mode = options.mode ?? 'manual';
	const result = await runWorkflow(workflowJson, {
		mode,
		credentials: Object.fromEntries(fixtures.map((fixture) => [fixture.id, fixture])),
		// Outside manual runs n8n ignores pinned data, so the input arrives as the trigger's output.
		triggerItems: mode === 'manual' ? undefined : (options.input ?? [{}]),
		stopSignal: options.stopSignal,
	});
	return Object.assign(result, { nodeName, workflow: workflowJson });
}
