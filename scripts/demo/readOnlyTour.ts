/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run demo -- --url ... --key ...`: checks that a real panel works with the node before a
 * user builds on it. Read-only by construction: it is given a ReadOnlyPanel, which can only ask
 * for the balance, the services and order statuses.
 */
import { performance } from 'node:perf_hooks';

import { smmPanelApiCredential } from '../../test/engine/harness';
import type { EngineCounter } from './engine';
import { ReadOnlyPanel } from './panel';
import { balanceTable, catalogueSummary, orderStatusTable, Report, servicesTable, type Print } from './report';

export interface ReadOnlyTourOptions {
	url: string;
	apiKey: string;
	/** As typed after --orders: "1,2,3" (empty: the step is skipped). */
	orderIds: string;
}

const SERVICES_SHOWN = 15;

export async function runReadOnlyTour(options: ReadOnlyTourOptions, print: Print): Promise<void> {
	const startedAt = performance.now();
	const counter: EngineCounter = { engineRuns: 0 };
	// The key goes into the credential only; n8n adds it to each request, and it is never printed.
	const panel = new ReadOnlyPanel(smmPanelApiCredential({ url: options.url, apiKey: options.apiKey }, { name: 'Your panel' }), counter);
	const hasOrders = options.orderIds.trim() !== '';
	const report = new Report(print, hasOrders ? 3 : 2);

	report.title('SMM Panel nodes: read-only check of your panel');
	report.note(`Panel:   ${options.url}`);
	report.note('Mode:    read-only. Nothing is ordered, refilled or cancelled.');

	report.step('Balance  (Balance > Get)');
	report.lines(balanceTable(await panel.balance()));

	report.step('Services  (Service > Get Many)');
	const services = await panel.services();
	report.note(catalogueSummary(services) + (services.length > SERVICES_SHOWN ? ` The first ${SERVICES_SHOWN}:` : ''));
	report.lines(servicesTable(services.slice(0, SERVICES_SHOWN)));

	if (hasOrders) {
		report.step('Order statuses  (Order > Get Status, batched: one request per 100 IDs)');
		report.lines(orderStatusTable(await panel.orderStatuses(options.orderIds)));
	}

	const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
	report.blank();
	report.note(`Your panel works with the node (${counter.engineRuns} engine runs, ${seconds} s).`);
	if (!hasOrders) report.note('Add --orders 123,456 to see the status of some of your orders too.');
}
