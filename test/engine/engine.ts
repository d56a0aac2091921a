/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The plumbing shared by `runWorkflow`, `runNode` and `createPoller`: turning saved workflow JSON into
 * n8n's `Workflow`, building the `additionalData` n8n-core expects from the CLI, running
 * `WorkflowExecute`, and reading the run back in a form tests can assert on.
 */
import { performance } from 'node:perf_hooks';

import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import { UserError, Workflow, createRunExecutionData, deepCopy } from 'n8n-workflow';
import type {
	ExecutionError,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IRunData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { InMemoryCredentialsHelper } from './credentials';
import { nodeTypes } from './node-types';
import { ensureN8nRuntime } from './runtime';

/** A workflow as n8n saves/exports it (only the fields the engine reads). */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	/** Items pinned per node name: `{ json }` items (current exports) or plain objects (older ones). */
	pinData?: Record<string, Array<INodeExecutionData | IDataObject>>;
	staticData?: IDataObject | null;
	settings?: IWorkflowSettings;
}

/** One output item as a test wants to see it. */
export interface OutputItem {
	json: IDataObject;
	pairedItem?: INodeExecutionData['pairedItem'];
}

export interface WorkflowRunResult {
	/** The full run, as n8n would store the execution. */
	readonly run: IRun;
	readonly runData: IRunData;
	/** The nodes that ran, in the order they finished. */
	readonly executedNodes: string[];
	/** The workflow's static data after the run (plain JSON, as n8n stores it). Pass it to the next run. */
	readonly staticData: IDataObject;
	/** Whether the run changed the static data. n8n then saves it, except after manual runs. */
	readonly staticDataChanged: boolean;
	/** Wall time of the engine run, in milliseconds. */
	readonly durationMs: number;
	/**
	 * The items of the last run of `nodeName` (default: the node that ran last), on one output.
	 * Throws, with the reason, when the node did not run or failed without output.
	 */
	items(nodeName?: string, outputIndex?: number): OutputItem[];
	/** The error of the last run of `nodeName`, or without a name, the execution's error. */
	error(nodeName?: string): ExecutionError | undefined;
}

const DEFAULT_WORKFLOW_ID = 'engine-harness-workflow';
/** n8n's default address; nodes only see it in URLs ($execution.resumeUrl, webhook URLs). */
const INSTANCE_BASE_URL = 'http://localhost:5678/';

let executionCounter = 0;

/** Static data as n8n writes it to the database: plain JSON (the change flag is not enumerable). */
export function plainStaticData(staticData: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}

/** Accepts both pin data formats n8n has exported: `{ json }` items and bare objects. */
function normalizePinData(pinData: WorkflowJson['pinData']): IPinData | undefined {
	if (!pinData) return undefined;
	const normalized: IPinData = {};
	for (const [nodeName, items] of Object.entries(pinData)) {
		normalized[nodeName] = items.map((item) =>
			typeof item.json === 'object' && item.json !== null ? (item as INodeExecutionData) : { json: item as IDataObject },
		);
	}
	return normalized;
}

/**
 * n8n's `Workflow` for saved JSON. The JSON is copied: the constructor writes parameter defaults into
 * the nodes, and tests reuse their workflow objects.
 */
export function buildWorkflow(
	json: WorkflowJson,
	{ staticData, active, withPinData }: { staticData?: IDataObject; active: boolean; withPinData: boolean },
): Workflow {
	ensureN8nRuntime();
	const copy = deepCopy(json);
	return new Workflow({
		id: copy.id ?? DEFAULT_WORKFLOW_ID,
		name: copy.name ?? 'Engine harness workflow',
		nodes: copy.nodes,
		connections: copy.connections,
		active,
		nodeTypes,
		staticData: deepCopy(staticData ?? copy.staticData ?? {}),
		// Workflows saved by n8n >= 1.0 all carry executionOrder v1; hand-written ones mean the same.
		settings: copy.settings ?? { executionOrder: 'v1' },
		pinData: withPinData ? normalizePinData(copy.pinData) : undefined,
	});
}

function workflowBase(workflow: Workflow, json: WorkflowJson): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? '',
		active: workflow.active,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes: json.nodes,
		connections: json.connections,
		settings: workflow.settings,
		activeVersionId: null,
	};
}

const notAvailable = (feature: string) => async (): Promise<never> => {
	throw new UserError(`${feature} is not available in the engine harness`);
};

/**
 * What n8n's CLI (`WorkflowExecuteAdditionalData.getBase`) gives n8n-core. Pass `hooks` and an
 * `executionId` for a workflow run; a poll context gets neither, as in n8n.
 */
export function buildAdditionalData({
	workflow,
	credentialsHelper,
	executionId,
	hooks,
	variables = {},
}: {
	workflow: Workflow;
	credentialsHelper: InMemoryCredentialsHelper;
	executionId?: string;
	hooks?: ExecutionLifecycleHooks;
	variables?: IDataObject;
}): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId: workflow.id,
		workflowSettings: workflow.settings,
		variables,
		currentNodeExecutionIndex: 0,
		instanceBaseUrl: INSTANCE_BASE_URL,
		restApiUrl: `${INSTANCE_BASE_URL}rest`,
		formBaseUrl: `${INSTANCE_BASE_URL}form`,
		formWaitingBaseUrl: `${INSTANCE_BASE_URL}form-waiting`,
		formTestBaseUrl: `${INSTANCE_BASE_URL}form-test`,
		webhookBaseUrl: `${INSTANCE_BASE_URL}webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_BASE_URL}webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_BASE_URL}webhook-test`,
		mcpBaseUrl: `${INSTANCE_BASE_URL}mcp`,
		mcpTestBaseUrl: `${INSTANCE_BASE_URL}mcp-test`,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		startRunnerTask: notAvailable('The task runner (Code node)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
	};
}

