// The strict lint that `npm run test:scan` (scan.mjs) runs on the source checkout, stricter than
// `npm run lint` (n8n-node lint with the CLI's default eslint.config.mjs, which n8n's cloud-support check
// wants unchanged): n8n's package scanner's own ESLint configuration (buildScanConfig from
// @n8n/scan-community-package: @n8n/eslint-plugin-community-nodes' recommended rules, no-console, and
// eslint-plugin-n8n-nodes-base's community, credentials and nodes rule sets), over exactly the files the
// scanner lints in a checkout (package.json, nodes/**, credentials/**), with inline `eslint-disable`
// comments ignored as the scanner ignores them.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { buildScanConfig } from './n8n-scanner.mjs';

export async function buildStrictConfig() {
	const scanConfig = await buildScanConfig();

	// Rules that our newer @n8n/eslint-plugin-community-nodes recommends and the scanner's copy does not
	// have yet, under their own namespace so the scanner's plugin stays untouched.
	const scannerRules = new Set(scanConfig.flatMap((config) => Object.keys(config.rules ?? {})));
	const newerRules = Object.fromEntries(
		Object.entries(n8nCommunityNodesPlugin.configs.recommended.rules)
			.filter(([id]) => !scannerRules.has(id))
			.map(([id, level]) => [id.replace('@n8n/community-nodes/', '@n8n/community-nodes-next/'), level]),
	);

	return [
		{ ignores: ['*', '!package.json', '!nodes/', '!credentials/'] },
		{ linterOptions: { noInlineConfig: true } },
		...scanConfig,
		{
			files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
			plugins: { '@n8n/community-nodes-next': n8nCommunityNodesPlugin },
			rules: newerRules,
		},
	];
}
