/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The output schemas the package ships (`nodes/SmmPanel/__schema__`), found the way n8n finds them
 * and checked against what the nodes really output:
 *
 * - found: n8n-core's own `resolveOutputSchemaPath` (what n8n's `/schemas/...` route and its
 *   output-schema lookup call) resolves the file from the node's folder, its version and the
 *   node's resource and operation;
 * - accepted by the editor: n8n's editor drops a schema without `type` and non-empty `properties`;
 * - valid JSON Schema (draft-07, ajv), in the few keywords these files use;
 * - true: each real output item validates, and (strictly) has no field the schema does not declare,
 *   so the preview before the first run shows what the run will give.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import { resolveOutputSchemaPath } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { PACKAGE_ROOT } from '../engine/node-types';

/** Where both nodes' files are, in the source tree (the build copies it to dist/ unchanged). */
export const SOURCE_NODE_DIR = join(PACKAGE_ROOT, 'nodes/SmmPanel');

export interface SchemaRef {
	/** The node's type version (n8n pads 1 to v1.0.0). */
	version: number;
	/** Absent for the trigger, whose parameters have neither. */
	resource?: string;
	operation?: string;
}

type Schema = Record<string, unknown>;

export function schemaPath(ref: SchemaRef, nodeDir = SOURCE_NODE_DIR): string {
	const path = resolveOutputSchemaPath({ nodeDir, ...ref });
	if (path === undefined) throw new Error(`n8n resolves no schema path for ${JSON.stringify(ref)}`);
	return path;
}

export function loadSchema(ref: SchemaRef, nodeDir = SOURCE_NODE_DIR): Schema {
	const path = schemaPath(ref, nodeDir);
	if (!existsSync(path)) throw new Error(`No schema file at ${path}`);
	return JSON.parse(readFileSync(path, 'utf8')) as Schema;
}

/** n8n's editor (2.40) shows a schema preview only for this shape; others it reports as "Invalid JSON schema". */
export function editorAccepts(schema: Schema): boolean {
	const properties = schema.properties;
	return 'type' in schema && typeof properties === 'object' && properties !== null && Object.keys(properties).length > 0;
}

const KEYWORDS = new Set(['type', 'description', 'properties', 'required', 'anyOf', 'const']);

/** Keywords outside the set these files use: most likely a typo, which JSON Schema would silently ignore. */
export function unknownKeywords(schema: Schema, path = '#'): string[] {
	const found: string[] = [];
	for (const [key, value] of Object.entries(schema)) {
		if (!KEYWORDS.has(key)) found.push(`${path}/${key}`);
		if (key === 'properties') {
			for (const [name, property] of Object.entries(value as Record<string, Schema>)) found.push(...unknownKeywords(property, `${path}/properties/${name}`));
		}
		if (key === 'anyOf') (value as Schema[]).forEach((branch, index) => found.push(...unknownKeywords(branch, `${path}/anyOf/${index}`)));
	}
	return found;
}

const ajv = new Ajv({ allErrors: true });

export function isValidSchema(schema: Schema): boolean {
	return ajv.validateSchema(schema) === true;
}

/** Why an item does not match: ajv's errors, and (strict) the fields the schema does not declare. */
export function mismatches(schema: Schema, item: IDataObject, { strict }: { strict: boolean }): string[] {
	const validate = ajv.compile(schema);
	const problems = validate(item) ? [] : (validate.errors ?? []).map((error) => `${error.dataPath || '(item)'} ${error.message ?? ''}`);
	if (strict) {
		const declared = new Set(Object.keys((schema.properties ?? {}) as Schema));
		// A branch's own fields count when the item is of that branch (has every field it requires).
		for (const branch of (schema.anyOf ?? []) as Schema[]) {
			const required = (branch.required ?? []) as string[];
			if (required.every((field) => field in item)) for (const field of Object.keys((branch.properties ?? {}) as Schema)) declared.add(field);
		}
		for (const field of Object.keys(item)) if (!declared.has(field)) problems.push(`.${field} is not in the schema`);
	}
	return problems;
}
