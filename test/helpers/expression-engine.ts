/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// n8n's expression engine, started the way n8n 2.41.1 starts it.
//
// n8n 2.41.1 evaluates `{{ }}` with its `vm` engine (N8N_EXPRESSION_ENGINE, default "vm"): every
// command that runs workflows calls Expression.initExpressionEngine() with the expressionEngine config
// at start-up and exits when the engine cannot start (cli dist/commands/base-command.js); "legacy"
// only selects the old in-process evaluator. WorkflowExecute then acquires an isolate per execution.
// The vm engine runs in isolated-vm, whose binaries exist for Node 24 (n8n's runtime), not Node 20:
// `npm test` therefore runs jest on the Node 24 in .cache/n8n (scripts/with-node24.mjs). Running on
// Node 20 needs N8N_EXPRESSION_ENGINE=legacy, said out loud; nothing falls back silently.
import { Expression } from 'n8n-workflow';

export type ExpressionEngine = 'legacy' | 'vm';

/** The engine the tests use: N8N_EXPRESSION_ENGINE as n8n reads it, "vm" by default. */
export function selectedEngine(): ExpressionEngine {
	const value = (process.env.N8N_EXPRESSION_ENGINE ?? 'vm').trim();
	if (value !== 'vm' && value !== 'legacy') {
		throw new Error(`N8N_EXPRESSION_ENGINE=${value}: the tests run n8n 2.41.1's "vm" engine or, knowingly, "legacy"`);
	}
	return value;
}

/** n8n 2.41.1's expressionEngine config defaults (@n8n/config ExpressionEngineConfig). */
const N8N_DEFAULTS = {
	poolSize: 1,
	maxCodeCacheSize: 1024,
	bridgeTimeout: 5000,
	bridgeMemoryLimit: 128,
	idleTimeoutMs: undefined,
	lazyAcquire: false,
	compileCache: false,
};

/** Starts the selected engine; throws, as n8n does, when the vm engine cannot start. */
export async function startExpressionEngine(): Promise<ExpressionEngine> {
	const engine = selectedEngine();
	if (engine === 'legacy') {
		Expression.setExpressionEngine('legacy');
		return engine;
	}
	try {
		await Expression.initExpressionEngine({ engine, ...N8N_DEFAULTS });
	} catch (error) {
		throw new Error(
			`n8n's vm expression engine did not start on Node ${process.versions.node} (${(error as Error).message}). ` +
				'It needs isolated-vm, which ships binaries for Node 24: run the tests with `npm test` (Node 24 from .cache/n8n), ' +
				'or set N8N_EXPRESSION_ENGINE=legacy to run them on the legacy engine on purpose.',
		);
	}
	if (Expression.getActiveImplementation() !== 'vm') throw new Error('the vm expression engine started but is not active');
	return engine;
}

export async function stopExpressionEngine(): Promise<void> {
	await Expression.disposeExpressionEngine();
}
