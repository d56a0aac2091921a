/**
 * A polling trigger in an *active* workflow, polled the way n8n polls it.
 *
 * What n8n does (n8n-core `ActiveWorkflowTriggers.activatePollTrigger` + `PollTriggerExecutor`, and
 * the CLI's `TriggerExecutionContextFactory.getExecutePollFunctions` / `WorkflowStaticDataService`):
 * - on activation it builds one `Workflow` (with the saved static data) and one `PollContext`
 *   (mode 'trigger'), checks the node's "Poll Times", polls once right away (an error there fails
 *   the activation), saves the static data if the poll changed it, then polls on every cron tick
 *   with the same Workflow and context, so the static data a poll changes is what the next poll sees;
 * - when a poll returns items (`__emit`), the static data is saved if changed and a workflow run
 *   starts from those items; a poll that returns `null` saves nothing, but its changes stay in
 *   memory; an error in a tick goes to `__emitError` (n8n records a failed execution).
 *
 * Here, the first `poll()` is the activation poll and every later one a cron tick. No clock runs.
 */
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import { UserError, isSubMinuteCron, toCronExpression } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, TriggerTime, WorkflowActivateMode } from 'n8n-workflow';

import { InMemoryCredentialsHelper, type StoredCredentials } from './credentials';
import { buildAdditionalData, buildWorkflow, execute, plainStaticData, type WorkflowJson, type WorkflowRunResult } from './engine';
import { ensureN8nRuntime } from './runtime';

export interface PollerOptions {
	credentials?: StoredCredentials;
	/** The polling node to run; needed only when the workflow has more than one. */
	pollNode?: string;
	/** How the workflow was activated (`this.getActivationMode()`); default 'activate'. */
	activation?: WorkflowActivateMode;
	/** The saved static data to activate with; default the workflow JSON's `staticData`. */
	staticData?: IDataObject;
	/** Run the workflow on the items a poll emits, as n8n does; default true. */
	runWorkflowOnEmit?: boolean;
	/** What `getPollBudgetMs()` answers; default n8n-core's 5 minutes. */
	pollBudgetMs?: number;
}

/** What one poll handed to n8n: its items (null: nothing), and the errors it reported (each a failed execution). */
export interface PollReport {
	emitted: INodeExecutionData[][] | null;
	reported: Error[];
}

export interface Poller {
	/**
	 * The first call activates the workflow (with its immediate poll); later calls are cron ticks.
	 * Resolves to what the poll emitted (null: nothing), after the workflow run it started; rejects
	 * with the poll's error (n8n would record a failed execution, or fail the activation).
	 */
	poll(): Promise<INodeExecutionData[][] | null>;
	/**
	 * Like `poll()`, but a cron tick's errors (which n8n records as failed executions) come back
	 * beside what the tick emitted instead of rejecting; the activation poll still rejects.
	 */
	pollReporting(): Promise<PollReport>;
	/** The polling node's own static data, live (`getWorkflowStaticData('node')`). */
	nodeStaticData(): IDataObject;
	/** Changes the polling node's parameters between polls, as a user editing the active workflow would. */
	setNodeParameters(parameters: INodeParameters): void;
	/** The workflow's static data as the active workflow holds it in memory. */
	readonly staticData: IDataObject;
	/** The static data as n8n last saved it to the database. */
	readonly savedStaticData: IDataObject;
	/** The cron expressions n8n would poll on, from the node's "Poll Times". */
	readonly schedule: string[];
	/** The workflow runs started by polls that emitted items, oldest first. */
	readonly executions: WorkflowRunResult[];
	/** Deactivates the workflow; later polls are refused. */
	close(): Promise<void>;
}

interface PollOutcome extends PollReport {
	/** The workflow run started from the emitted items. */
	runOfEmit?: Promise<void>;
}

