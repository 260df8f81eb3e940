// `npm run test:compat` (scripts/compat.mjs): the engine tests (action node and both triggers) against an n8n 1.x
// engine, the n8n-core / n8n-workflow pair in .cache/compat/n8n-core-$COMPAT_N8N_CORE (default: the last
// pair in scripts/compat-versions.json). Both the node's code and the tests resolve both packages there
// (one copy each, so n8n's instanceof checks hold); test/helpers/compat-setup.ts checks that they do.
const base = require('./jest.config');
const engines = require('./scripts/compat-versions.json');

const core = process.env.COMPAT_N8N_CORE ?? engines[engines.length - 1]['n8n-core'];
const engine = engines.find((e) => e['n8n-core'] === core);
if (!engine) throw new Error(`COMPAT_N8N_CORE=${core} is not in scripts/compat-versions.json`);
process.env.COMPAT_N8N_CORE = core;
// n8n 1.x has one expression engine, the legacy one (the vm engine of test/helpers/expression-engine.ts
// came with n8n 2.x): the expression tests check that they ran on it.
process.env.N8N_EXPRESSION_ENGINE = 'legacy';

/** @type {import('jest').Config} */
module.exports = {
	...base,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: `n8n-${engine.n8n}` }]],
	roots: ['<rootDir>/test/node', '<rootDir>/test/trigger', '<rootDir>/test/poll'],
	moduleNameMapper: { '^(n8n-core|n8n-workflow)(/.*)?$': `<rootDir>/.cache/compat/n8n-core-${core}/node_modules/$1$2` },
	setupFilesAfterEnv: ['<rootDir>/test/helpers/compat-setup.ts'],
};
