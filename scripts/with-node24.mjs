// Runs Node 24, the Node n8n 2.41.1 runs on (installed once into .cache/n8n, a few seconds), with the
// given arguments:   node scripts/with-node24.mjs [node flags] <script> [args...]
// The tests need it for n8n's vm expression engine, which runs in isolated-vm (binaries for Node 24 only);
// see test/helpers/expression-engine.ts. Exits with the script's exit code.
import { spawn } from 'node:child_process';

import { ensureNode } from './n8n-env.mjs';

const args = process.argv.slice(2);
if (!args.length) {
	process.stderr.write('usage: node scripts/with-node24.mjs [node flags] <script> [args...]\n');
	process.exit(2);
}
const nodeBin = await ensureNode({ log: (message) => process.stderr.write(`[with-node24] ${message}\n`) });
const child = spawn(nodeBin, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
