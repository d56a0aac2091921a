/** Case 5's part of the report: the duplicate guard's cost against Off, and its store calls per order. */
import { decimal, table, times, type TargetCheck } from './format';
import type { GuardResults } from './guardedCreate';

const NAMES = { off: 'Off', identicalOrders: 'Identical Orders', idempotencyKey: 'Idempotency Key' } as const;

function offWallMs(guard: GuardResults): number {
	return guard.modes.find((mode) => mode.mode === 'off')?.wallMs ?? NaN;
}

export function guardSection(guard: GuardResults): string[] {
	const off = offWallMs(guard);
	return [
		'',
		`5. Duplicate Guard: ${guard.orders} distinct orders in one execution, Concurrency ${guard.concurrency}, panel ${guard.panelLatencyMs} ms per reply, ${guard.dbMs} ms per database statement, ${guard.runs} run(s)`,
		...table(
			['Duplicate Guard', 'wall s', 'orders/s', 'of Off', 'store calls/order', 'statements/order'],
			guard.modes.map((mode) => [
				NAMES[mode.mode],
				decimal(mode.wallMs / 1000, 2),
				decimal(mode.ordersPerSecond),
				times(mode.wallMs / off),
				decimal(mode.callsPerOrder, 2),
				decimal(mode.statementsPerOrder, 2),
			]),
		),
		"   n8n's store is the harness's emulation; a statement is a SELECT, INSERT, UPDATE or DELETE of processed_data.",
	];
}

export function guardChecks(guard: GuardResults): TargetCheck[] {
	const off = offWallMs(guard);
	return guard.modes
		.filter((mode) => mode.mode !== 'off')
		.map((mode) => ({
			target: `Duplicate Guard ${NAMES[mode.mode]} within 1.2x of Off (${guard.orders} orders)`,
			met: mode.wallMs / off <= 1.2,
			measured: `${times(mode.wallMs / off)} (${decimal(mode.wallMs / 1000, 2)} s against ${decimal(off / 1000, 2)} s)`,
		}));
}
