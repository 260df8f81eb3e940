// npm run test:scan — n8n's community-package scan, offline: the scanner's own analyzePackage on
// this source checkout (its SOURCE_FILE_PATTERNS) and on the unpacked `npm pack` tarball
// (['**/*.js', 'package.json']), as n8n's scan does for a published version. Before that, the strict
// lint (scripts/strict-lint.mjs: the scanner's rules plus the newer community-nodes rules, inline
// `eslint-disable` ignored) on exactly the scanner's files, and `npm run lint`'s config (the CLI default)
// on the package's files with inline `eslint-disable` ignored too. After it: the tarball's source maps
// carry their sources, and `npm run build` gives what `n8n-node build` gives (scripts/build-parity.mjs).
// Prints every finding; exits 1 on any. Expects a fresh build in dist/ (the npm script builds first).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { analyzePackage, buildScanConfig, glob, SOURCE_FILE_PATTERNS } from './n8n-scanner.mjs';
import { buildStrictConfig } from './strict-lint.mjs';
import { compareBuilds } from './build-parity.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let failed = false;
const report = (ok, label, details) => {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}`);
	if (details) console.log(details.trimEnd());
	if (!ok) failed = true;
};

/** The files the scanner lints in a checkout, relative to `dir`. */
const scannedFiles = (dir, patterns) =>
	glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] }).sort();

/** The scanner's analysis; an empty file set is a failure, not a pass. */
async function scan(label, dir, patterns) {
	const files = scannedFiles(dir, patterns);
	const result = await analyzePackage(dir, patterns);
	const ok = result.passed && files.length > 0;
	report(ok, `${label}: ${files.length} files, ${ok ? '0 findings' : result.message ?? 'no files'}`, result.details);
}

/** ESLint's findings as "file:line:col rule message" lines. */
const findings = (results) =>
	results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? '(parse)'} ${m.message}`));

/**
 * The strict lint: scripts/strict-lint.mjs, on the scanner's files and only those, with every rule of the
 * scanner at the scanner's setting; then 0 findings.
 */
async function strictLint() {
	const strict = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await buildStrictConfig() });
	const scanner = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = scannedFiles(root, SOURCE_FILE_PATTERNS);
	const problems = [];
	for (const file of files) {
		if (await strict.isPathIgnored(file)) {
			problems.push(`${file}: not linted by the strict lint`);
			continue;
		}
		const ours = (await strict.calculateConfigForFile(file)).rules ?? {};
		const theirs = (await scanner.calculateConfigForFile(file)).rules ?? {};
		for (const [rule, setting] of Object.entries(theirs)) {
			if (JSON.stringify(ours[rule]) !== JSON.stringify(setting)) problems.push(`${file}: ${rule} is ${JSON.stringify(ours[rule])}, the scanner has ${JSON.stringify(setting)}`);
		}
	}
	report(problems.length === 0, `the strict lint applies the scanner's rules to the scanner's ${files.length} files`, problems.join('\n'));

	const results = await strict.lintFiles(['.']);
	const scanned = new Set(files);
	const extra = results.map((r) => path.relative(root, r.filePath)).filter((file) => !scanned.has(file));
	report(extra.length === 0, 'the strict lint lints no file the scanner does not', extra.map((f) => `${f}: linted, not scanned`).join('\n'));
	const found = findings(results);
	report(found.length === 0, `strict lint (scanner rules + newer community-nodes rules, no inline disables): ${found.length} findings`, found.join('\n'));
}

/**
 * `npm run lint` (n8n-node lint, the CLI's default eslint.config.mjs) on the package's own files with inline
 * `eslint-disable` comments ignored: the package passes the CLI's rules without an escape hatch.
 */
async function cliLintNoInlineDisables() {
	const lint = new ESLint({ cwd: root, allowInlineConfig: false });
	const files = scannedFiles(root, ['package.json', '{nodes,credentials}/**/*.ts']);
	const results = await lint.lintFiles(files);
	const found = findings(results);
	report(found.length === 0, `npm run lint's config on the package's ${files.length} files, inline disables ignored: ${found.length} findings`, found.join('\n'));
}

/** Every .js of the tarball that names a source map names one in the tarball, and every map carries its sources. */
function sourceMaps(dir) {
	const problems = [];
	const js = glob.sync('**/*.js', { cwd: dir });
	const maps = glob.sync('**/*.js.map', { cwd: dir });
	for (const file of js) {
		const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(fs.readFileSync(path.join(dir, file), 'utf8'))?.[1];
		if (ref && !fs.existsSync(path.join(dir, path.dirname(file), ref))) problems.push(`${file}: its map ${ref} is not in the tarball`);
	}
	for (const file of maps) {
		const map = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		const content = map.sourcesContent ?? [];
		map.sources.forEach((source, i) => {
			if (typeof content[i] !== 'string' || !content[i]) problems.push(`${file}: ${source} is not shipped and not in sourcesContent`);
		});
	}
	report(problems.length === 0, `tarball source maps: ${maps.length} maps for ${js.length} .js files, every source inline`, problems.join('\n'));
}

/**
 * README, Installation: `npm install --omit=peer <tarball>` in n8n's nodes folder gives the package alone
 * (no second n8n-workflow, no other package), with every node and credential file package.json names.
 */
function installAsReadmeSays(tarball, nodesDir) {
	const command = 'npm install --omit=peer /path/to/n8n-nodes-apideck-crm-';
	const problems = fs.readFileSync(path.join(root, 'README.md'), 'utf8').includes(command) ? [] : [`README.md no longer shows "${command}…"`];
	fs.mkdirSync(nodesDir);
	execFileSync('npm', ['install', '--omit=peer', '--offline', '--no-audit', '--no-fund', tarball], { cwd: nodesDir, encoding: 'utf8' });
	const installed = fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((name) => !name.startsWith('.'));
	if (installed.join() !== 'n8n-nodes-apideck-crm') problems.push(`node_modules holds ${installed.join(', ')}`);
	const pkgDir = path.join(nodesDir, 'node_modules', 'n8n-nodes-apideck-crm');
	const { n8n } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	for (const file of [...n8n.nodes, ...n8n.credentials]) if (!fs.existsSync(path.join(pkgDir, file))) problems.push(`${file} is not installed`);
	report(problems.length === 0, `README's install from a tarball (npm install --omit=peer): ${installed.join(', ')} only, ${n8n.nodes.length} nodes and ${n8n.credentials.length} credential present`, problems.join('\n'));
}

async function main() {
	await strictLint();
	await cliLintNoInlineDisables();
	await scan('source checkout', root, SOURCE_FILE_PATTERNS);

	if (!fs.existsSync(path.join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apideck-scan-'));
	try {
		const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', path.join(work, path.basename(filename)), '-C', unpacked, '--strip-components=1']);
		await scan(`tarball ${path.basename(filename)}`, unpacked, ['**/*.js', 'package.json']);
		sourceMaps(unpacked);
		installAsReadmeSays(path.join(work, path.basename(filename)), path.join(work, 'nodes'));
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	const parity = await compareBuilds();
	report(parity.problems.length === 0, `npm run build and n8n-node build: ${parity.summary}`, parity.problems.join('\n'));
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
