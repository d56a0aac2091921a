/**
 * Case 7: the SMM Panel Trigger's Service Changed event on a catalogue of 5,000 services, polled as
 * n8n polls an active workflow (n8n-core's PollContext via the harness's createPoller). Measures the
 * activation poll (records the list), the steady poll (nothing changed: most polls), one poll where
 * 1% of the services changed, and the static data n8n stores. Every poll must be one request.
 */

import type { BenchOptions } from './options';
import type { BenchPanel } from './panel';
import { median, settle, timed } from './stats';
import { triggerPoller } from './triggerPoll';

export interface ServicePollRow {
	kind: 'activation' | 'steady' | 'changed';
	/** Requests of each run (every poll should send one). */
	requests: number[];
	wallMs: number;
	emitted: number;
}

export interface ServiceChangeResults {
	services: number;
	/** What the changed poll changed on the panel. */
	changed: { rates: number; removed: number; added: number };
	rows: ServicePollRow[];
	/** The workflow's static data after the changed poll (what n8n stores), as JSON. */
	stateBytes: number;
	/** The panel's `services` reply, as sent, for comparison. */
	replyBytes: number;
}



/** The `services` reply's size as the panel sends it, asked for as any client would. */
async function servicesReplyBytes(panel: BenchPanel): Promise<number> {
	const response = await fetch(panel.url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ key: panel.key, action: 'services' }).toString(),
	});
	return (await response.arrayBuffer()).byteLength;
}

export async function benchServiceChanges(panel: BenchPanel, options: BenchOptions, log: (line: string) => void): Promise<ServiceChangeResults> {
	const services = options.catalogueServices;
	await panel.setServices(services);
	try {
		const poller = triggerPoller(panel, { event: 'serviceChanged' });
		const poll = async (): Promise<{ requests: number; ms: number; emitted: number }> => {
			await panel.clearRequests();
			await settle();
			const { value, ms } = await timed(async () => await poller.poll());
			return { requests: (await panel.requests()).count, ms, emitted: value?.[0]?.length ?? 0 };
		};
		const rowOf = (kind: ServicePollRow['kind'], runs: Array<{ requests: number; ms: number; emitted: number }>): ServicePollRow => ({
			kind,
			requests: runs.map((run) => run.requests),
			wallMs: median(runs.map((run) => run.ms)),
			emitted: Math.max(...runs.map((run) => run.emitted)),
		});

		log(`case 7: activation poll of ${services} services`);
		const rows = [rowOf('activation', [await poll()])];
		const steady = [];
		for (let repetition = 0; repetition < options.runs; repetition++) {
			log(`case 7: steady poll ${repetition + 1} of ${options.runs}`);
			steady.push(await poll());
		}
		rows.push(rowOf('steady', steady));

		const changed = { rates: Math.round(services / 100), removed: Math.round(services / 1000), added: Math.round(services / 1000) };
		await panel.changeServices(changed);
		log('case 7: a poll where 1% of the rates changed, and some services came and went');
		rows.push(rowOf('changed', [await poll()]));
		const stateBytes = Buffer.byteLength(JSON.stringify(poller.staticData));
		await poller.close();
		return { services, changed, rows, stateBytes, replyBytes: await servicesReplyBytes(panel) };
	} finally {
		await panel.setServices(0);
	}
}
