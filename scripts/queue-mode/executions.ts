/* eslint-disable @n8n/community-nodes/no-restricted-imports -- developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The executions' results as n8n saved them in its database (execution_entity, execution_data):
 * what the SMM Panel node output in each, parsed with the `flatted` of the real n8n install (the
 * format n8n writes execution data in).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { QueueModeStack } from './stack';

export interface SavedExecution {
	id: number;
	status: string;
	/** The node's output items (their JSON); [] when it did not run or its data was not saved. */
	items: Array<Record<string, unknown>>;
	/** The execution's error message, if it ended with one. */
	error?: string;
}

interface RunData {
	resultData?: {
		error?: { message?: string };
		runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
	};
}

export function lastExecutionId(stack: QueueModeStack): number {
	return Number(stack.psql('select coalesce(max(id), 0) from execution_entity') || 0);
}

export function savedExecutions(stack: QueueModeStack, realN8nHome: string, workflowId: string, afterId: number, nodeName: string): SavedExecution[] {
	const flatted = createRequire(join(realN8nHome, 'n8n/node_modules/n8n/package.json'))('flatted') as { parse(text: string): unknown };
	const rows = stack.psql(`select id, status from execution_entity where "workflowId" = '${workflowId}' and id > ${afterId} order by id`);
	if (rows === '') return [];
	return rows.split('\n').map((row) => {
		const [id, status] = row.split('|');
		const text = stack.psql(`select data from execution_data where "executionId" = ${Number(id)}`);
		if (text === '') return { id: Number(id), status, items: [] };
		const data = flatted.parse(text) as RunData;
		const runs = data.resultData?.runData?.[nodeName] ?? [];
		const output = runs[runs.length - 1]?.data?.main?.[0] ?? [];
		return { id: Number(id), status, items: output.map((item) => item.json), error: data.resultData?.error?.message };
	});
}
