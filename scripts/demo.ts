/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, no-console -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * `npm run demo`: a one-command tour of the SMM Panel nodes, run through n8n's engine.
 *
 *   npm run demo                                            tour on an in-process simulated panel
 *   npm run demo -- --url <API URL> --key <key> [--orders 1,2,3]   read-only check of a real panel
 *
 * See docs/demo-and-simulator.md. The process ends by itself: everything the demo opens (the simulator's server,
 * the trigger's poller) is closed, so a hanging handle would show up as a demo that never exits.
 */
import { DemoStepError } from './demo/engine';
import { parseDemoOptions, UsageError, USAGE } from './demo/options';
import { runReadOnlyTour } from './demo/readOnlyTour';
import { runSimulatorTour } from './demo/simulatorTour';

async function main(): Promise<number> {
	let options: ReturnType<typeof parseDemoOptions>;
	try {
		options = parseDemoOptions(process.argv.slice(2));
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		console.error(`${error.message}\n\n${USAGE}`);
		return 2;
	}
	const print = (line: string) => console.log(line);
	try {
		switch (options.mode) {
			case 'help':
				console.log(USAGE);
				return 0;
			case 'simulator':
				await runSimulatorTour(print, options.dialect);
				return 0;
			case 'readOnly':
				await runReadOnlyTour(options, print);
				return 0;
		}
	} catch (error) {
		// A node run that failed as a whole: the node's own message and advice say what to fix.
		if (!(error instanceof DemoStepError)) throw error;
		console.error(`\n  Stopped: a node run failed.\n  ${error.message}`);
		return 1;
	}
}

main().then(
	(exitCode) => {
		process.exitCode = exitCode;
	},
	(error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	},
);
