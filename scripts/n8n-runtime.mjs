// Start-up code shared by `npm start` (scripts/start.mjs) and `npm run test:e2e` (test/e2e/run.mjs):
// the sandbox, packing and installing this package into n8n's user folder the way n8n installs community
// packages, the n8n CLI (import:credentials / import:workflow / execute), `n8n start` in its own process
// group, readiness, owner set-up and a small REST client.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import { REPO_ROOT, ensureN8n, n8nEnv, n8nPaths } from './n8n-env.mjs';

const require = createRequire(import.meta.url);

export const PACKAGE_NAME = 'n8n-nodes-apideck-crm';
export const CREDENTIAL_TYPE = 'apideckCrmApi';
export const ACTION_TYPE = `${PACKAGE_NAME}.apideckCrm`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.apideckCrmTrigger`;
export const POLLING_TRIGGER_TYPE = `${PACKAGE_NAME}.apideckCrmPollingTrigger`;
export const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Apideck-n8n-1',
});

export function logger(prefix) {
	return (message) => process.stdout.write(`[${prefix}] ${message}\n`);
}

/**
 * The real-n8n runners' checks (test/e2e, test/ui, test/queue): named checks, counted and logged as
 * PASS/FAIL/SKIP. `check` resolves to whether the check passed, so that a failed check can stop the checks
 * that depend on it; `onFail` runs after a failure is logged (the UI runner takes a screenshot there).
 */
export function checkRunner(log, { onFail = async () => {} } = {}) {
	const results = [];
	const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
	async function check(name, fn) {
		const started = Date.now();
		try {
			const detail = await fn();
			results.push({ name, ok: true });
			log(`PASS ${name} (${secs(Date.now() - started)})${detail ? ` - ${detail}` : ''}`);
			return true;
		} catch (err) {
			results.push({ name, ok: false, error: err });
			log(`FAIL ${name} (${secs(Date.now() - started)})\n${String(err?.stack ?? err).replace(/^/gm, '    ')}`);
			await onFail(results.length).catch(() => {});
			return false;
		}
	}
	function skip(name, why) {
		results.push({ name, ok: false, skipped: true });
		log(`SKIP ${name} - ${why}`);
	}
	return { results, check, skip };
}

export function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Throws `message` when `cond` is falsy: the checks' own assertion. */
export function assert(cond, message) {
	if (!cond) throw new Error(message);
}

/** Polls `fn` every `intervalMs` until it returns something truthy, which it returns; throws after `timeoutMs`. */
export async function waitFor(what, fn, { timeoutMs = 60_000, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await fn();
		if (value) return value;
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}`);
}

export function sha256(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

/** Whether something already listens on host:port. */
/**
 * What the webhook trigger keeps in static data for a delivery key (nodes/ApideckCrmTrigger/dedupe.ts): the
 * first 11 characters of the base64url SHA-256 of the key (cut to 200 characters), packed into one string.
 * Computed here independently, so the e2e and queue runs do not check the trigger against its own code.
 */
export function deliveryFingerprint(key) {
	return crypto.createHash('sha256').update(String(key).slice(0, 200)).digest('base64url').slice(0, 11);
}

/** Every delivery fingerprint in a workflow's static data (an object or its JSON), wherever n8n nests it. */
export function fingerprintsIn(staticData) {
	const prints = new Set();
	const walk = (v) => {
		if (!v || typeof v !== 'object') return;
		if (typeof v.deliveryFingerprints === 'string') for (const k of v.deliveryFingerprints.match(/.{11}/g) ?? []) prints.add(k);
		for (const child of Object.values(v)) walk(child);
	};
	walk(typeof staticData === 'string' ? JSON.parse(staticData) : staticData);
	return prints;
}

export function portInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Ports freePort() handed out in this process: the OS may offer a closed one again before its user binds it. */
const handedOut = new Set();

/** An ephemeral free port on 127.0.0.1, never one this process was already given. */
export async function freePort() {
	for (let tries = 0; ; tries++) {
		const port = await new Promise((resolve, reject) => {
			const srv = net.createServer();
			srv.once('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const { port: p } = srv.address();
				srv.close(() => resolve(p));
			});
		});
		if (!handedOut.has(port) || tries >= 50) {
			handedOut.add(port);
			return port;
		}
	}
}

