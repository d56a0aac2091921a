import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { IdKind } from '../domain/idKinds';
import { IdListError, parseIdList } from '../domain/ids';
import { perItemParameterReader } from './fieldReference';
import { itemFieldReader } from './itemField';

/**
 * Where an ID operation takes its IDs from. "Parameter" evaluates the IDs parameter for every item
 * (expressions allowed), except that a plain field reference (`{{ $json.order }}`, what dragging a
 * field onto it gives) is read from the item as n8n would have evaluated it (fieldReference.ts);
 * "Input Field" reads one field of each item's JSON directly. Both skip n8n's per-item expression
 * evaluation, by far the largest cost for thousands of items.
 */
export type IdSource = 'parameter' | 'field';

/** Reads one item's IDs; throws a NodeOperationError naming the item (and the field) when it cannot. */
export type IdReader = (itemIndex: number) => number[];

function lowerFirst(text: string): string {
	return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** The IDs in a value, or what is wrong with it (the ID parser's message names the value). */
function idsOrProblem(value: unknown, noun: string): number[] | string {
	try {
		return parseIdList(value, noun);
	} catch (error) {
		if (error instanceof IdListError) return error.message;
		return `could not read the ${noun}s (${error instanceof Error ? error.message : String(error)})`;
	}
}

/** Where the IDs come from is a node-level setting: read once here, never per item. */
export function idReader(context: IExecuteFunctions, items: readonly INodeExecutionData[], ids: IdKind): IdReader {
	const node = context.getNode();
	const source = context.getNodeParameter('idSource', 0, 'parameter') as IdSource;

	if (source === 'parameter') {
		const howToFix = `Give one ${ids.noun} in "${ids.displayName}", several separated by commas, spaces or new lines, or an array from an expression.`;
		const readParameter = perItemParameterReader(context, items, ids.parameter);
		return (itemIndex) => {
			const parsed = idsOrProblem(readParameter(itemIndex), ids.noun);
			if (typeof parsed === 'string') {
				throw new NodeOperationError(node, `Item ${itemIndex}: ${lowerFirst(parsed)}`, { itemIndex, description: howToFix });
			}
			return parsed;
		};
	}

	const field = String(context.getNodeParameter('idField', 0, '')).trim();
	if (field === '') {
		throw new NodeOperationError(node, 'The "Input Field" is empty', {
			description: `Enter the name of the field that holds the ${ids.noun}s in each input item, e.g. ${ids.key} (the field this node's own outputs use).`,
		});
	}
	const readField = itemFieldReader(field);
	const howToFix = `Each item's field "${field}" must hold ${ids.noun}s: a number, a list separated by commas, spaces or new lines, or an array. Check "Input Field", or choose "Parameter" as ID Source.`;
	return (itemIndex) => {
		const value = readField(items[itemIndex].json);
		if (value === undefined || value === null) {
			throw new NodeOperationError(node, `Item ${itemIndex} has no ${ids.noun} in field "${field}"`, { itemIndex, description: howToFix });
		}
		const parsed = idsOrProblem(value, ids.noun);
		if (typeof parsed === 'string') {
			throw new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${lowerFirst(parsed)}`, { itemIndex, description: howToFix });
		}
		return parsed;
	};
}
