#!/usr/bin/env node
// `npm run test:queue`: this package in n8n's queue mode, at volume, against the local Apideck sandbox.
//
//   Postgres and Redis from Debian's packages (apt-get when missing; data under .cache/queue/), then n8n
//   2.41.1 (.cache/n8n/) as a main (EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, production webhooks off on
//   the main), two `n8n worker`s and two `n8n webhook` processors, one encryption key and one user folder
//   (the package packed and installed there, as test/e2e does). The sandbox runs in this process as Apideck.
//
//   1. Activating the new-lead flow on the main registers the webhook processor's URL (WEBHOOK_URL) at the
//      sandbox, and the processor answers the validation ping.
//   2. 1,000 leads created through the API at a steady rate, delivered signed to webhook processor 1:
//      exactly 1,000 successful executions, 1,000 follow-up activities (one per lead), 0 failed deliveries.
//   3. 100 of those deliveries sent again with their original body, signature and idempotency key, one at
//      a time as Apideck retries, every other one to webhook processor 2 (which knows the keys only from
//      Postgres): 0 extra executions, 0 extra activities.
//   4. Measured, not asserted: the same key twice at once, (a) both copies to one processor, (b) one copy
//      to each webhook processor.
//   5. Contact -> Get Many (Return All) of 10,000 contacts, started by a production webhook and so run by
//      a worker: exactly 10,000 items in the execution's data.
//   6. Measured: queue mode saturated (300 leads at once): deliveries per second, latency, failed attempts.
//   7. Measured: webhook processor 1 and the workers restarted with n8n's default expression engine
//      ('vm'; the run uses 'legacy', see CFG.engine): CPU time per delivery per role and latency.
//   Then deactivating the flow on the main deletes the webhook at the sandbox.
//   8. Measured: regular mode (one `n8n start`, SQLite, as test/e2e) on the same machine, steady and
//      saturated. Everything measured is printed and written to bench/results/queue.md.
//
// Expects `npm run build` first (dist/). Prints `queue: N passed, M failed` last; exits non-zero on failure.
// Env: QUEUE_RATE (leads/s, default 8), QUEUE_LEADS (1000), QUEUE_REDELIVER (100), QUEUE_PAIRS (20),
// QUEUE_CONTACTS (10000), QUEUE_BURST (300), QUEUE_REGULAR_LEADS (200), QUEUE_SKIP_REGULAR=1,
// QUEUE_ENGINE_LEADS (30, 0 skips 7), QUEUE_ENGINE_RATE (1), QUEUE_EXPRESSION_ENGINE (legacy),
// QUEUE_PG_POOL (n8n's default), QUEUE_KEEP=1 (keep .cache/queue/run/: user folders; logs are always kept).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import { REPO_ROOT, n8nEnv, n8nPaths } from '../../scripts/n8n-env.mjs';
import {
	assert,
	checkRunner,
	DEFAULT_OWNER,
	deliveryFingerprint,
	fingerprintsIn,
	freePort,
	installPackage,
	killLiveGroups,
	logger,
	N8nRest,
	packPackage,
	replayDelivery,
	sandboxFetch,
	signedDelivery,
	sleep,
	startN8n,
	startSandbox,
	tailFile,
	waitFor,
	waitForN8n,
} from '../../scripts/n8n-runtime.mjs';
import { QUEUE_CACHE_DIR } from '../../scripts/queue-services.mjs';
import { startQueueCluster } from './cluster.mjs';
import { cpuPerDelivery, groupCpu, percentile } from './measure.mjs';
import {
	BULK_CONSUMER,
	BULK_CREDENTIAL,
	CONTACTS_PATH,
	CREDENTIAL,
	contactsFlow,
	deliveryPath,
	leadFlow,
} from './flows.mjs';