/** Process groups this process started and that are still running (pid of each group leader). */
const liveGroups = new Set();

/** Kills every process group started through this module that is still alive (last-resort cleanup). */
export function killLiveGroups(signal = 'SIGKILL') {
	for (const pid of liveGroups) {
		try {
			process.kill(-pid, signal);
		} catch {}
	}
}
process.on('exit', () => killLiveGroups('SIGKILL'));

function track(child) {
	if (!child.pid) return;
	liveGroups.add(child.pid);
	child.on('exit', () => liveGroups.delete(child.pid));
}

/** Runs a command to completion; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
export function runCommand(cmd, args, { cwd = REPO_ROOT, env = process.env, timeoutMs = 300_000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		track(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
			stderr += `\n[timed out after ${timeoutMs} ms]`;
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

// ---------------------------------------------------------------------------------------------------------
// The sandbox (sandbox/index.ts compiled into .cache/tools/ by tsconfig.tools.json)

let sandboxModule;

/**
 * Loads the compiled sandbox module, compiling the tools project first when it is stale. Once per process:
 * `require` would hand back the module it loaded first anyway, and compiling again mid-run (a source saved
 * meanwhile) blocks the event loop for seconds (spawnSync), long enough for a kept-alive connection to n8n
 * to go stale and the next fetch to fail.
 */
export function loadSandboxModule() {
	if (sandboxModule) return sandboxModule;
	const { ensureCompiled } = require('./run-ts.js');
	const file = ensureCompiled('sandbox/index.ts');
	sandboxModule = require(file);
	return sandboxModule;
}

/**
 * fetch() against the sandbox's CRM API as the demo consumer would call Apideck: its API key, application and
 * consumer headers, JSON. `sandboxFetch(sandbox, DEMO)('/crm/leads', { method: 'POST', body })`.
 */
export function sandboxFetch(sandbox, DEMO) {
	return (p, init = {}) =>
		fetch(`${sandbox.url}${p}`, {
			...init,
			headers: {
				authorization: `Bearer ${DEMO.apiKey}`,
				'x-apideck-app-id': DEMO.appId,
				'x-apideck-consumer-id': DEMO.consumerId,
				'content-type': 'application/json',
				...(init.headers ?? {}),
			},
		});
}

export async function startSandbox({ port = 4010, log = () => {}, ...opts } = {}) {
	const mod = loadSandboxModule();
	const sandbox = await mod.startSandbox({ port, ...opts });
	log(`sandbox listening on ${sandbox.url}`);
	return { sandbox, DEMO: mod.DEMO };
}

/**
 * POSTs a webhook delivery to `url` as Apideck (re)sends it: the same body bytes (canonical JSON), event
 * type, idempotency key and signature. `delivery` is one of `sandbox.deliveries` or made by signedDelivery.
 * Resolves { status, body }.
 */
export async function replayDelivery(delivery, url = delivery.url) {
	const { canonicalJson } = loadSandboxModule();
	const res = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-apideck-event-type': delivery.headers['x-apideck-event-type'],
			'x-apideck-idempotency-key': delivery.headers['x-apideck-idempotency-key'],
			'x-apideck-signature': delivery.headers['x-apideck-signature'],
		},
		body: canonicalJson(delivery.body),
	});
	return { status: res.status, body: await res.text() };
}

/**
 * A signed delivery of a CRM event the sandbox did not send itself (e.g. for a record added with the admin
 * seed), with a fresh idempotency key unless `key` is given: { body, headers }, ready for replayDelivery.
 */