export interface ExecuteOptions {
	json: WorkflowJson;
	workflow: Workflow;
	credentialsHelper: InMemoryCredentialsHelper;
	mode: WorkflowExecuteMode;
	startNode?: string;
	/** Run only up to (and including) this node, like "Execute step" in the editor. */
	destinationNode?: string;
	/** What the start node emitted, as when an active trigger fires: the run starts from this data. */
	triggerOutput?: INodeExecutionData[][];
	variables?: IDataObject;
	/** Stops the execution when it aborts, as n8n does when a user stops it or its worker shuts down. */
	stopSignal?: AbortSignal;
}

function nodeOrThrow(workflow: Workflow, name: string): INode {
	const node = workflow.getNode(name);
	if (!node) throw new UserError(`The workflow has no node named "${name}"`);
	return node;
}

/** Runs a workflow through n8n-core's `WorkflowExecute` and collects the result. */
export async function execute(options: ExecuteOptions): Promise<WorkflowRunResult> {
	const { json, workflow, credentialsHelper, mode, triggerOutput } = options;
	const executionId = `harness-execution-${++executionCounter}`;

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowBase(workflow, json));
	const executedNodes: string[] = [];
	let staticDataChanged = false;
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});
	// n8n-core passes the static data here only when the run changed it; the CLI saves it then.
	hooks.addHandler('workflowExecuteAfter', (_run, newStaticData) => {
		staticDataChanged = newStaticData !== undefined;
	});

	const additionalData = buildAdditionalData({ workflow, credentialsHelper, executionId, hooks, variables: options.variables });
	const startNode = options.startNode === undefined ? undefined : nodeOrThrow(workflow, options.startNode);
	if (options.destinationNode !== undefined) nodeOrThrow(workflow, options.destinationNode);

	const startedAt = performance.now();
	let run: IRun;
	if (triggerOutput) {
		// How the CLI starts a run for data an active trigger or poller emitted.
		const triggerNode = startNode ?? workflow.getStartNode();
		if (!triggerNode) throw new UserError('The workflow has no trigger node to start from');
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: triggerNode, data: { main: triggerOutput }, source: null }] },
		});
		run = await stoppable(new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow), options.stopSignal);
	} else {
		run = await stoppable(
			new WorkflowExecute(additionalData, mode).run({
				workflow,
				startNode,
				destinationNode: options.destinationNode ? { nodeName: options.destinationNode, mode: 'inclusive' } : undefined,
				// n8n uses pinned data in manual runs only; production runs ignore it.
				pinData: mode === 'manual' ? workflow.pinData : undefined,
			}),
			options.stopSignal,
		);
	}
	const durationMs = performance.now() - startedAt;

	return createRunResult({ run, executedNodes, staticData: plainStaticData(workflow.staticData), staticDataChanged, durationMs });
}

/** WorkflowExecute's run, cancelled (as n8n cancels it) once `signal` aborts. */
async function stoppable(running: ReturnType<WorkflowExecute['run']>, signal: AbortSignal | undefined): Promise<IRun> {
	if (signal?.aborted) running.cancel();
	else signal?.addEventListener('abort', () => running.cancel(), { once: true });
	return await running;
}

function createRunResult(parts: {
	run: IRun;
	executedNodes: string[];
	staticData: IDataObject;
	staticDataChanged: boolean;
	durationMs: number;
}): WorkflowRunResult {
	const { run } = parts;
	const { runData } = run.data.resultData;
	const lastTask = (nodeName: string) => runData[nodeName]?.at(-1);
	const defaultNode = () => {
		const last = run.data.resultData.lastNodeExecuted;
		if (!last) throw new Error(`No node ran${describeError(run.data.resultData.error)}`);
		return last;
	};

	return {
		...parts,
		runData,
		items(nodeName = defaultNode(), outputIndex = 0) {
			const task = lastTask(nodeName);
			if (!task) {
				const ran = Object.keys(runData);
				throw new Error(
					`Node "${nodeName}" did not run (nodes that ran: ${ran.length ? ran.join(', ') : 'none'})` +
						describeError(run.data.resultData.error),
				);
			}
			// A node that failed under Continue On Fail has both: its error and the items it passed on.
			if (task.error && !task.data) throw new Error(`Node "${nodeName}" failed${describeError(task.error)}`);
			const output = task.data?.main?.[outputIndex] ?? [];
			return output.map(({ json, pairedItem }) => (pairedItem === undefined ? { json } : { json, pairedItem }));
		},
		error(nodeName) {
			return nodeName === undefined ? run.data.resultData.error : lastTask(nodeName)?.error;
		},
	};
}

function describeError(error: ExecutionError | undefined): string {
	if (!error) return '';
	const description = 'description' in error && error.description ? ` (${error.description})` : '';
	return `: ${error.message}${description}`;
}
