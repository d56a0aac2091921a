import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { isRatePerPackage, orderTypeName, orderTypeOfService, orderTypeSpec } from '../domain/orderTypes';
import { serviceMatches, type PanelService } from '../domain/services';
import { parseServices } from '../replies/services';
import { panelRequest } from '../transport';

function formatNumber(value: number): string {
	return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A quantity in few characters, never rounded: 100000 as 100K, 2500 as 2.5K, 12345 as 12,345. */
function shortQuantity(value: number): string {
	if (value >= 1_000_000 && value % 100_000 === 0) return `${value / 1_000_000}M`;
	if (value >= 1_000 && value % 100 === 0) return `${value / 1_000}K`;
	return formatNumber(value);
}

/**
 * One entry of the service list. n8n shows an entry on one line, cut at the width of the panel, and
 * shows the picked entry in the field: so the short facts come first (ID, price, the quantity
 * range, the type to choose as Order Type), the name last. A package's rate is its price; other
 * rates are per 1000. Packages take no quantity, so they show no range.
 */
export function serviceListItem(service: PanelService): INodeListSearchItems {
	const type = orderTypeOfService(service.type);
	const price = `${formatNumber(service.rate)} ${isRatePerPackage(service.type) ? 'per package' : 'per 1K'}`;
	const takesQuantity = type === undefined || orderTypeSpec(type).quantity.from !== 'none';
	const range = takesQuantity ? [`${shortQuantity(service.min)}–${shortQuantity(service.max)}`] : [];
	const typeName = type === undefined ? service.type : orderTypeName(type);
	return {
		name: [`#${service.service}`, price, ...range, typeName, service.name].join(' · '),
		value: String(service.service),
		description: `${service.category} · ${service.type}`,
	};
}

/** The Service parameter's "From List": the panel's services, searchable by name and category. */
export async function searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { data } = await panelRequest(this, 'services', {}, parseServices);
	return { results: data.filter((service) => serviceMatches(service, filter)).map(serviceListItem) };
}