function findPollNode(nodes: INode[], isPollNode: (node: INode) => boolean, name?: string): INode {
	if (name !== undefined) {
		const node = nodes.find((candidate) => candidate.name === name);
		if (!node || !isPollNode(node)) throw new UserError(`"${name}" is not a polling node of this workflow`);
		return node;
	}
	const pollNodes = nodes.filter(isPollNode);
	if (pollNodes.length !== 1) {
		throw new UserError(`The workflow has ${pollNodes.length} enabled polling nodes; pass options.pollNode`);
	}
	return pollNodes[0];
}

export function createPoller(json: WorkflowJson, options: PollerOptions = {}): Poller {
	const container = ensureN8nRuntime();
	const credentialsHelper = new InMemoryCredentialsHelper(options.credentials);
	const workflow = buildWorkflow(json, { staticData: options.staticData, active: true, withPinData: false });
	const pollNodeNames = new Set(workflow.getPollNodes().map((node) => node.name));
	const pollNode = findPollNode(Object.values(workflow.nodes), (node) => pollNodeNames.has(node.name), options.pollNode);

	let savedStaticData = plainStaticData(workflow.staticData);
	/** WorkflowStaticDataService.saveStaticData: writes only when the change flag is set, then clears it. */
	const saveStaticData = () => {
		if (workflow.staticData.__dataChanged === true) {
			savedStaticData = plainStaticData(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
	};

	const executions: WorkflowRunResult[] = [];
	/** What the poll in progress handed to `__emit` / `__emitError`. */
	let current: PollOutcome = { emitted: null, reported: [] };

	const pollFunctions = new PollContext(
		workflow,
		pollNode,
		buildAdditionalData({ workflow, credentialsHelper }),
		'trigger',
		options.activation ?? 'activate',
		(data, _responsePromise, donePromise) => {
			saveStaticData();
			current.emitted = data;
			if (options.runWorkflowOnEmit === false) {
				donePromise?.resolve(undefined);
				return;
			}
			current.runOfEmit = execute({
				json,
				// Like the CLI, the run gets its own Workflow, built with the static data just saved.
				workflow: buildWorkflow(json, { staticData: savedStaticData, active: true, withPinData: false }),
				credentialsHelper,
				mode: 'trigger',
				startNode: pollNode.name,
				triggerOutput: data,
			}).then((result) => {
				executions.push(result);
				donePromise?.resolve(result.run);
			});
		},
		(error) => {
			current.reported.push(error);
		},
		undefined,
		undefined,
		undefined,
		options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs as number,
	);

	// As on activation: "Poll Times" must exist and not be shorter than a minute.
	const pollTimes = pollFunctions.getNodeParameter('pollTimes') as { item?: TriggerTime[] };
	const schedule = (pollTimes.item ?? []).map(toCronExpression);
	if (schedule.some(isSubMinuteCron)) {
		throw new UserError('The polling interval is too short. It has to be at least a minute.');
	}

	let state: 'inactive' | 'active' | 'closed' = 'inactive';
	const executePoll = container.get(PollTriggerExecutor).create(workflow, pollNode, pollFunctions, () => state === 'active');

	const pollReporting = async (): Promise<PollReport> => {
		if (state === 'closed') throw new UserError('The poller was closed');
		const outcome: PollOutcome = { emitted: null, reported: [] };
		current = outcome;
		if (state === 'inactive') {
			// Activation: an error is thrown (activation fails, and the next poll() activates again);
			// otherwise the static data is saved whether or not the poll emitted.
			await executePoll(true);
			state = 'active';
			saveStaticData();
		} else {
			await executePoll();
		}
		await outcome.runOfEmit;
		return { emitted: outcome.emitted, reported: outcome.reported };
	};

	return {
		async poll() {
			const { emitted, reported } = await pollReporting();
			if (reported.length > 0) throw reported[0];
			return emitted;
		},
		pollReporting,
		nodeStaticData() {
			return workflow.getStaticData('node', pollNode);
		},
		setNodeParameters(parameters) {
			Object.assign(pollNode.parameters, parameters);
		},
		get staticData() {
			return plainStaticData(workflow.staticData);
		},
		get savedStaticData() {
			return savedStaticData;
		},
		schedule,
		executions,
		async close() {
			state = 'closed';
		},
	};
}
