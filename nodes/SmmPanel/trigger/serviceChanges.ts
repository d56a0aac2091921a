import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { compareServiceLists, serviceChangeJson, type ServiceChangeRules } from '../domain/changeDetection';
import { IdListError, parseIdList } from '../domain/ids';
import { SERVICE_CHANGE_KINDS, type PanelService, type ServiceChangeKind } from '../domain/services';
import { readServiceList, type ServiceListReading } from '../replies/services';
import { panelRequest } from '../transport';
import { commitState, triggerState } from './state';

/** The event's parameters, read and checked once per poll. */
function serviceChangeRules(context: IPollFunctions): ServiceChangeRules {
	const kinds = context.getNodeParameter('serviceChanges', [...SERVICE_CHANGE_KINDS]) as ServiceChangeKind[];
	if (kinds.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No kind of change is chosen', {
			description: 'Pick at least one entry in "Changes to Report" (e.g. Rate Changed).',
		});
	}
	let serviceIds: number[];
	try {
		serviceIds = parseIdList(context.getNodeParameter('options.serviceIds', ''), 'service ID', { allowEmpty: true });
	} catch (error) {
		const problem = error instanceof IdListError ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), `"Only These Services" is not valid: ${problem}`, {
			description: 'Give service IDs as the panel lists them, separated by commas (e.g. 1, 5, 27), or leave the option empty.',
		});
	}
	const categories = String(context.getNodeParameter('options.categories', '') ?? '')
		.split(',')
		.map((category) => category.trim().toLowerCase())
		.filter((category) => category !== '');
	const minRateChangePercent = Number(context.getNodeParameter('options.minRateChangePercent', 0)) || 0;
	return { kinds: new Set(kinds), serviceIds: new Set(serviceIds), categories: new Set(categories), minRateChangePercent: Math.max(0, minRateChangePercent) };
}

function logUnread(context: IPollFunctions, reading: ServiceListReading): void {
	const unread = reading.unreadIds.size + reading.unreadEntries;
	if (unread === 0) return;
	context.logger.warn(
		`SMM Panel Trigger: ${unread} service(s) in the panel's list could not be read and keep what was known of them (${reading.firstProblem ?? 'no detail'})`,
		{ node: context.getNode().name, workflowId: context.getWorkflow().id },
	);
}

/**
 * "Fetch Test Event": the changes the next poll would report, or (when there are none yet) one
 * sample built from the first service in scope, marked `sample: true`, its rate shown as unchanged.
 * Reads the stored state but never changes it.
 */
function testEvent(context: IPollFunctions, reading: ServiceListReading, rules: ServiceChangeRules): INodeExecutionData[][] {
	const pending = compareServiceLists(triggerState(context).services, reading.services, reading.unreadIds, rules).changes;
	if (pending.length > 0) return [context.helpers.returnJsonArray(pending.map(serviceChangeJson))];
	const inScope = (service: PanelService) =>
		(rules.serviceIds.size === 0 || rules.serviceIds.has(service.service)) &&
		(rules.categories.size === 0 || rules.categories.has(service.category.toLowerCase()));
	const example = reading.services.find(inScope);
	if (example === undefined) {
		const why = reading.services.length === 0 ? 'The panel listed no services.' : 'No service the panel lists matches "Only These Services" and "Only These Categories".';
		throw new NodeOperationError(context.getNode(), 'No service to show', {
			description: `${why} Check the options, or the panel's service list (SMM Panel > Service > Get Many).`,
		});
	}
	const sample: IDataObject = {
		sample: true,
		...serviceChangeJson({ changes: ['rateChanged'], service: example, previousRate: example.rate, rateChangePercent: 0, previous: { rate: example.rate } }),
	};
	return [context.helpers.returnJsonArray([sample])];
}

/**
 * One poll of Service Changed: one `services` request, compared with the fingerprints kept from the
 * last poll (domain/changeDetection.ts has the rules). A failed request throws before anything is
 * remembered, so n8n reports it and the next poll compares with the same memory.
 */
export async function pollServiceChanges(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const rules = serviceChangeRules(context);
	const { data: reading } = await panelRequest(context, 'services', {}, readServiceList);
	logUnread(context, reading);
	if (context.getMode() === 'manual') return testEvent(context, reading, rules);

	const state = triggerState(context);
	const comparison = compareServiceLists(state.services, reading.services, reading.unreadIds, rules);
	if (comparison.memory !== undefined) commitState(state, 'services', comparison.memory);
	if (comparison.heldBack) {
		context.logger.warn(
			`SMM Panel Trigger: the panel listed ${reading.services.length} service(s), far fewer than the ${Object.keys(state.services?.byId ?? {}).length} known; nothing is reported until the next poll lists the same`,
			{ node: context.getNode().name, workflowId: context.getWorkflow().id },
		);
	}
	const items = comparison.changes.map(serviceChangeJson);
	return items.length > 0 ? [context.helpers.returnJsonArray(items)] : null;
}
