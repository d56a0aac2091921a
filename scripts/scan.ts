/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run scan`: the checks of n8n's community-package scanner (@n8n/scan-community-package, the
 * one n8n runs before it verifies a package), on this package before it is published.
 *
 *   npm run scan                       this repo (run `npm run build` first; `npm test` does)
 *   npm run scan -- <package folder>   another copy of a package, built
 *
 * The scanner itself only scans what is on npm: it checks the npm provenance, downloads the source
 * the provenance names and the published tarball, and lints both. Here the same two legs run on
 * what would be published:
 *   - the tarball leg: `npm pack`, unpacked as the scanner unpacks it, files `**\/*.js` and
 *     package.json (the scanner's own list for the tarball);
 *   - the source leg: the package folder, files `SOURCE_FILE_PATTERNS` (package.json, nodes/,
 *     credentials/), imported from the scanner.
 * Both with the scanner's own ESLint config (`buildScanConfig`, imported, not copied) and its ESLint
 * options: inline `eslint-disable` comments are not honoured. One difference, on purpose: the
 * scanner fails a package only on errors; this fails on warnings too. Provenance cannot be checked
 * before publishing: `publishConfig.provenance` and the publish workflow see to it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import type { ESLint as ESLintType } from 'eslint';

/** The tarball leg's files, as analyzePackageByName passes them to analyzePackage. */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** analyzePackage's ignore list. */
const IGNORE = ['node_modules/**', '**/package-lock.json'];

interface Leg {
	name: 'tarball' | 'source';
	dir: string;
	patterns: string[];
}

export interface ScanReport {
	files: { tarball: number; source: number };
	errors: number;
	warnings: number;
	/** ESLint's stylish report of every finding, '' when there is none. */
	details: string;
}

const scannerRequire = createRequire(require.resolve('@n8n/scan-community-package/package.json'));

/** Compiled files older than their source, or missing: a tarball of them is not this source. */
function staleBuild(packageDir: string): string[] {
	const stale: string[] = [];
	const walk = (dir: string): void => {
		if (!existsSync(join(packageDir, dir))) return;
		for (const entry of readdirSync(join(packageDir, dir), { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
				const built = join(packageDir, 'dist', path.replace(/\.ts$/, '.js'));
				if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(packageDir, path)).mtimeMs) stale.push(path);
			}
		}
	};
	walk('nodes');
	walk('credentials');
	return stale;
}

/** `npm pack`, then unpacked the way the scanner unpacks a downloaded package. */
function packAndUnpack(packageDir: string, workDir: string): string {
	const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
		cwd: packageDir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
	const unpacked = join(workDir, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', join(workDir, filename), '-C', unpacked, '--strip-components=1']);
	return unpacked;
}

export async function scanPackage(packageDir: string): Promise<ScanReport> {
	const stale = staleBuild(packageDir);
	if (stale.length > 0) {
		throw new Error(`dist/ is missing or older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}: run \`npm run build\` first`);
	}
	// eslint-plugin-n8n-nodes-base reads NODE_ENV when it loads: under 'test' (Jest sets it) it takes
	// every file for `Test.node.ts` and reports false findings. n8n's scanner runs without it.
	delete process.env.NODE_ENV;
	// The scanner makes a temporary folder when it loads; have it removed when this process exits.
	(scannerRequire('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const { ESLint } = scannerRequire('eslint') as { ESLint: typeof ESLintType };
	const glob = scannerRequire('fast-glob') as { sync(patterns: string[], options: object): string[] };

	const workDir = mkdtempSync(join(tmpdir(), 'smm-scan-'));
	try {
		const legs: Leg[] = [
			{ name: 'tarball', dir: packAndUnpack(packageDir, workDir), patterns: TARBALL_FILE_PATTERNS },
			{ name: 'source', dir: packageDir, patterns: scanner.SOURCE_FILE_PATTERNS },
		];
		const report: ScanReport = { files: { tarball: 0, source: 0 }, errors: 0, warnings: 0, details: '' };
		const all: ESLintType.LintResult[] = [];
		for (const leg of legs) {
			// As analyzePackage: the package folder as cwd, the scanner's config only, no inline config.
			const eslint = new ESLint({
				cwd: leg.dir,
				allowInlineConfig: false,
				overrideConfigFile: true,
				overrideConfig: await scanner.buildScanConfig(),
			});
			const files = glob.sync(leg.patterns, { cwd: leg.dir, absolute: true, ignore: IGNORE });
			report.files[leg.name] = files.length;
			const results = files.length > 0 ? await eslint.lintFiles(files) : [];
			for (const result of results) {
				report.errors += result.errorCount;
				report.warnings += result.warningCount;
				all.push({ ...result, filePath: `[${leg.name}] ${relative(leg.dir, result.filePath)}` });
			}
		}
		if (report.errors + report.warnings > 0) {
			const formatter = await new ESLint().loadFormatter('stylish');
			report.details = await formatter.format(all);
		}
		return report;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const packageDir = resolve(process.argv[2] ?? resolve(__dirname, '..'));
	let report: ScanReport;
	try {
		report = await scanPackage(packageDir);
	} catch (error) {
		console.error(`scan: ${(error as Error).message}`);
		return 2;
	}
	if (report.details) console.log(report.details);
	const findings = `${report.errors} error(s), ${report.warnings} warning(s)`;
	const scanned = `tarball ${report.files.tarball} files, source ${report.files.source} files`;
	if (report.errors + report.warnings > 0) {
		console.log(`scan: FAILED, ${findings} (${scanned}); n8n's scanner fails on the errors, this scan on warnings too`);
		return 1;
	}
	console.log(`scan: clean, ${findings} (${scanned}), with the rules of @n8n/scan-community-package`);
	return 0;
}

if (require.main === module) {
	main().then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			console.error(error);
			process.exitCode = 2;
		},
	);
}
