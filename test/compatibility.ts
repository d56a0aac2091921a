/**
 * The one place that says what this package is tested against; README "Compatibility" shows the
 * same table. test/release/compatibility.test.ts checks package.json, the installed packages, the
 * README, CI and the examples against it, so a version bump that misses one of them fails.
 */
export const COMPATIBILITY = {
	/**
	 * The n8n packages the whole suite runs against (devDependencies, exact). From the n8n 2.41 line:
	 * n8n 2.41.3 ships n8n-workflow 2.41.0 and zod 3.25.76; it names n8n-core 2.41.2, which the npm
	 * registry does not serve, so n8n-core is 2.41.1 (what n8n 2.41.1 ships).
	 */
	n8nCore: '2.41.1',
	n8nWorkflow: '2.41.0',
	zod: '3.25.76',
	/** A real n8n the package was installed in and run by hand, and whose node types the examples use. */
	realN8n: '2.40.5',
	/** Node.js majors the suite runs on: .ci/run and .github/workflows/ci.yml, oldest first. */
	node: [20, 24],
} as const;
