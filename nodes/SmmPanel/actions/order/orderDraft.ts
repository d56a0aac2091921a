import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OrderField } from '../../domain/orderFields';
import type { OrderDraft } from '../../domain/orderValidation';
import { fieldsOfType, isOrderType, orderTypeSpec } from '../../domain/orderTypes';
import { serviceIdOf } from '../../descriptions/serviceLocator';

/** Reads one item's order from Order > Create's parameters, as it will be sent to the panel. */
/** Fields the node sets itself: an extra field must not change them (the key travels with every request, added by n8n). */
const RESERVED_FIELDS = new Set(['key', 'action', 'service']);

function listValue(value: unknown): string {
	const entries = Array.isArray(value) ? value.map((entry) => String(entry ?? '')) : String(value ?? '').split(/\r?\n/);
	return entries
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.join('\n');
}

function fieldValue(field: OrderField, value: unknown): string | number {
	switch (field.kind) {
		case 'list':
			return listValue(value);
		case 'number': {
			const number = typeof value === 'number' ? value : Number(String(value ?? '').trim());
			return Number.isFinite(number) && String(value ?? '').trim() !== '' ? number : String(value ?? '');
		}
		case 'text':
			return String(value ?? '').trim();
	}
}

/** 2026-12-31 (or a full ISO date) as the API's 31/12/2026; anything else as given. */
function expiryValue(value: unknown): string {
	const text = String(value ?? '').trim();
	const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
	return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : text;
}

export function readDraft(context: IExecuteFunctions, itemIndex: number): OrderDraft {
	const node = context.getNode();
	const type: unknown = context.getNodeParameter('orderType', itemIndex);
	if (!isOrderType(type)) {
		throw new NodeOperationError(node, `Item ${itemIndex}: "${String(type)}" is not an order type`, {
			itemIndex,
			description: `Choose one of the Order Type options (e.g. default, customComments).`,
		});
	}
	const draft: OrderDraft = { type, service: serviceIdOf(context, itemIndex), fields: {} };
	const parameterValues = new Map<string, unknown>();
	const parameter = (name: string): unknown => {
		if (!parameterValues.has(name)) parameterValues.set(name, context.getNodeParameter(name, itemIndex));
		return parameterValues.get(name);
	};
	for (const field of fieldsOfType(type)) {
		if (field.onlyWhen !== undefined && Number(parameter(field.onlyWhen.parameter)) !== field.onlyWhen.value) continue;
		draft.fields[field.form] = fieldValue(field, parameter(field.property.name));
	}
	if (orderTypeSpec(type).dripFeed && context.getNodeParameter('dripFeed', itemIndex, false) === true) {
		const runs = Number(context.getNodeParameter('runs', itemIndex));
		const interval = Number(context.getNodeParameter('interval', itemIndex));
		draft.dripFeed = { runs, interval };
		draft.fields.runs = runs;
		draft.fields.interval = interval;
	}
	if (type === 'subscriptions') {
		const options = context.getNodeParameter('subscriptionOptions', itemIndex, {}) as IDataObject;
		if (options.posts !== undefined && options.posts !== '') draft.fields.posts = Number(options.posts);
		if (options.oldPosts !== undefined && options.oldPosts !== '') draft.fields.old_posts = Number(options.oldPosts);
		if (options.expiry !== undefined && String(options.expiry).trim() !== '') draft.fields.expiry = expiryValue(options.expiry);
	}
	const extra = context.getNodeParameter('extraFields.field', itemIndex, []) as Array<{ name?: string; value?: string }>;
	for (const { name, value } of extra) {
		const fieldName = String(name ?? '').trim();
		if (fieldName === '') continue;
		if (RESERVED_FIELDS.has(fieldName.toLowerCase())) {
			throw new NodeOperationError(node, `Item ${itemIndex}: the extra field "${fieldName}" is not allowed`, {
				itemIndex,
				description: `The node sets "${fieldName}" itself: remove it from Extra Fields (choose the service in "Service").`,
			});
		}
		draft.fields[fieldName] = String(value ?? '');
	}
	return draft;
}

