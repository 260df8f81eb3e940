// jest test environment for Stryker's mutant runs: once a test has failed, the mutant is killed, and
// every later test and describe block of the run is skipped instead of run (Stryker reports only the
// first killing test anyway, but cannot make jest bail). Everything else is jest's node environment.
const { TestEnvironment } = require('jest-environment-node');

const state = require('./state');

class BailingEnvironment extends TestEnvironment {
	async handleTestEvent(event) {
		if (!state.bail) return;
		if (event.name === 'test_fn_failure' || event.name === 'hook_failure') state.failed = true;
		// a block or test that has not started yet is skipped (its hooks too); started ones finish
		if (state.failed && event.name === 'run_describe_start') event.describeBlock.mode = 'skip';
		if (state.failed && event.name === 'test_start') event.test.mode = 'skip';
	}
}

module.exports = BailingEnvironment;
