/** The trigger's description: one polling notice per event that fits it, and a status filter for orders and for refills. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { SmmPanelTrigger } from '../../nodes/SmmPanel/SmmPanelTrigger.node';

const { properties } = new SmmPanelTrigger().description;

function shownFor(event: string): INodeProperties[] {
	return properties.filter((property) => property.displayOptions?.show?.event?.includes(event) ?? true);
}

describe('SMM Panel Trigger description', () => {
	it.each([
		['orderStatusChanged', /status of the orders below/],
		['orderFinished', /status of the orders below/],
		['refillStatusChanged', /status of the refills below/],
		['lowBalance', /reads the balance[^]*belowThreshold/],
		['serviceChanged', /reads the panel's service list \(one request[^]*sample/],
	])('%s shows one polling notice, about what it does', (event, words) => {
		const notices = shownFor(event).filter((property) => property.type === 'notice');
		expect(notices).toHaveLength(1);
		expect(notices[0].displayName).toMatch(words);
	});

	it('"Only These Statuses" offers order statuses for orders and refill statuses for refills, under one saved name', () => {
		const filter = (event: string) => shownFor(event).find((property) => property.name === 'statuses');
		const values = (property: INodeProperties | undefined) => (property?.options as INodePropertyOptions[] | undefined)?.map((option) => option.value);
		expect(values(filter('orderStatusChanged'))).toEqual(['Pending', 'In progress', 'Processing', 'Completed', 'Partial', 'Canceled', 'Refunded', 'Failed']);
		expect(values(filter('refillStatusChanged'))).toEqual(['Pending', 'In progress', 'Completed', 'Rejected']);
		expect(filter('orderFinished')).toBeUndefined();
		expect(filter('lowBalance')).toBeUndefined();
		expect(filter('serviceChanged')).toBeUndefined();
	});

	it('Service Changed keeps the saved names workflows rely on', () => {
		const shown = shownFor('serviceChanged');
		const kinds = shown.find((property) => property.name === 'serviceChanges');
		expect((kinds?.options as INodePropertyOptions[]).map((option) => option.value).sort()).toEqual(['added', 'detailsChanged', 'limitsChanged', 'rateChanged', 'removed']);
		expect(kinds?.default).toEqual(['added', 'removed', 'rateChanged', 'limitsChanged', 'detailsChanged']);
		const options = shown.find((property) => property.name === 'options');
		expect((options?.options as INodeProperties[]).map((option) => option.name).sort()).toEqual(['categories', 'minRateChangePercent', 'serviceIds']);
		const event = properties.find((property) => property.name === 'event');
		expect((event?.options as INodePropertyOptions[]).map((option) => option.value)).toContain('serviceChanged');
	});
});
