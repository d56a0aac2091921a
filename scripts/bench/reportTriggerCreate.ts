/** Cases 2 and 3 of the report: the trigger poll and Order > Create under a rate limit. */
import { decimal, integer, table, times, type TargetCheck } from './format';
import type { CreateResults } from './orderCreate';
import { WALL_TIME_TARGET } from './reportStatus';
import type { TriggerResults } from './triggerPoll';

export const STATE_BYTES_TARGET = 100;

export function triggerChecks(trigger: TriggerResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	const steady = trigger.rows.find((row) => row.kind === 'steady');
	checks.push({
		target: `case 2: a poll of ${integer(trigger.watched)} watched orders sends ceil(N / 100) = ${trigger.bound.requests} requests`,
		met: trigger.rows.every((row) => row.runs.every((run) => run.requests === trigger.bound.requests)),
		measured: trigger.rows.map((row) => `${row.kind}: ${row.requests}`).join(', '),
	});
	checks.push({
		target: `case 2: stored state <= ${STATE_BYTES_TARGET} bytes per watched order`,
		met: Math.max(trigger.bytesPerOrder, trigger.bytesPerOrderNineDigitIds) <= STATE_BYTES_TARGET,
		measured: `${decimal(trigger.bytesPerOrder)} bytes (${decimal(trigger.bytesPerOrderNineDigitIds)} with 9-digit IDs)`,
	});
	if (steady) {
		checks.push({
			target: `case 2: steady poll wall time vs the bound (${integer(trigger.bound.wallMs)} ms), no target set`,
			informational: true,
			met: steady.wallMs / trigger.bound.wallMs <= WALL_TIME_TARGET,
			measured: `${integer(steady.wallMs)} ms = ${times(steady.wallMs / trigger.bound.wallMs)}`,
		});
	}
	return checks;
}

export function createChecks(create: CreateResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	checks.push({
		target: `case 3: exactly ${create.orders} add requests in every run`,
		met: create.runs.every((run) => run.addRequests === create.orders),
		measured: create.runs.map((run) => String(run.addRequests)).join(', '),
	});
	checks.push({
		target: `case 3: achieved rate <= the limit (${integer(create.requestsPerMinute)} a minute)`,
		met: create.runs.every((run) => run.achievedPerMinute <= create.requestsPerMinute * 1.01),
		measured: `${decimal(create.achievedPerMinute)} a minute = ${decimal((create.achievedPerMinute / create.requestsPerMinute) * 100)}% of the limit`,
	});
	return checks;
}

export function triggerSection(trigger: TriggerResults): string[] {
	const lines: string[] = [];
	lines.push('', `2. SMM Panel Trigger, ${integer(trigger.watched)} watched orders (Concurrency ${trigger.concurrency})`);
	const pollLabel = { steady: 'poll, no change (most polls)', allChanged: `poll, all ${integer(trigger.watched)} changed (1 run)` };
	lines.push(
		...table(
			['poll', 'requests', 'wall ms', 'x bound', 'items out', 'state bytes'],
			[
				...trigger.rows.map((row) => [
					pollLabel[row.kind],
					integer(row.requests),
					decimal(row.wallMs),
					times(row.wallMs / trigger.bound.wallMs),
					integer(row.emitted),
					integer(row.stateBytes),
				]),
				['bound', integer(trigger.bound.requests), decimal(trigger.bound.wallMs), '1.00x', '', ''],
				['poll, all finished', integer(trigger.afterAllFinished.requests), decimal(trigger.afterAllFinished.wallMs), '', integer(trigger.afterAllFinished.emitted), ''],
			],
		),
		`   stored state: ${decimal(trigger.bytesPerOrder)} bytes per watched order (${decimal(trigger.bytesPerOrderNineDigitIds)} with 9-digit order IDs as on real panels)`,
	);

	return lines;
}

export function createSection(create: CreateResults): string[] {
	const lines: string[] = [];
	lines.push(
		'',
		`3. Order > Create, ${create.orders} orders in one execution, Concurrency ${create.concurrency}, Requests Per Minute Limit ${integer(create.requestsPerMinute)}`,
		...table(
			['add requests', 'all requests', 'wall s', 'achieved per minute', 'of the limit', 'most in 1 s', 'runs'],
			[
				[
					create.runs.map((run) => run.addRequests).join('/'),
					integer(create.allRequests),
					decimal(create.wallMs / 1000, 2),
					decimal(create.achievedPerMinute),
					`${decimal((create.achievedPerMinute / create.requestsPerMinute) * 100)}%`,
					integer(create.peakInOneSecond),
					String(create.runs.length),
				],
			],
			0,
		),
		`   all requests = the adds + the one "services" request (Validate Before Ordering); the rate is (requests - 1) / (last arrival - first arrival).`,
	);

	return lines;
}
