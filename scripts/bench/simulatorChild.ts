/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The panel simulator in its own process, for the benchmark (see panel.ts for why). Started by
 * panel.ts with the options as JSON in argv[2]; answers CallMessages over IPC; exits on SIGTERM or
 * when the parent goes away (so a crashed benchmark leaves no server behind).
 */
import { answer, closePanel, startPanel, type CallMessage, type PanelOptions, type ReadyMessage, type ReplyMessage, type RunningPanel } from './panel';

function send(message: ReadyMessage | ReplyMessage): void {
	process.send?.(message);
}

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as PanelOptions;
	let panel: RunningPanel;
	try {
		panel = await startPanel(options);
	} catch (error) {
		send({ ready: false, error: error instanceof Error ? error.message : String(error) });
		process.exit(1);
	}
	const stop = (): void => {
		closePanel(panel).then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGTERM', stop);
	process.on('disconnect', stop);
	process.on('message', (message) => {
		const { id, name, args } = message as CallMessage;
		try {
			send({ id, ok: true, result: answer(panel, name, args) });
		} catch (error) {
			send({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
		}
	});
	send({ ready: true, url: panel.url, key: panel.sim.key });
}

void main();
