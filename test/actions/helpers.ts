/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Shared set-up for the action node's tests: one simulated panel per test file, and `run()`, which
 * runs the SMM Panel node through n8n's real WorkflowExecute (Manual Trigger -> SMM Panel).
 */
import type { IDataObject, INodeParameterResourceLocator, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { deduplicationStore, runNode, smmPanelApiCredential, SMM_PANEL_NODE_TYPE, type RunNodeOptions, type SmmPanelApiData } from '../engine/harness';
import { startSimulator, type PanelSimulator, type RecordedRequest, type SimulatorOptions } from '../simulator';

/** A key no output or error may contain. */
export const TEST_KEY = 'sk-live-7f3a9c2e51d84b60';

export interface RunOptions {
	input?: IDataObject[];
	continueOnFail?: boolean;
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	/** The node settings Retry On Fail, Max. Tries, Wait Between Tries. */
	retry?: RunNodeOptions['retry'];
	stopSignal?: AbortSignal;
	/** The credential's Request Timeout (Seconds). */
	timeoutSeconds?: number;
	/** Other credential settings (Batch Requests, Request Body, Requests Per Minute Limit). */
	credential?: Pick<SmmPanelApiData, 'batchRequests' | 'requestBody' | 'requestsPerMinute'>;
}

export type NodeRun = Awaited<ReturnType<typeof runNode>>;

/** The execution hints of a node's last run, as the editor shows them above its output. */
export function hintsOf(run: NodeRun, nodeName = run.nodeName): string[] {
	return (run.runData[nodeName]?.at(-1)?.hints ?? []).map((hint) => hint.message);
}

export interface Panel {
	readonly sim: PanelSimulator;
	run(parameters: INodeParameters, options?: RunOptions): Promise<NodeRun>;
}

export function usePanel(options: SimulatorOptions = {}): Panel {
	let sim: PanelSimulator | undefined;
	beforeAll(async () => {
		sim = await startSimulator({ key: TEST_KEY, ...options });
	});
	afterAll(async () => {
		await sim?.close();
	});
	beforeEach(() => {
		sim?.clearRequests();
		sim?.clearFaults();
		// Each test starts with n8n's database as new: no order of an earlier test is held back as its duplicate.
		deduplicationStore().reset();
	});
	const current = (): PanelSimulator => {
		if (!sim) throw new Error('The simulator is not running (use usePanel() at the top of a describe block)');
		return sim;
	};
	return {
		get sim() {
			return current();
		},
		async run(parameters, runOptions = {}) {
			return await runAgainst(current(), parameters, runOptions);
		},
	};
}

/** Runs the SMM Panel node against a given simulator. */
export async function runAgainst(sim: PanelSimulator, parameters: INodeParameters, options: RunOptions = {}): Promise<NodeRun> {
	return await runNode({
		type: SMM_PANEL_NODE_TYPE,
		parameters,
		credentials: smmPanelApiCredential({ url: sim.url, apiKey: sim.key, timeout: options.timeoutSeconds, ...options.credential }),
		input: options.input,
		continueOnFail: options.continueOnFail,
		staticData: options.staticData,
		mode: options.mode,
		retry: options.retry,
		stopSignal: options.stopSignal,
	});
}

/** A resource locator value, "By ID". */
export function byId(id: number | string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value: String(id) };
}

/** A resource locator value, "From List" (as the editor saves a picked entry). */
export function fromList(id: number | string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'list', value: String(id), cachedResultName: `Service ${id}` };
}

export function requestsFor(sim: PanelSimulator, action: string): RecordedRequest[] {
	return sim.requests.filter((request) => request.action === action);
}

/** The form exactly as received: field names and values, in the order sent. */
export function formPairs(request: RecordedRequest): Array<[string, string]> {
	return Object.entries(request.form);
}

/** The urlencoded body n8n sends for these fields in this order. */
export function encodedBody(pairs: Array<[string, string]>): string {
	return new URLSearchParams(pairs).toString();
}

/** Everything a run produced that a user could see: output, error message and description. */
export function visibleText(run: NodeRun, nodeName = run.nodeName): string {
	const error = run.error(nodeName) ?? run.error();
	let output: unknown = [];
	try {
		output = run.items(nodeName);
	} catch {
		output = [];
	}
	return JSON.stringify({ output, message: error?.message, description: error?.description, error });
}
