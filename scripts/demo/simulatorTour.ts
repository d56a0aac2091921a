/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run demo`: the whole node on a simulated panel, through n8n's engine. The simulator runs
 * in this process on a random port; its clock is moved by the tour (advance()), so "time passes"
 * instantly and the tour takes a few seconds.
 */
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { smmPanelApiCredential, type Poller } from '../../test/engine/harness';
import { dialectNamed, startSimulator, type PanelSimulator } from '../../test/simulator';
import { activateTrigger, emittedItems, type EngineCounter } from './engine';
import { SimulatedPanel, serviceById } from './panel';
import {
	balanceTable,
	catalogueSummary,
	orderStatusTable,
	Report,
	requests,
	servicesTable,
	type Print,
} from './report';
import { money, renderTable } from './table';

interface DemoOrder {
	/** What the order is, for the tables. */
	label: string;
	/** The Order > Create parameters, as saved in a workflow. */
	parameters: INodeParameters;
}

/**
 * One order of each kind of form the API takes. The simulator decides outcomes from the link:
 * "partial" ends Partial; everything else completes unless cancelled.
 */
const DEMO_ORDERS: readonly DemoOrder[] = [
	{
		label: 'Instagram followers',
		parameters: { service: serviceById(1), orderType: 'default', link: 'https://www.instagram.com/demo_shop/', quantity: 1000 },
	},
	{
		label: 'Instagram likes, drip-feed 3 x 200',
		parameters: {
			service: serviceById(3),
			orderType: 'default',
			link: 'https://www.instagram.com/p/DemoPost1/',
			quantity: 200,
			dripFeed: true,
			runs: 3,
			interval: 1,
		},
	},
	{
		label: 'TikTok followers (ends Partial)',
		parameters: { service: serviceById(6), orderType: 'default', link: 'https://www.tiktok.com/@demo_partial', quantity: 500 },
	},
	{
		label: 'Custom comments (5 lines)',
		parameters: {
			service: serviceById(11),
			orderType: 'customComments',
			link: 'https://www.instagram.com/p/DemoPost1/',
			comments: 'Love this!\nGreat shot\nWhere is this?\nSo good\nSaving this one',
		},
	},
	{
		label: 'Starter package',
		parameters: { service: serviceById(9), orderType: 'package', link: 'https://www.instagram.com/demo_shop/' },
	},
	{
		label: 'Story poll votes, answer 2',
		parameters: { service: serviceById(21), orderType: 'poll', link: 'https://www.instagram.com/stories/demo_shop/1/', quantity: 100, answerNumber: 2 },
	},
	{
		label: 'Website traffic from Google',
		parameters: {
			service: serviceById(24),
			orderType: 'webTraffic',
			link: 'https://shop.example.com/',
			quantity: 1000,
			country: 'US',
			device: 1,
			typeOfTraffic: 1,
			googleKeyword: 'handmade candles',
		},
	},
];

/** Orders cancelled in bulk while they run (the package's service does not allow cancelling). */
const TO_CANCEL = ['Story poll votes, answer 2', 'Website traffic from Google', 'Starter package'];
/** Orders refilled in bulk once finished (the comments service has no refill). */
const TO_REFILL = ['Instagram followers', 'Instagram likes, drip-feed 3 x 200', 'TikTok followers (ends Partial)', 'Custom comments (5 lines)'];

const STEPS = 10;
/** Just above what the tour leaves on the simulated balance, so the Low Balance trigger fires. */
const LOW_BALANCE_THRESHOLD = 990;

function changesTable(changes: readonly IDataObject[], labelOf: (order: number) => string | undefined): string[] {
	return renderTable(changes, [
		{ header: 'Order', value: (change) => change.order as number },
		{ header: 'What', value: (change) => labelOf(Number(change.order)) },
		{ header: 'Was', value: (change) => (change.previousStatus as string | null) ?? '(new)' },
		{ header: 'Now', value: (change) => change.status as string },
		{ header: 'Remains', value: (change) => change.remains as number, align: 'right' },
	]);
}

/** Counts the panel requests a step makes, from the simulator's own record. */
function requestMeter(sim: PanelSimulator): () => number {
	const before = sim.count();
	return () => sim.count() - before;
}

/** `dialect`: names of simulator dialects (e.g. "single-id"), for a tour of a panel that answers as such scripts do. */
export async function runSimulatorTour(print: Print, dialect = ''): Promise<void> {
	const startedAt = performance.now();
	const sim = await startSimulator({ dialect: dialectNamed(dialect) });
	const counter: EngineCounter = { engineRuns: 0 };
	const credential = smmPanelApiCredential({ url: sim.url, apiKey: sim.key }, { name: 'Simulated panel' });
	const panel = new SimulatedPanel(credential, counter);
	const report = new Report(print, STEPS);
	let poller: Poller | undefined;
	try {
		report.title('SMM Panel nodes: a tour on a simulated panel');
		report.note(`Panel:   ${sim.url}  (simulated, in this process: no real orders or money)${dialect ? `, dialect: ${dialect}` : ''}`);
		report.note("Engine:  each step runs this package's nodes in n8n's own WorkflowExecute.");

		report.step('Check the balance  (Balance > Get)');
		report.lines(balanceTable(await panel.balance()));

		report.step('List the services  (Service > Get Many)');
		const services = await panel.services();
		report.note(catalogueSummary(services) + ' The first 8:');
		report.lines(servicesTable(services.slice(0, 8)));

		report.step('Place orders of several types  (Order > Create, one node run per order)');
		report.note('Validate Before Ordering checks each order against the service list before any money is spent.');
		const labels = new Map<number, string>();
		const placed: IDataObject[] = [];
		for (const order of DEMO_ORDERS) {
			const item = await panel.placeOrder(order.parameters);
			labels.set(Number(item.order), order.label);
			placed.push(item);
		}
		const labelOf = (orderId: number) => labels.get(orderId);
		report.lines(
			renderTable(placed, [
				{ header: 'Order', value: (item) => item.order as number },
				{ header: 'What', value: (item) => labelOf(Number(item.order)) },
				{ header: 'Service', value: (item) => item.service as number },
				{ header: 'Link', value: (item) => item.link as string | undefined, maxWidth: 40 },
				{ header: 'Quantity', value: (item) => (item.quantity as number | undefined) ?? (item.comments === undefined ? undefined : String(item.comments).split('\n').length), align: 'right' },
			]),
		);
		const orderIds = placed.map((item) => Number(item.order));
		const idsOf = (wanted: readonly string[]) => orderIds.filter((id) => wanted.includes(labelOf(id) ?? ''));

		report.step('Check their status in one batch  (Order > Get Status, IDs from the input items)');
		let requestsMade = requestMeter(sim);
		const statuses = await panel.orderStatusesOfItems(placed, 'order');
		report.note(`${orderIds.length} orders, ${requests(requestsMade())} to the panel (up to 100 IDs a request: 1,000 orders take 10).`);
		report.lines(orderStatusTable(statuses, labelOf));

		report.step('Watch them with the SMM Panel Trigger  (Trigger On: Order Status Changed)');
		poller = activateTrigger(credential, { event: 'orderStatusChanged', orderIds: orderIds.join(', ') });
		counter.engineRuns++;
		const firstPoll = await poller.poll();
		report.note(`Activated. Its first poll stored the ${orderIds.length} current statuses in the workflow's static data`);
		report.note(`and started ${firstPoll === null ? 'no workflow run' : 'a workflow run'}: only changes from now on fire.`);

		report.step('Let a minute pass  (simulator clock +1 min), then the trigger polls');
		sim.advance(1);
		counter.engineRuns++;
		const afterOneMinute = emittedItems(await poller.poll());
		report.note(`The trigger fired: one workflow run with ${afterOneMinute.length} items, one per order that changed.`);
		report.lines(changesTable(afterOneMinute, labelOf));

		report.step('Cancel in bulk  (Cancel > Create)');
		requestsMade = requestMeter(sim);
		const cancels = await panel.cancel(idsOf(TO_CANCEL));
		report.note(`${cancels.length} orders in ${requests(requestsMade())}. A refusal is an item with "error"; it does not fail the others:`);
		report.lines(
			renderTable(cancels, [
				{ header: 'Order', value: (item) => item.order as number },
				{ header: 'What', value: (item) => labelOf(Number(item.order)) },
				{ header: 'Result', value: (item) => (item.error === undefined ? 'cancel requested' : `error: ${String(item.error)}`) },
			]),
		);

		report.step('Let 5 minutes pass, then the trigger polls');
		sim.advance(5);
		counter.engineRuns++;
		const afterSixMinutes = emittedItems(await poller.poll());
		report.note(`The trigger fired: one run with ${afterSixMinutes.length} items, as every order reached a final status.`);
		report.lines(changesTable(afterSixMinutes, labelOf));

		report.step('Refill in bulk, then check the refills  (Refill > Create, Refill > Get Status)');
		requestsMade = requestMeter(sim);
		const refills = await panel.refill(idsOf(TO_REFILL));
		const refillRequests = requestsMade();
		const refillIds = refills.filter((item) => item.refill !== undefined).map((item) => Number(item.refill));
		sim.advance(3);
		requestsMade = requestMeter(sim);
		const refillStatuses = new Map((await panel.refillStatuses(refillIds)).map((item) => [Number(item.refill), item]));
		const accepted = refillIds.length;
		report.note(
			`Refills asked for ${refills.length} orders in ${requests(refillRequests)} (${accepted} accepted); ` +
				`3 minutes later their status, in ${requests(requestsMade())}:`,
		);
		report.lines(
			renderTable(refills, [
				{ header: 'Order', value: (item) => item.order as number },
				{ header: 'What', value: (item) => labelOf(Number(item.order)) },
				{ header: 'Refill', value: (item) => item.refill as number | undefined, align: 'right' },
				{
					header: 'Refill status',
					value: (item) =>
						item.error === undefined
							? (refillStatuses.get(Number(item.refill))?.status as string | undefined)
							: `error: ${String(item.error)}`,
				},
			]),
		);

		report.step('Check the balance again  (Balance > Get, and the Low Balance trigger)');
		const finalBalance = await panel.balance();
		report.lines(balanceTable(finalBalance));
		const finalStatuses = await panel.orderStatuses(orderIds);
		const charged = finalStatuses.reduce((sum, status) => sum + (Number(status.charge) || 0), 0);
		report.note(
			`Charged for the orders: ${money(Math.round(charged * 100) / 100)} ${finalBalance.currency} ` +
				'(cancelled orders were refunded in full, the Partial one in part).',
		);
		const lowBalance = activateTrigger(credential, { event: 'lowBalance', threshold: LOW_BALANCE_THRESHOLD });
		counter.engineRuns++;
		const alert = emittedItems(await lowBalance.poll());
		await lowBalance.close();
		report.note(
			`A Low Balance trigger with threshold ${money(LOW_BALANCE_THRESHOLD)} fires ${alert.length === 0 ? 'nothing' : 'at once'}` +
				` (it fires once per fall below the threshold):`,
		);
		report.lines(
			renderTable(alert, [
				{ header: 'Balance', value: (item) => money(item.balance as number), align: 'right' },
				{ header: 'Currency', value: (item) => item.currency as string },
				{ header: 'Threshold', value: (item) => money(item.threshold as number), align: 'right' },
			]),
		);

		const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
		report.blank();
		report.note(
			`Done in ${seconds} s: ${counter.engineRuns} engine runs and polls, ${requests(sim.count())} to the panel.`,
		);
		report.note('Next: import a workflow from examples/ (see docs/examples.md), or check your own panel, read-only:');
		report.note('  npm run demo -- --url https://your-panel.example/api/v2 --key YOUR_KEY --orders 123,456');
	} finally {
		await poller?.close();
		await sim.close();
	}
}
