/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The engine harness's regex engine (test/engine/regex.ts): installed in the n8n-workflow that
 * n8n-core validates parameters with, matching as n8n-workflow's own, and still stopping a ReDoS,
 * only later than n8n-workflow's 250 ms, so a descheduled test process does not trip it.
 */
import { createRequire } from 'node:module';

import type { RegexEngine } from 'n8n-workflow';

import { HARNESS_REGEX_TIMEOUT_MS, patientRegexEngine } from './regex';
import { ensureN8nRuntime } from './runtime';

const { safeRegex } = createRequire(require.resolve('n8n-core'))('n8n-workflow') as { safeRegex: RegexEngine };
const CATASTROPHIC = ['^(a+)+$', `${'a'.repeat(40)}!`] as const;

it('matches as n8n-workflow\'s engine does', () => {
	const engine = patientRegexEngine();
	expect(engine.test('^[0-9]+$', '1001')).toBe(true);
	expect(engine.test('^[0-9]+$', '10a1')).toBe(false);
	expect(engine.exec('(\\d+)-(\\d+)', 'ids 1-2')?.slice(1)).toEqual(['1', '2']);
	expect(engine.replace('o', 'foo', 'g', '0')).toBe('f00');
	expect(engine.matchAll('\\d', 'a1b2').map((match) => match[0])).toEqual(['1', '2']);
	expect(engine.split(',\\s*', '1, 2,3')).toEqual(['1', '2', '3']);
});

it('stops a catastrophic pattern with n8n\'s error', () => {
	expect(() => patientRegexEngine(50).test(...CATASTROPHIC)).toThrow('Regular expression execution timed out');
});

it('is the engine n8n-core\'s copy of n8n-workflow uses once the harness runtime is up', () => {
	ensureN8nRuntime();
	const started = Date.now();
	expect(() => safeRegex.test(...CATASTROPHIC)).toThrow('Regular expression execution timed out');
	// n8n-workflow's own engine gives up after 250 ms.
	expect(Date.now() - started).toBeGreaterThanOrEqual(HARNESS_REGEX_TIMEOUT_MS - 100);
});
