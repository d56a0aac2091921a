/** Case 1 of the report: Order > Get Status at N = 100, 1,000, 10,000, its table and its target checks. */
import { decimal, integer, table, times, type TargetCheck } from './format';
import type { BenchOptions } from './options';
import type { OrderStatusResults, StatusRow, StatusVariant } from './orderStatus';

/** Targets of issues 6, 7 and 15. */
export const WALL_TIME_TARGET = 1.3;
export const SPEED_UP_TARGET = 50;
/** Parameter mode with a plain field reference against Input Field, at 10,000 IDs (issue 15). */
export const PARAMETER_TO_FIELD_TARGET = 1.1;
const TARGET_IDS = 10_000;

const VARIANT_LABEL: Record<StatusVariant, string> = {
	field: 'node, ID Source: Input Field',
	parameter: 'node, ID Source: Parameter {{ $json.id }}',
	baseline: 'baseline: 1 ID/request, in sequence',
};

function boundOf(results: OrderStatusResults, ids: number): { requests: number; wallMs: number } {
	const bound = results.bounds.find((entry) => entry.ids === ids);
	if (!bound) throw new Error(`No bound for N = ${ids}`);
	return bound;
}

function rowFor(results: OrderStatusResults, ids: number, variant: StatusVariant): StatusRow | undefined {
	return results.rows.find((row) => row.ids === ids && row.variant === variant);
}

function runsLabel(row: StatusRow): string {
	return row.estimatedFrom !== undefined ? `est.*` : String(row.runs.length);
}

export function statusChecks(orderStatus: OrderStatusResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	for (const variant of ['field', 'parameter'] as const) {
		const wrong = orderStatus.rows
			.filter((row) => row.variant === variant)
			.filter((row) => row.runs.some((run) => run.requests !== boundOf(orderStatus, row.ids).requests));
		checks.push({
			target: `case 1 (${variant === 'field' ? 'Input Field' : 'Parameter'}): requests = ceil(N / 100) at every N, every run`,
			met: wrong.length === 0,
			measured: orderStatus.rows
				.filter((row) => row.variant === variant)
				.map((row) => `N=${integer(row.ids)}: ${row.requests}`)
				.join(', '),
		});
	}
	const bound = boundOf(orderStatus, TARGET_IDS);
	const baseline = rowFor(orderStatus, TARGET_IDS, 'baseline');
	for (const variant of ['field', 'parameter'] as const) {
		const row = rowFor(orderStatus, TARGET_IDS, variant);
		if (!row) continue;
		const ratio = row.wallMs / bound.wallMs;
		checks.push({
			target: `N=10,000 ${variant === 'field' ? 'Input Field' : 'Parameter'}: wall time <= ${WALL_TIME_TARGET}x the bound (${integer(bound.wallMs)} ms)`,
			// With no added latency (--latency 0) the bound is 0 and the ratio says nothing.
			informational: bound.wallMs === 0,
			met: ratio <= WALL_TIME_TARGET,
			measured: `${integer(row.wallMs)} ms = ${times(ratio)}`,
		});
		if (baseline) {
			const speedUp = baseline.wallMs / row.wallMs;
			checks.push({
				target: `N=10,000 ${variant === 'field' ? 'Input Field' : 'Parameter'}: >= ${SPEED_UP_TARGET}x faster than the baseline`,
				met: speedUp >= SPEED_UP_TARGET,
				measured: `${times(speedUp)}${baseline.estimatedFrom !== undefined ? ` (baseline estimated from N=${integer(baseline.estimatedFrom)})` : ''}`,
			});
		}
	}
	const field = rowFor(orderStatus, TARGET_IDS, 'field');
	const parameter = rowFor(orderStatus, TARGET_IDS, 'parameter');
	if (field && parameter) {
		const ratio = parameter.wallMs / field.wallMs;
		const expression = orderStatus.probes.find((probe) => probe.ids === TARGET_IDS && probe.probe === 'readExpression');
		const passThrough = orderStatus.probes.find((probe) => probe.ids === TARGET_IDS && probe.probe === 'passThrough');
		const expressionMs = expression && passThrough ? expression.nodeMs - passThrough.nodeMs : NaN;
		checks.push({
			target: `N=10,000: Parameter {{ $json.id }} within ${PARAMETER_TO_FIELD_TARGET}x of Input Field`,
			met: ratio <= PARAMETER_TO_FIELD_TARGET,
			measured: `${integer(parameter.wallMs)} ms against ${integer(field.wallMs)} ms = ${times(ratio)}`,
			note:
				ratio > PARAMETER_TO_FIELD_TARGET
					? `The node reads a plain {{ $json.x }} from the items (execution/fieldReference.ts) instead of n8n evaluating it (${integer(expressionMs)} ms for 10,000 items, probe node): was it not taken?`
					: undefined,
		});
	}
	return checks;
}

export function statusSection(orderStatus: OrderStatusResults, options: BenchOptions): string[] {
	const lines: string[] = ['', `1. Order > Get Status, one order ID per input item (Concurrency ${orderStatus.concurrency}, Batch Size 100)`];
	const statusRows: string[][] = [];
	for (const ids of options.sizes) {
		const bound = boundOf(orderStatus, ids);
		const baseline = rowFor(orderStatus, ids, 'baseline');
		for (const variant of ['field', 'parameter', 'baseline'] as const) {
			const row = rowFor(orderStatus, ids, variant);
			if (!row) continue;
			statusRows.push([
				integer(ids),
				VARIANT_LABEL[variant],
				integer(row.requests),
				decimal(row.wallMs),
				baseline ? times(baseline.wallMs / row.wallMs) : '-',
				times(row.wallMs / bound.wallMs),
				runsLabel(row),
			]);
		}
		statusRows.push([integer(ids), 'bound', integer(bound.requests), decimal(bound.wallMs), '', '1.00x', '']);
	}
	lines.push(...table(['N', 'variant', 'requests', 'wall ms', 'faster than baseline', 'x bound', 'runs'], statusRows, 2));
	if (orderStatus.rows.some((row) => row.estimatedFrom !== undefined)) {
		lines.push('   * not run (--quick): time per ID of the largest N that was run, times N');
	}
	lines.push('', '   n8n alone on the same items, no requests (test-only nodes; n8n\'s executionTime of the node):');
	const probeRows = options.sizes.map((ids) => {
		const pass = orderStatus.probes.find((probe) => probe.ids === ids && probe.probe === 'passThrough');
		const read = orderStatus.probes.find((probe) => probe.ids === ids && probe.probe === 'readExpression');
		const perItem = pass && read ? (read.nodeMs - pass.nodeMs) / ids : NaN;
		return [integer(ids), decimal(pass?.wallMs ?? NaN), decimal(read?.wallMs ?? NaN), decimal(pass && read ? read.nodeMs - pass.nodeMs : NaN), decimal(perItem * 1000, 0)];
	});
	lines.push(
		...table(['   N', 'pass-through run ms', '{{ $json.id }} per item, run ms', 'expression cost ms', 'us per item'], probeRows.map((row) => [`   ${row[0]}`, ...row.slice(1)])),
	);

	return lines;
}
