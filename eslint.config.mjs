import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { buildScanConfig } from './scripts/n8n-scanner.mjs';

// `npm run lint` is n8n's package scanner: its own ESLint configuration (buildScanConfig from
// @n8n/scan-community-package), over the files it lints in a source checkout (package.json,
// nodes/**, credentials/**), with inline `eslint-disable` comments ignored as the scanner does.
// `npm run test:scan` runs the scanner's analysis itself on the source and on the packed tarball.
const scanConfig = await buildScanConfig();

// Rules that our newer @n8n/eslint-plugin-community-nodes recommends and the scanner's copy does not
// have yet, under their own namespace so the scanner's plugin stays untouched.
const scannerRules = new Set(scanConfig.flatMap((config) => Object.keys(config.rules ?? {})));
const newerRules = Object.fromEntries(
	Object.entries(n8nCommunityNodesPlugin.configs.recommended.rules)
		.filter(([id]) => !scannerRules.has(id))
		.map(([id, level]) => [id.replace('@n8n/community-nodes/', '@n8n/community-nodes-next/'), level]),
);

export default [
	{ ignores: ['*', '!package.json', '!nodes/', '!credentials/'] },
	{ linterOptions: { noInlineConfig: true } },
	...scanConfig,
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		plugins: { '@n8n/community-nodes-next': n8nCommunityNodesPlugin },
		rules: newerRules,
	},
];
