#!/usr/bin/env node
// Runs one of the repository's TypeScript tools (sandbox, scripts, bench) without ts-node:
//   node scripts/run-ts.js sandbox/cli.ts [args...]
// compiles the tools project (tsconfig.tools.json -> .cache/tools/) when any source is newer than the
// output, then runs the compiled file with the remaining arguments.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.cache', 'tools');
const SOURCE_DIRS = ['credentials', 'nodes', 'sandbox', 'scripts', 'bench'];

function newestMtime(dir) {
	let newest = 0;
	let entries;
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const e of entries) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
		else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
	}
	return newest;
}

function compiledPath(tsFile) {
	const rel = path.relative(ROOT, path.resolve(ROOT, tsFile));
	return path.join(OUT, rel.replace(/\.ts$/, '.js'));
}

/**
 * Compiles tsconfig.tools.json when `entry`'s output is missing or older than any TypeScript source.
 * Type errors elsewhere in the tree do not block: tsc still emits, and only a missing output is fatal.
 */
function ensureCompiled(tsFile, { quiet = false } = {}) {
	const out = compiledPath(tsFile);
	const sources = Math.max(newestMtime(path.join(ROOT, 'tsconfig.tools.json')), ...SOURCE_DIRS.map((d) => newestMtime(path.join(ROOT, d))));
	const outMtime = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
	if (outMtime && outMtime >= sources) return out;
	if (!quiet) process.stderr.write(`[run-ts] compiling tools (tsc -p tsconfig.tools.json -> .cache/tools/)\n`);
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.tools.json'], { cwd: ROOT, encoding: 'utf8' });
	if (r.status !== 0) {
		if (!fs.existsSync(out)) {
			process.stderr.write(r.stdout + r.stderr);
			throw new Error(`tsc -p tsconfig.tools.json failed and produced no ${path.relative(ROOT, out)}`);
		}
		if (!quiet) {
			const errors = (r.stdout.match(/error TS\d+/g) || []).length;
			process.stderr.write(`[run-ts] tsc reported ${errors} type error(s); running the emitted JavaScript anyway\n`);
		}
	}
	// tsc does not touch unchanged outputs' mtimes reliably: mark the build as fresh.
	const now = new Date();
	fs.utimesSync(out, now, now);
	return out;
}

module.exports = { ensureCompiled, compiledPath };

if (require.main === module) {
	const [entry, ...args] = process.argv.slice(2);
	if (!entry || !entry.endsWith('.ts')) {
		process.stderr.write('usage: node scripts/run-ts.js <file.ts> [args...]\n');
		process.exit(2);
	}
	const out = ensureCompiled(entry);
	process.argv = [process.argv[0], out, ...args];
	require(out);
}
