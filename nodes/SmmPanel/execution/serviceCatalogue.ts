import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PanelService } from '../domain/services';
import { parseService, serviceListEntries } from '../replies/services';
import { panelRequest } from '../transport';

/** The panel's services, as read and as sent (`rawById`: each service's entry as the panel sent it). */
export interface ServiceCatalogue {
	services: PanelService[];
	byId: ReadonlyMap<number, PanelService>;
	rawById: ReadonlyMap<number, unknown>;
}

/**
 * One service list per execution, shared by service Get/Get Many and order validation, however
 * many items ask. Kept on the execution context (a new one per run), so no list outlives its run;
 * a failed fetch is kept too, so 1,000 items fail fast with the same error instead of 1,000 retries.
 */
const cataloguesByExecution = new WeakMap<IExecuteFunctions, Promise<ServiceCatalogue>>();

function readCatalogue(raw: unknown): ServiceCatalogue {
	const services: PanelService[] = [];
	const byId = new Map<number, PanelService>();
	const rawById = new Map<number, unknown>();
	serviceListEntries(raw).forEach((entry, index) => {
		const service = parseService(entry, index);
		services.push(service);
		if (!byId.has(service.service)) {
			byId.set(service.service, service);
			rawById.set(service.service, entry);
		}
	});
	return { services, byId, rawById };
}

export async function serviceCatalogue(context: IExecuteFunctions): Promise<ServiceCatalogue> {
	let catalogue = cataloguesByExecution.get(context);
	if (!catalogue) {
		catalogue = panelRequest(context, 'services', {}, readCatalogue).then((reply) => reply.data);
		cataloguesByExecution.set(context, catalogue);
	}
	return await catalogue;
}

/** A service as output: the reader's fixed field names, numbers as numbers, booleans as booleans. */
export function serviceJson(service: PanelService): IDataObject {
	return { ...service };
}