export function signedDelivery({ sandboxUrl, apiKey, consumerId, entityId, entity = 'lead', action = 'created', serviceId = 'hubspot', key, eventId }) {
	const { signPayload } = loadSandboxModule();
	const stamp = `${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
	const eventType = `crm.${entity}.${action}`;
	const collection = entity === 'company' ? 'companies' : entity === 'opportunity' ? 'opportunities' : entity === 'activity' ? 'activities' : `${entity}s`;
	const body = {
		payload: {
			consumer_id: consumerId,
			entity_id: entityId,
			entity_type: entity,
			entity_url: `${sandboxUrl}/crm/${collection}/${encodeURIComponent(entityId)}`,
			event_id: eventId ?? `evt-${stamp}`,
			event_type: eventType,
			execution_attempt: 1,
			occurred_at: new Date().toISOString(),
			service_id: serviceId,
			unified_api: 'crm',
		},
	};
	const headers = {
		'x-apideck-event-type': eventType,
		'x-apideck-idempotency-key': key ?? `idem-${stamp}`,
		'x-apideck-signature': signPayload(body, apiKey, 'hex'),
	};
	return { body, headers };
}

// ---------------------------------------------------------------------------------------------------------
// Packing and installing this package into n8n's user folder

/** `npm pack` of the repository (expects `npm run build` to have produced dist/). */
export async function packPackage({ destDir, log = () => {} } = {}) {
	const entry = path.join(REPO_ROOT, 'dist', 'nodes', 'ApideckCrm', 'ApideckCrm.node.js');
	if (!fs.existsSync(entry)) throw new Error(`dist/ is missing (${path.relative(REPO_ROOT, entry)}): run \`npm run build\` first`);
	const dir = destDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'apideck-crm-pack-'));
	fs.mkdirSync(dir, { recursive: true });
	const r = await runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO_ROOT });
	if (r.code !== 0) throw new Error(`npm pack failed (${r.code}):\n${r.stderr}`);
	const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
	const tgz = path.join(dir, info.filename);
	// npm's shasum covers the tarball bytes, which carry timestamps: hash the packed files' contents instead.
	const shasum = sha256(
		JSON.stringify(info.files.map((f) => [f.path, sha256(fs.readFileSync(path.join(REPO_ROOT, f.path)))])),
	);
	log(`packed ${info.filename} (${info.entryCount} files, ${(info.size / 1024).toFixed(0)} kB)`);
	return { tgz, shasum, version: info.version, files: info.files.map((f) => f.path) };
}

/**
 * Installs the tarball the way n8n's community packages service does (CommunityPackagesService.downloadPackage):
 * extract into `<userFolder>/.n8n/nodes/node_modules/<name>`, drop dev/peer/optional dependencies from its
 * package.json, `npm install` its own dependencies with scripts off, and record it in `nodes/package.json`.
 * Skips the work when the same contents are already installed.
 */
export async function installPackage({ userFolder, tgz, shasum, version, log = () => {} }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const stamp = path.join(nodesDir, `.${PACKAGE_NAME}.installed`);
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === shasum && fs.existsSync(path.join(pkgDir, 'package.json'))) {
		log(`${PACKAGE_NAME}@${version} already installed in n8n (unchanged)`);
		return { installed: false, pkgDir };
	}
	fs.mkdirSync(nodesDir, { recursive: true });
	const ledger = path.join(nodesDir, 'package.json');
	let ledgerJson = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		const existing = JSON.parse(fs.readFileSync(ledger, 'utf8'));
		if (existing && typeof existing.dependencies === 'object') ledgerJson = existing;
	} catch {}

	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	const tar = await runCommand('tar', ['-xzf', tgz, '-C', pkgDir, '--strip-components=1']);
	if (tar.code !== 0) throw new Error(`tar -xzf ${tgz} failed:\n${tar.stderr}`);
	const pjPath = path.join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(fs.readFileSync(pjPath, 'utf8'));
	fs.writeFileSync(pjPath, JSON.stringify(pj, null, 2));
	const npm = await runCommand(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: pkgDir },
	);
	if (npm.code !== 0) throw new Error(`npm install in ${pkgDir} failed:\n${npm.stderr}`);
	ledgerJson.dependencies[PACKAGE_NAME] = pj.version;
	fs.writeFileSync(ledger, JSON.stringify(ledgerJson, null, 2));
	fs.writeFileSync(stamp, `${shasum}\n`);
	const shown = path.relative(REPO_ROOT, nodesDir);
	log(`installed ${PACKAGE_NAME}@${pj.version} into ${shown.startsWith('..') ? nodesDir : shown}/node_modules`);
	return { installed: true, pkgDir };
}

/**
 * The rows n8n's own installer writes for an installed community package (InstalledPackagesRepository
 * .persistPackageWithNodes, n8n 2.41.1): one `installed_packages` row (name, version, author) and one
 * `installed_nodes` row per node of the package (display name, `<package>.<node>` type, latest version).
 * Settings → Community nodes lists what these tables hold; the node files themselves load from
 * `nodes/node_modules` whether or not the rows exist.
 */
