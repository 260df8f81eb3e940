// Prints one plain closing line, "<suite>: N passed, N failed", that CI logs can be read by.
class SummaryReporter {
	constructor(_globalConfig, options = {}) {
		this.label = options.label || 'jest';
	}

	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${this.label}: ${results.numPassedTests} passed, ${results.numFailedTests} failed`;
		process.stdout.write(`\n${line}${skipped ? `, ${skipped} skipped` : ''}\n`);
	}
}

module.exports = SummaryReporter;
