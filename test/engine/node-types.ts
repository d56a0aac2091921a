/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The node types the engine can run: this package's nodes under the names n8n gives them when it
 * installs the community package, the two trigger stand-ins, and whatever a test registers.
 *
 * Types are loaded on first use, so a node file that is missing or mid-edit only breaks the tests
 * that run it. When loaded, a type gets the same preparation n8n's node loader (n8n-core's
 * `DirectoryLoader`) gives it; without it, e.g. a polling node would lack its "Poll Times" parameter.
 */
import { join, resolve } from 'node:path';

import { DirectoryLoader } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INodeProperties, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import { ManualTriggerStandIn, ScheduleTriggerStandIn } from './stand-ins';

export type AnyNodeType = INodeType | IVersionedNodeType;
export type NodeTypeFactory = () => AnyNodeType;

export const PACKAGE_ROOT = resolve(__dirname, '../..');
/** n8n registers a community package's nodes as `<package name>.<description.name>`. */
export const PACKAGE_NAME = (require(join(PACKAGE_ROOT, 'package.json')) as { name: string }).name;

export const SMM_PANEL_NODE_TYPE = `${PACKAGE_NAME}.smmPanel`;
export const SMM_PANEL_TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.smmPanelTrigger`;
export const MANUAL_TRIGGER_NODE_TYPE = 'n8n-nodes-base.manualTrigger';
export const SCHEDULE_TRIGGER_NODE_TYPE = 'n8n-nodes-base.scheduleTrigger';

/** n8n-core's own polling parameter ("Poll Times"), which its loader adds to every polling node. */
// Not re-exported from n8n-core's index; this deep import keeps it n8n's definition, not a copy.
const { commonPollingParameters } = require('n8n-core/dist/nodes-loader/constants') as {
	commonPollingParameters: INodeProperties[];
};

/**
 * Returns a factory that requires a module of this package (TypeScript under Jest/ts-node) when
 * first called, and instantiates its exported class `exportName`.
 */
export function fromPackageFile<T extends object = AnyNodeType>(relativePath: string, exportName: string): () => T {
	return () => {
		const moduleExports = require(join(PACKAGE_ROOT, relativePath)) as Record<string, unknown>;
		const ExportedClass = moduleExports[exportName];
		if (typeof ExportedClass !== 'function') {
			throw new Error(`${relativePath} does not export a class named "${exportName}"`);
		}
		return new (ExportedClass as new () => T)();
	};
}

const factories = new Map<string, NodeTypeFactory>([
	[SMM_PANEL_NODE_TYPE, fromPackageFile('nodes/SmmPanel/SmmPanel.node.ts', 'SmmPanel')],
	[SMM_PANEL_TRIGGER_NODE_TYPE, fromPackageFile('nodes/SmmPanel/SmmPanelTrigger.node.ts', 'SmmPanelTrigger')],
	[MANUAL_TRIGGER_NODE_TYPE, () => new ManualTriggerStandIn()],
	[SCHEDULE_TRIGGER_NODE_TYPE, () => new ScheduleTriggerStandIn()],
]);
const loaded = new Map<string, AnyNodeType>();

/**
 * Makes `name` runnable (or replaces what it ran). The factory is called once, on first use.
 * Example: `registerNodeType('test.echo', () => new EchoNode())`.
 */
export function registerNodeType(name: string, factory: NodeTypeFactory): void {
	factories.set(name, factory);
	loaded.delete(name);
}

function versionsOf(nodeType: AnyNodeType): INodeType[] {
	return 'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
}

/**
 * What n8n-core's DirectoryLoader does to a node type after loading its class (less the CORS
 * options it adds to webhook nodes: this package has none).
 */
function prepareLikeN8nLoader(nodeType: AnyNodeType): void {
	for (const version of versionsOf(nodeType)) {
		if (version.description.polling) {
			version.description.properties.unshift(...commonPollingParameters);
		}
		DirectoryLoader.applyDeclarativeNodeOptionParameters(version);
	}
}

/** Fails loudly when a node would be installed under a different name than the one we test. */
function assertInstalledName(name: string, nodeType: AnyNodeType): void {
	if (!name.startsWith(`${PACKAGE_NAME}.`)) return;
	const installedName = `${PACKAGE_NAME}.${nodeType.description.name}`;
	if (installedName !== name) {
		throw new Error(`Node type "${name}" has description.name "${nodeType.description.name}", so n8n would install it as "${installedName}"`);
	}
}

export function loadNodeType(name: string): AnyNodeType {
	const cached = loaded.get(name);
	if (cached) return cached;
	const factory = factories.get(name);
	if (!factory) {
		throw new Error(
			`Unknown node type "${name}". Known: ${[...factories.keys()].join(', ')}. ` +
				'Register others with registerNodeType() from test/engine/harness.',
		);
	}
	const nodeType = factory();
	assertInstalledName(name, nodeType);
	prepareLikeN8nLoader(nodeType);
	loaded.set(name, nodeType);
	return nodeType;
}

/** The version n8n's editor gives a node when it is added to a canvas: the newest one. */
export function latestVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** The `INodeTypes` n8n's `Workflow` and `WorkflowExecute` look node types up in. */
export const nodeTypes: INodeTypes = {
	getByName: (name) => loadNodeType(name),
	getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(loadNodeType(name), version),
	getKnownTypes: (): IDataObject => Object.fromEntries([...factories.keys()].map((name) => [name, {}])),
};

/** Every resource and operation of the SMM Panel node, as its description offers them (in the description's order). */
export function smmPanelOperations(): Array<{ resource: string; operation: string }> {
	const { properties } = (loadNodeType(SMM_PANEL_NODE_TYPE) as INodeType).description;
	return properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => {
			const resource = String(property.displayOptions?.show?.resource?.[0]);
			return (property.options ?? []).map((option) => ({ resource, operation: String((option as { value: unknown }).value) }));
		});
}
