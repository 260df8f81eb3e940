/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Runs the sandbox as a process.
 *
 *   node .cache/tools/sandbox/cli.js [--port 4010] [--host 127.0.0.1] [--no-seed]
 *        [--faults '{"rate429":0.1}'] [--rate429 0.1] [--rate503 0.05] [--ambiguous 0.05]
 *        [--rate-limit 10] [--retry-after 1] [--delay-ms 200 --delay-rate 0.5] [--fault-seed 7]
 *        [--fault-paths '^/crm/'] [--retry-delays 3000,10000,30000]
 *
 * Environment: SANDBOX_PORT, SANDBOX_HOST, SANDBOX_FAULTS (JSON FaultOptions).
 */
import { DEMO, SERVICE_IDS, startSandbox, type FaultOptions } from './index';

function parseArgs(argv: string[]): Map<string, string | true> {
	const out = new Map<string, string | true>();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		const eq = a.indexOf('=');
		if (eq > 0) {
			out.set(a.slice(2, eq), a.slice(eq + 1));
		} else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
			out.set(a.slice(2), argv[++i]);
		} else {
			out.set(a.slice(2), true);
		}
	}
	return out;
}

function num(v: string | true | undefined, name: string): number | undefined {
	if (v === undefined) return undefined;
	const n = Number(v);
	if (v === true || !Number.isFinite(n)) throw new Error(`--${name} needs a number`);
	return n;
}

function usage(): string {
	return [
		'Usage: node .cache/tools/sandbox/cli.js [options]',
		'  --port N              listen port (default 4010, env SANDBOX_PORT; 0 = ephemeral)',
		'  --host H              listen address (default 127.0.0.1, env SANDBOX_HOST)',
		'  --no-seed             start without demo data',
		'  --faults JSON         fault options as JSON (env SANDBOX_FAULTS)',
		'  --rate429 R --rate503 R --ambiguous R --rate-limit N --retry-after S',
		'  --delay-ms MS --delay-rate R --fault-seed N --fault-paths REGEX',
		'  --retry-delays a,b,c  webhook retry delays in ms (default 3000,10000,30000)',
	].join('\n');
}

async function main(): Promise<void> {
	// stdout may be a pipe that closes first (e.g. `| head`); that must not crash the server
	process.stdout.on('error', () => {});
	const args = parseArgs(process.argv.slice(2));
	if (args.has('help') || args.has('h')) {
		console.log(usage());
		return;
	}
	const portArg = args.get('port');
	const port = num(portArg, 'port') ?? (process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : 4010);
	const hostArg = args.get('host');
	const host = typeof hostArg === 'string' ? hostArg : (process.env.SANDBOX_HOST ?? '127.0.0.1');

	let faults: FaultOptions = {};
	const faultsJson = args.get('faults') ?? process.env.SANDBOX_FAULTS;
	if (typeof faultsJson === 'string' && faultsJson.trim()) faults = JSON.parse(faultsJson) as FaultOptions;
	const set = <K extends keyof FaultOptions>(k: K, v: FaultOptions[K] | undefined) => {
		if (v !== undefined) faults[k] = v;
	};
	set('rate429', num(args.get('rate429'), 'rate429'));
	set('rate503', num(args.get('rate503'), 'rate503'));
	set('ambiguous5xxOnWriteRate', num(args.get('ambiguous'), 'ambiguous'));
	set('rateLimitPerSecond', num(args.get('rate-limit'), 'rate-limit'));
	set('delayMs', num(args.get('delay-ms'), 'delay-ms'));
	set('delayRate', num(args.get('delay-rate'), 'delay-rate'));
	set('seed', num(args.get('fault-seed'), 'fault-seed'));
	const ra = args.get('retry-after');
	if (typeof ra === 'string') faults.retryAfter = ra === 'none' ? null : ra;
	const fp = args.get('fault-paths');
	if (typeof fp === 'string') faults.paths = fp;
	const rd = args.get('retry-delays');
	const retryDelays = typeof rd === 'string' ? rd.split(',').map((s) => num(s.trim(), 'retry-delays') as number) : undefined;

	const sb = await startSandbox({
		port,
		host,
		seed: !args.has('no-seed'),
		faults: Object.keys(faults).length ? faults : undefined,
		webhookRetryDelaysMs: retryDelays,
	});

	console.log(`Apideck CRM sandbox listening on ${sb.url}`);
	console.log(`  API key (Authorization: Bearer ...): ${DEMO.apiKey}`);
	console.log(`  x-apideck-app-id:                   ${DEMO.appId}`);
	console.log(`  x-apideck-consumer-id:              ${DEMO.consumerId} (demo data), ${DEMO.otherConsumerId} (a little data)`);
	console.log(`  x-apideck-service-id:               ${SERVICE_IDS.join(', ')} (default ${SERVICE_IDS[0]})`);
	if (Object.keys(faults).length) console.log(`  faults: ${JSON.stringify(faults)}`);
	console.log(`  admin: ${sb.url}/_sandbox/health (faults, clock, unsortable, seed, requests, deliveries, webhooks)`);
	console.log(`  try:   curl -H 'Authorization: Bearer ${DEMO.apiKey}' -H 'x-apideck-app-id: ${DEMO.appId}' \\`);
	console.log(`           -H 'x-apideck-consumer-id: ${DEMO.consumerId}' '${sb.url}/crm/companies?limit=2'`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping sandbox\n`);
		void sb.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	console.error(usage());
	process.exit(1);
});
