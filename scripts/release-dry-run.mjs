// npm run release:dry-run — `npm run release` (n8n-node release) as it runs on GitHub Actions, with npm's
// dry run: `npm run lint`, `npm run build`, then `npm publish` with RELEASE_MODE and provenance, which
// packs the tarball and stops before uploading. .ci/run uses it as its one build. Fails unless each of
// the three ran and npm reports the dry-run publish of this name and version with public access.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const run = spawnSync('npm', ['run', 'release'], {
	cwd: root,
	encoding: 'utf8',
	// n8n-node release takes its CI path when GITHUB_ACTIONS is set; npm_config_dry_run reaches its npm publish
	env: { ...process.env, GITHUB_ACTIONS: 'true', npm_config_dry_run: 'true' },
});
const output = `${run.stdout}\n${run.stderr}`;
process.stdout.write(output.split('\n').filter((l) => !/^npm notice \d/.test(l)).join('\n'));

const expectations = [
	['the release ran n8n-node lint', /n8n-node lint/],
	['the release built the package', /> npm run clean && tsc -p tsconfig\.build\.json && gulp build/],
	['npm publish ran as a dry run, public', /Publishing to https:\/\/registry\.npmjs\.org\/ with tag latest and public access \(dry-run\)/],
	[`npm would publish ${pkg.name}@${pkg.version}`, new RegExp(`^\\+ ${pkg.name.replace(/[-.]/g, '\\$&')}@${pkg.version.replace(/\./g, '\\.')}$`, 'm')],
];
let failed = run.status !== 0;
if (failed) console.log(`FAIL npm run release exited with ${run.status}`);
for (const [label, pattern] of expectations) {
	const ok = pattern.test(output);
	if (!ok) failed = true;
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
}
if (!fs.existsSync(path.join(root, 'dist', 'nodes'))) {
	failed = true;
	console.log('FAIL dist/ is missing after the release build');
}
process.exitCode = failed ? 1 : 0;
