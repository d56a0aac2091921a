import type { IDataObject } from 'n8n-workflow';

import {
	rememberedService,
	serviceListDigest,
	ServiceMemoryWriter,
	SERVICE_DETAIL_FIELDS,
	type PanelService,
	type RememberedService,
	type ServiceChangeKind,
	type ServiceMemory,
} from './services';

/**
 * The one change-detection module, shared by the SMM Panel Trigger and the action node's
 * "Only Output Changes" option. Memory maps an ID to the last status seen for it (canonical name),
 * kept in n8n's workflow static data: a few dozen bytes per ID, saved by n8n after each run.
 *
 * Rules that make "never miss, never twice" hold:
 * - memory changes only for IDs whose status was actually read in this run; an ID whose request
 *   failed keeps its old status, so its change is reported by the next run that reads it;
 * - a change is reported in the same step that records it, so it is never reported again.
 */
export type StatusMemory = Record<string, string>;

export interface ObservedStatus {
	id: number;
	status: string;
	final: boolean;
}

export interface StatusChange {
	id: number;
	status: string;
	/** null when the ID is seen for the first time. */
	previousStatus: string | null;
}

export interface ChangeDetectionOptions {
	/** Whether an ID seen for the first time is reported with its current status. */
	emitFirstSight: boolean;
	/**
	 * Whether an ID is dropped from memory once it reached a final status. The action node does
	 * this (its ID source decides what to watch); the trigger keeps finished IDs while they are
	 * still watched so that it neither polls them again nor reports them twice.
	 */
	forgetFinal: boolean;
}

export function detectStatusChanges(
	memory: StatusMemory,
	observed: readonly ObservedStatus[],
	options: ChangeDetectionOptions,
): StatusChange[] {
	const changes: StatusChange[] = [];
	for (const { id, status, final } of observed) {
		const key = String(id);
		const previousStatus = Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
		if (previousStatus === status) continue;
		if (previousStatus !== null || options.emitFirstSight) changes.push({ id, status, previousStatus });
		if (final && options.forgetFinal) delete memory[key];
		else memory[key] = status;
	}
	return changes;
}

/** Drops IDs that are no longer watched, so memory never outgrows the watch list. */
export function forgetUnwatched(memory: StatusMemory, watchedIds: ReadonlySet<number>): void {
	for (const key of Object.keys(memory)) if (!watchedIds.has(Number(key))) delete memory[key];
}

/** IDs that still need polling: everything watched except what is known to be finished. */
export function idsToPoll(memory: StatusMemory, watchedIds: readonly number[], isFinal: (status: string) => boolean): number[] {
	return watchedIds.filter((id) => {
		const known = memory[String(id)];
		return known === undefined || !isFinal(known);
	});
}

/** A status reading as output with the status it changed from, placed next to `status`. */
export function withPreviousStatus(json: IDataObject, previousStatus: string | null): IDataObject {
	const output: IDataObject = {};
	for (const [key, value] of Object.entries(json)) {
		output[key] = value;
		if (key === 'status') output.previousStatus = previousStatus;
	}
	return output;
}

/** Which service changes are reported (the Service Changed event's parameters). */
export interface ServiceChangeRules {
	kinds: ReadonlySet<ServiceChangeKind>;
	/** Only these service IDs; empty: all. */
	serviceIds: ReadonlySet<number>;
	/** Only these categories, in lower case; empty: all. */
	categories: ReadonlySet<string>;
	/** A rate change smaller than this (in percent of the remembered rate) is not a change. */
	minRateChangePercent: number;
}

export interface ServiceChange {
	changes: ServiceChangeKind[];
	/** The service as listed now; a removed service as last known. */
	service: RememberedService;
	previousRate: number | null;
	rateChangePercent: number | null;
	/** The fields that changed, as they were. */
	previous: Partial<RememberedService>;
}

export interface ServiceComparison {
	/** What to remember; undefined: keep what is remembered (nothing to record yet). */
	memory?: ServiceMemory;
	changes: ServiceChange[];
	/** Whether the list was held back as empty or much shorter, until it is seen again. */
	heldBack: boolean;
}

function inScope(rules: ServiceChangeRules, service: RememberedService, before?: RememberedService): boolean {
	if (rules.serviceIds.size > 0 && !rules.serviceIds.has(service.service)) return false;
	if (rules.categories.size === 0) return true;
	return [service.category, before?.category].some((category) => category !== undefined && rules.categories.has(category.toLowerCase()));
}

/** The change in percent of `before`, to two decimals; null from a rate of 0. */
export function rateChangePercent(before: number, after: number): number | null {
	if (before === 0) return null;
	return Math.round(((after - before) / before) * 10_000) / 100;
}

