/** A service as the panel lists it, read into fixed field names and types (see replies/services.ts). */
export interface PanelService {
	service: number;
	name: string;
	type: string;
	category: string;
	rate: number;
	min: number;
	max: number;
	refill: boolean;
	cancel: boolean;
	dripfeed?: boolean;
	description?: string;
}

/** Every word of the filter in the service's ID, name or category (upper and lower case alike). */
export function serviceMatches(service: PanelService, filter: string | undefined): boolean {
	const words = (filter ?? '').toLowerCase().split(/\s+/).filter((word) => word !== '');
	if (words.length === 0) return true;
	const haystack = `${service.service} ${service.name} ${service.category}`.toLowerCase();
	return words.every((word) => haystack.includes(word));
}

/** The kinds of change the trigger's Service Changed event reports, as saved in workflows. */
export const SERVICE_CHANGE_KINDS = ['added', 'removed', 'rateChanged', 'limitsChanged', 'detailsChanged'] as const;

export type ServiceChangeKind = (typeof SERVICE_CHANGE_KINDS)[number];

/** The fields of a service that a change of its details is about. */
export const SERVICE_DETAIL_FIELDS = ['name', 'type', 'category', 'refill', 'cancel', 'dripfeed'] as const;

/** A service as remembered between polls: everything but its description. */
export type RememberedService = Omit<PanelService, 'description'>;

/**
 * A service as stored: `[name, category, type, rate, min, max, flags]`, the category and type as
 * indexes into the memory's tables (a panel has far fewer categories than services), the three
 * flags as bits. About 60 bytes for a service with a 40-character name.
 */
export type ServiceFingerprint = [name: string, category: number, type: number, rate: number, min: number, max: number, flags: number];

const REFILL = 1;
const CANCEL = 2;
const DRIPFEED = 4;
/** Set when the panel said whether drip-feed is allowed (many panels leave it out). */
const DRIPFEED_KNOWN = 8;

/**
 * What the Service Changed event keeps between polls (in the trigger's state): one fingerprint per
 * service ID, and the shorter list that awaits confirmation (see changeDetection.ts).
 */
export interface ServiceMemory {
	byId: Record<string, ServiceFingerprint>;
	categories: string[];
	types: string[];
	/** Set while an empty or much shorter list awaits a second sight: a digest of its IDs. */
	unconfirmedList?: string;
}

/** Builds a memory, each category and type stored once. */
export class ServiceMemoryWriter {
	private readonly memory: ServiceMemory = { byId: {}, categories: [], types: [] };
	private readonly categoryIndex = new Map<string, number>();
	private readonly typeIndex = new Map<string, number>();

	remember(service: RememberedService): void {
		let flags = (service.refill ? REFILL : 0) | (service.cancel ? CANCEL : 0);
		if (service.dripfeed !== undefined) flags |= DRIPFEED_KNOWN | (service.dripfeed ? DRIPFEED : 0);
		const { categories, types } = this.memory;
		const fingerprint: ServiceFingerprint = [
			service.name,
			indexOf(this.categoryIndex, categories, service.category),
			indexOf(this.typeIndex, types, service.type),
			service.rate,
			service.min,
			service.max,
			flags,
		];
		this.memory.byId[String(service.service)] = fingerprint;
	}

	done(unconfirmedList?: string): ServiceMemory {
		return unconfirmedList === undefined ? this.memory : { ...this.memory, unconfirmedList };
	}
}

function indexOf(index: Map<string, number>, table: string[], value: string): number {
	let position = index.get(value);
	if (position === undefined) {
		position = table.push(value) - 1;
		index.set(value, position);
	}
	return position;
}

/** The service remembered under `id`, or undefined. */
export function rememberedService(memory: ServiceMemory, id: number): RememberedService | undefined {
	const fingerprint = memory.byId[String(id)];
	if (!Array.isArray(fingerprint)) return undefined;
	const [name, category, type, rate, min, max, flags] = fingerprint;
	const service: RememberedService = {
		service: id,
		name,
		category: memory.categories[category] ?? '',
		type: memory.types[type] ?? '',
		rate,
		min,
		max,
		refill: (flags & REFILL) !== 0,
		cancel: (flags & CANCEL) !== 0,
	};
	if ((flags & DRIPFEED_KNOWN) !== 0) service.dripfeed = (flags & DRIPFEED) !== 0;
	return service;
}

/** A short digest of a list's service IDs (FNV-1a over the sorted IDs): tells one list from another, not secret. */
export function serviceListDigest(ids: readonly number[]): string {
	let hash = 0x811c9dc5;
	for (const id of [...ids].sort((a, b) => a - b)) {
		for (const char of `${id},`) {
			hash ^= char.charCodeAt(0);
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
	}
	return `${ids.length}:${hash.toString(16)}`;
}
