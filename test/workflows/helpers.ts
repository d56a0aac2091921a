/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Shared set-up for the workflow tests: saved workflows (the fixtures here, and examples/) run by
 * n8n's engine (test/engine/harness) against a simulated panel over real HTTP.
 *
 * Every workflow selects the credential { id: "smmPanelAccount", name: "SMM Panel account" }, as
 * the examples do; `usePanel()` saves a credential under that ID pointing at the simulator.
 */
import { join, resolve } from 'node:path';

import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import {
	deduplicationStore,
	loadWorkflowJson,
	MANUAL_TRIGGER_NODE_TYPE,
	smmPanelApiCredential,
	type CredentialFixture,
	type OutputItem,
	type StoredCredentials,
	type WorkflowJson,
} from '../engine/harness';
import { startSimulator, type PanelSimulator } from '../simulator';

export const EXAMPLES_DIR = resolve(__dirname, '../../examples');
const FIXTURES_DIR = join(__dirname, 'fixtures');

/** The credential the examples and fixtures select. */
export const WORKFLOW_CREDENTIAL = { id: 'smmPanelAccount', name: 'SMM Panel account' };

/** A key that must reach the panel in every request and appear in no output. */
export const PANEL_KEY = 'sk-live-workflows-5d1e8f27a93c';

export const MANUAL_TRIGGER = "When clicking 'Execute workflow'";

export function loadFixture(file: string): WorkflowJson {
	return loadWorkflowJson(join(FIXTURES_DIR, file));
}

export function loadExample(file: string): WorkflowJson {
	return loadWorkflowJson(join(EXAMPLES_DIR, file));
}

export interface Panel {
	readonly sim: PanelSimulator;
	readonly credential: CredentialFixture;
	/** For `runWorkflow` / `createPoller`: the saved credential the workflows select. */
	readonly credentials: StoredCredentials;
}

/**
 * A simulated panel for each test (`beforeEach`), so order IDs start at 1001 in every test: the
 * examples and some fixtures name orders by ID, as a user's saved workflow does.
 */
export function usePanel(): Panel {
	let current: { sim: PanelSimulator; credential: CredentialFixture } | undefined;
	beforeEach(async () => {
		// n8n's database as new for each test: no order of an earlier test is held back as its duplicate.
		deduplicationStore().reset();
		const sim = await startSimulator({ key: PANEL_KEY });
		current = { sim, credential: smmPanelApiCredential({ url: sim.url, apiKey: sim.key }, WORKFLOW_CREDENTIAL) };
	});
	afterEach(async () => {
		await current?.sim.close();
		current = undefined;
	});
	const running = () => {
		if (!current) throw new Error('usePanel(): the simulator runs only inside a test');
		return current;
	};
	return {
		get sim() {
			return running().sim;
		},
		get credential() {
			return running().credential;
		},
		get credentials() {
			const { credential } = running();
			return { [credential.id]: credential };
		},
	};
}

