import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The `service` parameter: picked From List (searchable) or entered By ID. */
export function serviceLocator(description: string): INodeProperties {
	return {
		displayName: 'Service',
		name: 'service',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a service...',
				typeOptions: { searchListMethod: 'searchServices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A service ID is a whole number, e.g. 1' },
					},
				],
			},
		],
	};
}

/** The service ID chosen for an item; `value` is the parameter's value for it, if already read. */
export function serviceIdOf(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown = context.getNodeParameter('service', itemIndex, '', { extractValue: true }),
): number {
	const text = String(value ?? '').trim();
	const id = /^\d+$/.test(text) ? Number(text) : NaN;
	if (!Number.isSafeInteger(id) || id <= 0) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: "${text}" is not a service ID`, {
			itemIndex,
			description: 'Pick the service from the list, or enter its ID (a whole number, e.g. 1) By ID.',
		});
	}
	return id;
}
