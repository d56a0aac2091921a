/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run scan` (scripts/scan.ts) on copies of this package: clean as it is; failing, with the
 * right rule on the right leg, when node code logs, reads process.env or imports fs, even with an
 * eslint-disable comment; failing on a warning alone; refusing a dist/ older than the source.
 * Needs a build (dist/), which `npm test` makes before it runs Jest.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const NODE_SOURCE = 'nodes/SmmPanel/SmmPanel.node.ts';
const NODE_BUILT = 'dist/nodes/SmmPanel/SmmPanel.node.js';
const copies: string[] = [];

interface Scan {
	code: number;
	output: string;
	/** The stylish report's findings for one file: '[tarball] dist/…' or '[source] nodes/…'. */
	findingsFor(file: string): string;
}

/** A copy of what `npm pack` and the scanner's source leg read, timestamps kept (dist stays newer). */
function copyPackage(): string {
	const dir = mkdtempSync(join(tmpdir(), 'smm-scan-copy-'));
	copies.push(dir);
	for (const entry of ['package.json', 'README.md', 'LICENSE.md', 'nodes', 'credentials', 'icons', 'dist']) {
		cpSync(join(ROOT, entry), join(dir, entry), { recursive: true, preserveTimestamps: true });
	}
	return dir;
}

/** Edits a source file as if before the last build, so dist/ still counts as built from it. */
function editSourceBeforeBuild(dir: string, file: string, edit: (text: string) => string): void {
	const path = join(dir, file);
	writeFileSync(path, edit(readFileSync(path, 'utf8')));
	const longAgo = new Date('2020-01-01T00:00:00Z');
	utimesSync(path, longAgo, longAgo);
}

function scan(dir: string): Promise<Scan> {
	return new Promise((done) => {
		execFile(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/scan.ts'), dir],
			{ cwd: ROOT, timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0' } },
			(error, stdout, stderr) => {
				const output = `${stdout}${stderr}`;
				done({
					code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
					output,
					findingsFor: (file) => {
						const start = output.indexOf(`[${file.startsWith('dist/') ? 'tarball' : 'source'}] ${file}\n`);
						if (start === -1) return '';
						const end = output.indexOf('\n\n', start);
						return output.slice(start, end === -1 ? undefined : end);
					},
				});
			},
		);
	});
}

beforeAll(() => {
	if (!existsSync(join(ROOT, NODE_BUILT))) throw new Error('no dist/: run `npm run build` first (npm test does)');
});

afterAll(() => {
	for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

jest.setTimeout(180_000);

// Run from Jest, so NODE_ENV=test reaches the scan: it must not change what the rules report.
it('passes this package as it is: no error, no warning, on the tarball and the source', async () => {
	const result = await scan(copyPackage());
	expect(result.output).toMatch(/^scan: clean, 0 error\(s\), 0 warning\(s\) \(tarball \d+ files, source \d+ files\)/m);
	expect(result.code).toBe(0);
});

it('fails node code that logs, reads process.env or imports fs, in the source or only in the built tarball', async () => {
	const dir = copyPackage();
	// In the source, with a disable comment: the scanner does not honour inline config.
	editSourceBeforeBuild(dir, NODE_SOURCE, (text) => `${text}\nconsole.log('debug'); // eslint-disable-line no-console\n`);
	// Only in what a build step emitted: the source is clean, the tarball is not.
	appendFileSync(join(dir, NODE_BUILT), "\nconst fs = require('fs');\nexports.leak = () => fs.readFileSync('/etc/passwd') + process.env.HOME;\n");

	const result = await scan(dir);

	expect(result.code).toBe(1);
	expect(result.output).toMatch(/^scan: FAILED, [1-9]\d* error\(s\)/m);
	expect(result.findingsFor(NODE_SOURCE)).toContain('no-console');
	const tarball = result.findingsFor(NODE_BUILT);
	expect(tarball).toContain('@n8n/community-nodes/no-restricted-imports');
	expect(tarball).toContain('@n8n/community-nodes/no-restricted-globals');
	expect(tarball).not.toContain('no-console');
	// The source leg never reads dist/.
	expect(result.output).not.toContain(`[source] ${NODE_BUILT}`);
});

it('fails on a warning alone, where n8n\'s scanner would pass', async () => {
	const dir = copyPackage();
	const packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
	delete packageJson.homepage;
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);

	const result = await scan(dir);

	expect(result.code).toBe(1);
	expect(result.output).toMatch(/^scan: FAILED, 0 error\(s\), [1-9]\d* warning\(s\)/m);
	expect(result.findingsFor('package.json')).toContain('@n8n/community-nodes/require-homepage');
});

it('refuses a dist/ older than the source instead of scanning a stale tarball', async () => {
	const dir = copyPackage();
	appendFileSync(join(dir, NODE_SOURCE), '\n');

	const result = await scan(dir);

	expect(result.code).toBe(2);
	expect(result.output).toContain(`dist/ is missing or older than ${NODE_SOURCE}`);
	expect(result.output).toContain('run `npm run build` first');
});
