/** Case 4 of the report: the node over an HTTPS link with a round trip per packet exchange. */
import { decimal, integer, table, times, type TargetCheck } from './format';
import { N8N_ROUND_TRIPS_PER_REQUEST, type LinkResults, type LinkStatusRow } from './linkCase';
import type { BenchOptions } from './options';
import { PARAMETER_TO_FIELD_TARGET } from './reportStatus';

const LABEL = { field: 'Input Field', parameter: 'Parameter {{ $json.id }}', baseline: 'baseline' } as const;

function perRequest(row: LinkStatusRow): string {
	return row.requests > 0 ? decimal(row.connections / row.requests, 2) : '-';
}

export function linkChecks(link: LinkResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	const rows = [...link.status, ...link.sweep];
	checks.push({
		target: 'case 4: connections per request (n8n opens one per request; no target)',
		informational: true,
		met: true,
		measured: `${decimal(Math.max(...rows.map((row) => row.connections / row.requests)), 2)} at most, over ${rows.length} settings`,
	});
	checks.push({
		target: `case 4: one request costs n8n's ${N8N_ROUND_TRIPS_PER_REQUEST} round trips (connect, TLS, request; no target)`,
		informational: true,
		met: true,
		measured: `Balance > Get: ${decimal(link.balance.roundTrips, 2)} round trips (${integer(link.balance.nodeMs)} ms at ${link.rttMs} ms)`,
	});
	const field = link.status.find((row) => row.variant === 'field');
	const parameter = link.status.find((row) => row.variant === 'parameter');
	if (field && parameter) {
		const ratio = parameter.wallMs / field.wallMs;
		checks.push({
			target: `case 4: Parameter {{ $json.id }} within ${PARAMETER_TO_FIELD_TARGET}x of Input Field over the link`,
			met: ratio <= PARAMETER_TO_FIELD_TARGET,
			measured: `${integer(parameter.wallMs)} ms against ${integer(field.wallMs)} ms = ${times(ratio)}`,
		});
		checks.push({
			target: `case 4: Input Field against n8n's floor and the reuse bound (no target)`,
			informational: true,
			met: true,
			measured: `${times(field.wallMs / field.bounds.n8nFloorMs)} the floor (${integer(field.bounds.n8nFloorMs)} ms), ${times(field.wallMs / field.bounds.reuseMs)} the reuse bound (${integer(field.bounds.reuseMs)} ms)`,
		});
	}
	return checks;
}

export function linkSection(link: LinkResults, options: BenchOptions): string[] {
	const { balance } = link;
	const lines = [
		'',
		`4. Over a link: HTTPS, ${link.rttMs} ms round trip (every chunk delayed by half of it each way, a new connection held one round trip), panel's own time ${link.panelLatencyMs} ms`,
		`   Balance > Get: ${balance.requests} request, ${balance.connections} connection, ${decimal(balance.nodeMs)} ms = ${decimal(balance.roundTrips, 2)} round trips (median of ${balance.runs.length})`,
		"   n8n runs in a child process of the benchmark that trusts the run's self-signed certificate through NODE_EXTRA_CA_CERTS",
		`   Bounds: reuse = one round trip per round of concurrent requests (kept connections); n8n floor = ${N8N_ROUND_TRIPS_PER_REQUEST} round trips per round (connect, TLS, request)`,
		`   Order > Get Status, ${integer(link.ids)} IDs, Concurrency ${options.concurrency}:`,
	];
	const statusRow = (row: LinkStatusRow, first: string): string[] => [
		first,
		integer(row.requests),
		integer(row.connections),
		perRequest(row),
		decimal(row.wallMs),
		decimal(row.bounds.reuseMs),
		times(row.wallMs / row.bounds.reuseMs),
		decimal(row.bounds.n8nFloorMs),
		times(row.wallMs / row.bounds.n8nFloorMs),
		String(row.runs.length),
	];
	const header = ['requests', 'connections', 'per request', 'wall ms', 'reuse bound', 'x reuse', 'n8n floor', 'x floor', 'runs'];
	lines.push(...table(['   variant', ...header], link.status.map((row) => statusRow(row, `   ${LABEL[row.variant]}`))));
	if (link.sweep.length > 0) {
		lines.push('', `   By Concurrency (Input Field, ${integer(link.ids)} IDs), without and with the credential's Requests Per Minute Limit:`);
		lines.push(
			...table(
				['   concurrency, limit', ...header],
				link.sweep.map((row) => statusRow(row, `   ${row.concurrency}, ${row.requestsPerMinute > 0 ? `${integer(row.requestsPerMinute)}/min` : 'none'}`)),
			),
		);
	}
	return lines;
}
