import type { IDataObject } from 'n8n-workflow';

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/**
 * Reads one field of an item's JSON, named as users name it: a key as written (which may contain
 * dots), else a dotted path (`data.orderId`). Own properties only.
 */
export function itemFieldReader(field: string): (json: IDataObject) => unknown {
	const path = field.split('.');
	return (json) => {
		if (Object.prototype.hasOwnProperty.call(json, field)) return json[field];
		let current: unknown = json;
		for (const segment of path) {
			if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
			current = current[segment];
		}
		return current;
	};
}