export function communityPackageRecord(pkgDir = REPO_ROOT) {
	const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	const nodes = (pj.n8n?.nodes ?? []).map((rel) => {
		// the built node files are the same as the packed ones; require them from the repository, where
		// their peer dependency n8n-workflow resolves
		const mod = require(path.join(REPO_ROOT, rel));
		const NodeClass = Object.values(mod).find((v) => typeof v === 'function');
		const { description } = new NodeClass();
		const version = Array.isArray(description.version) ? Math.max(...description.version) : description.version;
		return { name: description.displayName, type: `${pj.name}.${description.name}`, latestVersion: version };
	});
	return { packageName: pj.name, installedVersion: pj.version, authorName: pj.author?.name ?? null, authorEmail: pj.author?.email ?? null, nodes };
}

// Runs under Node 24 with n8n's own sqlite3 module: replaces the package's rows in one transaction.
const RECORD_SCRIPT = `
const [sqlitePath, dbFile, json] = process.argv.slice(1);
const sqlite3 = require(sqlitePath);
const rec = JSON.parse(json);
const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READWRITE, (err) => { if (err) { console.error(err.message); process.exit(2); } });
const now = "STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')";
const steps = [
	['BEGIN'],
	['DELETE FROM installed_nodes WHERE package = ?', [rec.packageName]],
	['DELETE FROM installed_packages WHERE packageName = ?', [rec.packageName]],
	['INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ' + now + ', ' + now + ')',
		[rec.packageName, rec.installedVersion, rec.authorName, rec.authorEmail]],
	...rec.nodes.map((n) => ['INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [n.name, n.type, n.latestVersion, rec.packageName]]),
	['COMMIT'],
];
(function next(i) {
	if (i === steps.length) return db.close();
	db.run(steps[i][0], steps[i][1] ?? [], (err) => {
		if (err) { console.error(err.message); db.run('ROLLBACK', () => db.close(() => process.exit(/no such table/.test(err.message) ? 3 : 1))); return; }
		next(i + 1);
	});
})(0);
`;

/**
 * Records the installed package in n8n's database as n8n's community-package installer does, so
 * Settings → Community nodes lists it (and offers Update / Uninstall). Needs the database n8n creates on its
 * first CLI command or start (`import:credentials` here); returns false, saying why, when it does not exist yet.
 */
export async function recordCommunityPackage({ userFolder, pkgDir, log = () => {} }) {
	const dbFile = path.join(userFolder, '.n8n', 'database.sqlite');
	if (!fs.existsSync(dbFile)) {
		log(`n8n has no database yet (${dbFile}): the package is not listed under Settings → Community nodes until the next start`);
		return false;
	}
	const rec = communityPackageRecord(pkgDir);
	const { nodeBin, appDir } = n8nPaths();
	const sqlitePath = path.join(appDir, 'node_modules', 'sqlite3');
	const r = await runCommand(nodeBin, ['-e', RECORD_SCRIPT, sqlitePath, dbFile, JSON.stringify(rec)], { timeoutMs: 60_000 });
	if (r.code === 3) {
		log(`n8n's database has no community-package tables yet: ${r.stderr.trim()}`);
		return false;
	}
	if (r.code !== 0) throw new Error(`recording ${rec.packageName} in n8n's database failed (${r.code}):\n${r.stderr}`);
	log(`recorded ${rec.packageName}@${rec.installedVersion} (${rec.nodes.map((n) => n.name).join(', ')}) as an installed community package`);
	return true;
}

// ---------------------------------------------------------------------------------------------------------
// The n8n CLI

/** Runs `n8n <args>` with Node 24 and the offline environment `env` (from n8nEnv). */
export async function n8nCli(args, { env, timeoutMs = 180_000 } = {}) {
	const { nodeBin, n8nBin } = n8nPaths();
	const started = Date.now();
	const r = await runCommand(nodeBin, [n8nBin, ...args], { env, timeoutMs });
	return { ...r, ms: Date.now() - started };
}

async function n8nCliOrThrow(args, opts) {
	const r = await n8nCli(args, opts);
	// n8n's import commands log errors but still exit 0: look at the output too.
	const failed = r.code !== 0 || /An error occurred|Error: /.test(r.stdout + r.stderr);
	if (failed) throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	return r;
}

