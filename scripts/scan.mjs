// npm run test:scan — n8n's community-package scan, offline: the scanner's own analyzePackage on
// this source checkout (its SOURCE_FILE_PATTERNS) and on the unpacked `npm pack` tarball
// (['**/*.js', 'package.json']), as n8n's scan does for a published version. Also checks that
// `npm run lint` applies the scanner's rules to exactly the files the scanner lints.
// Prints every finding; exits 1 on any. Expects a fresh build in dist/ (the npm script builds first).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { analyzePackage, buildScanConfig, glob, SOURCE_FILE_PATTERNS } from './n8n-scanner.mjs';

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

/** `npm run lint` (eslint.config.mjs) lints the scanner's files, and only those, with the scanner's rules. */
async function lintMatchesScanner() {
	const lint = new ESLint({ cwd: root });
	const scanner = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = scannedFiles(root, SOURCE_FILE_PATTERNS);
	const problems = [];
	for (const file of files) {
		if (await lint.isPathIgnored(file)) {
			problems.push(`${file}: not linted by npm run lint`);
			continue;
		}
		const ours = (await lint.calculateConfigForFile(file)).rules ?? {};
		const theirs = (await scanner.calculateConfigForFile(file)).rules ?? {};
		for (const [rule, setting] of Object.entries(theirs)) {
			if (JSON.stringify(ours[rule]) !== JSON.stringify(setting)) problems.push(`${file}: ${rule} is ${JSON.stringify(ours[rule])}, the scanner has ${JSON.stringify(setting)}`);
		}
	}
	const scanned = new Set(files);
	const linted = (await lint.lintFiles(['.'])).map((r) => path.relative(root, r.filePath));
	for (const file of linted) if (!scanned.has(file)) problems.push(`${file}: linted by npm run lint, not by the scanner`);
	report(problems.length === 0, `npm run lint applies the scanner's rules to the scanner's ${files.length} files`, problems.join('\n'));
}

async function main() {
	await lintMatchesScanner();
	await scan('source checkout', root, SOURCE_FILE_PATTERNS);

	if (!fs.existsSync(path.join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apideck-scan-'));
	try {
		const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', path.join(work, path.basename(filename)), '-C', unpacked, '--strip-components=1']);
		await scan(`tarball ${path.basename(filename)}`, unpacked, ['**/*.js', 'package.json']);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
