/** Case 7 of the report: the trigger's Service Changed event on a large catalogue. */
import { decimal, integer, table, type TargetCheck } from './format';
import type { ServiceChangeResults } from './serviceChanges';

/** The budget of stored state per listed service (a fingerprint, not the list). */
export const BYTES_PER_SERVICE_TARGET = 100;

export function serviceChecks(results: ServiceChangeResults): TargetCheck[] {
	const perService = results.stateBytes / results.services;
	const changed = results.rows.find((row) => row.kind === 'changed');
	const expected = results.changed.rates + results.changed.removed + results.changed.added;
	return [
		{
			target: `case 7: every Service Changed poll of ${integer(results.services)} services sends 1 request`,
			met: results.rows.every((row) => row.requests.every((count) => count === 1)),
			measured: results.rows.map((row) => `${row.kind}: ${row.requests.join('/')}`).join(', '),
		},
		{
			target: `case 7: each changed service output once (${integer(expected)} items)`,
			met: changed?.emitted === expected,
			measured: `${integer(changed?.emitted ?? 0)} items`,
		},
		{
			target: `case 7: stored state <= ${BYTES_PER_SERVICE_TARGET} bytes per service`,
			met: perService <= BYTES_PER_SERVICE_TARGET,
			measured: `${integer(results.stateBytes)} bytes = ${decimal(perService)} bytes a service (the services reply: ${integer(results.replyBytes)} bytes)`,
		},
	];
}

export function servicesSection(results: ServiceChangeResults): string[] {
	const label = {
		activation: 'activation (records the list)',
		steady: 'poll, no change (most polls)',
		changed: `poll, ${integer(results.changed.rates)} rates changed, ${results.changed.removed} removed, ${results.changed.added} added`,
	};
	return [
		'',
		`7. SMM Panel Trigger, Service Changed, ${integer(results.services)} services`,
		...table(
			['poll', 'requests', 'wall ms', 'items out'],
			results.rows.map((row) => [label[row.kind], row.requests.join('/'), decimal(row.wallMs), integer(row.emitted)]),
		),
		`State n8n stores: ${integer(results.stateBytes)} bytes (${decimal(results.stateBytes / results.services)} a service); the services reply itself is ${integer(results.replyBytes)} bytes.`,
	];
}
