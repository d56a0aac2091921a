/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The node's description: the parameter names and values saved workflows depend on, n8n's UX
 * wording rules, the codex file and icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode, INodeParameters, INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { SmmPanelApi } from '../../credentials/SmmPanelApi.credentials';
import { buildWorkflow } from '../engine/engine';
import { smmPanelOperations } from '../engine/node-types';
import { SMM_PANEL_NODE_TYPE, SMM_PANEL_TRIGGER_NODE_TYPE } from '../engine/harness';
import { SmmPanel } from '../../nodes/SmmPanel/SmmPanel.node';
import { SmmPanelTrigger } from '../../nodes/SmmPanel/SmmPanelTrigger.node';
import { CREDENTIAL_TYPE } from '../../nodes/SmmPanel/transport';
import { SUBSCRIPTION_DELAYS } from '../../nodes/SmmPanel/domain/orderFields';
import { ORDER_TYPES, orderTypeSpec } from '../../nodes/SmmPanel/domain/orderTypes';

const NODE_DIR = join(__dirname, '../../nodes/SmmPanel');
const { description } = new SmmPanel();

function optionValues(property: INodeProperties | undefined): unknown[] {
	return ((property?.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
}

function operationsOf(resource: string): unknown[] {
	return optionValues(
		description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource)),
	);
}

function propertiesOf(resource: string, operation: string): INodeProperties[] {
	return description.properties.filter(
		(property) =>
			property.displayOptions?.show?.resource?.includes(resource) && property.displayOptions?.show?.operation?.includes(operation),
	);
}

/** Every property, nested ones included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option) return allProperties((option as INodePropertyCollection).values);
			if ('displayName' in option && 'type' in option) return allProperties([option as INodeProperties]);
			return [];
		});
		return [property, ...nested];
	});
}

/** The subtitle the canvas shows for a node with these saved parameters (n8n fills in the defaults). */
function canvasSubtitle(type: string, subtitle: string | undefined, parameters: INodeParameters): unknown {
	const node: INode = { id: 'n1', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters };
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, { active: false, withPinData: false });
	return workflow.expression.getSimpleParameterValue(workflow.getNode('Node') as INode, subtitle ?? '', 'internal', {});
}

