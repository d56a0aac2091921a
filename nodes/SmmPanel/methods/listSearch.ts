import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { serviceMatches, type PanelService } from '../domain/services';
import { parseServices } from '../replies/services';
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

/** The Service parameter's "From List": the panel's services, searchable by name and category. */
export async function searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { data } = await panelRequest(this, 'services', {}, parseServices);
	return { results: data.filter((service) => serviceMatches(service, filter)).map(serviceListItem) };
}
