import { SUBSCRIPTION_DELAYS } from './orderFields';
import { fieldsOfType, orderTypeName, orderTypeOfService, orderTypeSpec, type OrderType } from './orderTypes';
import type { PanelService } from './services';

/**
 * "Validate Before Ordering": the checks that stop an order before `add` is sent, because `add`
 * costs money and cannot be taken back. Pure, so each rule is tested on its own.
 */
export interface OrderDraft {
	type: OrderType;
	service: number;
	/** The form fields for the type (panel names), as they will be sent. */
	fields: Record<string, string | number>;
	/** Drip-feed settings, when drip-feed is on. */
	dripFeed?: { runs: number; interval: number };
}

export interface OrderProblem {
	/** What is wrong (the caller adds the item). */
	message: string;
	/** How to fix it. */
	description: string;
}

export function countLines(list: string | number | undefined): number {
	return String(list ?? '')
		.split('\n')
		.filter((line) => line.trim() !== '').length;
}

function describeService(service: PanelService): string {
	return `service ${service.service} ("${service.name}")`;
}

/** `subject` is what is out of range, e.g. "Quantity 5 is" or "The 3 lines of "Comments" are". */
function outOfRange(subject: string, value: number, service: PanelService, howToFix: string): OrderProblem | undefined {
	if (value >= service.min && value <= service.max) return undefined;
	const bound = value < service.min ? `below the minimum of ${service.min}` : `above the maximum of ${service.max}`;
	return {
		message: `${subject} ${bound} for ${describeService(service)}`,
		description: `${howToFix} between ${service.min} and ${service.max}, as the service allows.`,
	};
}

/** Every field of the type that must have a value, has one. */
function missingField(draft: OrderDraft): OrderProblem | undefined {
	for (const field of fieldsOfType(draft.type)) {
		if (field.onlyWhen !== undefined && !(field.form in draft.fields)) continue;
		const value = draft.fields[field.form];
		const empty = field.kind === 'list' ? countLines(value) === 0 : value === undefined || String(value).trim() === '';
		if (empty) {
			return {
				message: `"${field.property.displayName}" is empty`,
				description: `${orderTypeName(draft.type)} orders need "${field.property.displayName}": ${field.property.description ?? ''}.`,
			};
		}
	}
	return undefined;
}

function quantityProblem(draft: OrderDraft, service: PanelService): OrderProblem | undefined {
	const source = orderTypeSpec(draft.type).quantity;
	switch (source.from) {
		case 'quantity': {
			const quantity = Number(draft.fields.quantity);
			if (!Number.isSafeInteger(quantity) || quantity <= 0) {
				return { message: `Quantity ${draft.fields.quantity} is not a whole number above 0`, description: 'Enter how many to order, e.g. 1000.' };
			}
			return outOfRange(`Quantity ${quantity} is`, quantity, service, 'Order a quantity');
		}
		case 'lines': {
			const lines = countLines(draft.fields[source.field.form]);
			const name = source.field.property.displayName;
			const subject = `The ${lines} ${lines === 1 ? 'line' : 'lines'} of "${name}" (one entry per line) ${lines === 1 ? 'is' : 'are'}`;
			return outOfRange(subject, lines, service, `Give a number of lines in "${name}"`);
		}
		case 'minMax': {
			const min = Number(draft.fields.min);
			const max = Number(draft.fields.max);
			const problem = outOfRange(`Min ${min} is`, min, service, 'Use a Min') ?? outOfRange(`Max ${max} is`, max, service, 'Use a Max');
			if (problem) return problem;
			if (min > max) return { message: `Min ${min} is greater than Max ${max}`, description: 'Set Min to at most Max.' };
			return undefined;
		}
		case 'none':
			return undefined;
	}
}

function subscriptionProblem(draft: OrderDraft): OrderProblem | undefined {
	if (draft.type !== 'subscriptions') return undefined;
	const delay = Number(draft.fields.delay);
	if (!SUBSCRIPTION_DELAYS.includes(delay)) {
		return {
			message: `Delay ${draft.fields.delay} is not one the API accepts`,
			description: 'Use 0, 5, 10, 15, 30, 60, 90 or another multiple of 30 up to 600 minutes.',
		};
	}
	return undefined;
}

function dripFeedProblem(draft: OrderDraft, service: PanelService): OrderProblem | undefined {
	if (!draft.dripFeed) return undefined;
	const { runs, interval } = draft.dripFeed;
	if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(interval) || interval < 1) {
		return {
			message: `Drip-feed needs whole numbers of at least 1 for Runs and Interval (got ${runs} and ${interval})`,
			description: 'Set Runs (how many deliveries) and Interval (minutes between them), or turn off Drip-Feed.',
		};
	}
	if (service.dripfeed === false) {
		return {
			message: `${describeService(service)} does not allow drip-feed`,
			description: 'Turn off Drip-Feed, or pick a service that allows it (the service list shows "dripfeed").',
		};
	}
	return undefined;
}

/**
 * The first reason not to send this order, or undefined. `service` is the panel's entry for the
 * draft's service ID (undefined when the panel does not list it).
 */
export function findOrderProblem(draft: OrderDraft, service: PanelService | undefined): OrderProblem | undefined {
	if (service === undefined) {
		return {
			message: `Service ${draft.service} does not exist on the panel`,
			description: "Pick the service from the list (it shows the panel's current services), or check the ID.",
		};
	}
	const serviceType = orderTypeOfService(service.type);
	if (serviceType === undefined) {
		return {
			message: `${describeService(service)} has the type "${service.type}", which this node does not know`,
			description:
				'To order it anyway, turn off "Validate Before Ordering" in Options and send the fields the panel needs (add any the node lacks under Extra Fields).',
		};
	}
	if (serviceType !== draft.type) {
		return {
			message: `${describeService(service)} is a "${service.type}" service, but Order Type is "${orderTypeName(draft.type)}"`,
			description: `Set Order Type to "${orderTypeName(serviceType)}", or pick a service of type "${orderTypeName(draft.type)}".`,
		};
	}
	return missingField(draft) ?? quantityProblem(draft, service) ?? subscriptionProblem(draft) ?? dripFeedProblem(draft, service);
}