/** The JSON of output items, which is what most assertions are about. */
export function jsonOf(items: OutputItem[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** The input item each output item is paired with (n8n's item linking). */
export function pairedIndexes(items: OutputItem[]): Array<number | undefined> {
	return items.map(({ pairedItem }) => (typeof pairedItem === 'object' && !Array.isArray(pairedItem) ? pairedItem.item : undefined));
}

/** A copy of the workflow with items pinned on a node (the editor's "Pin data"). */
export function withPinnedItems(workflow: WorkflowJson, nodeName: string, items: IDataObject[]): WorkflowJson {
	return { ...workflow, pinData: { ...workflow.pinData, [nodeName]: items.map((json) => ({ json })) } };
}

/**
 * Part of a saved workflow: the named nodes, exactly as saved, and the connections between them.
 * With `pinnedInput`, a Manual Trigger holding those items is connected to the first named node,
 * as if they had come from the node that was left out (a form, a sheet).
 */
export function partOf(workflow: WorkflowJson, nodeNames: string[], { pinnedInput }: { pinnedInput?: IDataObject[] } = {}): WorkflowJson {
	const kept = new Set(nodeNames);
	const nodes: INode[] = workflow.nodes.filter((node) => kept.has(node.name));
	const missing = nodeNames.filter((name) => !nodes.some((node) => node.name === name));
	if (missing.length > 0) throw new Error(`The workflow has no node named ${missing.join(', ')}`);

	const connections: IConnections = {};
	for (const [source, byType] of Object.entries(workflow.connections)) {
		if (!kept.has(source)) continue;
		const main = (byType.main ?? []).map((targets) => (targets ?? []).filter((target) => kept.has(target.node)));
		connections[source] = { main };
	}
	const part: WorkflowJson = { ...workflow, nodes, connections, pinData: undefined };
	if (pinnedInput === undefined) return part;
	const trigger: INode = {
		id: 'pinned-input',
		name: MANUAL_TRIGGER,
		type: MANUAL_TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [-220, 0],
		parameters: {},
	};
	return withPinnedItems(
		{
			...part,
			nodes: [trigger, ...nodes],
			connections: { ...connections, [MANUAL_TRIGGER]: { main: [[{ node: nodeNames[0], type: 'main', index: 0 }]] } },
		},
		MANUAL_TRIGGER,
		pinnedInput,
	);
}

/** Every node of the workflow by name. */
export function nodeNamed(workflow: WorkflowJson, name: string): INode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`The workflow has no node named "${name}"`);
	return node;
}

/**
 * The JSON fields a node's expressions read from an item: `$json.field`, `$json['field']` and
 * `$('Node').item.json.field`, each with the node it reads from ('$json': the input item).
 */
export function fieldsReadByExpressions(node: INode): Array<{ from: string; field: string }> {
	const text = JSON.stringify(node.parameters);
	const reads: Array<{ from: string; field: string }> = [];
	const patterns: Array<[RegExp, (match: RegExpExecArray) => { from: string; field: string }]> = [
		[/\$json\.([A-Za-z_][\w]*)/g, (match) => ({ from: '$json', field: match[1] })],
		[/\$json\[\s*\\?['"]([^'"\\]+)\\?['"]\s*\]/g, (match) => ({ from: '$json', field: match[1] })],
		[/\$\(\s*\\?['"]([^'"\\]+)\\?['"]\s*\)\.item\.json\.([A-Za-z_][\w]*)/g, (match) => ({ from: match[1], field: match[2] })],
		[/\$\(\s*\\?['"]([^'"\\]+)\\?['"]\s*\)\.item\.json\[\s*\\?['"]([^'"\\]+)\\?['"]\s*\]/g, (match) => ({ from: match[1], field: match[2] })],
	];
	for (const [pattern, toRead] of patterns) {
		for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) reads.push(toRead(match));
	}
	return reads;
}

/**
 * Every field an expression reads from an item must be in the items that node would see. `samples`
 * holds the items of the nodes a test ran (or, for n8n's own nodes, what they are known to output).
 * `$json` is read from the node's input: the node connected to it.
 */
export function expectReadsAvailable(workflow: WorkflowJson, nodeNames: string[], samples: Record<string, IDataObject[]>): void {
	for (const nodeName of nodeNames) {
		const node = nodeNamed(workflow, nodeName);
		const parent = Object.entries(workflow.connections).find(([, byType]) =>
			(byType.main ?? []).some((targets) => (targets ?? []).some((target) => target.node === nodeName)),
		)?.[0];
		for (const read of fieldsReadByExpressions(node)) {
			const source = read.from === '$json' ? parent : read.from;
			const items = source === undefined ? undefined : samples[source];
			expect({ node: nodeName, reads: `${source ?? '(no input)'}: ${read.field}`, known: items !== undefined }).toEqual({
				node: nodeName,
				reads: `${source ?? '(no input)'}: ${read.field}`,
				known: true,
			});
			expect({ node: nodeName, field: read.field, present: (items ?? []).some((item) => read.field in item) }).toEqual({
				node: nodeName,
				field: read.field,
				present: true,
			});
		}
	}
}
