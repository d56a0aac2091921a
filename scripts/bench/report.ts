/** The plain-text report and the target checks, from the results of one benchmark run: each case's own part in report<Case>.ts. */
import { integer, type TargetCheck } from './format';
import type { LinkResults } from './linkCase';
import type { BenchOptions } from './options';
import type { GuardResults } from './guardedCreate';
import type { CreateResults } from './orderCreate';
import type { OrderStatusResults } from './orderStatus';
import { guardChecks, guardSection } from './reportGuard';
import { linkChecks, linkSection } from './reportLink';
import { serviceChecks, servicesSection } from './reportServices';
import { statusChecks, statusSection } from './reportStatus';
import { createChecks, createSection, triggerChecks, triggerSection } from './reportTriggerCreate';
import type { ServiceChangeResults } from './serviceChanges';
import { singleIdChecks, singleIdSection, type SingleIdResults } from './singleIdStatus';
import type { TriggerResults } from './triggerPoll';

export type { TargetCheck } from './format';

/** The cases that ran (`--cases`). */
export interface BenchResults {
	orderStatus?: OrderStatusResults;
	trigger?: TriggerResults;
	create?: CreateResults;
	link?: LinkResults;
	guard?: GuardResults;
	singleId?: SingleIdResults;
	services?: ServiceChangeResults;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
	return [
		...(results.orderStatus ? statusChecks(results.orderStatus) : []),
		...(results.trigger ? triggerChecks(results.trigger) : []),
		...(results.create ? createChecks(results.create) : []),
		...(results.link ? linkChecks(results.link) : []),
		...(results.guard ? guardChecks(results.guard) : []),
		...(results.singleId ? singleIdChecks(results.singleId) : []),
		...(results.services ? serviceChecks(results.services) : []),
	];
}

export function formatReport(results: BenchResults, options: BenchOptions, environment: string, checks: TargetCheck[], outFile: string): string {
	const { orderStatus, trigger, create, link, guard, singleId, services } = results;
	const lines: string[] = [];
	const baselineRuns = [...options.baselineRuns].map(([ids, runs]) => `N=${integer(ids)}: ${runs === 0 ? 'estimated' : `${runs} run${runs === 1 ? '' : 's'}`}`);
	lines.push(
		`SMM Panel benchmark${options.quick ? '' : ' (--full)'}: ${environment}`,
		`Every case runs through n8n-core's WorkflowExecute; the panel simulator ${options.placement === 'child' ? 'in a child process' : 'in this process'}. Figures are medians of ${options.runs} runs after a warm-up; ratios are within this run.`,
	);
	if (orderStatus || trigger || create || services) {
		lines.push(
			`Cases 1-3 and 7: plain HTTP on 127.0.0.1, ${options.latencyMs} ms added to every reply; the per-request baseline: ${baselineRuns.join(', ')}.`,
			`Bound = ceil(N / 100) requests, ${options.concurrency} at a time, x latency (rounded up to whole rounds of ${options.concurrency}).`,
		);
	}
	if (orderStatus) lines.push(...statusSection(orderStatus, options));
	if (trigger) lines.push(...triggerSection(trigger));
	if (create) lines.push(...createSection(create));
	if (link) lines.push(...linkSection(link, options));
	if (guard) lines.push(...guardSection(guard));
	if (singleId) lines.push(...singleIdSection(singleId));
	if (services) lines.push(...servicesSection(services));

	lines.push('', 'Targets');
	for (const check of checks) {
		const verdict = check.informational ? 'info' : check.met ? 'met' : 'MISSED';
		lines.push(`  [${verdict}] ${check.target}: ${check.measured}`);
		if (check.note) lines.push(`           ${check.note}`);
	}
	lines.push('', `JSON: ${outFile}`);
	return lines.join('\n');
}