const t0 = Date.now();
const baseLog = logger('queue');
/** Log lines carry the seconds since the start: phases are long and the machine is shared. */
const log = (message) => baseLog(`${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${message}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const intEnv = (name, dflt) => (process.env[name] ? Number(process.env[name]) : dflt);

const CFG = {
	leads: intEnv('QUEUE_LEADS', 1000),
	rate: intEnv('QUEUE_RATE', 8),
	redeliver: intEnv('QUEUE_REDELIVER', 100),
	pairs: intEnv('QUEUE_PAIRS', 20),
	contacts: intEnv('QUEUE_CONTACTS', 10_000),
	burst: intEnv('QUEUE_BURST', 300),
	regularLeads: intEnv('QUEUE_REGULAR_LEADS', 200),
	skipRegular: Boolean(process.env.QUEUE_SKIP_REGULAR),
	keep: Boolean(process.env.QUEUE_KEEP),
	workers: 2,
	// Postgres connections per n8n process (n8n's default: 2)
	poolSize: intEnv('QUEUE_PG_POOL', undefined),
	// n8n 2.41's default expression engine ('vm', isolated-vm) costs ~0.4 CPU-s per delivery in the webhook
	// phase on this machine (measured, see bench/results/queue.md); 'legacy' runs both modes at a rate that
	// fits the time budget. QUEUE_EXPRESSION_ENGINE=vm runs n8n's default.
	engine: process.env.QUEUE_EXPRESSION_ENGINE ?? 'legacy',
	// ... and how much the default costs, measured on a short batch at a rate it sustains
	engineLeads: intEnv('QUEUE_ENGINE_LEADS', 30),
	engineRate: intEnv('QUEUE_ENGINE_RATE', 1),
};
const engineEnv = CFG.engine ? { N8N_EXPRESSION_ENGINE: CFG.engine } : {};

// ---------------------------------------------------------------------------------------------------------
// Named checks, counted (checkRunner, scripts/n8n-runtime.mjs); measurements apart.

const { results, check, skip } = checkRunner(log);
const timings = [];
const incomplete = [];
async function measure(name, fn) {
	const started = Date.now();
	try {
		const detail = await fn();
		log(`MEASURED ${name} (${secs(Date.now() - started)})${detail ? ` - ${detail}` : ''}`);
	} catch (err) {
		// Measured, not asserted: a measurement that could not be completed (a shared, overloaded machine)
		// does not fail the run, but it is reported here, in the summary and in bench/results/queue.md.
		incomplete.push({ name, reason: String(err?.message ?? err).split('\n')[0] });
		log(`INCOMPLETE measurement ${name}\n${String(err?.stack ?? err).replace(/^/gm, '    ')}`);
	}
}
async function phase(name, fn) {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings.push({ name, ms: Date.now() - started });
	}
}


// ---------------------------------------------------------------------------------------------------------
// Driving the sandbox: leads at a steady rate, and what became of them

/** Creates `count` leads through the API at `rate` per second (open loop: a slow answer does not slow the rest). */
async function createLeads(api, { count, rate, prefix }) {
	const started = Date.now();
	const pending = [];
	for (let i = 0; i < count; i++) {
		const due = started + (i * 1000) / rate;
		const wait = due - Date.now();
		if (wait > 0) await sleep(wait);
		const name = `${prefix} ${String(i + 1).padStart(4, '0')}`;
		pending.push(
			api('/crm/leads', { method: 'POST', body: JSON.stringify({ name, company_name: 'Queue Testing Inc' }) }).then(async (res) => {
				const body = await res.json();
				if (res.status !== 201 && res.status !== 200) throw new Error(`POST /crm/leads -> ${res.status} ${JSON.stringify(body)}`);
				return { id: body.data.id, name };
			}),
		);
	}
	const leads = await Promise.all(pending);
	return { leads, sendMs: Date.now() - started };
}

/** Waits until every lead has at least one activity (no progress for `stallMs` fails). */
async function waitForActivities(sandbox, consumerId, leadIds, { stallMs = 60_000 } = {}) {
	const wanted = new Set(leadIds);
	let seen = 0;
	let lastProgress = Date.now();
	for (;;) {
		const covered = new Set(
			sandbox.records(consumerId, 'activities').filter((a) => wanted.has(a.lead_id)).map((a) => a.lead_id),
		).size;
		if (covered >= wanted.size) return;
		if (covered > seen) {
			seen = covered;
			lastProgress = Date.now();
		}
		if (Date.now() - lastProgress > stallMs) {
			throw new Error(`only ${covered} of ${wanted.size} leads got their activity; no progress for ${secs(stallMs)}`);
		}
		await sleep(250);
	}
}

/**
 * One batch of leads as the sandbox saw it: delivery -> activity latencies (from the first attempt),
 * throughput, how fast n8n answered, failed attempts (non-2xx or no answer in 30 s: Apideck retries those)
 * and activities per lead (more than one: a retried delivery ran again).
 */
function batchStats(sandbox, consumerId, leads, deliveryUrl) {
	const ids = new Set(leads.map((l) => l.id));
	const firstDelivery = new Map();
	const answers = [];
	let attempts = 0;
	let failed = 0;
	for (const d of sandbox.deliveries) {
		const entity = d.body?.payload?.entity_id;
		if (d.url !== deliveryUrl || d.eventType !== 'crm.lead.created' || !ids.has(entity)) continue;
		attempts++;
		if (!(d.status >= 200 && d.status < 300)) failed++;
		answers.push(d.answeredAt - d.sentAt);
		if (!firstDelivery.has(entity) || d.sentAt < firstDelivery.get(entity)) firstDelivery.set(entity, d.sentAt);
	}
	const activityAt = new Map();
	let activities = 0;
	for (const a of sandbox.records(consumerId, 'activities')) {
		if (!ids.has(a.lead_id)) continue;
		activities++;
		const at = Date.parse(a.created_at);
		if (!activityAt.has(a.lead_id) || at < activityAt.get(a.lead_id)) activityAt.set(a.lead_id, at);
	}
	const lat = [];
	for (const id of ids) {
		if (firstDelivery.has(id) && activityAt.has(id)) lat.push(activityAt.get(id) - firstDelivery.get(id));
	}
	lat.sort((a, b) => a - b);
	answers.sort((a, b) => a - b);
	const firstSent = Math.min(...firstDelivery.values());
	const lastDone = Math.max(...activityAt.values());
	return {
		leads: ids.size,
		n: lat.length,
		p50: percentile(lat, 50),
		p95: percentile(lat, 95),
		max: lat[lat.length - 1],
		perSecond: lat.length / ((lastDone - firstSent) / 1000),
		spanMs: lastDone - firstSent,
		attempts,
		failed,
		answerP50: percentile(answers, 50),
		answerP95: percentile(answers, 95),
		activities,
	};
}

const describe = (b) =>
	`${b.n}/${b.leads} leads done; ${b.perSecond.toFixed(1)} deliveries/s; delivery -> activity p50 ${b.p50} ms, p95 ${b.p95} ms; ` +
	`n8n answered p50 ${b.answerP50} ms, p95 ${b.answerP95} ms; ${b.failed} of ${b.attempts} attempts failed; ${b.activities} activities`;

// ---------------------------------------------------------------------------------------------------------

/**
 * The regular-mode n8n (`n8n start`, SQLite, as test/e2e runs it) in its own user folder: the package
 * installed, the database migrated, owner, credentials and the new-lead flow created; then stopped.
 * Returns { env, port, logFile } to start it again later.
 */
async function prepareRegular({ packed, credentials }) {
	const userFolder = path.join(QUEUE_CACHE_DIR, 'run', 'n8n-regular');
	const port = await freePort();
	const env = n8nEnv({ userFolder, port, extra: { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...engineEnv } });
	const logFile = path.join(QUEUE_CACHE_DIR, 'run', 'logs', 'regular.log');
	await installPackage({ userFolder, ...packed, log });
	const n8n = startN8n({ env, logFile, log, name: 'n8n start (regular, preparing)' });
	try {
		const settings = await waitForN8n(n8n, { timeoutMs: 240_000 });
		const r = new N8nRest(n8n.baseUrl);
		await r.ensureOwner(DEFAULT_OWNER, settings);
		await r.createAll({ credentials, workflows: [leadFlow] });
		log('regular-mode n8n prepared (database migrated, owner, credentials, workflow); stopping it until its turn');
	} finally {
		await n8n.stop();
	}
	return { env, port, logFile };
}

async function main() {
	let cluster; // the queue-mode processes, Postgres and Redis
	let regular; // the regular-mode n8n
	let sandbox;
	const runDir = path.join(QUEUE_CACHE_DIR, 'run');
	const bench = {};

	const stopAll = async () => {
		if (regular) await regular.stop().catch(() => {});
		if (cluster) await cluster.stop().catch(() => {});
		if (sandbox) await sandbox.close().catch(() => {});
	};
	const onSignal = (sig) => {
		log(`${sig}: stopping every process this run started (by process group)`);
		killLiveGroups('SIGKILL');
		process.stdout.write(`queue: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed\n`);
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	try {
		// ---- set-up ----
		const setup = await phase(`set-up: Postgres, Redis, package, main, ${CFG.workers} workers, 2 webhook processors (and the regular-mode n8n's database)`, async () => {
			const sb = await startSandbox({ port: 0, log });
			sandbox = sb.sandbox;
			const DEMO = sb.DEMO;
			const credData = (consumerId) => ({ apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId, baseUrl: sandbox.url });
			fs.rmSync(runDir, { recursive: true, force: true });
			fs.mkdirSync(runDir, { recursive: true });
			const packed = await packPackage({ destDir: QUEUE_CACHE_DIR, log });
			// the regular-mode n8n migrates its SQLite database, gets its owner, credentials and workflow now, in
			// parallel (its migrations take as long as the whole queue set-up), and stops until its turn
			const regularPrepared = CFG.skipRegular
				? Promise.resolve(undefined)
				: prepareRegular({ packed, credentials: [{ ...CREDENTIAL, data: credData(DEMO.consumerId) }] });
			regularPrepared.catch(() => {});
			cluster = await startQueueCluster({
				runDir,
				log,
				packed,
				credentials: [
					{ ...CREDENTIAL, data: credData(DEMO.consumerId) },
					{ ...BULK_CREDENTIAL, data: credData(BULK_CONSUMER) },
				],
				workflows: [leadFlow, contactsFlow],
				workers: CFG.workers,
				webhookProcessors: 2,
				poolSize: CFG.poolSize,
				extraEnv: { main: engineEnv, worker: engineEnv, webhook: engineEnv },
			});
			const regularSetup = await regularPrepared;
			return { DEMO, regularSetup, ...cluster };
		});
		const { DEMO, main, rest, workers, webhooks, webhookUrl, sql } = setup;
		/** Process groups by role, for CPU accounting (looked up when called: restarts replace processes). */
		const queueRoles = () => ({
			'webhook processor': [webhooks[0].pid],
			'workers (2)': workers.map((w) => w.pid),
			main: [main.pid],
			Postgres: [setup.postgres.pid],
			Redis: [setup.redis.pid],
		});
		const api = sandboxFetch(sandbox, DEMO);
		const executionCounts = async (workflowId) => {
			const rows = await sql('SELECT status, count(*)::int AS n FROM execution_entity WHERE "workflowId" = $1 GROUP BY status', [workflowId]);
			return Object.fromEntries(rows.map((r) => [r.status, r.n]));
		};
		const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
		const unfinished = (counts) => total(counts) - (counts.success ?? 0) - (counts.error ?? 0) - (counts.crashed ?? 0) - (counts.canceled ?? 0);
		/**
		 * Waits until the flow's executions stop changing for `quietMs` with none queued or running; an
		 * execution left unfinished (e.g. created but never enqueued) ends the wait after 20 quiet seconds.
		 */
		const settleExecutions = async (workflowId, quietMs = 3000) => {
			let last = '';
			let since = Date.now();
			for (;;) {
				const counts = await executionCounts(workflowId);
				const key = JSON.stringify(counts);
				if (key !== last) {
					last = key;
					since = Date.now();
				} else if (Date.now() - since >= (unfinished(counts) === 0 ? quietMs : 20_000)) return counts;
				await sleep(250);
			}
		};
		const deliveryUrl = `${webhookUrl}${deliveryPath}`;
		const leadActivities = (ids) => {
			const wanted = new Set(ids);
			return sandbox.records(DEMO.consumerId, 'activities').filter((a) => wanted.has(a.lead_id));
		};

		// ---- 1. activation on the main registers the webhook processor's URL ----
		const activated = await check("activating on the main registers the webhook processor's URL, and the processor answers Apideck's ping", async () => {
			await rest.activateWorkflow(leadFlow.id);
			let hooks = [];
			const mine = await waitFor(
				'the webhook registration',
				async () => {
					const found = (await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()).data;
					hooks = found;
					return found.length ? found : undefined;
				},
				{ timeoutMs: 60_000 },
			).catch(async (err) => {
				const status = await rest.get(`/rest/workflows/${leadFlow.id}/publication-status`).catch((e) => e.message);
				throw new Error(`${err.message}; n8n publication status: ${JSON.stringify(status)}\nmain log:\n${tailFile(main.logFile, 30)}`);
			});
			assert(mine.length === 1, `expected one webhook, got ${JSON.stringify(hooks)}`);
			assert(mine[0].delivery_url === deliveryUrl, `delivery_url ${mine[0].delivery_url}, expected the webhook processor's ${deliveryUrl}`);
			const ping = sandbox.deliveries.find((d) => d.eventType === 'apideck.subscription.created' && d.url === deliveryUrl);
			assert(ping, 'the sandbox sent no validation ping');
			assert(mine[0].status === 'enabled', `webhook is ${mine[0].status} (${mine[0].disabled_reason}); the ping got ${ping.status}`);
			await rest.activateWorkflow(contactsFlow.id);
			return `webhook ${mine[0].id} -> ${mine[0].delivery_url} (ping answered ${ping.status})`;
		});

		// ---- 2. 1,000 leads at a steady rate ----
		let batch;
		let steadyOk = false;
		if (activated) {
			steadyOk = await phase(`queue mode: ${CFG.leads} leads at ${CFG.rate}/s`, () =>
				check(`${CFG.leads} leads at ${CFG.rate}/s: ${CFG.leads} successful executions, ${CFG.leads} follow-up activities (one per lead), 0 failed deliveries`, async () => {
					const roles = queueRoles();
					const cpu0 = groupCpu(Object.values(roles).flat());
					const harness0 = process.cpuUsage();
					batch = await createLeads(api, { count: CFG.leads, rate: CFG.rate, prefix: 'Queue Lead' });
					const ids = batch.leads.map((l) => l.id);
					await sandbox.waitForDeliveries(120_000);
					await waitForActivities(sandbox, DEMO.consumerId, ids);
					const counts = await settleExecutions(leadFlow.id);
					const harness = process.cpuUsage(harness0);
					bench.cpuLegacy = {
						...cpuPerDelivery(roles, cpu0, groupCpu(Object.values(roles).flat()), CFG.leads),
						'sandbox + test': (harness.user + harness.system) / 1e6 / CFG.leads,
					};

					const mine = sandbox.deliveries.filter((d) => d.eventType === 'crm.lead.created' && ids.includes(d.body?.payload?.entity_id));
					const failed = mine.filter((d) => !(d.status >= 200 && d.status < 300));
					const keys = new Set(mine.map((d) => d.idempotencyKey));
					const acts = leadActivities(ids);
					const perLead = new Map();
					for (const a of acts) perLead.set(a.lead_id, (perLead.get(a.lead_id) ?? 0) + 1);
					const twice = [...perLead.values()].filter((n) => n > 1).length;
					const missing = ids.filter((id) => !perLead.has(id)).length;

					bench.queueSteady = batchStats(sandbox, DEMO.consumerId, batch.leads, deliveryUrl);
					bench.queueSteady.offered = CFG.rate;
					bench.queueSteady.sendMs = batch.sendMs;
					// where the time goes: created by the webhook processor -> started by a worker -> finished
					const rows = await sql(
						`SELECT EXTRACT(EPOCH FROM ("startedAt" - "createdAt")) * 1000 AS wait, EXTRACT(EPOCH FROM ("stoppedAt" - "startedAt")) * 1000 AS run
						 FROM execution_entity WHERE "workflowId" = $1`,
						[leadFlow.id],
					);
					const sorted = (k) => rows.map((r) => Number(r[k])).sort((a, b) => a - b);
					bench.queueSteady.queueWait = { p50: percentile(sorted('wait'), 50), p95: percentile(sorted('wait'), 95) };
					bench.queueSteady.run = { p50: percentile(sorted('run'), 50), p95: percentile(sorted('run'), 95) };
					const detail = `${JSON.stringify(counts)} executions, ${acts.length} activities, ${mine.length} delivery attempts (${failed.length} failed) for ${keys.size} events; leads sent in ${secs(batch.sendMs)}; delivery -> activity p50 ${bench.queueSteady.p50} ms, p95 ${bench.queueSteady.p95} ms`;
					assert(failed.length === 0, `${failed.length} failed deliveries: ${JSON.stringify(failed.slice(0, 5).map((d) => [d.status, d.attempt]))}; ${detail}`);
					assert(mine.length === CFG.leads && keys.size === CFG.leads, `${mine.length} delivery attempts for ${keys.size} events, expected ${CFG.leads}; ${detail}`);
					assert(counts.success === CFG.leads && total(counts) === CFG.leads, `executions ${JSON.stringify(counts)}, expected { success: ${CFG.leads} }; ${detail}`);
					assert(acts.length === CFG.leads && twice === 0 && missing === 0, `${acts.length} activities, ${twice} leads with more than one, ${missing} without; ${detail}`);
					return detail;
				}),
			);
		} else skip(`${CFG.leads} leads at a steady rate`, 'activation failed');

		// which process ran what (worker logs), and what the trigger's static data in Postgres holds
		if (batch) {
			await measure('which worker ran the executions; dedupe keys in the static data in Postgres', async () => {
				const perWorker = workers.map((w) => (fs.readFileSync(w.logFile, 'utf8').match(/Worker started execution \d+/g) ?? []).length);
				const rows = await sql('SELECT "staticData", octet_length("staticData"::text) AS bytes FROM workflow_entity WHERE id = $1', [leadFlow.id]);
				const stored = fingerprintsIn(rows[0]?.staticData ?? {});
				const keys = sandbox.deliveries.filter((d) => d.eventType === 'crm.lead.created').map((d) => d.idempotencyKey);
				const kept = keys.filter((k) => stored.has(deliveryFingerprint(k))).length;
				// n8n writes the whole static data back on every accepted delivery: this is what each one writes
				bench.staticKeys = { kept, of: keys.length, stored: stored.size, bytes: Number(rows[0]?.bytes ?? 0) };
				bench.perWorker = perWorker;
				return `executions started per worker: ${perWorker.join(' / ')}; static data in Postgres holds ${stored.size} keys, ${kept} of the ${keys.length} delivered events' keys; ${bench.staticKeys.bytes} bytes, written whole on every accepted delivery`;
			});
		}

		// ---- 3. redeliveries, one at a time ----
		if (steadyOk) {
			await phase(`redelivery of ${CFG.redeliver} events`, () =>
				check(`${CFG.redeliver} deliveries sent again one at a time (same body, signature, idempotency key), every other one to webhook processor 2 (which never saw them): 0 extra executions, 0 extra activities`, async () => {
					const ids = batch.leads.map((l) => l.id);
					const originals = sandbox.deliveries.filter((d) => d.eventType === 'crm.lead.created' && ids.includes(d.body?.payload?.entity_id));
					const step = Math.max(1, Math.floor(originals.length / CFG.redeliver));
					const chosen = originals.filter((_, i) => i % step === 0).slice(0, CFG.redeliver);
					const before = await executionCounts(leadFlow.id);
					// a retry may reach any webhook processor behind a load balancer; processor 2 has no memory of
					// these keys and can only know them from the static data in Postgres
					const answers = new Map();
					for (const [i, d] of chosen.entries()) {
						const processor = i % 2 === 0 ? 1 : 2;
						const r = await replayDelivery(d, processor === 1 ? d.url : `${webhooks[1].baseUrl}/${deliveryPath}`);
						const k = `processor ${processor}: ${r.status} ${r.body.slice(0, 80)}`;
						answers.set(k, (answers.get(k) ?? 0) + 1);
					}
					await sleep(2000);
					const after = await settleExecutions(leadFlow.id);
					const acts = leadActivities(ids);
					const extraRuns = total(after) - total(before);
					const answered = [...answers].map(([k, n]) => `${n}x ${k}`).join('; ');
					bench.redelivered = { count: chosen.length, extraRuns, extraActivities: acts.length - CFG.leads };
					assert(extraRuns === 0 && acts.length === CFG.leads, `${extraRuns} extra executions (${JSON.stringify(after)}), ${acts.length - CFG.leads} extra activities; answers: ${answered}`);
					return `answers: ${answered}`;
				}),
			);
		} else skip(`${CFG.redeliver} deliveries sent again one at a time`, 'the steady batch failed');

		// ---- 4. the same key twice at once (measured) ----
		if (activated) {
			await phase('the same key twice at once (measured)', () =>
				measure('the same key twice at once: (a) both copies to one webhook processor, (b) one copy to each of two', async () => {
					const concurrentCase = async (label, urls) => {
						const seeded = sandbox.seedRecords(DEMO.consumerId, 'leads', CFG.pairs);
						const before = await executionCounts(leadFlow.id);
						const statuses = new Map();
						for (const lead of seeded) {
							const d = signedDelivery({ sandboxUrl: sandbox.url, apiKey: DEMO.apiKey, consumerId: DEMO.consumerId, entityId: lead.id });
							const rs = await Promise.all(urls.map((u) => replayDelivery(d, u)));
							for (const r of rs) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
						}
						await sleep(2000);
						const after = await settleExecutions(leadFlow.id);
						const acts = leadActivities(seeded.map((l) => l.id));
						const perLead = new Map();
						for (const a of acts) perLead.set(a.lead_id, (perLead.get(a.lead_id) ?? 0) + 1);
						const twice = [...perLead.values()].filter((n) => n > 1).length;
						const none = seeded.length - perLead.size;
						const runs = total(after) - total(before);
						bench[label] = { events: seeded.length, copies: seeded.length * urls.length, runs, activities: acts.length, twice, none };
						return `${label}: ${seeded.length} events x ${urls.length} copies -> ${runs} runs, ${acts.length} activities (${twice} events ran twice, ${none} not at all); HTTP ${[...statuses].map(([s, n]) => `${n}x ${s}`).join(', ')}`;
					};
					const a = await concurrentCase('sameProcessor', [deliveryUrl, deliveryUrl]);
					const b = await concurrentCase('twoProcessors', [deliveryUrl, `${webhooks[1].baseUrl}/${deliveryPath}`]);
					return `${a}; ${b}`;
				}),
			);
		}

		// ---- 5. Return All of 10,000 contacts, run by a worker ----
		await phase(`Return All of ${CFG.contacts} contacts on a worker`, () =>
			check(`Contact -> Get Many (Return All), started by a production webhook, runs on a worker and returns exactly ${CFG.contacts} items`, async () => {
				sandbox.seedRecords(BULK_CONSUMER, 'contacts', CFG.contacts);
				const inSandbox = sandbox.records(BULK_CONSUMER, 'contacts').length;
				assert(inSandbox === CFG.contacts, `the bulk consumer has ${inSandbox} contacts, expected ${CFG.contacts}`);
				const pagesBefore = sandbox.requests.length;
				const called = Date.now();
				const res = await fetch(`${webhookUrl}webhook/${CONTACTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
				assert(res.ok, `POST ${webhookUrl}webhook/${CONTACTS_PATH} -> ${res.status} ${await res.text()}`);
				const counts = await waitFor('the Return All execution to finish', async () => {
					const c = await executionCounts(contactsFlow.id);
					return total(c) > 0 && unfinished(c) === 0 ? c : undefined;
				}, { timeoutMs: 180_000 });
				assert(counts.success === 1 && total(counts) === 1, `executions ${JSON.stringify(counts)}`);
				const [row] = await sql(
					'SELECT e.id, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = $1',
					[contactsFlow.id],
				);
				const flatted = createRequire(path.join(n8nPaths().appDir, 'package.json'))('flatted');
				const run = flatted.parse(row.data);
				const items = run.resultData.runData['All contacts'][0].data.main[0];
				const ids = new Set(items.map((i) => i.json.id));
				const pages = sandbox.requests.slice(pagesBefore).filter((q) => q.method === 'GET' && q.path === '/crm/contacts').length;
				const ranOn = workers.filter((w) => new RegExp(`Worker (started|finished) execution ${row.id}\\b`).test(fs.readFileSync(w.logFile, 'utf8'))).map((w) => w.name);
				assert(items.length === CFG.contacts, `the execution returned ${items.length} items, expected ${CFG.contacts}`);
				assert(ids.size === CFG.contacts, `${ids.size} distinct contact ids among ${items.length} items`);
				assert(ranOn.length === 1, `execution ${row.id} was run by: ${ranOn.join(', ') || 'no worker (per the worker logs)'}`);
				const [{ stoppedAt }] = await sql('SELECT "stoppedAt" FROM execution_entity WHERE id = $1', [row.id]);
				bench.returnAll = { items: items.length, pages, ms: new Date(stoppedAt).getTime() - called };
				return `execution ${row.id} on ${ranOn[0]}: ${items.length} items, ${ids.size} distinct, ${pages} pages`;
			}),
		);

		// ---- 6. queue mode, saturated (measured) ----
		if (activated) {
			await phase(`queue mode: saturation (${CFG.burst} leads)`, () =>
				measure(`queue mode saturated: ${CFG.burst} leads as fast as the API takes them`, async () => {
					const b = await createLeads(api, { count: CFG.burst, rate: 1000, prefix: 'Queue Burst' });
					await sandbox.waitForDeliveries(120_000);
					await waitForActivities(sandbox, DEMO.consumerId, b.leads.map((l) => l.id));
					await settleExecutions(leadFlow.id, 1000);
					bench.queueBurst = batchStats(sandbox, DEMO.consumerId, b.leads, deliveryUrl);
					return describe(bench.queueBurst);
				}),
			);
		}

		// ---- 7. n8n's default expression engine (measured) ----
		if (activated && CFG.engineLeads > 0 && CFG.engine !== 'vm') {
			await phase(`queue mode with n8n's default expression engine (vm): ${CFG.engineLeads} leads at ${CFG.engineRate}/s`, () =>
				measure(`n8n's default expression engine (vm): webhook processor 1 and the workers restarted with it, ${CFG.engineLeads} leads at ${CFG.engineRate}/s`, async () => {
					await cluster.restart([webhooks[0], ...workers], { N8N_EXPRESSION_ENGINE: 'vm' });
					const roles = queueRoles();
					const cpu0 = groupCpu(Object.values(roles).flat());
					const harness0 = process.cpuUsage();
					const b = await createLeads(api, { count: CFG.engineLeads, rate: CFG.engineRate, prefix: 'Engine Lead' });
					await sandbox.waitForDeliveries(120_000);
					await waitForActivities(sandbox, DEMO.consumerId, b.leads.map((l) => l.id));
					await settleExecutions(leadFlow.id, 1000);
					const harness = process.cpuUsage(harness0);
					bench.cpuVm = {
						...cpuPerDelivery(roles, cpu0, groupCpu(Object.values(roles).flat()), CFG.engineLeads),
						'sandbox + test': (harness.user + harness.system) / 1e6 / CFG.engineLeads,
					};
					bench.engineSteady = { ...batchStats(sandbox, DEMO.consumerId, b.leads, deliveryUrl), offered: CFG.engineRate };
					const cpu = (x) => Object.entries(x).map(([k, v]) => `${k} ${(v * 1000).toFixed(0)} ms`).join(', ');
					return `${describe(bench.engineSteady)}; CPU per delivery with vm: ${cpu(bench.cpuVm)}; with ${CFG.engine}: ${bench.cpuLegacy ? cpu(bench.cpuLegacy) : '–'}`;
				}),
			);
		}

		if (activated) {
			await check("deactivating on the main deletes the webhook at the sandbox", async () => {
				await rest.deactivateWorkflow(leadFlow.id);
				let left = [];
				await waitFor('the webhook to be deleted', async () => {
					left = (await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()).data.filter((h) => h.delivery_url === deliveryUrl);
					return left.length === 0;
				}, { timeoutMs: 30_000 }).catch((err) => {
					throw new Error(`${err.message}; still registered: ${JSON.stringify(left)}`);
				});
			});
		}

		// ---- 8. regular mode on the same machine (measured) ----
		await cluster.stop();
		cluster = undefined;
		if (!CFG.skipRegular) {
			await phase('regular mode: n8n start on SQLite', () =>
				measure(`regular mode (one n8n start, SQLite): ${CFG.regularLeads} leads at ${CFG.rate}/s, then ${CFG.burst} as fast as possible`, async () => {
					const { env, port, logFile } = setup.regularSetup;
					const n8n = startN8n({ env, logFile, log, name: 'n8n start (regular)' });
					regular = n8n;
					const settings = await waitForN8n(n8n, { timeoutMs: 180_000 });
					const r = new N8nRest(n8n.baseUrl);
					await r.ensureOwner(DEFAULT_OWNER, settings);
					log('regular-mode n8n ready; activating the new-lead flow');
					const url = `http://127.0.0.1:${port}/${deliveryPath}`;
					await r.activateWorkflow(leadFlow.id);
					await waitFor('the regular-mode webhook registration', async () =>
						(await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()).data.some((h) => h.delivery_url === url && h.status === 'enabled'),
					);
					log(`regular mode: webhook registered; ${CFG.regularLeads} leads at ${CFG.rate}/s`);
					const cpu0 = groupCpu([n8n.pid]);
					const harness0 = process.cpuUsage();
					const steady = await createLeads(api, { count: CFG.regularLeads, rate: CFG.rate, prefix: 'Regular Lead' });
					await sandbox.waitForDeliveries(120_000);
					await waitForActivities(sandbox, DEMO.consumerId, steady.leads.map((l) => l.id));
					await sleep(1000);
					const harness = process.cpuUsage(harness0);
					bench.cpuRegular = {
						...cpuPerDelivery({ 'n8n start': [n8n.pid] }, cpu0, groupCpu([n8n.pid]), CFG.regularLeads),
						'sandbox + test': (harness.user + harness.system) / 1e6 / CFG.regularLeads,
					};
					bench.regularSteady = { ...batchStats(sandbox, DEMO.consumerId, steady.leads, url), offered: CFG.rate };
					log(`regular mode: ${CFG.burst} leads at once`);
					const burst = await createLeads(api, { count: CFG.burst, rate: 1000, prefix: 'Regular Burst' });
					await sandbox.waitForDeliveries(120_000);
					await waitForActivities(sandbox, DEMO.consumerId, burst.leads.map((l) => l.id));
					bench.regularBurst = batchStats(sandbox, DEMO.consumerId, burst.leads, url);
					log('regular mode: done; stopping n8n');
					await n8n.stop();
					regular = undefined;
					return `steady: ${describe(bench.regularSteady)}; saturated: ${describe(bench.regularBurst)}`;
				}),
			);
		}

		writeBenchTable(bench);
	} catch (err) {
		results.push({ name: 'set-up', ok: false, error: err });
		log(`FAIL set-up\n${String(err?.stack ?? err).replace(/^/gm, '    ')}`);
	} finally {
		await stopAll();
		killLiveGroups('SIGKILL');
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		const failed = results.filter((r) => !r.ok);
		const logs = path.join(runDir, 'logs');
		if (failed.length && fs.existsSync(logs)) {
			for (const f of fs.readdirSync(logs)) log(`last lines of ${f}:\n${tailFile(path.join(logs, f), 15).replace(/^/gm, '    ')}`);
		}
		if (failed.length || CFG.keep) log(`kept ${path.relative(REPO_ROOT, runDir)}/ (logs, user folders) for inspection`);
		else for (const dir of ['n8n-user', 'n8n-regular']) fs.rmSync(path.join(runDir, dir), { recursive: true, force: true });
		log('timings:');
		for (const t of timings) log(`  ${secs(t.ms).padStart(8)}  ${t.name}`);
		log(`total ${secs(Date.now() - t0)}`);
		const passed = results.filter((r) => r.ok).length;
		for (const m of incomplete) log(`incomplete measurement: ${m.name}: ${m.reason}`);
		process.stdout.write(`queue: ${passed} passed, ${failed.length} failed${incomplete.length ? `, ${incomplete.length} measurement(s) incomplete` : ''}\n`);
		process.exitCode = failed.length ? 1 : 0;
	}
}

