import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OrderField } from '../../domain/orderFields';
import type { OrderDraft } from '../../domain/orderValidation';
import { fieldsOfType, isOrderType, orderTypeSpec } from '../../domain/orderTypes';
import { serviceIdOf } from '../../descriptions/serviceLocator';
import type { ItemParameters } from '../../execution/fieldReference';

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

/**
 * The name a PHP panel reads a form field under. PHP's php_register_variable_ex (php-src,
 * main/php_variables.c) drops leading spaces, turns spaces and dots into underscores, treats a
 * `[` as the start of an array (`quantity[]=9` is `$_POST['quantity']`), and handles the name as a
 * C string, so a NUL byte ends it (`service%00=3` is `$_POST['service']`). Names with control
 * characters or brackets are refused before this; what is left can only differ by spaces and dots.
 */
function phpFieldName(name: string): string {
	return name.replace(/^ +/, '').replace(/[ .]/g, '_');
}

const CONTROL_CHARACTER_OR_BRACKET = /[\p{Cc}[\]]/u;

/**
 * Extra Fields, checked and added to the order: a name PHP would read as another field is
 * refused (so `service\0`, `quantity[]` or `action.` cannot stand in for a field the node set or
 * validated), and a name that is one of the order type's fields replaces it, read the way that
 * field is read, so that Validate Before Ordering checks the form exactly as it is sent.
 */
function addExtraFields(context: IExecuteFunctions, itemIndex: number, draft: OrderDraft): void {
	const node = context.getNode();
	const refuse = (message: string, description: string): NodeOperationError =>
		new NodeOperationError(node, `Item ${itemIndex}: ${message}`, { itemIndex, description });
	const typeFields = fieldsOfType(draft.type);
	const extra = context.getNodeParameter('extraFields.field', itemIndex, []) as Array<{ name?: string; value?: string }>;
	for (const { name, value } of extra) {
		const fieldName = String(name ?? '').trim();
		if (fieldName === '') continue;
		const shown = JSON.stringify(fieldName);
		if (CONTROL_CHARACTER_OR_BRACKET.test(fieldName)) {
			throw refuse(
				`the extra field name ${shown} is not allowed: it contains a control character or a bracket`,
				'PHP panels cut a field name at a NUL byte and read "[" as the start of a list, so the panel would read a different field than the one named. Use letters, digits, "_" and "-".',
			);
		}
		const phpName = phpFieldName(fieldName);
		if (RESERVED_FIELDS.has(phpName.toLowerCase())) {
			const readAs = phpName === fieldName ? '' : ` (a PHP panel reads it as "${phpName}")`;
			throw refuse(`the extra field ${shown} is not allowed${readAs}`, `The node sets "${phpName}" itself: remove it from Extra Fields (choose the service in "Service").`);
		}
		if (phpName !== fieldName) {
			throw refuse(
				`the extra field name ${shown} would reach the panel as "${phpName}"`,
				`PHP panels turn spaces and dots in field names into "_". Name the field "${phpName}" if that is the field the panel expects.`,
			);
		}
		const typeField = typeFields.find((field) => field.form === fieldName);
		draft.fields[fieldName] = typeField ? fieldValue(typeField, value) : String(value ?? '');
	}
	// Drip-feed is whatever the form sends: runs or interval given as extra fields make it drip-feed, checked as such.
	if ('runs' in draft.fields || 'interval' in draft.fields) {
		draft.dripFeed = { runs: Number(draft.fields.runs), interval: Number(draft.fields.interval) };
	}
}

/**
 * Reads one item's order from Order > Create's parameters, as it will be sent to the panel. The
 * service and the order type's fields, what a sheet's columns are mapped to, come through
 * `parameters`, which reads a plain field reference from the item itself (fieldReference.ts).
 */
export function readDraft(context: IExecuteFunctions, itemIndex: number, parameters: ItemParameters): OrderDraft {
	const node = context.getNode();
	const type: unknown = context.getNodeParameter('orderType', itemIndex);
	if (!isOrderType(type)) {
		throw new NodeOperationError(node, `Item ${itemIndex}: "${String(type)}" is not an order type`, {
			itemIndex,
			description: `Choose one of the Order Type options (e.g. default, customComments).`,
		});
	}
	const draft: OrderDraft = { type, service: serviceIdOf(context, itemIndex, parameters('service', itemIndex)), fields: {} };
	const parameterValues = new Map<string, unknown>();
	const parameter = (name: string): unknown => {
		if (!parameterValues.has(name)) parameterValues.set(name, parameters(name, itemIndex));
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
	addExtraFields(context, itemIndex, draft);
	return draft;
}

