/**
 * The part of @n8n/scan-community-package that `npm run scan` uses (the package ships no types).
 * See node_modules/@n8n/scan-community-package/scanner/scanner.mjs.
 */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	import type { Linter } from 'eslint';

	/** The files of the source checkout the scanner lints: package.json and nodes/, credentials/. */
	export const SOURCE_FILE_PATTERNS: string[];
	/** The flat ESLint config the scanner lints with, both legs. */
	export function buildScanConfig(): Promise<Linter.Config[]>;
}
