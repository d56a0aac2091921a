/**
 * The demo's only way to reach a panel: this package's nodes run by n8n-core's WorkflowExecute
 * (through the engine harness in test/engine), exactly as in an n8n workflow. Nothing here
 * builds requests itself, so what the demo shows is what the nodes do.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	createPoller,
	runNode,
	SMM_PANEL_NODE_TYPE,
	SMM_PANEL_TRIGGER_NODE_TYPE,
	type CredentialFixture,
	type Poller,
	type WorkflowJson,
} from '../../test/engine/harness';

/** A node run that failed as a whole (e.g. a rejected key): the tour stops and says why. */
export class DemoStepError extends Error {}

export interface EngineCounter {
	/** Workflow runs and trigger polls the demo asked n8n's engine for. */
	engineRuns: number;
}

/**
 * Runs one SMM Panel operation in a workflow "Manual Trigger -> SMM Panel" (with `input` as the
 * trigger's items) and returns the JSON of the node's output items.
 */
export async function runSmmPanel(
	credential: CredentialFixture,
	parameters: INodeParameters,
	counter: EngineCounter,
	input?: IDataObject[],
): Promise<IDataObject[]> {
	counter.engineRuns++;
	const result = await runNode({ type: SMM_PANEL_NODE_TYPE, parameters, credentials: credential, input });
	const error = result.error(result.nodeName) ?? result.error();
	if (error) {
		const description = 'description' in error && typeof error.description === 'string' && error.description ? `\n  ${error.description}` : '';
		throw new DemoStepError(`${error.message}${description}`);
	}
	return result.items().map((item) => item.json);
}

export const TRIGGER_NAME = 'SMM Panel Trigger';

/**
 * An active workflow holding the SMM Panel Trigger, polled as n8n polls it (with n8n's handling of
 * the trigger's static data). Its first poll() is the activation poll.
 */
export function activateTrigger(credential: CredentialFixture, parameters: INodeParameters): Poller {
	const workflow: WorkflowJson = {
		name: 'Demo: SMM Panel Trigger',
		nodes: [
			{
				id: 'demo-trigger',
				name: TRIGGER_NAME,
				type: SMM_PANEL_TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: credential.reference,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	return createPoller(workflow, { credentials: { [credential.id]: credential } });
}

/** The items a poll emitted (none when it returned null). */
export function emittedItems(emitted: Awaited<ReturnType<Poller['poll']>>): IDataObject[] {
	return (emitted?.[0] ?? []).map((item) => item.json);
}
