/**
 * The workflows and the credential the race bench imports into n8n: per Duplicate Guard mode, a
 * Webhook (answering with every item of the last node once the execution ends) → a Code node making
 * `count` order rows named by `prefix` → SMM Panel Order > Create, rows mapped from the items.
 */
export type GuardMode = 'off' | 'identicalOrders' | 'idempotencyKey';

export const GUARD_MODES: readonly GuardMode[] = ['off', 'identicalOrders', 'idempotencyKey'];

export const CREDENTIAL_ID = 'qmBenchPanel0001';

/** What the webhook is sent: the rows are `count` orders whose links and keys carry `prefix`. */
export interface FireBody {
	prefix: string;
	count: number;
}

/** Row i of a fired batch: its link names it, so the simulator's order list tells which row each order is. */
export function rowLink(prefix: string, index: number): string {
	return `https://qm.example/${prefix}/${index}`;
}

const MAKE_ROWS = `const { prefix, count } = $input.first().json.body;
const rows = [];
for (let i = 0; i < count; i++) {
  rows.push({ json: { service: 1, link: 'https://qm.example/' + prefix + '/' + i, quantity: 100, key: prefix + '-' + i } });
}
return rows;`;

export function webhookPath(mode: GuardMode): string {
	return `qm-bench-${mode}`;
}

const WORKFLOW_IDS = new Map<GuardMode, string>([
	['off', 'qmBenchOff000001'],
	['identicalOrders', 'qmBenchIdentical'],
	['idempotencyKey', 'qmBenchIdemKey01'],
]);

export function workflowId(mode: GuardMode): string {
	return WORKFLOW_IDS.get(mode) ?? mode;
}

/** Deterministic UUID-shaped IDs, so every run's node IDs (and processed_data contexts) are the same. */
function uuidOf(mode: GuardMode, part: number): string {
	const index = ['off', 'identicalOrders', 'idempotencyKey'].indexOf(mode) + 1;
	return `00000000-0000-4000-8000-0000000${index}${String(part).padStart(4, '0')}`;
}

export function credential(panelUrl: string, apiKey: string): object[] {
	return [
		{
			id: CREDENTIAL_ID,
			name: 'Race bench panel',
			type: 'smmPanelApi',
			data: { url: panelUrl, apiKey, timeout: 30 },
		},
	];
}

export function workflow(packageName: string, mode: GuardMode, concurrency: number): object {
	const guard: Record<string, unknown> = { duplicateGuard: mode };
	if (mode === 'idempotencyKey') guard.idempotencyKey = '={{ $json.key }}';
	return {
		id: workflowId(mode),
		name: `Race bench: ${mode}`,
		active: false,
		nodes: [
			{
				id: uuidOf(mode, 1),
				name: 'Rows in',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: uuidOf(mode, 9),
				parameters: { httpMethod: 'POST', path: webhookPath(mode), responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: uuidOf(mode, 2),
				name: 'Make rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: MAKE_ROWS },
			},
			{
				id: uuidOf(mode, 3),
				name: 'Place orders',
				type: `${packageName}.smmPanel`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'order',
					operation: 'create',
					service: { __rl: true, mode: 'id', value: '={{ $json.service }}' },
					orderType: 'default',
					link: '={{ $json.link }}',
					quantity: '={{ $json.quantity }}',
					...guard,
					options: { concurrency },
				},
				credentials: { smmPanelApi: { id: CREDENTIAL_ID, name: 'Race bench panel' } },
				onError: 'continueRegularOutput',
			},
		],
		connections: {
			'Rows in': { main: [[{ node: 'Make rows', type: 'main', index: 0 }]] },
			'Make rows': { main: [[{ node: 'Place orders', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	};
}
