import { config } from '@n8n/node-cli/eslint';

// n8n's community-node rules are for the code n8n loads (nodes/, credentials/). Tests, the simulator,
// the demo and benchmarks run only in this repo, on Node.js, and may use what those rules forbid
// (node: imports, console, timers).
export default [{ ignores: ['test/**', 'scripts/**', 'examples/**', 'jest.config.js', 'gulpfile.js'] }, ...config];
