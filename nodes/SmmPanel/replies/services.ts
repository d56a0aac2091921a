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
