import { z } from 'zod';

import type { PanelService } from '../domain/services';
import { parseWith, ReplyShapeError } from './shape';
import { flag, isRecord, optionalFlag, optionalText, panelId, requiredCount, requiredMoney, text } from './values';

const serviceSchema = z
	.object({
		service: panelId,
		name: text,
		type: text.optional(),
		category: text.optional(),
		rate: requiredMoney,
		min: requiredCount,
		max: requiredCount,
		refill: flag,
		cancel: flag,
		dripfeed: optionalFlag,
		desc: optionalText,
		description: optionalText,
	})
	.passthrough()
	.transform((raw): PanelService => {
		const service: PanelService = {
			service: raw.service,
			name: raw.name,
			type: raw.type || 'Default',
			category: raw.category ?? '',
			rate: raw.rate,
			min: raw.min,
			max: raw.max,
			refill: raw.refill,
			cancel: raw.cancel,
		};
		if (raw.dripfeed !== undefined) service.dripfeed = raw.dripfeed;
		const description = raw.description ?? raw.desc;
		if (description) service.description = description;
		return service;
	});

/**
 * The entries of a `services` reply as the panel sent them: an array, or (some panels) an object
 * keyed by service ID or wrapped in `services`/`data`.
 */
export function serviceListEntries(raw: unknown): unknown[] {
	let list: unknown = raw;
	if (isRecord(raw)) {
		const values = Object.values(raw);
		list = raw.services ?? raw.data ?? (values.length > 0 && values.every(isRecord) ? values : undefined);
	}
	if (!Array.isArray(list)) throw new ReplyShapeError('expected a list of services');
	return list;
}

/** One entry of the list; `index` counts from 0 and names the entry in messages. */
export function parseService(entry: unknown, index: number): PanelService {
	return parseWith(serviceSchema, entry, `service #${index + 1}`);
}

export function parseServices(raw: unknown): PanelService[] {
	return serviceListEntries(raw).map(parseService);
}

/** A service list read entry by entry: what could be read, and the IDs of entries that could not. */
export interface ServiceListReading {
	services: PanelService[];
	/** Entries with a readable ID whose other fields could not be read (e.g. a rate of "N/A"). */
	unreadIds: Set<number>;
	/** Entries without even a readable ID. */
	unreadEntries: number;
	/** The first problem met, for the log. */
	firstProblem?: string;
}

/**
 * The list as the trigger reads it: an entry that cannot be read fails only itself (a panel with
 * one odd service must not stop the whole event); a reply that is no list at all still throws.
 */
export function readServiceList(raw: unknown): ServiceListReading {
	const reading: ServiceListReading = { services: [], unreadIds: new Set(), unreadEntries: 0 };
	serviceListEntries(raw).forEach((entry, index) => {
		try {
			reading.services.push(parseService(entry, index));
		} catch (error) {
			reading.firstProblem ??= error instanceof Error ? error.message : String(error);
			const id = panelId.safeParse(isRecord(entry) ? entry.service : undefined);
			if (id.success) reading.unreadIds.add(id.data);
			else reading.unreadEntries++;
		}
	});
	return reading;
}
