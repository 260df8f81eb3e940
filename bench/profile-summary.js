#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by area (this package's node code,
// sandbox, n8n-core, n8n-workflow, axios, other node_modules, node internals, GC, idle) and the top
// functions by self time.
// Usage: node bench/profile-summary.js file.cpuprofile [topN] [--filter=REGEX] [--marks=FILE --window=REGEX]
//   --marks/--window: only samples inside the time windows (from `bench/run.js --marks=FILE`) whose
//   label matches REGEX, e.g. --window='^getAll node 50000$'.
'use strict';
const fs = require('node:fs');

const args = process.argv.slice(2);
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [file, topArg] = args.filter((a) => !a.startsWith('--'));
if (!file) {
	console.error('usage: node bench/profile-summary.js file.cpuprofile [topN] [--filter=REGEX] [--marks=FILE --window=REGEX]');
	process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const top = Number(topArg ?? 30);
const filter = opt('filter') ? new RegExp(opt('filter')) : null;
let windows = null;
if (opt('marks')) {
	const re = new RegExp(opt('window') ?? '.');
	windows = JSON.parse(fs.readFileSync(opt('marks'), 'utf8')).filter((m) => re.test(m.label));
	console.log(`windows: ${windows.length} (${windows.reduce((s, w) => s + (w.endUs - w.startUs), 0) / 1000} ms wall)`);
}
const inWindow = (t) => !windows || windows.some((w) => t >= w.startUs && t <= w.endUs);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
	t += dt[i] ?? 0;
	if (!inWindow(t)) continue;
	const id = profile.samples[i];
	const next = dt[i + 1] ?? 0; // a sample's weight is the time until the next one
	self.set(id, (self.get(id) ?? 0) + next);
}

function area(url, name) {
	if (name === '(garbage collector)') return 'GC';
	if (name === '(idle)') return 'idle';
	if (name === '(program)') return 'program (native, unattributed)';
	if (!url) return 'node internals / native';
	if (url.startsWith('node:')) return 'node internals / native';
	if (url.includes('/node_modules/n8n-core/')) return 'n8n-core';
	if (url.includes('/node_modules/n8n-workflow/')) return 'n8n-workflow';
	if (url.includes('/node_modules/axios/') || url.includes('/follow-redirects/')) return 'axios';
	if (url.includes('/node_modules/')) return `other node_modules (${url.split('/node_modules/').pop().split('/')[0]})`;
	if (url.includes('/sandbox/')) return 'sandbox';
	if (url.includes('/nodes/')) return 'this package (nodes/)';
	if (url.includes('/bench/')) return 'bench';
	if (url.includes('/test/')) return 'test helpers';
	return 'other';
}

const areas = new Map();
const fns = new Map();
let total = 0;
for (const [id, us] of self) {
	const n = byId.get(id);
	const { functionName, url, lineNumber } = n.callFrame;
	total += us;
	const a = area(url, functionName);
	areas.set(a, (areas.get(a) ?? 0) + us);
	const short = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '').replace(/^.*\/main\//, '');
	const key = `${functionName || '(anonymous)'}  ${short}:${lineNumber + 1}`;
	fns.set(key, (fns.get(key) ?? 0) + us);
}

const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
console.log(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled`);
console.log('\nself time by area');
for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`${ms(us)} ms ${pct(us)} %  ${a}`);
console.log(`\ntop ${top} functions by self time${filter ? ` matching ${filter}` : ''}`);
for (const [k, us] of [...fns].filter(([k]) => !filter || filter.test(k)).sort((x, y) => y[1] - x[1]).slice(0, top))
	console.log(`${ms(us)} ms ${pct(us)} %  ${k}`);
