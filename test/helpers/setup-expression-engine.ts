/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// jest setupFilesAfterEnv: every test file runs with n8n's expression engine started as n8n starts it.
import { Module } from 'node:module';

import { startExpressionEngine, stopExpressionEngine } from './expression-engine';

// n8n-workflow loads the vm engine's runtime with `import('@n8n/expression-runtime')`. Inside jest that
// module would live in the test file's realm while isolated-vm hands results back as objects of Node's
// main realm, so the runtime would not recognise them as plain objects and would pass Luxon values on as
// their transfer markers ({ __n8nType: 'DateTime', ... }), which n8n never does. Loading the runtime with
// Node's own module loader (jest's createRequire is jest's) keeps it, isolated-vm and their results in
// one realm, as in n8n.
function nodeRequire(id: string): unknown {
	const loader = Module as unknown as { new (id: string): NodeJS.Module; _nodeModulePaths(dir: string): string[] };
	const parent = new loader(__filename);
	parent.filename = __filename;
	parent.paths = loader._nodeModulePaths(__dirname);
	return parent.require(id);
}
// (@types/jest 29 does not declare jest 29's ESM mock)
(jest as unknown as { unstable_mockModule(id: string, factory: () => Promise<unknown>): void }).unstable_mockModule(
	'@n8n/expression-runtime',
	async () => nodeRequire('@n8n/expression-runtime'),
);

beforeAll(async () => {
	await startExpressionEngine();
});

afterAll(async () => {
	await stopExpressionEngine();
});
