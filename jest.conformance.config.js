/** Conformance suite: the sandbox against Apideck's official spec through Prism (see test/conformance). */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'conformance' }]],
	roots: ['<rootDir>/test/conformance'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: { isolatedModules: true } }],
	},
	setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/helpers/setup-expression-engine.ts'],
	testTimeout: 120000,
};
