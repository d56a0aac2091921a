import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { batchSettingsFrom, type BatchSettings } from '../execution/batches';

/** n8n-core's default poll budget, for n8n versions that do not tell a node its budget. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

export function batchSettings(context: IPollFunctions): BatchSettings {
	return batchSettingsFrom(context.getNodeParameter('options', {}) as IDataObject);
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
