// Shared by runner.js and environment.js within one Stryker test-runner process (both are loaded by
// jest outside the tests' sandbox, so they see the same module instance).
module.exports = {
	/** a test of the current jest run failed: the mutant is killed, the rest of the run is skipped */
	failed: false,
	/** bail only in mutant runs (a test name pattern is set), never in a plain run or the dry run */
	bail: false,
};
