/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Setup for `npm run test:compat` only: the engine tests against an n8n 1.x engine (jest.compat.config.js).
import { dirname } from 'node:path';

import engines from '../../scripts/compat-versions.json';

const engine = engines.find((e) => e['n8n-core'] === process.env.COMPAT_N8N_CORE);

beforeAll(() => {
	// Every import of n8n-core and n8n-workflow, the node's and the tests', must be the 1.x pair.
	if (!engine) throw new Error(`COMPAT_N8N_CORE=${process.env.COMPAT_N8N_CORE} is not in scripts/compat-versions.json`);
	for (const name of ['n8n-core', 'n8n-workflow'] as const) {
		const found = require(`${name}/package.json`).version;
		if (found !== engine[name]) throw new Error(`test:compat runs against ${name}@${found}, expected ${engine[name]}`);
	}
});

afterAll(() => {
	// n8n-core 1.x starts SSHClientsManager's cleanup interval without unref() when a node first runs
	// (2.x unrefs it), which would keep jest from exiting: shut it down the way n8n does on exit.
	const { Container } = require(require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] }));
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager).onShutdown();
});