/** What changed between the remembered and the listed service, by kind; the rate only beyond the minimum. */
function differences(before: RememberedService, after: RememberedService, minPercent: number): Map<ServiceChangeKind, Partial<RememberedService>> {
	const found = new Map<ServiceChangeKind, Partial<RememberedService>>();
	if (before.rate !== after.rate) {
		const percent = rateChangePercent(before.rate, after.rate);
		if (percent === null || Math.abs(percent) >= minPercent) found.set('rateChanged', { rate: before.rate });
	}
	const limits: Partial<RememberedService> = {};
	if (before.min !== after.min) limits.min = before.min;
	if (before.max !== after.max) limits.max = before.max;
	if (Object.keys(limits).length > 0) found.set('limitsChanged', limits);
	const details: Partial<RememberedService> = {};
	for (const field of SERVICE_DETAIL_FIELDS) {
		// A panel that stops (or starts) saying whether drip-feed is allowed has not changed it.
		if (before[field] !== undefined && after[field] !== undefined && before[field] !== after[field]) Object.assign(details, { [field]: before[field] });
	}
	if (Object.keys(details).length > 0) found.set('detailsChanged', details);
	return found;
}

function changeOf(kinds: ServiceChangeKind[], service: RememberedService, before?: RememberedService, previous: Partial<RememberedService> = {}): ServiceChange {
	const rateChanged = kinds.includes('rateChanged') && before !== undefined;
	return {
		changes: kinds,
		service,
		previousRate: rateChanged ? before.rate : null,
		rateChangePercent: rateChanged ? rateChangePercent(before.rate, service.rate) : null,
		previous,
	};
}

/**
 * Compares the panel's service list with what was remembered, and says what to report and what to
 * remember. Rules (docs/trigger.md, "Service Changed"):
 * - the first list (nothing remembered) is only recorded; an empty first list is not even that;
 * - `unreadIds` (entries the panel sent but that could not be read) keep what was remembered;
 * - an empty list, or one without more than half of the remembered services, is held back: nothing
 *   is reported or recorded until the same list is seen again (a panel's bad minute is not a
 *   catalogue wiped out); seen twice, it is trusted and its removals are reported;
 * - a rate change below the minimum is not recorded either, so small steps that add up are
 *   reported once they reach it; every other change is recorded whether or not it is reported.
 */
export function compareServiceLists(
	memory: ServiceMemory | undefined,
	listed: readonly PanelService[],
	unreadIds: ReadonlySet<number>,
	rules: ServiceChangeRules,
): ServiceComparison {
	const current = new Map<number, PanelService>();
	for (const service of listed) if (!current.has(service.service)) current.set(service.service, service);
	// A memory of another shape (none yet, or written by another version) is a first poll.
	if (memory === undefined || typeof memory.byId !== 'object' || memory.byId === null) {
		if (current.size === 0) return { changes: [], heldBack: false };
		const writer = new ServiceMemoryWriter();
		for (const service of current.values()) writer.remember(service);
		return { memory: writer.done(), changes: [], heldBack: false };
	}

	const rememberedIds = Object.keys(memory.byId).map(Number);
	const gone = rememberedIds.filter((id) => !current.has(id) && !unreadIds.has(id));
	if (current.size === 0 || gone.length * 2 > rememberedIds.length) {
		const digest = serviceListDigest([...current.keys()]);
		if (memory.unconfirmedList !== digest) return { memory: { ...memory, unconfirmedList: digest }, changes: [], heldBack: true };
	}

	const writer = new ServiceMemoryWriter();
	const changes: ServiceChange[] = [];
	const report = (found: ServiceChangeKind[], service: RememberedService, before?: RememberedService, previousByKind = new Map<ServiceChangeKind, Partial<RememberedService>>()): void => {
		const kinds = found.filter((kind) => rules.kinds.has(kind));
		if (kinds.length === 0 || !inScope(rules, service, before)) return;
		const previous = Object.assign({}, ...kinds.map((kind) => previousByKind.get(kind) ?? {})) as Partial<RememberedService>;
		changes.push(changeOf(kinds, service, before, previous));
	};
	for (const id of rememberedIds) {
		const before = rememberedService(memory, id);
		if (before === undefined || current.has(id)) continue;
		if (unreadIds.has(id)) writer.remember(before);
		else report(['removed'], before);
	}
	for (const service of current.values()) {
		const before = rememberedService(memory, service.service);
		if (before === undefined) {
			writer.remember(service);
			report(['added'], service);
			continue;
		}
		const found = differences(before, service, rules.minRateChangePercent);
		// Below the minimum, the remembered rate stays what the user last heard of.
		writer.remember(service.rate !== before.rate && !found.has('rateChanged') ? { ...service, rate: before.rate } : service);
		if (found.size > 0) report([...found.keys()], service, before, found);
	}
	changes.sort((a, b) => a.service.service - b.service.service);
	return { memory: writer.done(), changes, heldBack: false };
}

/** A service change as output: the service's fields, what changed, and what they were. */
export function serviceChangeJson(change: ServiceChange): IDataObject {
	const { service } = change;
	return {
		changes: change.changes,
		service: service.service,
		name: service.name,
		category: service.category,
		type: service.type,
		rate: service.rate,
		previousRate: change.previousRate,
		rateChangePercent: change.rateChangePercent,
		min: service.min,
		max: service.max,
		refill: service.refill,
		cancel: service.cancel,
		dripfeed: service.dripfeed ?? null,
		previous: { ...change.previous },
	};
}
