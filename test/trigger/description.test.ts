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
	});
});