function fmt(v, digits = 0) {
	return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–';
}

/** Prints the comparison and writes bench/results/queue.md. */
function writeBenchTable(b) {
	const lat = (x) => (x ? `${fmt(x.p50)} / ${fmt(x.p95)} ms` : '–');
	const row = (mode, procs, steady, burst) =>
		`| ${mode} | ${procs} | ${steady ? `${fmt(steady.offered)}/s × ${steady.n}` : '–'} | ${lat(steady)} | ` +
		`${burst ? `${fmt(burst.perSecond, 1)}/s` : '–'} | ${lat(burst)} | ${burst ? `${fmt(burst.answerP95)} ms` : '–'} | ` +
		`${burst ? `${burst.failed} of ${burst.attempts}` : '–'} |`;
	const lines = [
		`<!-- written by npm run test:queue (test/queue/run.mjs), ${new Date().toISOString()} -->`,
		`n8n 2.41.1, N8N_EXPRESSION_ENGINE=${CFG.engine || 'default'}, on this machine (${os.cpus().length} cores, ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, load average ${os.loadavg()[0].toFixed(1)} at the end: other jobs share it); the sandbox runs in the test process.`,
		'Latency: from the sandbox sending a delivery to the follow-up activity being created (its `created_at`).',
		`Steady: leads created through the API at a fixed rate. Saturated: ${CFG.burst} leads created at once;`,
		'deliveries/s = leads / (first delivery sent → last activity created). Failed: attempts answered non-2xx or not within 30 s (Apideck retries them).',
		'',
		'| mode | processes | steady: rate × leads | steady: p50 / p95 | saturated: deliveries/s | saturated: p50 / p95 | saturated: n8n answered, p95 | saturated: failed attempts |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
		row('regular', '1 × `n8n start`, SQLite', b.regularSteady, b.regularBurst),
		row('queue', `main + ${CFG.workers} × \`n8n worker\` + \`n8n webhook\`, Postgres 15, Redis 7`, b.queueSteady, b.queueBurst),
		'',
	];
	const cpuRows = [
		['queue', CFG.engine, b.cpuLegacy],
		['queue', 'vm (n8n default)', b.cpuVm],
		['regular', CFG.engine, b.cpuRegular],
	].filter(([, , c]) => c);
	if (cpuRows.length) {
		const ms = (v) => (typeof v === 'number' ? `${(v * 1000).toFixed(0)}` : '–');
		const cols = ['n8n start', 'webhook processor', 'workers (2)', 'main', 'Postgres', 'Redis', 'sandbox + test'];
		lines.push(
			`CPU time per delivery (ms, all processes of each role; steady batches: queue ${CFG.engine} ${b.queueSteady?.n ?? '–'} leads at ${CFG.rate}/s, ` +
				`queue vm ${b.engineSteady?.n ?? '–'} leads at ${CFG.engineRate}/s${b.engineSteady ? ` (p50 / p95 ${lat(b.engineSteady)})` : ''}, regular ${b.regularSteady?.n ?? '–'} leads at ${CFG.rate}/s):`,
			'',
			`| mode | expression engine | ${cols.join(' | ')} | n8n + Postgres + Redis |`,
			`| --- | --- | ${cols.map(() => '---').join(' | ')} | --- |`,
			...cpuRows.map(([mode, engine, c]) => {
				const total = Object.entries(c).filter(([k]) => k !== 'sandbox + test').reduce((sum, [, v]) => sum + v, 0);
				return `| ${mode} | ${engine} | ${cols.map((k) => ms(c[k])).join(' | ')} | ${ms(total)} |`;
			}),
			'',
		);
	}
	for (const m of incomplete) lines.push(`Not measured in this run: ${m.name} (${m.reason}).`);
	if (b.queueSteady?.queueWait) {
		lines.push(
			`Queue mode, the 1,000 leads, per execution (Postgres): created by the webhook processor → started by a worker p50 / p95 ${lat(b.queueSteady.queueWait)}; ` +
				`started → finished ${lat(b.queueSteady.run)}; n8n answered the delivery p50 / p95 ${fmt(b.queueSteady.answerP50)} / ${fmt(b.queueSteady.answerP95)} ms.`,
		);
	}
	if (b.redelivered) lines.push(`Redelivered ${b.redelivered.count} events one at a time with their original body, signature and idempotency key, half of them to the webhook processor that had not received them: ${b.redelivered.extraRuns} extra executions, ${b.redelivered.extraActivities} extra activities.`);
	if (b.sameProcessor || b.twoProcessors) {
		const c = (x) => (x ? `${x.events} events × 2 copies → ${x.runs} runs (${x.twice} events ran twice)` : '–');
		lines.push(`Same idempotency key twice at once: both copies to one webhook processor: ${c(b.sameProcessor)}; one copy to each of two webhook processors: ${c(b.twoProcessors)}.`);
	}
	if (b.staticKeys) lines.push(`Dedupe keys in the trigger's static data in Postgres after the 1,000 leads: ${b.staticKeys.kept} of the ${b.staticKeys.of} events' keys (${b.staticKeys.stored} stored); the static data is ${b.staticKeys.bytes} bytes, which n8n writes whole on every accepted delivery.`);
	if (b.perWorker) lines.push(`Executions per worker during the 1,000 leads: ${b.perWorker.join(' / ')}.`);
	if (b.returnAll) lines.push(`Return All on a worker: ${b.returnAll.items} contacts in ${b.returnAll.pages} pages, ${fmt(b.returnAll.ms / 1000, 1)} s from the webhook call to the finished execution.`);
	const text = lines.join('\n') + '\n';
	process.stdout.write(`\n${text}\n`);
	const out = path.join(REPO_ROOT, 'bench', 'results', 'queue.md');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, text);
	log(`wrote ${path.relative(REPO_ROOT, out)}`);
}

await main();
