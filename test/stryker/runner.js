// jest runner for Stryker's mutant runs (jest.stryker.config.js). Stryker runs each mutant with
// --findRelatedTests on the mutated file and a test name pattern naming the tests that covered the
// mutant in the dry run (none for a mutant of code that runs when a module loads); jest would still
// load every related test file (each loads n8n-core: seconds) and run every test to the end.
// This runner:
//   - remembers, from every file it runs, the full names of its tests (the dry run runs them all);
//   - in a mutant run (Stryker sets __STRYKER_ACTIVE_MUTANT__), runs only the files that hold a test
//     matching the pattern (files it knows nothing about are run), quickest first, one at a time, and
//     stops after the first failure (environment.js skips the rest of the file).
// Outside mutant runs it behaves as jest's own runner.
const fs = require('node:fs');
const path = require('node:path');

const TestRunner = require('jest-runner').default;

const state = require('./state');

let memory;

function indexFile(globalConfig) {
	return path.join(globalConfig.rootDir, '.stryker-tmp-test-index.json');
}

function loadIndex(globalConfig) {
	if (memory) return memory;
	try {
		memory = JSON.parse(fs.readFileSync(indexFile(globalConfig), 'utf8'));
	} catch {
		memory = {};
	}
	return memory;
}

function saveIndex(globalConfig, index) {
	memory = index;
	try {
		fs.writeFileSync(indexFile(globalConfig), JSON.stringify(index));
	} catch {
		// an index is an optimisation: without it every related file runs
	}
}

class StrykerRunner extends TestRunner {
	async runTests(tests, watcher, options) {
		const globalConfig = this._globalConfig;
		const pattern = globalConfig.testNamePattern ? new RegExp(globalConfig.testNamePattern, 'i') : undefined;
		const mutantRun = process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined;
		const index = loadIndex(globalConfig);
		let changed = false;
		this.on('test-file-success', ([test, result]) => {
			const names = (result.testResults ?? []).map((t) => t.fullName);
			// a filtered run reports the other tests as skipped: it knows them as well; the time of a
			// full run of the file orders the files of later runs
			const ms = mutantRun ? index[test.path]?.ms : result.perfStats?.runtime;
			if (names.length && JSON.stringify(index[test.path]?.names) !== JSON.stringify(names)) {
				index[test.path] = { names, ms };
				changed = true;
			} else if (!mutantRun && index[test.path] && index[test.path].ms !== ms) {
				index[test.path].ms = ms;
				changed = true;
			}
		});
		state.failed = false;
		state.bail = mutantRun;
		try {
			if (!mutantRun) return await super.runTests(tests, watcher, { ...options, serial: true });
			const selected = tests
				.filter((test) => !pattern || !index[test.path] || index[test.path].names.some((name) => pattern.test(name)))
				.sort((a, b) => (index[a.path]?.ms ?? Infinity) - (index[b.path]?.ms ?? Infinity));
			for (const test of selected) {
				if (state.failed || watcher.isInterrupted()) break;
				await super.runTests([test], watcher, { ...options, serial: true });
			}
		} finally {
			state.bail = false;
			if (changed) saveIndex(globalConfig, index);
		}
	}
}

module.exports = StrykerRunner;
