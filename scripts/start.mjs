#!/usr/bin/env node
// `npm start`: the Apideck CRM sandbox (with demo data) plus a local n8n with this package installed,
// an owner account, "Apideck CRM (sandbox)" credentials and the example workflows. Ctrl-C stops everything.
//
//   node scripts/start.mjs [--real] [--port 5678] [--sandbox-port 4010] [--user-folder DIR] [--fresh] [--watch]
//
// --watch (`npm run dev`): after start, a change under nodes/, credentials/ or icons/ rebuilds the package
// (`npm run build`: tsc + gulp), installs the new tarball into n8n's user folder as above and restarts n8n
// on the same user folder; a failed build is printed and n8n keeps running the last good build.
//
// --real (or APIDECK_API_KEY + APIDECK_APP_ID + APIDECK_CONSUMER_ID in the environment) points the
// credentials at the real Apideck (https://unify.apideck.com, or APIDECK_BASE_URL) and starts no sandbox.
// Expects `npm run build` to have run (npm start does it). The first run installs n8n (~5 min, once).

import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_USER_FOLDER, REPO_ROOT, ensureN8n, n8nEnv } from './n8n-env.mjs';
import {
	CREDENTIAL_TYPE,
	TRIGGER_TYPE,
	DEFAULT_OWNER,
	N8nRest,
	importCredentials,
	importWorkflows,
	installPackage,
	killLiveGroups,
	recordCommunityPackage,
	logger,
	packPackage,
	portInUse,
	prepareWorkflow,
	readExampleWorkflows,
	restartN8n,
	runCommand,
	sha256,
	sleep,
	startN8n,
	startSandbox,
	waitForN8n,
} from './n8n-runtime.mjs';

const CREDENTIAL_ID = 'apideckCrmLocal1';
const log = logger('start');

function parseArgs(argv) {
	const args = { real: false, fresh: false, watch: false, port: undefined, sandboxPort: undefined, userFolder: undefined, webhookUrl: undefined, help: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--real') args.real = true;
		else if (a === '--fresh') args.fresh = true;
		else if (a === '--watch') args.watch = true;
		else if (a === '--help' || a === '-h') args.help = true;
		else if (a.startsWith('--port')) args.port = Number(value());
		else if (a.startsWith('--sandbox-port')) args.sandboxPort = Number(value());
		else if (a.startsWith('--user-folder')) args.userFolder = path.resolve(value());
		else if (a.startsWith('--webhook-url')) args.webhookUrl = value();
		else throw new Error(`unknown argument ${a} (try --help)`);
	}
	return args;
}

const USAGE = `Usage: npm start [-- --real] [-- --port 5678 --sandbox-port 4010 --user-folder DIR --fresh]
  --real            use the real Apideck: needs APIDECK_API_KEY, APIDECK_APP_ID, APIDECK_CONSUMER_ID
                    (APIDECK_BASE_URL optional); set all three and --real is implied
  --port N          n8n port (default 5678, env N8N_PORT)
  --sandbox-port N  sandbox port (default 4010, env SANDBOX_PORT)
  --user-folder DIR n8n user folder (default .cache/n8n/user)
  --fresh           delete the user folder first (new owner, credentials, workflows)
  --watch           rebuild on changes in nodes/, credentials/, icons/, reinstall, restart n8n (npm run dev)
  --webhook-url URL public base URL of this n8n (env N8N_WEBHOOK_URL), e.g. a tunnel: the real Apideck
                    cannot deliver events to 127.0.0.1`;

function readState(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
	}
}

