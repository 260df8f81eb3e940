// Postgres and Redis for n8n's queue mode (`npm run test:queue`), from Debian's packages.
//
// Both run as plain processes on free ports, each in its own process group, with their data under
// `.cache/queue/` (ignored by git): a Postgres cluster (initdb once, a fresh database per run) and a Redis
// without persistence. When the binaries are missing they are installed with
// `apt-get install -y postgresql redis-server` (as root, or through passwordless sudo; where systemd runs,
// Debian's packages also start system-wide services, which these scripts neither need nor touch). As root,
// Postgres runs as the `postgres` user (it refuses to run as root); otherwise as the current user.
//
// Plain ESM, like the rest of scripts/: it runs on a fresh clone with nothing compiled.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

import { REPO_ROOT, n8nPaths } from './n8n-env.mjs';
import { freePort, runCommand, sleep, spawnGroup, tailFile } from './n8n-runtime.mjs';

export const QUEUE_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'queue');

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function which(cmd) {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Makes sure Postgres (initdb, postgres) and redis-server are installed; installs what is missing with apt.
 * Returns { pgBin, redisServer, installed: [packages], installMs }.
 */
export async function ensureQueueServices({ log = () => {} } = {}) {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!which('redis-server')) missing.push('redis-server');
	const started = Date.now();
	if (missing.length) {
		// as root, or through passwordless sudo (CI runners); otherwise say what to run
		const sudo = !isRoot() && spawnSync('sudo', ['-n', 'true']).status === 0;
		if (!isRoot() && !sudo) {
			throw new Error(`${missing.join(' and ')} missing: run \`sudo apt-get install -y ${missing.join(' ')}\` (this script installs them itself only as root or with passwordless sudo)`);
		}
		log(`installing ${missing.join(', ')} with apt-get (Debian packages)${sudo ? ' through sudo' : ''}`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const aptGet = (args) =>
			sudo
				? runCommand('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { env, timeoutMs: 600_000 })
				: runCommand('apt-get', args, { env, timeoutMs: 600_000 });
		let r = await aptGet(['install', '-y', '--no-install-recommends', ...missing]);
		if (r.code !== 0) {
			// a fresh container has no package lists yet
			log('apt-get install failed; apt-get update, then again');
			const u = await aptGet(['update']);
			if (u.code !== 0) throw new Error(`apt-get update failed:\n${u.stderr.slice(-2000)}`);
			r = await aptGet(['install', '-y', '--no-install-recommends', ...missing]);
		}
		if (r.code !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
	}
	const pgBin = postgresBinDir();
	const redisServer = which('redis-server');
	if (!pgBin || !redisServer) throw new Error(`after apt-get: postgres bin dir ${pgBin}, redis-server ${redisServer}`);
	return { pgBin, redisServer, installed: missing, installMs: missing.length ? Date.now() - started : 0 };
}

/** uid/gid of the `postgres` user when running as root (Postgres refuses to run as root). */
function postgresIds() {
	if (!isRoot()) return {};
	const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (uid.status !== 0) throw new Error('running as root, but there is no `postgres` user to run Postgres as (apt-get install postgresql creates it)');
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownRecursive(dir, uid, gid) {
	if (uid === undefined) return;
	fs.chownSync(dir, uid, gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) chownRecursive(p, uid, gid);
		else fs.chownSync(p, uid, gid);
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * A postmaster left running by an earlier, killed run of ours (its pid file in our data dir): stopped by
 * that pid, so a new one can use the directory.
 */
async function stopLeftoverPostmaster(dataDir, log) {
	const pidFile = path.join(dataDir, 'postmaster.pid');
	if (!fs.existsSync(pidFile)) return;
	const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
	if (!pid || !isAlive(pid)) return;
	let cmdline = '';
	try {
		cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
	} catch {}
	if (!cmdline.includes('postgres') || !cmdline.includes(dataDir)) return;
	log(`stopping a Postgres left running by an earlier run (pid ${pid})`);
	process.kill(pid, 'SIGINT'); // fast shutdown
	for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
	if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Resolves once `host:port` accepts TCP connections; rejects when `proc` exits or after `timeoutMs`. */
async function waitForPort(port, proc, what, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (proc.exitCode !== undefined) throw new Error(`${what} exited (${proc.exitCode}); log:\n${tailFile(proc.logFile, 30)}`);
		const open = await new Promise((resolve) => {
			const s = net.connect({ port, host: '127.0.0.1' });
			s.once('connect', () => {
				s.destroy();
				resolve(true);
			});
			s.once('error', () => resolve(false));
		});
		if (open) return;
		await sleep(100);
	}
	throw new Error(`${what} did not listen on ${port} within ${timeoutMs / 1000} s; log:\n${tailFile(proc.logFile, 30)}`);
}

/** `pg` as installed with n8n (pure JavaScript, so it also loads under this Node). */
export function loadPg() {
	const req = createRequire(path.join(n8nPaths().appDir, 'package.json'));
	return req('pg');
}

/**
 * Starts Postgres on a free port with its cluster in `dataDir` (initdb the first time: trust auth on
 * 127.0.0.1 only, superuser `n8n`). Returns { port, user, host, stop(), query(db, sql, params), ... }.
 * The postmaster leads the process group; its backends and helpers start sessions of their own, so
 * `stop()` asks the postmaster for a fast shutdown (SIGINT), which ends them; should the postmaster be
 * killed instead, they notice its death and exit by themselves.
 */
export async function startPostgres({ pgBin, dataDir = path.join(QUEUE_CACHE_DIR, 'postgres'), log = () => {} }) {
	const ids = postgresIds();
	const user = 'n8n';
	// parents readable by the postgres user, the cluster itself private to it
	fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
	fs.chmodSync(path.dirname(dataDir), 0o755);
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	await stopLeftoverPostmaster(dataDir, log);
	if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
		fs.rmSync(dataDir, { recursive: true, force: true });
		fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		chownRecursive(dataDir, ids.uid, ids.gid);
		const started = Date.now();
		const r = spawnSync(
			path.join(pgBin, 'initdb'),
			['-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'],
			{ encoding: 'utf8', ...ids },
		);
		if (r.status !== 0) throw new Error(`initdb failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
		log(`initdb ${path.relative(REPO_ROOT, dataDir)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	} else {
		chownRecursive(dataDir, ids.uid, ids.gid);
	}
	const port = await freePort();
	// (the log is opened by this process and handed over as stdout/stderr, so its owner does not matter)
	const logFile = path.join(path.dirname(dataDir), 'postgres.log');
	const proc = spawnGroup(
		path.join(pgBin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'unix_socket_directories=',
			'-c', 'max_connections=200',
		],
		{ logFile, name: 'postgres', ...ids },
	);
	await waitForPort(port, proc, 'postgres');
	const pg = loadPg();
	const connect = async (database = 'postgres') => {
		const client = new pg.Client({ host: '127.0.0.1', port, user, database });
		await client.connect();
		return client;
	};
	// the port accepts connections a moment before the server accepts logins
	for (let i = 0; ; i++) {
		try {
			const c = await connect();
			await c.end();
			break;
		} catch (err) {
			if (i > 100 || proc.exitCode !== undefined) throw new Error(`postgres does not accept logins: ${err.message}\n${tailFile(logFile, 20)}`);
			await sleep(100);
		}
	}
	log(`postgres (pid ${proc.pid}) on 127.0.0.1:${port}, data ${path.relative(REPO_ROOT, dataDir)}, log ${path.relative(REPO_ROOT, logFile)}`);
	const stopGroup = proc.stop;
	return Object.assign(proc, {
		host: '127.0.0.1',
		port,
		user,
		connect,
		/** Drops (if present) and creates `name`. */
		async recreateDatabase(name) {
			const c = await connect();
			try {
				await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
				await c.query(`CREATE DATABASE "${name}"`);
			} finally {
				await c.end();
			}
		},
		/** One query on a short-lived connection; resolves the rows. */
		async query(database, sql, params) {
			const c = await connect(database);
			try {
				return (await c.query(sql, params)).rows;
			} finally {
				await c.end();
			}
		},
		// fast shutdown: SIGINT to the postmaster (SIGTERM waits for the clients to leave)
		stop: (timeoutMs = 15_000) => stopGroup(timeoutMs, 'SIGINT'),
	});
}

/** Sends `PING` and resolves the first line of the answer. */
function redisPing(port) {
	return new Promise((resolve, reject) => {
		const s = net.connect({ port, host: '127.0.0.1' });
		let data = '';
		s.setTimeout(2000, () => s.destroy(new Error('timeout')));
		s.once('connect', () => s.write('PING\r\n'));
		s.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) {
				s.end();
				resolve(data.split('\r\n')[0]);
			}
		});
		s.once('error', reject);
	});
}

/** Starts redis-server on a free port (no persistence; working dir `dir`). Returns { port, stop(), ... }. */
export async function startRedis({ redisServer, dir = path.join(QUEUE_CACHE_DIR, 'redis'), log = () => {} }) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(path.dirname(dir), 'redis.log');
	const proc = spawnGroup(
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
		{ logFile, name: 'redis-server' },
	);
	await waitForPort(port, proc, 'redis-server');
	for (let i = 0; ; i++) {
		const pong = await redisPing(port).catch((e) => e.message);
		if (pong === '+PONG') break;
		if (i > 50 || proc.exitCode !== undefined) throw new Error(`redis-server does not answer PING (${pong})\n${tailFile(logFile, 20)}`);
		await sleep(100);
	}
	log(`redis-server (pid ${proc.pid}) on 127.0.0.1:${port}, log ${path.relative(REPO_ROOT, logFile)}`);
	return Object.assign(proc, { host: '127.0.0.1', port });
}

/** n8n's settings for queue mode against these services (merged into n8nEnv's `extra`). */
export function queueModeEnv({ postgres, redis, database }) {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}
