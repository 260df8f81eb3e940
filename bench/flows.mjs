#!/usr/bin/env node
// `npm run bench:flows`: the new-lead flow built with this package against the same flow built from n8n's
// own nodes, in a real n8n 2.41.1, same run, same machine, same sandbox: one `n8n start` (SQLite), then
// queue mode (a main, a worker and a webhook processor, Postgres and Redis, as test:queue starts them).
//
//   ours:   Apideck CRM Trigger (crm.lead.created, fetches the lead) -> Apideck CRM (create a task activity)
//   n8n's:  Webhook -> Code (the signature check as README documents it) -> HTTP Request (GET the lead)
//           -> HTTP Request (POST the task activity)
//
// Both get the same signed deliveries (the sandbox signs them as Apideck does), sent straight to each flow's
// production URL, for leads created before any flow is active. Per n8n configuration (expression engine
// `vm`, n8n's default; `legacy`; `vm` with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true), in rounds that
// alternate which flow goes first:
//   - CPU per delivery of each kind of process (n8n and its task runner; in queue mode the webhook
//     processor, the worker, the main, Postgres and Redis), idle CPU subtracted;
//   - delivery -> activity p50/p95 at a steady rate;
//   - deliveries per second, saturated (a burst at once).
// Each of ours is given as a ratio to n8n's flow in the same round. Writes bench/results/flows.md and
// flows.json. Measured, not asserted; not part of CI. About 15 minutes on 2 cores with the defaults.
//
// Flags: --quick (a smoke run: 4 deliveries, 1 round), --profile (regular mode's n8n under --cpu-prof, the
// profiles in .cache/flows/prof/ with marks.json for bench/profile-summary.js --marks --window).
// Env: FLOWS_MODES (regular,queue), FLOWS_LEADS (per batch, 20), FLOWS_RATE (steady deliveries/s, 2), FLOWS_BURST (30), FLOWS_ROUNDS (2),
// FLOWS_CONFIGS (comma list of vm,legacy,vm-lazy), FLOWS_TRIGGER_VERSION (1.1; 1 as older workflows have it).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, ensureN8n, n8nEnv } from '../scripts/n8n-env.mjs';
import {
	DEFAULT_OWNER,
	freePort,
	installPackage,
	logger,
	N8nRest,
	packPackage,
	replayDelivery,
	sandboxFetch,
	signedDelivery,
	sleep,
	startN8n,
	startSandbox,
	waitFor,
	waitForN8n,
	killLiveGroups,
	TRIGGER_TYPE,
} from '../scripts/n8n-runtime.mjs';
import { startQueueCluster } from '../test/queue/cluster.mjs';
import { CREDENTIAL, deliveryPath, leadFlow as leadFlowV1 } from '../test/queue/flows.mjs';
import { groupCpu, percentile } from '../test/queue/measure.mjs';
import { HEADER_CREDENTIAL, NATIVE_PATH, NATIVE_WORKFLOW_ID, nativeFlowEnv, nativeLeadFlow } from './lib/native-flow.mjs';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const intEnv = (name, dflt) => (process.env[name] ? Number(process.env[name]) : dflt);
const CFG = {
	modes: (process.env.FLOWS_MODES ?? 'regular,queue').split(','),
	leads: quick ? 4 : intEnv('FLOWS_LEADS', 20),
	rate: intEnv('FLOWS_RATE', 2),
	burst: quick ? 4 : intEnv('FLOWS_BURST', 30),
	rounds: quick ? 1 : intEnv('FLOWS_ROUNDS', 2),
	configs: (process.env.FLOWS_CONFIGS ?? 'vm,legacy,vm-lazy').split(','),
	// the trigger's node version: 1.1 is what a new workflow gets; 1 is what older workflows keep
	triggerVersion: Number(process.env.FLOWS_TRIGGER_VERSION ?? 1.1),
};
const leadFlow = {
	...leadFlowV1,
	nodes: leadFlowV1.nodes.map((n) => (n.type === TRIGGER_TYPE ? { ...n, typeVersion: CFG.triggerVersion } : n)),
};
const CONFIG_ENV = {
	vm: { N8N_EXPRESSION_ENGINE: 'vm', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'false' },
	legacy: { N8N_EXPRESSION_ENGINE: 'legacy', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'false' },
	'vm-lazy': { N8N_EXPRESSION_ENGINE: 'vm', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
};
const WARM_UP = 3; // deliveries per flow before each configuration's rounds

const t0 = Date.now();
const baseLog = logger('flows');
const log = (m) => baseLog(`${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${m}`);
const CACHE = path.join(REPO_ROOT, '.cache', 'flows');
const PROF_DIR = path.join(CACHE, 'prof');
const marks = [];
const us = () => Number(process.hrtime.bigint() / 1000n);

/** CPU seconds used so far by each role ({ role: [process group leaders] }). */
function roleCpu(roles) {
	const all = groupCpu(Object.values(roles).flat());
	return Object.fromEntries(Object.entries(roles).map(([role, pids]) => [role, pids.reduce((s, p) => s + (all.get(p) ?? 0), 0)]));
}

/**
 * CPU seconds per second of each role while nothing is sent (timers, the task runner's pings, Postgres'
 * background work): the lowest of three 2-second windows, so that start-up work still running (the expression
 * isolate pool filling, the first pruning) is not taken for idle.
 */
async function idleRates(roles) {
	const rates = [];
	for (let i = 0; i < 3; i++) {
		const a = roleCpu(roles);
		await sleep(2000);
		const b = roleCpu(roles);
		rates.push(Object.fromEntries(Object.keys(roles).map((r) => [r, (b[r] - a[r]) / 2])));
	}
	return Object.fromEntries(Object.keys(roles).map((r) => [r, Math.min(...rates.map((x) => x[r]))]));
}

/**
 * Sends one signed delivery per lead to `url` (at `rate` per second, or all at once) and waits until each lead
 * has its activity. Returns CPU per delivery by role and in all (idle subtracted), latencies and throughput.
 */
async function batch({ sandbox, DEMO, roles, idle = {}, url, leads, rate, label, counters }) {
	const before = counters ? await counters() : undefined;
	const started = Date.now();
	const startUs = us();
	const cpu0 = roleCpu(roles);
	const sentAt = new Map();
	const sends = [];
	for (let i = 0; i < leads.length; i++) {
		if (rate) {
			const wait = started + (i * 1000) / rate - Date.now();
			if (wait > 0) await sleep(wait);
		}
		const lead = leads[i];
		const delivery = signedDelivery({ sandboxUrl: sandbox.url, apiKey: DEMO.apiKey, consumerId: DEMO.consumerId, entityId: lead.id });
		sentAt.set(lead.id, Date.now());
		sends.push(replayDelivery(delivery, url));
	}
	const answers = await Promise.all(sends);
	const refused = answers.filter((a) => a.status < 200 || a.status >= 300);
	if (refused.length) throw new Error(`${label}: ${refused.length} deliveries refused (${refused[0].status} ${refused[0].body.slice(0, 200)})`);
	const ids = new Set(leads.map((l) => l.id));
	const done = new Map();
	await waitFor(`${label}: an activity for each of ${leads.length} leads`, async () => {
		for (const a of sandbox.records(DEMO.consumerId, 'activities')) {
			if (!ids.has(a.lead_id) || done.has(a.lead_id)) continue;
			done.set(a.lead_id, Date.parse(a.created_at));
		}
		return done.size === ids.size;
	}, { timeoutMs: 300_000, intervalMs: 100 });
	await sleep(500); // the execution's last writes after the activity's POST
	const endUs = us();
	marks.push({ label, startUs, endUs });
	const wallS = (endUs - startUs) / 1e6;
	const cpu1 = roleCpu(roles);
	const byRole = Object.fromEntries(
		Object.keys(roles).map((r) => [r, ((cpu1[r] - cpu0[r] - (idle[r] ?? 0) * wallS) * 1000) / leads.length]),
	);
	const after = counters ? await counters() : undefined;
	const perDelivery = after && Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - before[k]) / leads.length]));
	const extra = sandbox.records(DEMO.consumerId, 'activities').filter((a) => ids.has(a.lead_id)).length - ids.size;
	const lat = leads.map((l) => done.get(l.id) - sentAt.get(l.id)).sort((a, b) => a - b);
	const first = Math.min(...sentAt.values());
	const last = Math.max(...done.values());
	return {
		n: leads.length,
		cpuMs: Object.values(byRole).reduce((a, b) => a + b, 0),
		byRole,
		p50: percentile(lat, 50),
		p95: percentile(lat, 95),
		perSecond: leads.length / Math.max(0.001, (last - first) / 1000),
		duplicates: extra,
		...(perDelivery ? { n8nCounters: perDelivery } : {}),
	};
}

