import type { IPollFunctions } from 'n8n-workflow';

/** The panel API's limit of IDs per batch request. */
export const MAX_BATCH_SIZE = 100;
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 20;

/** n8n-core's default poll budget, for n8n versions that do not tell a node its budget. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

export interface BatchSettings {
	batchSize: number;
	concurrency: number;
}

function clampedInteger(value: unknown, min: number, max: number, fallback: number): number {
	const number = Math.floor(Number(value));
	return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : fallback;
}

export function batchSettings(context: IPollFunctions): BatchSettings {
	return {
		batchSize: clampedInteger(context.getNodeParameter('options.batchSize', MAX_BATCH_SIZE), 1, MAX_BATCH_SIZE, MAX_BATCH_SIZE),
		concurrency: clampedInteger(
			context.getNodeParameter('options.concurrency', DEFAULT_CONCURRENCY),
			1,
			MAX_CONCURRENCY,
			DEFAULT_CONCURRENCY,
		),
	};
}

export function emitsFirstSight(context: IPollFunctions): boolean {
	return context.getNodeParameter('options.emitFirstSight', false) === true;
}

/**
 * The moment after which no new request is started. n8n abandons a poll that outlives its budget
 * (and with it everything the poll read), so requests stop being started half-way through it:
 * the other half is left for the requests already under way, and for handing the changes over.
 */
export function lastRequestStart(context: IPollFunctions): number {
	const budgetMs = typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
	return Date.now() + budgetMs / 2;
}
