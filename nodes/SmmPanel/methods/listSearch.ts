import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { parseServices, type PanelService } from '../schemas/replies';
import { panelRequest } from '../transport';

function formatNumber(value: number): string {
	return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** One entry of the service list: name first, then what matters when choosing, rate, min and max. */
export function serviceListItem(service: PanelService): INodeListSearchItems {
	return {
		name: `${service.service} · ${service.name} · ${formatNumber(service.rate)} per 1000 · min ${formatNumber(service.min)} · max ${formatNumber(service.max)}`,
		value: String(service.service),
		description: `${service.category} · ${service.type}`,
	};
}

/** Every word of the filter in the service's ID, name or category (upper and lower case alike). */
export function serviceMatches(service: PanelService, filter: string | undefined): boolean {
	const words = (filter ?? '').toLowerCase().split(/\s+/).filter((word) => word !== '');
	if (words.length === 0) return true;
	const haystack = `${service.service} ${service.name} ${service.category}`.toLowerCase();
	return words.every((word) => haystack.includes(word));
}

/** The Service parameter's "From List": the panel's services, searchable by name and category. */
export async function searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { data } = await panelRequest(this, 'services', {}, parseServices);
	return { results: data.filter((service) => serviceMatches(service, filter)).map(serviceListItem) };
}