/** `n8n import:credentials` of decrypted credentials (n8n encrypts `data` objects on import; upserts by id). */
export async function importCredentials(credentials, { env, log = () => {} }) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-cred-')), 'credentials.json');
	try {
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		const r = await n8nCliOrThrow(['import:credentials', `--input=${file}`], { env });
		log(`imported ${credentials.length} credential(s): ${credentials.map((c) => `"${c.name}"`).join(', ')} (${(r.ms / 1000).toFixed(1)} s)`);
		return r;
	} finally {
		fs.rmSync(path.dirname(file), { recursive: true, force: true });
	}
}

/** `n8n import:workflow` (upserts by id; imported workflows are inactive). */
export async function importWorkflows(workflows, { env, log = () => {} }) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-wf-')), 'workflows.json');
	try {
		fs.writeFileSync(file, JSON.stringify(workflows));
		const r = await n8nCliOrThrow(['import:workflow', `--input=${file}`], { env });
		log(`imported ${workflows.length} workflow(s): ${workflows.map((w) => `"${w.name}"`).join(', ')} (${(r.ms / 1000).toFixed(1)} s)`);
		return r;
	} finally {
		fs.rmSync(path.dirname(file), { recursive: true, force: true });
	}
}

/** A stable n8n-style id (16 alphanumerics) derived from a string. */
export function stableId(seed) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.createHash('sha256').update(seed).digest();
	let id = '';
	for (let i = 0; i < 16; i++) id += alphabet[bytes[i] % alphabet.length];
	return id;
}

/**
 * Points every Apideck CRM node of `workflow` at the credential `{ id, name }` and gives the workflow
 * (and nodes without one) a stable id, so re-imports update instead of duplicating.
 */
export function prepareWorkflow(workflow, { credential, idSeed }) {
	const wf = structuredClone(workflow);
	wf.id ??= stableId(idSeed ?? wf.name ?? JSON.stringify(wf.nodes));
	wf.active = false;
	for (const node of wf.nodes ?? []) {
		node.id ??= crypto.randomUUID();
		if (typeof node.type === 'string' && node.type.startsWith(`${PACKAGE_NAME}.`)) {
			node.credentials = { ...(node.credentials ?? {}), [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
		}
		if (node.type?.endsWith('Trigger') && node.type.startsWith(`${PACKAGE_NAME}.`)) node.webhookId ??= crypto.randomUUID();
	}
	return wf;
}

/** The example workflows in examples/*.json, each as { file, workflow }. Invalid files are reported and skipped. */
export function readExampleWorkflows({ log = () => {} } = {}) {
	const dir = path.join(REPO_ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	const out = [];
	for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		try {
			const json = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
			for (const [i, wf] of (Array.isArray(json) ? json : [json]).entries()) {
				if (!wf || !Array.isArray(wf.nodes) || typeof wf.connections !== 'object') throw new Error('not an n8n workflow (nodes/connections missing)');
				out.push({ file: name, index: i, workflow: wf });
			}
		} catch (err) {
			log(`skipping examples/${name}: ${err.message}`);
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------
// `n8n start`

/**
 * Starts `cmd args` in its own process group (so it and everything it spawns can be stopped together, by
 * the group's id), its output appended to `logFile`. `uid`/`gid` run it as another user (root only).
 * Returns { child, pid, logFile, exited (promise of the exit code or signal), exitCode, stop(timeoutMs, signal) }.
 */
export function spawnGroup(cmd, args, { env = process.env, cwd, logFile, name = path.basename(cmd), uid, gid } = {}) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const fd = fs.openSync(logFile, 'a');
	fs.writeSync(fd, `\n===== ${name} ${new Date().toISOString()} =====\n`);
	const child = spawn(cmd, args, {
		env,
		cwd,
		stdio: ['ignore', fd, fd],
		detached: true,
		...(uid !== undefined ? { uid, gid } : {}),
	});
	fs.closeSync(fd);
	track(child);
	let exitCode;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code ?? signal;
			resolve(exitCode);
		});
	});
	return {
		child,
		pid: child.pid,
		name,
		logFile,
		exited,
		get exitCode() {
			return exitCode;
		},
		stop: (timeoutMs = 15_000, signal = 'SIGTERM') => stopProcessGroup(child, exited, timeoutMs, signal),
	};
}

