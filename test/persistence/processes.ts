/**
 * Several n8n processes (queue-mode workers) inside one Jest test: each is a fresh copy of the
 * package's persistence modules (jest.isolateModules: no in-process queue or memory shared), over
 * one store that behaves as n8n's database does (test/engine/deduplication.ts). Their n8n context
 * is reduced to what the modules use: the node, the workflow and the store helpers.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import type * as GuardModule from '../../nodes/SmmPanel/persistence/duplicateGuard';
import type * as RecordsModule from '../../nodes/SmmPanel/persistence/guardRecords';
import type * as LockModule from '../../nodes/SmmPanel/persistence/workflowLock';
import { InMemoryDeduplicator, storeContext } from '../engine/deduplication';

export const node: INode = { id: 'create-node', name: 'SMM Panel', type: 'n8n-nodes-smm-panel.smmPanel', typeVersion: 1, position: [0, 0], parameters: {} };
export const workflow = { id: 'workflow-1', active: true };

export function contextOver(store: InMemoryDeduplicator, ofNode: INode = node): IExecuteFunctions {
	return storeContext(store, ofNode, workflow);
}

export interface Process {
	guard: typeof GuardModule;
	records: typeof RecordsModule;
	lock: typeof LockModule;
}

/** Timings for tests: waiters look often, and a lock is stale after `staleMs` (30 s in n8n). */
export interface ProcessTimings {
	staleMs?: number;
	staleJitterMs?: number;
	confirmMs?: number;
	clockSkewMs?: number;
	acquireTimeoutMs?: number;
	pauseMs?: number;
	leaseMs?: number;
}

/** A fresh copy of the persistence modules, as another process would load them. */
export function anotherProcess(timings: ProcessTimings = {}): Process {
	let loaded: Process | undefined;
	jest.isolateModules(() => {
		loaded = {
			guard: jest.requireActual<typeof GuardModule>('../../nodes/SmmPanel/persistence/duplicateGuard'),
			records: jest.requireActual<typeof RecordsModule>('../../nodes/SmmPanel/persistence/guardRecords'),
			lock: jest.requireActual<typeof LockModule>('../../nodes/SmmPanel/persistence/workflowLock'),
		};
	});
	if (!loaded) throw new Error('modules not loaded');
	Object.assign(loaded.lock.lockTiming, {
		pollMinMs: 1,
		pollMaxMs: 3,
		staleMs: timings.staleMs ?? 30_000,
		staleJitterMs: timings.staleJitterMs ?? 0,
		confirmMs: timings.confirmMs ?? 5_000,
		clockSkewMs: timings.clockSkewMs ?? 10_000,
		acquireTimeoutMs: timings.acquireTimeoutMs ?? 120_000,
	});
	loaded.records.verifyPause.minMs = timings.pauseMs ?? 50;
	// A short lease, so that rounds of claims take milliseconds: the lock is still kept and taken anew across writes.
	Object.assign(loaded.records.leaseTiming, { maxMs: timings.leaseMs ?? 20, lingerMs: 2 });
	return loaded;
}

export { InMemoryDeduplicator };
