// The jest suite Stryker runs against each mutant: the engine tests of the action node, the webhook
// trigger and custom fields by name (test/node, test/trigger, test/custom-fields). The sandbox's own tests
// and the contract tests exercise nothing of the mutated files, so they are left out of the mutation runs;
// test/poll joins when the polling trigger is mutated (issue #23).
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
	testMatch: ['<rootDir>/test/node/**/*.test.ts', '<rootDir>/test/trigger/**/*.test.ts', '<rootDir>/test/custom-fields/**/*.test.ts'],
	// mutant runs load only the test files that hold a covering test, and stop at the first failure
	// (test/stryker/runner.js, environment.js); plain runs are jest's own
	// (absolute paths: Stryker loads the environment itself, without resolving <rootDir>)
	runner: path.join(__dirname, 'test/stryker/runner.js'),
	testEnvironment: path.join(__dirname, 'test/stryker/environment.js'),
};