/**
 * Starts an n8n process in its own process group, its output appended to `logFile`: `n8n start` (the
 * main instance, the default), `n8n worker` or `n8n webhook` (queue mode), with extra CLI `args`.
 * Returns spawnGroup's handle plus `baseUrl` (the process's HTTP port from `env`), `env`, `command`, `args`.
 */
export function startN8n({ env, logFile, log = () => {}, command = 'start', args = [], name }) {
	const { nodeBin, n8nBin } = n8nPaths();
	const proc = spawnGroup(nodeBin, [n8nBin, command, ...args], { env, logFile, name: name ?? `n8n ${command}` });
	// a worker serves only its health endpoint, on QUEUE_HEALTH_CHECK_PORT
	const port = command === 'worker' ? env.QUEUE_HEALTH_CHECK_PORT : env.N8N_PORT;
	proc.baseUrl = `http://${env.N8N_LISTEN_ADDRESS ?? '127.0.0.1'}:${port}`;
	Object.assign(proc, { env, command, args });
	log(`${proc.name} (pid ${proc.pid}), log: ${logFile}`);
	return proc;
}

/**
 * Restarts an n8n process started with startN8n as an operator would: SIGTERM to its process group (n8n
 * shuts down gracefully; SIGKILL after `stopTimeoutMs`), then the same command, arguments and environment
 * (so the same user folder and database), its output appended to the same log. Waits until the new process
 * is ready (waitForN8n; `settings: false` for workers and webhook processors). Resolves { n8n (the new
 * handle), settings, stoppedMs, readyMs, startedAt (epoch ms just before the new process was spawned) }.
 */
export async function restartN8n(proc, { log = () => {}, stopTimeoutMs = 30_000, readyTimeoutMs = 120_000, settings = proc.command === 'start' } = {}) {
	const t0 = Date.now();
	const oldPid = proc.pid;
	await proc.stop(stopTimeoutMs);
	const stoppedMs = Date.now() - t0;
	const startedAt = Date.now();
	const next = startN8n({ env: proc.env, logFile: proc.logFile, command: proc.command, args: proc.args, name: proc.name });
	const ready = await waitForN8n(next, { timeoutMs: readyTimeoutMs, settings });
	const readyMs = Date.now() - startedAt;
	log(`${next.name} restarted: pid ${oldPid} stopped in ${(stoppedMs / 1000).toFixed(1)} s, pid ${next.pid} ready in ${(readyMs / 1000).toFixed(1)} s`);
	return { n8n: next, settings: ready, stoppedMs, readyMs, startedAt };
}

/** `signal` (SIGTERM) to the process group, SIGKILL after `timeoutMs`; resolves when the leader has exited. */
export async function stopProcessGroup(child, exited, timeoutMs = 15_000, firstSignal = 'SIGTERM') {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const signal = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			try {
				child.kill(sig);
			} catch {}
		}
	};
	signal(firstSignal);
	const timer = setTimeout(() => signal('SIGKILL'), timeoutMs);
	await exited;
	clearTimeout(timer);
	// Anything the leader left behind in its group goes too.
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {}
}

