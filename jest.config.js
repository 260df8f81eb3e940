/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'unit' }]],
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/conformance/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: { isolatedModules: true } }],
	},
	setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/helpers/setup-expression-engine.ts'],
	testTimeout: 60000,
};
