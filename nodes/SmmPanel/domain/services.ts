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