export function tailFile(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/**
 * Resolves when n8n answers /healthz/readiness and (for a main instance, `settings: true`) /rest/settings,
 * with the settings; rejects if it exits or times out. Workers and webhook processors have no REST API.
 */
export async function waitForN8n(n8n, { timeoutMs = 120_000, settings: wantSettings = true } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (n8n.exitCode !== undefined) {
			throw new Error(`${n8n.name ?? 'n8n'} exited (${n8n.exitCode}) before it was ready; last log lines:\n${tailFile(n8n.logFile)}`);
		}
		try {
			const ready = await fetch(`${n8n.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (ready.ok && !wantSettings) return undefined;
			if (ready.ok) {
				const settings = await fetch(`${n8n.baseUrl}/rest/settings`, { signal: AbortSignal.timeout(5000) });
				if (settings.ok) return (await settings.json()).data;
			}
		} catch {}
		await sleep(500);
	}
	throw new Error(`${n8n.name ?? 'n8n'} was not ready after ${timeoutMs / 1000} s; last log lines:\n${tailFile(n8n.logFile)}`);
}

// ---------------------------------------------------------------------------------------------------------
// REST

export class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.browserId = crypto.randomUUID();
	}

	async request(method, urlPath, body, { expect = [200], raw = false } = {}) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
				'browser-id': this.browserId,
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(30_000),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		for (const c of setCookie) {
			const pair = c.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		if (raw) return res;
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!expect.includes(res.status)) {
			throw new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	get(p, opts) {
		return this.request('GET', p, undefined, opts);
	}

	post(p, body = {}, opts) {
		return this.request('POST', p, body, opts);
	}

	patch(p, body = {}, opts) {
		return this.request('PATCH', p, body, opts);
	}

	/** Sets up the owner on a fresh instance, or logs in as it. Returns 'created' | 'existing'. */
	async ensureOwner(owner = DEFAULT_OWNER, settings) {
		const s = settings ?? (await this.get('/rest/settings'));
		if (s?.userManagement?.showSetupOnFirstLoad) {
			await this.post('/rest/owner/setup', owner);
			return 'created';
		}
		await this.post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		return 'existing';
	}

	/** Activates (publishes) a workflow: 2.x wants the version to activate. */
	async activateWorkflow(id) {
		const wf = await this.get(`/rest/workflows/${id}`);
		return this.post(`/rest/workflows/${id}/activate`, { versionId: wf.versionId });
	}

	async deactivateWorkflow(id) {
		return this.post(`/rest/workflows/${id}/deactivate`, {});
	}

	/**
	 * Creates credentials and workflows through the REST API, as the editor does (faster than a CLI import,
	 * which boots n8n each time). Credentials get new ids from n8n: the workflows' references to them (by the
	 * ids given in `credentials`) are pointed at those. Workflows keep their ids. Returns { credentialIds }.
	 */
	async createAll({ credentials = [], workflows = [] }) {
		const credentialIds = {};
		for (const { id, name, type, data } of credentials) {
			const created = await this.post('/rest/credentials', { name, type, data });
			credentialIds[id] = created.id;
		}
		for (const workflow of workflows) {
			const wf = structuredClone(workflow);
			for (const node of wf.nodes ?? []) {
				for (const ref of Object.values(node.credentials ?? {})) if (credentialIds[ref.id]) ref.id = credentialIds[ref.id];
			}
			const { id, name, nodes, connections, settings } = wf;
			await this.post('/rest/workflows', { id, name, nodes, connections, settings: settings ?? {} });
		}
		return { credentialIds };
	}

	/** Active workflows (id, name) that contain a node of type `nodeType`. */
	async activeWorkflowsWith(nodeType) {
		const list = (await this.get('/rest/workflows')) ?? [];
		const out = [];
		for (const w of Array.isArray(list) ? list : []) {
			if (!w.active) continue;
			const full = await this.get(`/rest/workflows/${w.id}`);
			if ((full.nodes ?? []).some((n) => n.type === nodeType && !n.disabled)) out.push({ id: w.id, name: w.name });
		}
		return out;
	}

	/** Executions of a workflow, newest first. */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.get(`/rest/executions?filter=${filter}&limit=50`);
		return data?.results ?? data ?? [];
	}

	/**
	 * One execution with its run data: n8n sends `data` as flatted text (circular references allowed), parsed
	 * here with n8n's own copy of `flatted`. `runData[nodeName][0].data.main[0]` holds a node's output items.
	 */
	async execution(id) {
		const execution = await this.get(`/rest/executions/${id}`);
		if (execution && typeof execution.data === 'string') {
			const flatted = createRequire(path.join(n8nPaths().appDir, 'node_modules', 'n8n', 'package.json'))('flatted');
			execution.data = flatted.parse(execution.data);
		}
		return execution;
	}
}

// ---------------------------------------------------------------------------------------------------------
// One call that prepares a user folder: n8n installed, package packed and installed, credentials and
// workflows imported. Used by both start.mjs and the e2e run.

export async function prepareN8n({
	userFolder,
	port,
	log = () => {},
	credentials = [],
	workflows = [],
	packDir,
}) {
	const install = await ensureN8n({ log });
	const env = n8nEnv({ userFolder, port });
	fs.mkdirSync(userFolder, { recursive: true });
	const packed = await packPackage({ destDir: packDir, log });
	const installedPkg = await installPackage({ userFolder, ...packed, log });
	if (credentials.length) await importCredentials(credentials, { env, log });
	if (workflows.length) await importWorkflows(workflows, { env, log });
	await recordCommunityPackage({ userFolder, pkgDir: installedPkg.pkgDir, log });
	return { env, install, packed, installedPkg };
}
