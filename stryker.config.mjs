// Mutation testing (StrykerJS): `npm run test:mutation`. See CONTRIBUTING.md, "Mutation testing".
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	testRunner: 'jest',
	jest: { configFile: 'jest.stryker.config.js', enableFindRelatedTests: true },
	// every mutant runs only the tests that executed its code in the first (dry) run
	coverageAnalysis: 'perTest',
	// Mutants of code that only runs while a module loads (the node's description built from the resource
	// definitions, constant tables) would each need the whole suite with no coverage to narrow it: they are
	// reported as ignored. See CONTRIBUTING.md, "Mutation testing".
	ignoreStatic: true,
	checkers: ['typescript'],
	tsconfigFile: 'tsconfig.json',
	// Mutated: the webhook trigger, the action node's executor and resource mapper, the credentials, and
	// nodes/shared/'s transport, requests (but customObjects.ts), operations, resource, events,
	// customFieldNames and the pickers (see docs/mutation-report.md for the scores). Not yet (issue #23
	// adds them in staged incremental runs): requests/customObjects.ts, definitions/text.ts and the polling
	// trigger.
	mutate: [
		'nodes/ApideckCrm/executor/execute.ts',
		'nodes/ApideckCrm/executor/prepare.ts',
		'nodes/ApideckCrm/executor/runMemory.ts',
		'nodes/ApideckCrm/executor/simplify.ts',
		'nodes/ApideckCrm/executor/writes.ts',
		'nodes/ApideckCrm/resourceMapping/customObjects.ts',
		'credentials/ApideckCrmApi.credentials.ts',
		'nodes/shared/definitions/events.ts',
		'nodes/shared/definitions/resource.ts',
		'nodes/shared/descriptions/customFieldNames.ts',
		'nodes/shared/descriptions/operations.ts',
		'nodes/shared/listSearch/current.ts',
		'nodes/shared/listSearch/customFields.ts',
		'nodes/shared/listSearch/records.ts',
		'nodes/shared/listSearch/services.ts',
		'nodes/shared/listSearch/stages.ts',
		'nodes/shared/requests/body.ts',
		'nodes/shared/requests/dates.ts',
		'nodes/shared/requests/routing.ts',
		'nodes/shared/transport/errors.ts',
		'nodes/shared/transport/limiter.ts',
		'nodes/shared/transport/paths.ts',
		'nodes/shared/transport/transport.ts',
		'nodes/ApideckCrmTrigger/ApideckCrmTrigger.node.ts',
		'nodes/ApideckCrmTrigger/delivery.ts',
		'nodes/ApideckCrmTrigger/dedupe.ts',
		'nodes/ApideckCrmTrigger/signature.ts',
		'nodes/ApideckCrmTrigger/webhookApi.ts',
	],
	// the n8n install (3 GB), Prism and build output stay out of Stryker's sandbox copy
	ignorePatterns: ['.cache', 'dist', 'coverage', 'reports', 'bench/results', '.stryker-tmp-test-index.json'],
	incrementalFile: 'reports/stryker-incremental.json',
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/mutation.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	// Stryker gives half of these to TypeScript checkers, idle most of the time: two test runners on two cores
	concurrency: 4,
	timeoutMS: 10000,
	// a run whose score drops below 85% fails (CI's incremental run included)
	thresholds: { high: 90, low: 85, break: 85 },
	tempDirName: '.stryker-tmp',
	cleanTempDir: true,
	// n8n's vm expression engine is loaded with a dynamic import (see test/helpers/expression-engine.ts)
	testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
};
