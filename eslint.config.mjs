import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// The package is linted with exactly what n8n's package scanner applies:
// @n8n/eslint-plugin-community-nodes' recommended rules. Only shipped code is linted.
export default [
	{
		ignores: ['dist/**', '.stryker-tmp/**', 'reports/**', 'node_modules/**', '.cache/**', 'sandbox/**', 'test/**', 'scripts/**', 'bench/**', '*.js', '*.mjs'],
	},
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser },
	},
	n8nCommunityNodesPlugin.configs.recommended,
];
