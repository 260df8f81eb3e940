#!/usr/bin/env node
// The bugs issues #16 and #23 planted by hand, each of which once left the whole suite green: this plants them one at
// a time in the source, runs the test files that own the behaviour (jest --bail) and reports whether they
// caught each one, and with which test.
// The source is restored after every bug, also on Ctrl-C or SIGTERM. Not part of `npm test` (it edits nodes/ while it
// runs); StrykerJS checks the same kind of thing at scale (CONTRIBUTING.md, "Mutation testing").
//
//   node scripts/planted-bugs.mjs            # all of them (a few minutes on 2 cores)
//   node scripts/planted-bugs.mjs pairing    # the ones whose name contains "pairing"
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = 'nodes/shared';
const EXECUTOR = 'nodes/ApideckCrm/executor';
const TRIGGER = 'nodes/ApideckCrmTrigger';

const BUGS = [
	{
		name: 'signature: any all-uppercase 64-hex signature is accepted',
		file: `${TRIGGER}/signature.ts`,
		find: '\tconst received = decodeSignature(header);',
		replace: "\tif (typeof header === 'string' && /^[0-9A-F]{64}$/.test(header)) return true;\n\tconst received = decodeSignature(header);",
		tests: ['test/trigger/signatures.test.ts', 'test/trigger/golden.test.ts'],
	},
	{
		name: 'retries: a 5xx is no longer retried for Update and Delete',
		file: `${SHARED}/transport/transport.ts`,
		find: 'if (status >= 500 && idempotent) {',
		replace: "if (status >= 500 && idempotent && request.method !== 'PATCH' && request.method !== 'DELETE') {",
		tests: ['test/node/retry-matrix.test.ts', 'test/node/reliability.test.ts'],
	},
	{
		name: 'retries: a Create is retried after a connection reset or a timeout',
		file: `${SHARED}/transport/transport.ts`,
		find: 'if ((notSent || idempotent) && !lastAttempt) {',
		replace: 'if (!lastAttempt) {',
		tests: ['test/node/retry-matrix.test.ts', 'test/node/reliability.test.ts'],
	},
	{
		name: "retries: no run-wide pause while a 429's Retry-After is in force",
		file: `${SHARED}/transport/transport.ts`,
		find: 'if (retryAfter) policy.limiter?.pauseUntil(',
		replace: 'if (retryAfter && false) policy.limiter?.pauseUntil(',
		tests: ['test/node/pacing.test.ts', 'test/node/reliability.test.ts'],
	},
	{
		name: 'paths: the record ID is no longer URL-encoded',
		file: `${SHARED}/transport/paths.ts`,
		find: '\treturn encodeURIComponent(id);',
		replace: '\treturn id;',
		tests: ['test/node/ids.test.ts', 'test/node/hardening.test.ts'],
	},
	{
		name: 'pairing: every output item points at input item 0',
		file: `${EXECUTOR}/execute.ts`,
		find: 'const paired = { item: itemIndex };',
		replace: 'const paired = { item: 0 };',
		tests: ['test/node/paired-items.test.ts', 'test/node/error-items.test.ts'],
	},
	{
		name: "errors: Apideck's detail is dropped from the error description",
		file: `${SHARED}/transport/errors.ts`,
		find: 'const description = [detail, HINTS[',
		replace: 'const description = [HINTS[',
		tests: ['test/node/errors.test.ts', 'test/node/paired-items.test.ts'],
	},
	{
		name: 'bodies: number custom fields are sent as strings',
		file: `${SHARED}/requests/body.ts`,
		find: "if (valueType === 'number') fieldValue = serializeField({ api: 'value', label: 'Value', kind: 'number' }, entry.numberValue ?? entry.value, at('Value'));",
		replace: "if (valueType === 'number') fieldValue = String(entry.numberValue ?? entry.value);",
		tests: ['test/node/bodies.test.ts'],
	},
	{
		name: "trigger: a disabled webhook on the node's URL is adopted instead of replaced",
		file: `${TRIGGER}/ApideckCrmTrigger.node.ts`,
		find: ".filter((w) => w.status === 'enabled' && w.id)",
		replace: '.filter((w) => w.id)',
		tests: ['test/trigger/lifecycle.test.ts'],
	},
	// issue #23: three that once left every test green, in files Stryker did not mutate then, and a date
	{
		name: 'create or update: matched on the first email of the list, not the primary one',
		file: `${EXECUTOR}/simplify.ts`,
		find: "\t\tif (entry.type === 'primary') return entry;\n",
		replace: '',
		tests: ['test/node/upsert.test.ts'],
	},
	{
		name: 'create or update: phone numbers compared as text, not by their digits',
		file: `${EXECUTOR}/writes.ts`,
		find: "\tif (filter === 'phone_number') return text.replace(/\\D/g, '');\n",
		replace: '',
		tests: ['test/node/upsert.test.ts'],
	},
	{
		name: 'pickers: the Service picker offers connections disabled in Vault',
		file: `${SHARED}/listSearch/services.ts`,
		find: '\t\t.filter((c) => c.enabled !== false)\n',
		replace: '',
		tests: ['test/node/pickers.test.ts'],
	},
	{
		name: 'dates: a Date from an expression is read in the n8n process zone, not the workflow zone',
		file: `${SHARED}/requests/dates.ts`,
		find: 'DateTime.fromMillis(ms, { zone: timezone })',
		replace: 'DateTime.fromMillis(ms)',
		tests: ['test/node/hardening.test.ts'],
	},
];

const only = process.argv[2];
const selected = BUGS.filter((b) => !only || b.name.includes(only));
let restore;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		restore?.();
		process.exit(130);
	});
}

const rows = [];
for (const bug of selected) {
	const file = path.join(ROOT, bug.file);
	const original = fs.readFileSync(file, 'utf8');
	const at = original.indexOf(bug.find);
	if (at === -1 || original.indexOf(bug.find, at + 1) !== -1) {
		rows.push({ bug, result: 'NOT PLANTED (the code changed: update this script)', ok: false });
		process.stdout.write(`MISSED  ${bug.name}\n        NOT PLANTED (the code changed: update this script)\n`);
		continue;
	}
	restore = () => fs.writeFileSync(file, original);
	fs.writeFileSync(file, original.slice(0, at) + bug.replace + original.slice(at + bug.find.length));
	const started = Date.now();
	try {
		const run = spawnSync(
			process.execPath,
			['scripts/with-node24.mjs', '--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--bail', '--silent', ...bug.tests],
			{ cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
		);
		const output = `${run.stdout}\n${run.stderr}`;
		const failed = [...output.matchAll(/^\s*● (.+)$/gm)].map((m) => m[1].trim()).find((t) => !t.startsWith('Console'));
		const caught = run.status !== 0 && failed !== undefined;
		rows.push({ bug, ok: caught, result: caught ? failed : `NOT CAUGHT (exit ${run.status})`, secs: (Date.now() - started) / 1000 });
	} finally {
		restore();
		restore = undefined;
	}
	const last = rows.at(-1);
	process.stdout.write(`${last.ok ? 'CAUGHT' : 'MISSED'}  ${bug.name} (${last.secs.toFixed(0)} s)\n        ${last.result}\n`);
}

process.stdout.write(`\n| Planted bug | First test that failed |\n| --- | --- |\n`);
for (const r of rows) process.stdout.write(`| ${r.bug.name} | ${r.result.replace(/\|/g, '\\|')} |\n`);
const missed = rows.filter((r) => !r.ok).length;
process.stdout.write(`\n${rows.length - missed} of ${rows.length} caught\n`);
process.exit(missed ? 1 : 0);
