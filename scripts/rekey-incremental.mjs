#!/usr/bin/env node
// Carries StrykerJS's incremental results (reports/stryker-incremental.json) across a file move or split, so
// that the next `npm run test:mutation -- --incremental` reuses them instead of testing every mutant of the
// moved code again (Stryker keys its results by file name).
//
//   node scripts/rekey-incremental.mjs old.ts=new.ts                  # a move (or rename)
//   node scripts/rekey-incremental.mjs old.ts=a.ts,b.ts,c.ts          # a split: old.ts's code now in a, b and c
//
// Each new file gets the old file's entry: its source as it was, and its mutants. Stryker then diffs that
// source against the new file as it does after any edit: mutants whose code is still there (moved lines
// included) keep their result, the rest are dropped from that file. Test files are keyed the same way.
// Run it once, after the move and before the next mutation run; commit the file it writes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'reports', 'stryker-incremental.json');
const pairs = process.argv.slice(2);
if (pairs.length === 0 || pairs.some((p) => !/^[^=]+=[^=]+$/.test(p))) {
	console.error('usage: node scripts/rekey-incremental.mjs old=new[,new2,...] ...');
	process.exit(2);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const norm = (p) => path.relative(root, path.resolve(root, p)).split(path.sep).join('/');

for (const pair of pairs) {
	const [from, to] = pair.split('=');
	const old = norm(from);
	const targets = to.split(',').map(norm);
	let moved = false;
	for (const section of ['files', 'testFiles']) {
		const entries = report[section] ?? {};
		if (!(old in entries)) continue;
		for (const target of targets) {
			if (target in entries && target !== old) throw new Error(`${section}: ${target} already has results; rekey into a new name only`);
			if (!fs.existsSync(path.join(root, target))) throw new Error(`${target} does not exist: move the file first`);
			entries[target] = structuredClone(entries[old]);
		}
		if (!targets.includes(old)) delete entries[old];
		const count = section === 'files' ? entries[targets[0]].mutants.length : entries[targets[0]].tests.length;
		console.log(`${section}: ${old} -> ${targets.join(', ')} (${count} ${section === 'files' ? 'mutants' : 'tests'})`);
		moved = true;
	}
	if (!moved) throw new Error(`${old} has no results in ${path.relative(root, file)}`);
}
fs.writeFileSync(file, JSON.stringify(report, null, 2));
