/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The release path node-cli documents, checked without publishing anything:
 * - .github/workflows/publish.yml is what `n8n-node release --init-workflow` writes, but for the
 *   one line that node-cli 0.48.3 gets wrong (below);
 * - `npm run release` finds release-it and auto-changelog in this repo (node-cli runs them);
 * - a direct `npm publish` from a developer's machine never sends the package to a registry.
 *
 * Why two guards against a direct publish: `prepublishOnly: n8n-node prerelease` is node-cli's,
 * but `.npmrc` sets ignore-scripts=true, and npm then skips prepublishOnly on `npm publish`.
 * `publishConfig.provenance: true` does not depend on scripts: outside a CI that can sign
 * (GitHub Actions with id-token: write) npm refuses before it uploads anything (it only reads the
 * package's registry entry first).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'node_modules/.bin');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
	publishConfig?: Record<string, unknown>;
	devDependencies: Record<string, string>;
};

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** The environment of a developer at their own machine: no CI a signer could be read from. */
function localEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const name of ['GITHUB_ACTIONS', 'GITLAB_CI', 'RELEASE_MODE', 'NPM_CONFIG_PROVENANCE', 'npm_config_provenance']) {
		delete env[name];
	}
	return { ...env, ...extra };
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
	return new Promise((done) => {
		execFile(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? localEnv(), timeout: 60_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			done({ code, stdout: String(stdout), stderr: String(stderr) });
		});
	});
}

/**
 * node-cli renders the template through Handlebars, which takes the `{{ secrets.NPM_TOKEN }}` inside
 * GitHub's `${{ secrets.NPM_TOKEN }}` for its own expression and writes `NPM_TOKEN: $`
 * (n8n-io/n8n#37932): the token option could never work, and a "$" token would be set for npm.
 * publish.yml keeps the template's own line instead; nothing else differs.
 */
const MANGLED_TOKEN_LINE = '          NPM_TOKEN: $\n';
const TEMPLATE_TOKEN_LINE = '          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n';

describe('publish workflow', () => {
	it('is the one `n8n-node release --init-workflow` writes, with only the NPM_TOKEN line as the template has it', async () => {
		const scratch = mkdtempSync(join(tmpdir(), 'smm-init-workflow-'));
		try {
			// node-cli picks the package manager from the lockfile: this repo's is npm's.
			writeFileSync(join(scratch, 'package.json'), '{"name":"scratch","version":"0.0.0"}\n');
			writeFileSync(join(scratch, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
			const env = localEnv();
			delete env.npm_config_user_agent;
			const result = await run(join(BIN, 'n8n-node'), ['release', '--init-workflow'], { cwd: scratch, env });
			expect(result.code).toBe(0);
			const written = readFileSync(join(scratch, '.github/workflows/publish.yml'), 'utf8');
			const ours = readFileSync(join(ROOT, '.github/workflows/publish.yml'), 'utf8');
			// If this fails after a node-cli bump, its template changed: run the command again (and
			// check whether it still mangles the token line; once fixed, the replace does nothing).
			expect(ours).toBe(written.replace(MANGLED_TOKEN_LINE, TEMPLATE_TOKEN_LINE));
			expect(ours).toContain(TEMPLATE_TOKEN_LINE);
			expect(ours).toContain('id-token: write');
			expect(ours).toContain('npm run release');
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	});
});

describe('npm run release', () => {
	it('is node-cli\'s release command, with the tools it runs installed here (no download at release time)', async () => {
		expect(packageJson.scripts.release).toBe('n8n-node release');
		// node-cli runs `npm exec -- release-it …` and hooks that call `npx auto-changelog`.
		const releaseIt = await run('npm', ['exec', '--offline', '--', 'release-it', '--version']);
		expect(releaseIt.stdout.trim()).toBe(`v${packageJson.devDependencies['release-it']}`);
		const autoChangelog = await run('npm', ['exec', '--offline', '--', 'auto-changelog', '--version']);
		expect(autoChangelog.stdout.trim()).toBe(packageJson.devDependencies['auto-changelog']);
	});

	it('keeps the hand-written changelog: auto-changelog writes above the marker, never over it', () => {
		const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
		expect(changelog.split('\n')[0]).toBe('<!-- auto-changelog-above -->');
		expect(changelog).toMatch(/^## Unreleased$/m);
		expect(changelog).toContain(`## ${packageJson.version}`);
	});
});

describe('a direct npm publish', () => {
	it('prepublishOnly runs node-cli\'s guard, which refuses unless `npm run release` set RELEASE_MODE', async () => {
		expect(packageJson.scripts.prepublishOnly).toBe('n8n-node prerelease');
		const refused = await run(join(BIN, 'n8n-node'), ['prerelease']);
		expect(refused.code).toBe(1);
		expect(refused.stdout).toContain('Run `npm run release` to publish the package');
		const allowed = await run(join(BIN, 'n8n-node'), ['prerelease'], { env: localEnv({ RELEASE_MODE: 'true' }) });
		expect(allowed.code).toBe(0);
	});

	describe('against a stand-in registry on 127.0.0.1', () => {
		let received: string[];
		let server: ReturnType<typeof createServer>;
		let registry: string;

		beforeAll(async () => {
			server = createServer((request: IncomingMessage, response) => {
				received.push(`${request.method} ${request.url}`);
				request.resume();
				request.on('end', () => {
					// Reads: a package not yet on this registry. Writes: refused, so nothing is published.
					response.writeHead(request.method === 'GET' ? 404 : 500, { 'Content-Type': 'application/json' });
					response.end('{"error":"stand-in registry"}');
				});
			});
			await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
			registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
		});
		beforeEach(() => {
			received = [];
		});
		afterAll(async () => {
			await new Promise<void>((closed) => server.close(() => closed()));
		});

		const publish = (...flags: string[]) =>
			run('npm', ['publish', '--registry', registry, '--fetch-retries=0', ...flags], {
				env: localEnv({ [`npm_config_${registry.replace(/^http:/, '')}:_authToken`]: 'stand-in-token' }),
			});

		it('stops before uploading, because provenance cannot be signed on a developer\'s machine', async () => {
			expect(packageJson.publishConfig).toEqual({ provenance: true });
			const result = await publish();
			expect(result.code).not.toBe(0);
			expect(result.stderr).toContain('EUSAGE');
			expect(result.stderr).toContain('Automatic provenance generation not supported');
			expect(received.filter((request) => !request.startsWith('GET '))).toEqual([]);
		});

		it('(control) would otherwise have sent the package: the same publish without provenance reaches the registry', async () => {
			const result = await publish('--provenance=false');
			expect(result.code).not.toBe(0);
			expect(received).toContain('PUT /n8n-nodes-smm-panel');
		});
	});
});