describe('SMM Panel node description', () => {
	it('has the fixed resources and operations', () => {
		expect(optionValues(description.properties.find((property) => property.name === 'resource')).sort()).toEqual(
			['balance', 'cancel', 'order', 'refill', 'service'],
		);
		expect(operationsOf('service').sort()).toEqual(['get', 'getAll']);
		expect(operationsOf('order').sort()).toEqual(['create', 'getStatus']);
		expect(operationsOf('refill').sort()).toEqual(['create', 'getStatus']);
		expect(operationsOf('cancel')).toEqual(['create']);
		expect(operationsOf('balance')).toEqual(['get']);
	});

	it('has the fixed parameter names', () => {
		const names = (resource: string, operation: string) => propertiesOf(resource, operation).map((property) => property.name);
		expect(names('order', 'getStatus')).toEqual(expect.arrayContaining(['idSource', 'orderIds', 'idField', 'options']));
		expect(names('refill', 'create')).toEqual(expect.arrayContaining(['idSource', 'orderIds', 'idField', 'options']));
		expect(names('refill', 'getStatus')).toEqual(expect.arrayContaining(['idSource', 'refillIds', 'idField', 'options']));
		expect(names('cancel', 'create')).toEqual(expect.arrayContaining(['idSource', 'orderIds', 'idField', 'options']));
		expect(names('order', 'create')).toEqual(expect.arrayContaining(['service', 'orderType', 'link', 'quantity', 'dripFeed', 'runs', 'interval', 'extraFields', 'options']));
		expect(names('service', 'get')).toEqual(['service', 'options']);
		expect(names('service', 'getAll')).toEqual(['returnAll', 'limit', 'filters', 'options']);

		const orderType = propertiesOf('order', 'create').find((property) => property.name === 'orderType');
		expect(optionValues(orderType).sort()).toEqual([...ORDER_TYPES].sort());
		expect(orderType?.default).toBe('default');

		const idSource = propertiesOf('order', 'getStatus').find((property) => property.name === 'idSource');
		expect(optionValues(idSource)).toEqual(['parameter', 'field']);
		expect(idSource?.default).toBe('parameter');
	});

	it('has the fixed options with their defaults', () => {
		const options = (resource: string, operation: string) =>
			Object.fromEntries(
				((propertiesOf(resource, operation).find((property) => property.name === 'options')?.options ?? []) as INodeProperties[]).map(
					(option) => [option.name, option.default],
				),
			);
		for (const [resource, operation] of [['order', 'getStatus'], ['refill', 'getStatus']]) {
			expect(options(resource, operation)).toEqual({ batchSize: 100, concurrency: 4, includeRaw: false, onlyChanged: false, previousStatusField: '' });
		}
		for (const [resource, operation] of [['refill', 'create'], ['cancel', 'create']]) {
			expect(options(resource, operation)).toEqual({ batchSize: 100, concurrency: 4, includeRaw: false });
		}
		expect(options('order', 'create')).toEqual({ concurrency: 4, duplicateWindow: 10, includeRaw: false, validateBeforeOrdering: true });
		const batchSize = allProperties(propertiesOf('order', 'getStatus')).find((property) => property.name === 'batchSize');
		expect(batchSize?.typeOptions).toEqual({ minValue: 1, maxValue: 100 });
	});

	it('uses a resource locator for the service, From List (searchable) or By ID', () => {
		const service = propertiesOf('order', 'create').find((property) => property.name === 'service');
		expect(service?.type).toBe('resourceLocator');
		expect(service?.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod, mode.typeOptions?.searchable])).toEqual([
			['list', 'searchServices', true],
			['id', undefined, undefined],
		]);
	});

	it('shows each order field only for its types', () => {
		const fields = propertiesOf('order', 'create');
		const typesOf = (name: string) => fields.filter((property) => property.name === name).flatMap((property) => property.displayOptions?.show?.orderType ?? []);
		expect(typesOf('link')).not.toContain('subscriptions');
		expect(typesOf('link')).toHaveLength(16);
		expect(typesOf('keywords')).toEqual(['seo']);
		expect(typesOf('answerNumber')).toEqual(['poll']);
		expect(typesOf('dripFeed')).toEqual(['default', 'webTraffic']);
		expect(typesOf('username').sort()).toEqual(['commentLikes', 'commentReplies', 'mentionsUserFollowers', 'subscriptions']);
		expect(typesOf('quantity')).not.toEqual(expect.arrayContaining(['package', 'customComments', 'subscriptions']));
	});

	it('offers the order types as the Type filter of Service > Get Many, keeping old free-text values', () => {
		const filters = propertiesOf('service', 'getAll').find((property) => property.name === 'filters');
		const type = ((filters?.options ?? []) as INodeProperties[]).find((option) => option.name === 'type');
		expect(type?.type).toBe('options');
		// Valued as panels spell the types, so what users typed before the list existed mostly still matches an option...
		expect(optionValues(type).sort()).toEqual(ORDER_TYPES.map((orderType) => orderTypeSpec(orderType).panelType).sort());
		expect(optionValues(type)).toEqual(expect.arrayContaining(['Default', 'Web Traffic', 'Mentions with Hashtags', 'Invites from Groups']));
		// ... and named like the Order Type options the user will pick next.
		const names = ((type?.options ?? []) as INodePropertyOptions[]).map((option) => option.name);
		expect(names).toEqual(expect.arrayContaining(['Mentions With Hashtags', 'Invites From Groups', 'Web Traffic']));
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(type?.default).toBe('Default');
		// A saved variant such as "Website Traffic" is no option: n8n's editor would flag it, unless arbitrary values are allowed.
		expect(type?.allowArbitraryValues).toBe(true);
	});

	it('offers only the delays panels accept for Subscriptions, as options that keep the saved numbers', () => {
		const delay = propertiesOf('order', 'create').find((property) => property.name === 'delay');
		expect(delay?.type).toBe('options');
		expect(optionValues(delay)).toEqual([...SUBSCRIPTION_DELAYS]);
		expect(delay?.default).toBe(0);
		const names = ((delay?.options ?? []) as INodePropertyOptions[]).map((option) => option.name);
		expect(names.slice(0, 6)).toEqual(['No Delay', '5 Minutes', '10 Minutes', '15 Minutes', '30 Minutes', '1 Hour']);
		expect(names.slice(-2)).toEqual(['9 Hours 30 Minutes', '10 Hours']);
		expect(delay?.displayOptions?.show?.orderType).toEqual(['subscriptions']);
	});

	it('gives Web Traffic a website link placeholder, on the same Link parameter', () => {
		const links = propertiesOf('order', 'create').filter((property) => property.name === 'link');
		const forType = (orderType: string) => links.filter((link) => link.displayOptions?.show?.orderType?.includes(orderType));
		expect(forType('webTraffic')).toHaveLength(1);
		expect(forType('webTraffic')[0].placeholder).toBe('e.g. https://www.example.com/pricing');
		expect(forType('default')[0].placeholder).toMatch(/instagram\.com/);
		expect(forType('default')[0].displayOptions?.show?.orderType).not.toContain('webTraffic');
	});

	it('follows n8n\'s wording rules', () => {
		const properties = allProperties(description.properties);
		for (const property of properties) {
			// Title Case display names: every word starts upper case, except small words.
			for (const word of property.displayName.split(/[\s-]+/)) {
				if (['a', 'an', 'and', 'of', 'or', 'the', 'to', 'per', 'e.g.', '(Minutes)', '(Seconds)'].includes(word)) continue;
				expect([property.displayName, word[0]]).toEqual([property.displayName, word[0].toUpperCase()]);
			}
			if (property.type === 'boolean') expect([property.name, property.description]).toEqual([property.name, expect.stringMatching(/^Whether /)]);
			if (property.placeholder && property.type === 'string') expect([property.name, property.placeholder]).toEqual([property.name, expect.stringMatching(/^e\.g\. /)]);
			if (property.description) expect([property.name, property.description[0]]).toEqual([property.name, property.description[0].toUpperCase()]);
		}
	});

	it('is usable as a tool, with a subtitle, a themed icon and the credential test', () => {
		expect(description.usableAsTool).toBe(true);
		// The package's one copy of each icon, in icons/ (the credential's icon too).
		expect(description.icon).toEqual({ light: 'file:../../icons/smmPanel.svg', dark: 'file:../../icons/smmPanel.dark.svg' });
		expect(existsSync(join(NODE_DIR, '../../icons/smmPanel.svg'))).toBe(true);
		expect(existsSync(join(NODE_DIR, '../../icons/smmPanel.dark.svg'))).toBe(true);
		expect(description.credentials).toEqual([{ name: 'smmPanelApi', required: true, testedBy: 'smmPanelApiTest' }]);
		// Both nodes spell the credential's name (n8n's lint reads it there): it must be the credential's own.
		const credentialName = new SmmPanelApi().name;
		expect(CREDENTIAL_TYPE).toBe(credentialName);
		expect([...(description.credentials ?? []), ...(new SmmPanelTrigger().description.credentials ?? [])].map((credential) => credential.name)).toEqual([
			credentialName,
			credentialName,
		]);
		const node = new SmmPanel();
		expect(typeof node.methods.credentialTest.smmPanelApiTest).toBe('function');
		expect(typeof node.methods.listSearch.searchServices).toBe('function');
	});

	it('has canvas subtitles that read like the operations\' actions, as n8n evaluates them', () => {
		const subtitles = Object.fromEntries(
			smmPanelOperations().map(({ resource, operation }) => [`${resource}:${operation}`, canvasSubtitle(SMM_PANEL_NODE_TYPE, description.subtitle, { resource, operation })]),
		);
		expect(subtitles).toEqual({
			'balance:get': 'Get the balance',
			'cancel:create': 'Cancel orders',
			'order:create': 'Create an order',
			'order:getStatus': 'Get the status of orders',
			'refill:create': 'Refill orders',
			'refill:getStatus': 'Get the status of refills',
			'service:get': 'Get a service',
			'service:getAll': 'Get many services',
		});
		// A new node has no saved parameters: the defaults (Order > Create) decide.
		expect(canvasSubtitle(SMM_PANEL_NODE_TYPE, description.subtitle, {})).toBe('Create an order');
		// Every operation has an action, so none is left without a subtitle.
		for (const resource of ['balance', 'cancel', 'order', 'refill', 'service']) {
			for (const operation of operationsOf(resource)) {
				expect(canvasSubtitle(SMM_PANEL_NODE_TYPE, description.subtitle, { resource, operation: String(operation) })).toMatch(/^[A-Z][a-z]+ /);
			}
		}

		const trigger = new SmmPanelTrigger().description;
		const events = ['orderStatusChanged', 'orderFinished', 'refillStatusChanged', 'lowBalance', 'serviceChanged'];
		expect(events.map((event) => canvasSubtitle(SMM_PANEL_TRIGGER_NODE_TYPE, trigger.subtitle, { event }))).toEqual([
			'Order status changed',
			'Order finished',
			'Refill status changed',
			'Low balance',
			'Service changed',
		]);
	});

	it('has a codex file for the node', () => {
		const codex = JSON.parse(readFileSync(join(NODE_DIR, 'SmmPanel.node.json'), 'utf8')) as Record<string, unknown>;
		expect(codex).toMatchObject({ node: 'n8n-nodes-smm-panel.smmPanel', nodeVersion: '1.0', codexVersion: '1.0' });
		expect(codex.categories).toEqual(expect.arrayContaining([expect.any(String)]));
	});
});
