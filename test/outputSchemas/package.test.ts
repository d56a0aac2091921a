/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test and developer tooling: runs npm pack and tar in this repo only; n8n never loads it */
/**
 * The schema files reach users: `npm pack` (what the registry and n8n's community-package install
 * get) ships them beside the built nodes, and n8n's resolver finds each one from the folder of the
 * node file that package.json's "n8n" section names. Reads the build in dist/ (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import { PACKAGE_ROOT, smmPanelOperations } from '../engine/node-types';
import { schemaPath, SOURCE_NODE_DIR, type SchemaRef } from './check';

interface PackageJson {
	n8n: { nodes: string[] };
}

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Every node's schemas: the action node's operations, and the trigger's one file. */
const REFS: SchemaRef[] = [
	...smmPanelOperations().map(({ resource, operation }) => ({ version: 1, resource, operation })),
	{ version: 1 },
];

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

describe('the packed package', () => {
	let unpacked: string;

	beforeAll(() => {
		if (!existsSync(join(PACKAGE_ROOT, 'dist/nodes/SmmPanel/SmmPanel.node.js'))) {
			throw new Error('No build in dist/: run `npm run build` (npm test does) before this test');
		}
		unpacked = mkdtempSync(join(tmpdir(), 'smm-panel-pack-'));
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', unpacked], { cwd: PACKAGE_ROOT, encoding: 'utf8' }),
		) as Array<{ filename: string }>;
		execFileSync('tar', ['-xzf', join(unpacked, packed.filename), '-C', unpacked]);
	}, 60_000);
	afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

	it('lists the schema files in `npm pack --dry-run`, beside the built nodes', () => {
		const [dryRun] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as Array<{
			files: Array<{ path: string }>;
		}>;
		const packed = new Set(dryRun.files.map((file) => file.path));
		const sources = filesUnder(join(SOURCE_NODE_DIR, '__schema__')).map((file) => relative(PACKAGE_ROOT, file));
		expect(sources).toHaveLength(REFS.length);
		for (const source of sources) expect([source, packed.has(join('dist', source))]).toEqual([source, true]);
	});

	it('ships every node\'s schemas where n8n resolves them from the node file\'s folder, as in the source', () => {
		const nodeDirs = manifest.n8n.nodes.map((node) => dirname(join(unpacked, 'package', node)));
		// Both nodes live in one folder, so they share one __schema__ folder.
		expect(new Set(nodeDirs).size).toBe(1);
		for (const ref of REFS) {
			const shipped = schemaPath(ref, nodeDirs[0]);
			expect([ref, existsSync(shipped)]).toEqual([ref, true]);
			expect([ref, readFileSync(shipped, 'utf8')]).toEqual([ref, readFileSync(schemaPath(ref), 'utf8')]);
		}
	});
});