const cleanups = [];
let stopping = false;
async function stopAll(reason, code = 0) {
	if (stopping) return;
	stopping = true;
	if (reason) log(`${reason}: stopping`);
	for (const fn of cleanups.reverse()) {
		try {
			await fn();
		} catch (err) {
			log(`cleanup: ${err.message}`);
		}
	}
	killLiveGroups('SIGTERM');
	process.exit(code);
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const env = process.env;
	const realFromEnv = Boolean(env.APIDECK_API_KEY && env.APIDECK_APP_ID && env.APIDECK_CONSUMER_ID);
	const real = args.real || realFromEnv;
	if (real && !realFromEnv) {
		throw new Error('--real needs APIDECK_API_KEY, APIDECK_APP_ID and APIDECK_CONSUMER_ID in the environment');
	}
	const port = args.port ?? (Number(env.N8N_PORT) || 5678);
	const sandboxPort = args.sandboxPort ?? (Number(env.SANDBOX_PORT) || 4010);
	const userFolder = args.userFolder ?? DEFAULT_USER_FOLDER;

	const started = Date.now();
	process.on('SIGINT', () => void stopAll('SIGINT'));
	process.on('SIGTERM', () => void stopAll('SIGTERM'));
	process.on('SIGHUP', () => void stopAll('SIGHUP'));

	// 1. n8n itself (one-time install), then the ports.
	await ensureN8n({ log });
	if (await portInUse(port)) throw new Error(`port ${port} is in use (another n8n?): stop it or pass --port N`);
	if (!real && (await portInUse(sandboxPort))) throw new Error(`port ${sandboxPort} is in use: stop it or pass --sandbox-port N`);

	// 2. The sandbox, or the real Apideck.
	let credentialData;
	let sandboxUrl;
	if (real) {
		credentialData = {
			apiKey: env.APIDECK_API_KEY,
			appId: env.APIDECK_APP_ID,
			consumerId: env.APIDECK_CONSUMER_ID,
			baseUrl: env.APIDECK_BASE_URL || 'https://unify.apideck.com',
		};
		log(`using the real Apideck at ${credentialData.baseUrl} (consumer ${credentialData.consumerId}); no sandbox`);
	} else {
		const { sandbox, DEMO } = await startSandbox({ port: sandboxPort, log });
		cleanups.push(() => sandbox.close());
		sandboxUrl = sandbox.url;
		credentialData = { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: sandbox.url };
	}
	const credential = {
		id: CREDENTIAL_ID,
		name: real ? 'Apideck CRM' : 'Apideck CRM (sandbox)',
		type: CREDENTIAL_TYPE,
		data: credentialData,
	};

	// 3. The user folder: package, credentials, example workflows.
	if (args.fresh) {
		log(`--fresh: deleting ${userFolder}`);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	fs.mkdirSync(userFolder, { recursive: true });
	const stateFile = path.join(userFolder, 'apideck-crm-local.json');
	const state = readState(stateFile);
	const saveState = () => fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
	const webhookUrl = args.webhookUrl ?? env.N8N_WEBHOOK_URL;
	const n8nEnvVars = n8nEnv({ userFolder, port, ...(webhookUrl ? { webhookUrl: webhookUrl.replace(/\/?$/, '/') } : {}) });

	const packed = await packPackage({ destDir: path.join(userFolder, 'pack'), log });
	const { pkgDir } = await installPackage({ userFolder, ...packed, log });

	const credentialHash = sha256(JSON.stringify(credential));
	// the import also creates n8n's database, which the package record below needs
	const hasDatabase = fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	if (state.credentialHash !== credentialHash || !hasDatabase) {
		await importCredentials([credential], { env: n8nEnvVars, log });
		state.credentialHash = credentialHash;
		saveState();
	}

	state.examples ??= {};
	const examples = readExampleWorkflows({ log }).filter((e) => !state.examples[`${e.file}#${e.index}`]);
	if (examples.length) {
		const workflows = examples.map((e) => prepareWorkflow(e.workflow, { credential, idSeed: `example:${e.file}#${e.index}` }));
		await importWorkflows(workflows, { env: n8nEnvVars, log });
		for (const [i, e] of examples.entries()) state.examples[`${e.file}#${e.index}`] = workflows[i].id;
		saveState();
	} else if (!Object.keys(state.examples).length) {
		log('no example workflows in examples/*.json yet');
	}
	// listed under Settings → Community nodes, as n8n's own installer records it
	await recordCommunityPackage({ userFolder, pkgDir, log });

	// 4. n8n start, owner.
	const logFile = path.join(userFolder, 'n8n.log');
	const n8n = startN8n({ env: n8nEnvVars, logFile, log });
	let current = n8n; // the running n8n: --watch replaces it on every restart
	cleanups.push(() => current.stop());
	const settings = await waitForN8n(n8n, { timeoutMs: 180_000 });
	const rest = new N8nRest(n8n.baseUrl);
	let owner;
	try {
		owner = await rest.ensureOwner(DEFAULT_OWNER, settings);
	} catch (err) {
		// e.g. the password was changed in the UI: n8n still runs, only the sign-in below is skipped
		log(`could not sign in as ${DEFAULT_OWNER.email} (${err.message.slice(0, 120)})`);
	}
	if (owner === 'created') {
		state.owner = { email: DEFAULT_OWNER.email };
		saveState();
	}
	// The sandbox keeps its webhook subscriptions in memory, while n8n remembers that an active workflow's
	// trigger is registered: after a restart, re-publish those workflows so the fresh sandbox knows them.
	if (!real && owner) {
		const active = await rest.activeWorkflowsWith(TRIGGER_TYPE);
		for (const wf of active) {
			try {
				await rest.deactivateWorkflow(wf.id);
				await rest.activateWorkflow(wf.id);
			} catch (err) {
				log(`could not re-activate "${wf.name}": ${err.message}`);
			}
		}
		if (active.length) {
			const deadline = Date.now() + 20_000;
			let registered = 0;
			while (Date.now() < deadline) {
				const hooks = (await (await fetch(`${sandboxUrl}/_sandbox/webhooks`)).json()).data ?? [];
				registered = hooks.filter((h) => h.delivery_url.startsWith(n8n.baseUrl)).length;
				if (registered >= active.length) break;
				await sleep(500);
			}
			log(`re-registered the trigger of ${active.length} active workflow(s) with the sandbox (${registered} webhook(s) now)`);
		}
	}

	let restarting = false;
	const onExit = (proc) =>
		proc.exited.then((code) => {
			if (!stopping && !restarting && proc === current) void stopAll(`n8n exited (${code}); see ${logFile}`, 1);
		});
	onExit(n8n);

	const lines = [
		'',
		`n8n is ready at ${n8n.baseUrl}/  (started in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
		`  login:       ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}${owner === 'created' ? '  (owner just created)' : owner ? '' : '  (sign-in failed: changed in the UI?)'}`,
		`  credentials: "${credential.name}" (${CREDENTIAL_TYPE})${real ? ` -> ${credentialData.baseUrl}` : ''}`,
		...Object.keys(state.examples).map((k) => `  workflow:    ${k.replace(/#0$/, '')} -> ${n8n.baseUrl}/workflow/${state.examples[k]}`),
		real
			? `  Apideck:     ${credentialData.baseUrl} (real; no sandbox)${webhookUrl ? `; webhooks via ${webhookUrl}` : '; triggers need --webhook-url <public URL> to receive events'}`
			: `  sandbox:     ${sandboxUrl}  (API key ${credentialData.apiKey}, app ${credentialData.appId}, consumer ${credentialData.consumerId}; admin ${sandboxUrl}/_sandbox/health)`,
		`  n8n log:     ${path.relative(REPO_ROOT, logFile).startsWith('..') ? logFile : path.relative(REPO_ROOT, logFile)}`,
		...(args.watch ? ['  watching:    nodes/, credentials/, icons/ (rebuild, reinstall, restart n8n on change)'] : []),
		'Press Ctrl-C to stop.',
		'',
	];
	process.stdout.write(lines.join('\n'));

	if (args.watch) {
		watchSources(async (changed) => {
			log(`changed: ${changed.join(', ')}: rebuilding`);
			const t0 = Date.now();
			const build = await runCommand('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT });
			if (build.code !== 0) {
				log(`build failed; n8n keeps the last good build:\n${`${build.stdout}${build.stderr}`.trim()}`);
				return;
			}
			log(`rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
			const repacked = await packPackage({ destDir: path.join(userFolder, 'pack'), log });
			const { installed } = await installPackage({ userFolder, ...repacked, log });
			if (!installed) return;
			restarting = true;
			try {
				current = (await restartN8n(current, { log })).n8n;
			} catch (err) {
				void stopAll(`n8n did not restart (${err.message}); see ${logFile}`, 1);
				return;
			} finally {
				restarting = false;
			}
			onExit(current);
			log(`n8n reloaded with the new build at ${current.baseUrl}/`);
		});
	}
}

/**
 * Calls `onChange(paths)` after changes under nodes/, credentials/ or icons/ settle (300 ms), one run at a
 * time: changes during a run are collected for the next one.
 */
function watchSources(onChange) {
	const pending = new Set();
	let timer;
	let running = false;
	const flush = async () => {
		if (running || !pending.size) return;
		running = true;
		const changed = [...pending].sort();
		pending.clear();
		try {
			await onChange(changed);
		} catch (err) {
			log(`rebuild: ${err.message}`);
		} finally {
			running = false;
			if (pending.size) timer = setTimeout(flush, 300);
		}
	};
	for (const dir of ['nodes', 'credentials', 'icons']) {
		const watcher = fs.watch(path.join(REPO_ROOT, dir), { recursive: true }, (_event, file) => {
			pending.add(`${dir}/${file ?? ''}`);
			clearTimeout(timer);
			timer = setTimeout(flush, 300);
		});
		cleanups.push(() => watcher.close());
	}
}

main().catch((err) => {
	process.stderr.write(`[start] ${err.message ?? err}\n`);
	void stopAll('', 1);
});
