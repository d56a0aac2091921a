import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * A per-item parameter that is nothing but a reference to a field of the item, as n8n's editor
 * writes it when a field is dragged onto the parameter (`{{ $json.order }}`), is read straight from
 * each item instead of through n8n's expression engine, which costs 0.1 ms (legacy engine) to
 * 1.2 ms (n8n 2.40's default engine) per item: seconds for 10,000 items, more than the requests.
 *
 * Accepted (the whole parameter value, nothing before or after):
 *
 *   "={{" ws* "$json" accessor+ ws* "}}"
 *   accessor := "." name | "?." name | "[" quoted "]"
 *   name     := [A-Za-z_][A-Za-z0-9_]*
 *   quoted   := '"' char* '"' | "'" char* "'"   (no quote of that kind, backslash, brace or line break)
 *   ws       := JavaScript white space and line terminators
 *
 * except when a segment is a name n8n's expression sandbox refuses (UNSAFE_NAMES) or the text
 * contains ".constructor", which n8n rejects outright.
 *
 * Per item the field is read only when every step of the path is an own property of a plain
 * object or an array and the value is a string, a finite number, or an array of nothing but
 * those: values n8n's expression returns as they are, under both its engines. Anything else on
 * that item (missing, null, an object, a date, a nested array, a class instance) is evaluated by
 * n8n as before, so that item's value, and its error, are n8n's own.
 */

/** n8n-workflow's unsafe object properties (2.40): its sandbox throws on them. Kept here, as older n8n lacks the export. */
const UNSAFE_NAMES: ReadonlySet<string> = new Set([
	'__proto__',
	'prototype',
	'constructor',
	'getPrototypeOf',
	'setPrototypeOf',
	'getOwnPropertyDescriptor',
	'getOwnPropertyDescriptors',
	'defineProperty',
	'defineProperties',
	'mainModule',
	'binding',
	'_linkedBinding',
	'_load',
	'prepareStackTrace',
	'__lookupGetter__',
	'__lookupSetter__',
	'__defineGetter__',
	'__defineSetter__',
	'caller',
	'callee',
	'arguments',
	'getBuiltinModule',
	'dlopen',
	'execve',
	'loadEnvFile',
]);

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const QUOTED = `"[^"\\\\{}\\n\\r\\u2028\\u2029]*"|'[^'\\\\{}\\n\\r\\u2028\\u2029]*'`;
const ACCESSOR = `\\??\\.(${NAME})|\\[(${QUOTED})\\]`;
const REFERENCE = new RegExp(`^=\\{\\{\\s*\\$json((?:${ACCESSOR})+)\\s*\\}\\}$`);
const NEXT_ACCESSOR = new RegExp(ACCESSOR, 'y');

/** The path a parameter value refers to (`={{ $json.data["order id"] }}` → ['data', 'order id']), or undefined. */
export function fieldReferencePath(parameterValue: unknown): string[] | undefined {
	if (typeof parameterValue !== 'string') return undefined;
	const match = REFERENCE.exec(parameterValue);
	if (!match || /\.\s*constructor/.test(parameterValue)) return undefined;
	const accessors = match[1];
	const path: string[] = [];
	NEXT_ACCESSOR.lastIndex = 0;
	while (NEXT_ACCESSOR.lastIndex < accessors.length) {
		const step = NEXT_ACCESSOR.exec(accessors);
		if (!step) return undefined;
		const segment = step[1] ?? step[2].slice(1, -1);
		if (UNSAFE_NAMES.has(segment)) return undefined;
		path.push(segment);
	}
	return path;
}

function isPlainContainer(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	if (Array.isArray(value)) return true;
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

function isScalar(value: unknown): value is string | number {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** The value at `path` when it is one the fast path may take (see above), else undefined. */
function plainValueAt(json: unknown, path: readonly string[]): string | number | Array<string | number> | undefined {
	let current: unknown = json;
	for (const segment of path) {
		if (!isPlainContainer(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = current[segment];
	}
	if (isScalar(current)) return current;
	if (!Array.isArray(current)) return undefined;
	// An index loop, not every(): a hole is undefined here, and sends the item to n8n.
	for (let index = 0; index < current.length; index++) if (!isScalar(current[index])) return undefined;
	return current as Array<string | number>;
}

function isResourceLocator(value: unknown): value is { __rl: true; value: unknown } {
	return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true && 'value' in value;
}

/**
 * Reads a parameter per item: straight from the item where the parameter is a field reference and
 * the item's value allows it, through n8n (`getNodeParameter`) otherwise. `items` are the node's
 * input items, the ones `$json` refers to. A resource locator's value is what n8n's `extractValue`
 * gives for a mode without an extraction rule (as in serviceLocator.ts): the value itself.
 */
export function perItemParameterReader(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	parameterName: string,
): (itemIndex: number) => unknown {
	const raw: unknown = context.getNode().parameters[parameterName];
	const resourceLocator = isResourceLocator(raw);
	const evaluate = (itemIndex: number): unknown =>
		resourceLocator
			? context.getNodeParameter(parameterName, itemIndex, undefined, { extractValue: true })
			: context.getNodeParameter(parameterName, itemIndex);
	const path = fieldReferencePath(resourceLocator ? raw.value : raw);
	if (path === undefined) return evaluate;
	return (itemIndex) => plainValueAt(items[itemIndex]?.json, path) ?? evaluate(itemIndex);
}

/** An item's parameter by name, read as perItemParameterReader reads it. */
export type ItemParameters = (name: string, itemIndex: number) => unknown;

/** Per-item parameters of one run of the node, each parameter's reader made once. */
export function itemParameters(context: IExecuteFunctions, items: readonly INodeExecutionData[]): ItemParameters {
	const readers = new Map<string, (itemIndex: number) => unknown>();
	return (name, itemIndex) => {
		let read = readers.get(name);
		if (read === undefined) {
			read = perItemParameterReader(context, items, name);
			readers.set(name, read);
		}
		return read(itemIndex);
	};
}