/**
 * n8n's own expression-engine counters from its /metrics endpoint (N8N_METRICS=true): isolates taken from the
 * pool, isolates started on the spot because the pool was empty, and expressions evaluated in an isolate.
 */
async function expressionCounters(baseUrl) {
	const text = await (await fetch(`${baseUrl}/metrics`)).text();
	const sum = (re) =>
		text
			.split('\n')
			.filter((l) => re.test(l))
			.reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
	return {
		isolates: sum(/^n8n_expression_pool_acquired_total[ {]/),
		coldStarts: sum(/^n8n_expression_pool_cold_start_sync_total[ {]/),
		evaluations: sum(/^n8n_expression_evaluation_duration_seconds_count[ {]/),
	};
}

const median = (xs) => {
	const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
	return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** One `n8n start` (SQLite) with both flows; a configuration is a restart with its environment. */
async function regularMode({ sandbox, DEMO, packed, credentials, workflows, baseEnv }) {
	const userFolder = path.join(CACHE, 'n8n-user');
	const port = await freePort();
	await installPackage({ userFolder, ...packed, log });
	let n8n;
	let created = false;
	return {
		name: 'regular',
		roles: () => ({ 'n8n start': [n8n.pid] }),
		counters: () => expressionCounters(n8n.baseUrl),
		urls: () => ({ ours: `${n8n.baseUrl}/${deliveryPath}`, native: `${n8n.baseUrl}/webhook/${NATIVE_PATH}` }),
		async apply(config) {
			if (n8n) await n8n.stop();
			const extra = { ...baseEnv, ...CONFIG_ENV[config], N8N_METRICS: 'true', N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
			if (profile) extra.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${path.join(PROF_DIR, config)}`;
			n8n = startN8n({ env: n8nEnv({ userFolder, port, logLevel: 'warn', extra }), logFile: path.join(CACHE, `n8n-${config}.log`), log, name: `n8n start (${config})` });
			const settings = await waitForN8n(n8n, { timeoutMs: 240_000 });
			const rest = new N8nRest(n8n.baseUrl);
			await rest.ensureOwner(DEFAULT_OWNER, settings);
			if (!created) {
				await rest.createAll({ credentials, workflows });
				await rest.activateWorkflow(leadFlow.id);
				await rest.activateWorkflow(NATIVE_WORKFLOW_ID);
				created = true;
			}
		},
		async stop() {
			if (n8n) await n8n.stop().catch(() => {});
		},
	};
}

/** Queue mode as test:queue starts it, with one worker and one webhook processor; a configuration restarts both. */
async function queueMode({ packed, credentials, workflows, baseEnv }) {
	const first = CFG.configs[0];
	const env = { ...baseEnv, ...CONFIG_ENV[first] };
	const cluster = await startQueueCluster({
		runDir: path.join(CACHE, 'queue'),
		log,
		packed,
		credentials,
		workflows,
		workers: 1,
		webhookProcessors: 1,
		database: 'n8n_flows',
		extraEnv: { main: env, worker: env, webhook: env },
	});
	await cluster.rest.activateWorkflow(leadFlow.id);
	await cluster.rest.activateWorkflow(NATIVE_WORKFLOW_ID);
	let current = first;
	return {
		name: 'queue',
		roles: () => ({
			'webhook processor': cluster.webhooks.map((w) => w.pid),
			worker: cluster.workers.map((w) => w.pid),
			main: [cluster.main.pid],
			Postgres: [cluster.postgres.pid],
			Redis: [cluster.redis.pid],
		}),
		urls: () => ({ ours: `${cluster.webhookUrl}${deliveryPath}`, native: `${cluster.webhookUrl}webhook/${NATIVE_PATH}` }),
		async apply(config) {
			if (config === current) return;
			await cluster.restart([...cluster.workers, ...cluster.webhooks], CONFIG_ENV[config]);
			current = config;
		},
		stop: () => cluster.stop(),
	};
}

async function main() {
	const { sandbox, DEMO } = await startSandbox({ port: 0, log });
	const api = sandboxFetch(sandbox, DEMO);
	let mode;
	process.once('SIGINT', () => {
		killLiveGroups('SIGKILL');
		process.exit(130);
	});
	const results = [];
	try {
		await ensureN8n({ log });
		fs.rmSync(CACHE, { recursive: true, force: true });
		fs.mkdirSync(PROF_DIR, { recursive: true });
		const packed = await packPackage({ destDir: CACHE, log });

		// every lead up front, before any flow is active (the sandbox delivers only to registered webhooks)
		const perConfig = CFG.rounds * 2 * (CFG.leads + CFG.burst) + 2 * WARM_UP;
		const total = perConfig * CFG.configs.length * CFG.modes.length;
		log(`creating ${total} leads`);
		const leads = [];
		for (let i = 0; i < total; i++) {
			const res = await api('/crm/leads', { method: 'POST', body: JSON.stringify({ name: `Flows Lead ${i + 1}`, company_name: 'Bench Inc' }) });
			const body = await res.json();
			if (res.status >= 300) throw new Error(`POST /crm/leads -> ${res.status} ${JSON.stringify(body)}`);
			leads.push({ id: body.data.id });
		}
		const take = (n) => leads.splice(0, n);

		const setup = {
			sandbox,
			DEMO,
			packed,
			baseEnv: nativeFlowEnv(DEMO.apiKey),
			credentials: [
				{ ...CREDENTIAL, data: { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: sandbox.url } },
				{ ...HEADER_CREDENTIAL, data: { name: 'Authorization', value: `Bearer ${DEMO.apiKey}` } },
			],
			workflows: [leadFlow, nativeLeadFlow({ sandboxUrl: sandbox.url, appId: DEMO.appId, consumerId: DEMO.consumerId })],
		};
		for (const modeName of CFG.modes) {
			mode = modeName === 'queue' ? await queueMode(setup) : await regularMode(setup);
			for (const config of CFG.configs) {
				await mode.apply(config);
				const { ours, native } = mode.urls();
				await waitFor("the trigger's webhook registration", async () =>
					(await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()).data.some((h) => h.delivery_url === ours && h.status === 'enabled'),
				);
				const roles = mode.roles();
				// a few deliveries each first (the first executions load code, compile, open database pages)
				for (const url of [ours, native]) await batch({ sandbox, DEMO, roles, url, leads: take(WARM_UP), rate: 0, label: 'warm-up' });
				const idle = await idleRates(roles);
				log(`${mode.name} ${config}: idle CPU ${Object.entries(idle).map(([r, v]) => `${r} ${(v * 1000).toFixed(0)}`).join(', ')} ms/s`);
				for (let round = 0; round < CFG.rounds; round++) {
					const order = round % 2 ? ['native', 'ours'] : ['ours', 'native'];
					const row = { mode: mode.name, config, round };
					for (const kind of ['steady', 'burst']) {
						for (const flow of order) {
							const label = `${mode.name} ${config} ${flow} ${kind} ${round}`;
							const r = await batch({
								sandbox, DEMO, roles, idle,
								url: flow === 'ours' ? ours : native,
								leads: take(kind === 'steady' ? CFG.leads : CFG.burst),
								rate: kind === 'steady' ? CFG.rate : 0,
								label,
								counters: mode.counters,
							});
							row[`${flow} ${kind}`] = r;
							const c = r.n8nCounters ? `; per delivery ${Object.entries(r.n8nCounters).map(([k, v]) => `${v.toFixed(1)} ${k}`).join(', ')}` : '';
							log(`${label}: CPU ${r.cpuMs.toFixed(0)} ms/delivery (${Object.entries(r.byRole).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}), p50 ${r.p50} ms, p95 ${r.p95} ms, ${r.perSecond.toFixed(1)}/s, ${r.duplicates} duplicates${c}`);
						}
					}
					results.push(row);
				}
			}
			await mode.stop();
			mode = undefined;
		}
		const report = writeReport(results);
		process.stdout.write(`\n${report}\n`);
		if (profile) fs.writeFileSync(path.join(PROF_DIR, 'marks.json'), JSON.stringify(marks, null, 1));
	} finally {
		if (mode) await mode.stop().catch(() => {});
		await sandbox.close().catch(() => {});
	}
}

function writeReport(results) {
	const med = (rows, key, pick) => median(rows.map((r) => pick(r[key])));
	const ratio = (rows, kind, pick) => median(rows.map((r) => pick(r[`ours ${kind}`]) / pick(r[`native ${kind}`])));
	const f0 = (v) => (Number.isFinite(v) ? v.toFixed(0) : '–');
	const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
	const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '–');
	const cpu = (b) => b.cpuMs;
	const lines = [
		`_n8n 2.41.1 on ${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}; the sandbox in the bench process. ` +
			`Trigger node version ${CFG.triggerVersion}. Per flow and configuration, ${CFG.rounds} round(s) of ${CFG.leads} deliveries at ${CFG.rate}/s (steady: CPU, p50, p95) ` +
			`and ${CFG.burst} at once (saturated: deliveries per second); medians over rounds, ratios taken within each round._`,
		'',
		'| mode | n8n expression engine | CPU ms per delivery, ours / n8n\'s | ratio | p50 ms, ours / n8n\'s | p95 ms, ours / n8n\'s | saturated /s, ours / n8n\'s | ratio | duplicates |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	const roleLines = [];
	for (const mode of CFG.modes) {
		for (const config of CFG.configs) {
			const rows = results.filter((r) => r.mode === mode && r.config === config);
			if (!rows.length) continue;
			const dup = rows.reduce((s, r) => s + Object.values(r).reduce((t, v) => t + (v?.duplicates ?? 0), 0), 0);
			const engine = config === 'vm' ? '`vm` (default)' : config === 'vm-lazy' ? '`vm`, lazy isolates' : '`legacy`';
			lines.push(
				`| ${mode} | ${engine} | ${f0(med(rows, 'ours steady', cpu))} / ${f0(med(rows, 'native steady', cpu))} | ${x(ratio(rows, 'steady', cpu))} | ` +
					`${f0(med(rows, 'ours steady', (b) => b.p50))} / ${f0(med(rows, 'native steady', (b) => b.p50))} | ${f0(med(rows, 'ours steady', (b) => b.p95))} / ${f0(med(rows, 'native steady', (b) => b.p95))} | ` +
					`${f1(med(rows, 'ours burst', (b) => b.perSecond))} / ${f1(med(rows, 'native burst', (b) => b.perSecond))} | ${x(ratio(rows, 'burst', (b) => b.perSecond))} | ${dup} |`,
			);
			if (mode === 'queue') {
				const roles = Object.keys(rows[0]['ours steady'].byRole);
				roleLines.push(
					`| ${engine} | ${roles.map((role) => `${f0(med(rows, 'ours steady', (b) => b.byRole[role]))} / ${f0(med(rows, 'native steady', (b) => b.byRole[role]))}`).join(' | ')} |`,
				);
				if (roleLines.length === 1) roleLines.unshift(`| queue mode, CPU ms per delivery by process, ours / n8n's | ${roles.join(' | ')} |`, `| --- |${roles.map(() => ' ---: |').join('')}`);
			}
		}
	}
	const counterLines = [];
	for (const config of CFG.configs) {
		const rows = results.filter((r) => r.mode === 'regular' && r.config === config && r['ours steady'].n8nCounters);
		if (!rows.length) continue;
		if (!counterLines.length) {
			counterLines.push(
				"| regular mode, n8n's own counters per delivery (its /metrics), ours / n8n's | isolates acquired | of them started on the spot (pool empty) | expressions evaluated in an isolate |",
				'| --- | ---: | ---: | ---: |',
			);
		}
		const c = (flow, k) => f1(med(rows, `${flow} steady`, (b) => b.n8nCounters[k]));
		counterLines.push(`| ${config} | ${c('ours', 'isolates')} / ${c('native', 'isolates')} | ${c('ours', 'coldStarts')} / ${c('native', 'coldStarts')} | ${c('ours', 'evaluations')} / ${c('native', 'evaluations')} |`);
	}
	const md = [...lines, ...(roleLines.length ? ['', ...roleLines] : []), ...(counterLines.length ? ['', ...counterLines] : [])].join('\n');
	if (!quick) {
		fs.mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
		fs.writeFileSync(path.join(REPO_ROOT, 'bench', 'results', 'flows.md'), `<!-- written by npm run bench:flows (bench/flows.mjs) -->\n${md}\n`);
		fs.writeFileSync(path.join(REPO_ROOT, 'bench', 'results', 'flows.json'), `${JSON.stringify({ cfg: CFG, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() }, results }, null, 1)}\n`);
	}
	return md;
}

main().catch((err) => {
	log(`FAILED: ${err?.stack ?? err}`);
	killLiveGroups('SIGKILL');
	process.exitCode = 1;
});
