import type { IExecuteFunctions } from 'n8n-workflow';

import type { IdKind } from '../domain/idKinds';
import { KNOWN_STATUSES } from '../domain/statuses';
import { processedStore } from './processedStore';

/**
 * "Only Output Changes" without a Previous Status Field: the last status this node read for each
 * order (or refill), kept in n8n's deduplication store, which every n8n process shares and which
 * outlives executions (workflow static data is not loaded for queued executions, and a worker's
 * save overwrites the whole workflow's). The store keeps entries as hashes, so an ID's memory is
 * two entries, "seen" and "its status is S"; a status that changed is found by asking for the
 * statuses the ID could have had.
 */
export interface ObservedStatus {
	id: number;
	status: string;
	final: boolean;
}

export interface MemoryReading {
	/** The IDs whose status changed since the memory last saw them, with the status they had. */
	changes: Map<number, string | null>;
	/** IDs seen for the first time: recorded, not reported. */
	firstSeen: number;
}

/** About 25,000 IDs (two entries each); the oldest are forgotten first. */
const MAX_ENTRIES = 50_000;

/**
 * Compares what was read with the memory. With `record` (runs of an active workflow), the memory
 * then holds what was read, finished IDs are forgotten, and a change is reported by exactly one run
 * of the node in this n8n process. Without it (a manual run in the editor), the memory is left as it
 * was, so that testing swallows no change the active workflow has yet to report.
 */
export async function readStatusMemory(
	context: IExecuteFunctions,
	kind: IdKind,
	observed: readonly ObservedStatus[],
	record: boolean,
): Promise<MemoryReading> {
	if (observed.length === 0) return { changes: new Map(), firstSeen: 0 };
	const store = processedStore(context, MAX_ENTRIES);
	const seen = (id: number) => `${kind.key}:${id}`;
	const status = (id: number, value: string) => `${kind.key}:${id}=${value}`;

	const current = observed.flatMap(({ id, status: value }) => [seen(id), status(id, value)]);
	const known = await store.record(current);
	const changed = observed.filter(({ id, status: value }) => known.has(seen(id)) && !known.has(status(id, value)));
	const firstSeen = observed.filter(({ id }) => !known.has(seen(id))).length;

	const probes = changed.flatMap(({ id, status: value }) => KNOWN_STATUSES.filter((other) => other !== value).map((other) => status(id, other)));
	const earlier = probes.length > 0 ? await store.record(probes) : new Set<string>();
	const changes = new Map<number, string | null>(
		changed.map(({ id, status: value }) => [id, KNOWN_STATUSES.find((other) => other !== value && earlier.has(status(id, other))) ?? null]),
	);

	const toRemove = record
		? // The statuses an ID had before (and the probes just added), and finished IDs, which never change again.
			[...probes, ...observed.filter(({ final }) => final).flatMap(({ id, status: value }) => [seen(id), status(id, value)])]
		: // Everything this run added: the memory stays as the active workflow left it.
			[...current.filter((entry) => !known.has(entry)), ...probes.filter((entry) => !earlier.has(entry))];
	if (toRemove.length > 0) await store.remove(toRemove);
	return { changes, firstSeen };
}
