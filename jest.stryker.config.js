// The jest suite Stryker runs against each mutant: the engine tests of the action node and the
// trigger (test/node, test/trigger). The sandbox's own tests and the contract tests exercise nothing
// of the mutated files, so they are left out of the mutation runs.
//
// The roots hold every directory the tests import from, so that jest's dependency graph reaches from
// the tests through test/helpers to nodes/: Stryker runs each mutant with --findRelatedTests on its file.
const path = require('node:path');

const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	reporters: ['default'],
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials', '<rootDir>/sandbox'],
	testMatch: ['<rootDir>/test/node/**/*.test.ts', '<rootDir>/test/trigger/**/*.test.ts'],
	// mutant runs load only the test files that hold a covering test, and stop at the first failure
	// (test/stryker/runner.js, environment.js); plain runs are jest's own
	// (absolute paths: Stryker loads the environment itself, without resolving <rootDir>)
	runner: path.join(__dirname, 'test/stryker/runner.js'),
	testEnvironment: path.join(__dirname, 'test/stryker/environment.js'),
};
