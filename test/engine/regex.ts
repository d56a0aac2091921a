/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * n8n-workflow runs the regular expressions of parameter validation (e.g. a resource locator's ID
 * pattern) through `safeRegex`: `new RegExp(...)` inside a `node:vm` context with a 250 ms timeout,
 * against ReDoS. That timeout is wall time: on a machine whose 2 cores are shared (load 10 was
 * seen), the test process can be descheduled for longer than that in the middle of a trivial match,
 * and the workflow then fails with "Regular expression execution timed out" (Order > Create, once
 * in a full CI run). The harness installs the same engine, the same vm and the same scripts, with a
 * timeout far beyond any stall, so runs are as real n8n's and a real ReDoS still stops.
 */
import { createRequire } from 'node:module';
import vm from 'node:vm';

import type { RegexEngine } from 'n8n-workflow';

/** n8n-workflow's is 250 ms. */
export const HARNESS_REGEX_TIMEOUT_MS = 5_000;
const TIMEOUT_MESSAGE = 'Regular expression execution timed out';

interface Slots {
	flags: string;
	input: string;
	pattern: string;
	replacement: string;
	result: unknown;
}

/** n8n-workflow's node:vm engine (dist/cjs/safe-regex.js), with a longer timeout. */
export function patientRegexEngine(timeoutMs = HARNESS_REGEX_TIMEOUT_MS): RegexEngine {
	const slots: Slots = { flags: '', input: '', pattern: '', replacement: '', result: undefined };
	const context = vm.createContext(slots);
	const scripts = {
		exec: new vm.Script('result = new RegExp(pattern, flags).exec(input)'),
		test: new vm.Script('result = new RegExp(pattern, flags).test(input)'),
		replace: new vm.Script('result = input.replace(new RegExp(pattern, flags), replacement)'),
		matchAll: new vm.Script('result = Array.from(input.matchAll(new RegExp(pattern, flags)))'),
		split: new vm.Script('result = input.split(new RegExp(pattern, flags))'),
	};
	const run = <T>(script: vm.Script, pattern: string, input: string, flags = '', replacement = ''): T => {
		Object.assign(slots, { pattern, input, flags, replacement, result: undefined });
		try {
			script.runInContext(context, { timeout: timeoutMs });
			return slots.result as T;
		} catch (error) {
			if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new Error(TIMEOUT_MESSAGE);
			throw error;
		}
	};
	const globalFlag = (flags?: string) => (flags?.includes('g') ? flags : `${flags ?? ''}g`);
	return {
		exec: (pattern, input, flags) => run<RegExpExecArray | null>(scripts.exec, pattern, input, flags),
		test: (pattern, input, flags) => run<boolean>(scripts.test, pattern, input, flags),
		replace: (pattern, input, flags, replacement) => run<string>(scripts.replace, pattern, input, flags, replacement),
		matchAll: (pattern, input, flags) => run<RegExpMatchArray[]>(scripts.matchAll, pattern, input, globalFlag(flags)),
		split: (pattern, input, flags) => run<string[]>(scripts.split, pattern, input, flags),
	};
}

/** Installs it in the n8n-workflow that n8n-core loads (the copy WorkflowExecute validates with). */
export function installPatientRegexEngine(): void {
	const workflow = createRequire(require.resolve('n8n-core'))('n8n-workflow') as { setSafeRegexEngine(engine: RegexEngine): void };
	workflow.setSafeRegexEngine(patientRegexEngine());
}
