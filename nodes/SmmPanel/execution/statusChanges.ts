import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withPreviousStatus } from '../domain/changeDetection';
import { canonicalStatus } from '../domain/statuses';
import type { PerIdRequest } from '../replies/perId';
import { itemFieldReader } from './itemField';
import type { Presenter } from './pooledIds';
import { readStatusMemory } from '../persistence/statusMemory';

/**
 * "Only Output Changes" for Order > Get Status and Refill > Get Status: only IDs whose status
 * changed are output, each with `previousStatus`. Against the user's own records (a Previous Status
 * Field on each item: stateless, the same in the editor and on every worker), or else against the
 * node's memory in n8n's database.
 */
interface StatusReading {
	status: string;
	final: boolean;
}

/** The status an item's record holds, in the package's vocabulary; null when it holds none. */
function recordedStatus(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const text = String(value).trim();
	return text === '' ? null : canonicalStatus(text);
}

function againstRecords<Result extends StatusReading>(
	request: PerIdRequest<Result>,
	items: readonly INodeExecutionData[],
	field: string,
): Presenter<Result> {
	const readField = itemFieldReader(field);
	return (result, id, itemIndex) => {
		const previousStatus = recordedStatus(readField(items[itemIndex].json));
		return previousStatus === result.status ? undefined : withPreviousStatus(request.toJson(result, id), previousStatus);
	};
}

async function againstMemory<Result extends StatusReading>(
	context: IExecuteFunctions,
	request: PerIdRequest<Result>,
	readings: ReadonlyMap<number, Result>,
): Promise<Presenter<Result>> {
	const manual = context.getMode() === 'manual';
	const observed = [...readings].map(([id, { status, final }]) => ({ id, status, final }));
	const { changes, firstSeen } = await readStatusMemory(context, request.ids, observed, !manual);
	const things = `${request.ids.key}s`;
	if (changes.size === 0) {
		const why =
			firstSeen > 0
				? `the ${firstSeen} ${things} this node had not seen before were ${manual ? 'compared only' : 'recorded'}: their changes are output from the next run on`
				: `no ${request.ids.key} changed since the node last looked`;
		const manualNote = manual ? ' A manual run shows the changes since the active workflow last ran, and records nothing.' : '';
		context.addExecutionHints({ message: `Only Output Changes: nothing to output, ${why}.${manualNote}`, location: 'outputPane' });
	}
	return (result, id) => (changes.has(id) ? withPreviousStatus(request.toJson(result, id), changes.get(id) ?? null) : undefined);
}

/** The presenter for the operation's options, or undefined when every status is output. */
export function onlyChangesPresenter<Result extends StatusReading>(
	context: IExecuteFunctions,
	request: PerIdRequest<Result>,
	options: { onlyChanged: boolean; previousStatusField: string },
): ((readings: ReadonlyMap<number, Result>) => Promise<Presenter<Result>>) | undefined {
	if (!options.onlyChanged) return undefined;
	if (options.previousStatusField !== '') {
		const items = context.getInputData();
		return async () => againstRecords(request, items, options.previousStatusField);
	}
	return async (readings) => await againstMemory(context, request, readings);
}
