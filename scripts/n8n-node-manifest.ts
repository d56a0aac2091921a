/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * Writes examples/n8n-node-types.json: the n8n-nodes-base node types the example workflows use,
 * with every typeVersion the given n8n install has for each. The examples test checks the
 * examples against this file, so it needs no n8n install (n8n-nodes-base is not a dependency).
 *
 *   node -r ts-node/register/transpile-only scripts/n8n-node-manifest.ts <n8n install>
 *
 * <n8n install> is a folder holding node_modules/n8n-nodes-base (e.g. where `npm install n8n`
 * ran), or the n8n-nodes-base package itself. Versions are read from the node classes, as n8n
 * loads them: a versioned node's `nodeVersions`, else its description's `version`. It also fails
 * when an example's node has a version this n8n lacks, or parameters it would drop on import (the
 * install's own n8n-workflow decides what it keeps). Run it again after adding a node type to an
 * example, or to move the examples to a newer n8n.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const EXAMPLES_DIR = resolve(__dirname, '../examples');
export const MANIFEST_FILE = 'n8n-node-types.json';
const BASE_PACKAGE = 'n8n-nodes-base';

export interface NodeTypeManifest {
	/** Where the versions were read from, e.g. "n8n 2.40.5 (n8n-nodes-base 2.40.2)". */
	source: string;
	/** By full type name ("n8n-nodes-base.if"): the versions that n8n has. */
	nodes: Record<string, { displayName: string; versions: number[] }>;
}

interface KnownNode {
	className: string;
	sourcePath: string;
}

/** What a loaded node class looks like, versioned or not. */
interface LoadedNodeType {
	description: NodeDescription;
	nodeVersions?: Record<string, { description: NodeDescription }>;
}

interface NodeDescription {
	displayName: string;
	version?: number | number[];
	properties: unknown[];
}

/** The install's own n8n-workflow: what n8n keeps of a node's saved parameters when it loads it. */
interface InstalledNodeHelpers {
	getNodeParameters(properties: unknown[], parameters: object, returnDefaults: boolean, returnNoneDisplayed: boolean, node: object, description: object): object | null;
}

function readJson<T>(path: string): T {
	return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function findBasePackage(installPath: string): string {
	const candidates = [
		join(installPath, 'node_modules', BASE_PACKAGE),
		join(installPath, 'node_modules', 'n8n', 'node_modules', BASE_PACKAGE),
		installPath,
	];
	const found = candidates.find((candidate) => existsSync(join(candidate, 'dist', 'known', 'nodes.json')));
	if (found === undefined) {
		throw new Error(`No ${BASE_PACKAGE} in ${installPath} (looked for dist/known/nodes.json in ${candidates.join(', ')})`);
	}
	return found;
}

function describeSource(installPath: string, basePackage: string): string {
	const baseVersion = readJson<{ version: string }>(join(basePackage, 'package.json')).version;
	const n8nPackage = join(installPath, 'node_modules', 'n8n', 'package.json');
	return existsSync(n8nPackage)
		? `n8n ${readJson<{ version: string }>(n8nPackage).version} (${BASE_PACKAGE} ${baseVersion})`
		: `${BASE_PACKAGE} ${baseVersion}`;
}

export interface ExampleNode {
	file: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

/** Every node of every example workflow (the manifest itself excluded). */
export function exampleNodes(examplesDir = EXAMPLES_DIR): ExampleNode[] {
	return readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json') && file !== MANIFEST_FILE)
		.sort()
		.flatMap((file) => {
			const workflow = readJson<{ nodes?: Array<Omit<ExampleNode, 'file'>> }>(join(examplesDir, file));
			return (workflow.nodes ?? []).map(({ name, type, typeVersion, parameters }) => ({ file, name, type, typeVersion, parameters: parameters ?? {} }));
		});
}

function versionsOf(nodeType: LoadedNodeType): number[] {
	if (nodeType.nodeVersions !== undefined) return Object.keys(nodeType.nodeVersions).map(Number);
	const { version } = nodeType.description;
	return version === undefined ? [1] : [version].flat();
}

function main(): number {
	const installArgument = process.argv[2];
	if (installArgument === undefined || installArgument.startsWith('-')) {
		console.error('Usage: node -r ts-node/register/transpile-only scripts/n8n-node-manifest.ts <n8n install folder>');
		return 2;
	}
	const installPath = resolve(installArgument);
	const basePackage = findBasePackage(installPath);
	const known = readJson<Record<string, KnownNode>>(join(basePackage, 'dist', 'known', 'nodes.json'));

	const nodes = exampleNodes();
	const { NodeHelpers } = require(require.resolve('n8n-workflow', { paths: [basePackage] })) as { NodeHelpers: InstalledNodeHelpers };
	const loadedTypes = new Map<string, LoadedNodeType>();
	const usedTypes = [...new Set(nodes.map((node) => node.type).filter((type) => type.startsWith(`${BASE_PACKAGE}.`)))].sort();
	const manifest: NodeTypeManifest = { source: describeSource(installPath, basePackage), nodes: {} };
	let problems = 0;
	for (const type of usedTypes) {
		const entry = known[type.slice(BASE_PACKAGE.length + 1)];
		if (entry === undefined) {
			console.error(`${type}: not a node of this n8n`);
			problems++;
			continue;
		}
		// Loaded from the install's own files, so its own n8n-workflow and dependencies are used.
		const moduleExports = require(join(basePackage, entry.sourcePath)) as Record<string, new () => LoadedNodeType>;
		const nodeType = new moduleExports[entry.className]();
		loadedTypes.set(type, nodeType);
		const versions = versionsOf(nodeType).sort((a, b) => a - b);
		manifest.nodes[type] = { displayName: nodeType.description.displayName, versions };
	}
	for (const node of nodes) {
		const listed = manifest.nodes[node.type];
		if (listed !== undefined && !listed.versions.includes(node.typeVersion)) {
			console.error(`${node.file}: "${node.name}" uses ${node.type} version ${node.typeVersion}; this n8n has ${listed.versions.join(', ')}`);
			problems++;
			continue;
		}
		// A parameter n8n does not keep (misspelt, or not shown for this resource and operation) would be lost on import.
		const nodeType = loadedTypes.get(node.type);
		const description = nodeType?.nodeVersions?.[node.typeVersion]?.description ?? nodeType?.description;
		if (description === undefined) continue;
		const kept = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
		const dropped = Object.keys(node.parameters).filter((name) => !(name in kept));
		if (dropped.length > 0) {
			console.error(`${node.file}: "${node.name}" (${node.type} ${node.typeVersion}) has parameters this n8n drops: ${dropped.join(', ')}`);
			problems++;
		}
	}
	const outFile = join(EXAMPLES_DIR, MANIFEST_FILE);
	// One line per version list: the file is read by people reviewing a change of n8n version.
	const text = JSON.stringify(manifest, null, '\t').replace(/\[\s+([\d.,\s]+?)\s+\]/g, (_list, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`);
	writeFileSync(outFile, `${text}\n`);
	console.log(`Wrote ${outFile}: ${usedTypes.length} node types from ${manifest.source}.`);
	return problems === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main();
