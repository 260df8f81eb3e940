// n8n in queue mode for `npm run test:queue`: Postgres and Redis (scripts/queue-services.mjs), one user
// folder with this package installed (as test/e2e does), a main (`n8n start`), `workers` × `n8n worker`
// and `webhookProcessors` × `n8n webhook`, all with one encryption key; credentials and workflows are
// created on the main through its REST API. Every process runs in its own process group; `stop()` ends
// them by those ids (the n8n processes in parallel, then Redis and Postgres).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { ensureN8n, n8nEnv } from '../../scripts/n8n-env.mjs';
import {
	DEFAULT_OWNER,
	N8nRest,
	freePort,
	installPackage,
	packPackage,
	startN8n,
	waitForN8n,
} from '../../scripts/n8n-runtime.mjs';
import { ensureQueueServices, queueModeEnv, startPostgres, startRedis } from '../../scripts/queue-services.mjs';

/**
 * Starts the whole queue-mode set-up. Returns { postgres, redis, database, userFolder, packed, logs, main,
 * rest (logged-in REST client of the main), workers, webhooks, webhookUrl (what triggers register: webhook
 * processor 1), sql(text, params), stop() }. On failure, whatever was started is stopped before the error
 * is thrown.
 */
export async function startQueueCluster({
	runDir,
	log = () => {},
	credentials = [],
	workflows = [],
	workers: workerCount = 2,
	webhookProcessors = 1,
	/** Postgres connections per n8n process (DB_POSTGRESDB_POOL_SIZE); undefined keeps n8n's default (2) */
	poolSize,
	workerConcurrency = 10,
	database = 'n8n_queue',
	/** npm pack result to install (packed here when not given) */
	packed: givenPack,
	/** extra environment per kind of process: { main, worker, webhook } */
	extraEnv = {},
}) {
	const started = [];
	const services = [];
	const stop = async () => {
		await Promise.all(started.splice(0).map((p) => p.stop().catch(() => {})));
		for (const s of services.splice(0).reverse()) await s.stop().catch(() => {});
	};
	try {
		const install = await ensureN8n({ log });
		if (install.installedNow) log(`one-time n8n install took ${(install.installMs / 1000).toFixed(0)} s`);
		const svc = await ensureQueueServices({ log });
		if (svc.installed.length) log(`apt-get installed ${svc.installed.join(', ')} in ${(svc.installMs / 1000).toFixed(0)} s`);

		fs.mkdirSync(runDir, { recursive: true });
		const postgres = await startPostgres({ pgBin: svc.pgBin, log });
		services.push(postgres);
		const redis = await startRedis({ redisServer: svc.redisServer, log });
		services.push(redis);
		await postgres.recreateDatabase(database);

		// one user folder for every process, the package installed once into it
		const userFolder = path.join(runDir, 'n8n-user');
		const packed = givenPack ?? (await packPackage({ destDir: runDir, log }));
		await installPackage({ userFolder, ...packed, log });

		const encryptionKey = crypto.randomBytes(24).toString('base64url');
		const mainPort = await freePort();
		const webhookPorts = [];
		for (let i = 0; i < webhookProcessors; i++) webhookPorts.push(await freePort());
		const webhookUrl = `http://127.0.0.1:${webhookPorts[0]}/`;
		const qEnv = queueModeEnv({ postgres, redis, database });
		const envFor = async (port, extra = {}) =>
			n8nEnv({
				userFolder,
				port,
				webhookUrl,
				encryptionKey,
				extra: {
					...qEnv,
					...(poolSize ? { DB_POSTGRESDB_POOL_SIZE: String(poolSize) } : {}),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					...extra,
				},
			});
		// production webhooks are the webhook processors' job, not the main's
		const mainEnv = await envFor(mainPort, { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', ...extraEnv.main });

		const logs = path.join(runDir, 'logs');
		const main = startN8n({ env: mainEnv, logFile: path.join(logs, 'main.log'), log, name: 'n8n main' });
		started.push(main);
		const settings = await waitForN8n(main, { timeoutMs: 180_000 });
		const rest = new N8nRest(main.baseUrl);
		await rest.ensureOwner(DEFAULT_OWNER, settings);
		// through the REST API, as the editor does: a CLI import would boot n8n once more for each
		await rest.createAll({ credentials, workflows });
		log(`created ${credentials.length} credential(s) and ${workflows.length} workflow(s) on the main`);

		const workers = [];
		for (let i = 1; i <= workerCount; i++) {
			const env = await envFor(await freePort(), {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
				...extraEnv.worker,
			});
			const w = startN8n({
				env,
				command: 'worker',
				args: [`--concurrency=${workerConcurrency}`],
				logFile: path.join(logs, `worker${i}.log`),
				log,
				name: `n8n worker ${i}`,
			});
			started.push(w);
			workers.push(w);
		}
		const webhooks = [];
		for (const [i, port] of webhookPorts.entries()) {
			const w = startN8n({ env: await envFor(port, extraEnv.webhook), command: 'webhook', logFile: path.join(logs, `webhook${i + 1}.log`), log, name: `n8n webhook ${i + 1}` });
			started.push(w);
			webhooks.push(w);
		}
		await Promise.all([...workers, ...webhooks].map((p) => waitForN8n(p, { timeoutMs: 180_000, settings: false })));
		log(
			`queue mode up: main ${main.baseUrl}, webhook processor(s) ${webhooks.map((w) => w.baseUrl).join(', ')}, ` +
				`workers (health) ${workers.map((w) => w.baseUrl).join(', ')}`,
		);
		return {
			postgres,
			redis,
			database,
			userFolder,
			packed,
			logs,
			main,
			rest,
			workers,
			webhooks,
			webhookUrl,
			sql: (text, params) => postgres.query(database, text, params),
			/**
			 * Restarts workers and/or webhook processors with `extra` environment, all at once; resolves once
			 * every new process is ready (the handles in `workers` / `webhooks` are replaced).
			 */
			async restart(procs, extra = {}) {
				await Promise.all(procs.map((p) => p.stop()));
				const next = procs.map((proc) => {
					started.splice(started.indexOf(proc), 1);
					const n = startN8n({ env: { ...proc.env, ...extra }, command: proc.command, args: proc.args, logFile: proc.logFile, log, name: proc.name });
					started.push(n);
					for (const list of [workers, webhooks]) if (list.includes(proc)) list[list.indexOf(proc)] = n;
					return n;
				});
				await Promise.all(next.map((n) => waitForN8n(n, { timeoutMs: 180_000, settings: false })));
				return next;
			},
			stop,
		};
	} catch (err) {
		await stop();
		throw err;
	}
}
