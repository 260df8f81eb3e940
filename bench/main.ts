/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports, no-console -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * `npm run bench` (node --expose-gc bench/run.js): performance of the Apideck CRM node against the
 * in-process sandbox, as ratios against baselines measured in the same process on the same sandbox.
 * Prints a table and writes bench/results/latest.json + latest.md (partial runs: *.tmp files).
 *
 * Flags: --quick (small sizes), --only=getall,create,trigger, --sizes=1000,10000, --runs=3,
 *        --no-fresh-mem (skip the per-size child processes that measure RSS), --marks=FILE (phase
 *        time windows for `node --cpu-prof`, see profile-summary.js), --out=PREFIX,
 *        --diagnose=evals|prep|attempts|auth (the evidence behind the findings, see diagnose.ts).
 */
import './env';

import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSandbox } from '../sandbox';
import { benchCreate, type CreateResult, type CreateScenario } from './create';
import { benchGetAll, benchGetAllWithLatency, runOnce, seedConsumer, type GetAllResult, type Mode, type OneRun } from './getall';
import { diagnose } from './diagnose';
import { writeMarks } from './lib/marks';
import { collectGarbage, nowMs, round } from './lib/stats';
import { renderMarkdown, renderTable, type Report } from './report';
import { benchTrigger, type TriggerResult } from './trigger';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

const TARGET_GET_ALL_RATIO = 1.3;
const TARGET_CREATE_RATIO = 1.2;

function machine() {
	const cpus = os.cpus();
	const version = (pkg: string) => {
		try {
			return (require(`${pkg}/package.json`) as { version: string }).version;
		} catch {
			return 'unknown';
		}
	};
	/** The version of `pkg` as `chain`'s last package resolves it (each link resolved from the one before). */
	const nestedVersion = (pkg: string, chain: string[]) => {
		try {
			const from = chain.reduce((dir, link) => require.resolve(link, { paths: [dir] }), __dirname);
			return (require(require.resolve(`${pkg}/package.json`, { paths: [from] })) as { version: string }).version;
		} catch {
			return 'unknown';
		}
	};
	return {
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		availableParallelism: os.availableParallelism?.() ?? cpus.length,
		totalMemoryGb: round(os.totalmem() / 1024 ** 3, 1),
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		node: process.version,
		n8nCore: version('n8n-core'),
		n8nWorkflow: version('n8n-workflow'),
		// the axios n8n-core's HTTP helpers run (through @n8n/backend-network), not the top-level one
		axios: nestedVersion('axios', ['n8n-core', '@n8n/backend-network']),
		gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
		loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
		date: new Date().toISOString(),
	};
}

// ---- fresh-process memory: one cold run per child, so RSS growth is not hidden by a heap grown earlier

interface FreshMemory {
	mode: Mode;
	size: number;
	rssGrowth: number;
	heapGrowth: number;
	ms: number;
	requests: number;
	items: number;
}

async function memChild(spec: string) {
	const [mode, sizeText] = spec.split(':');
	const size = Number(sizeText);
	const sandbox = await startSandbox({ seed: false });
	try {
		const consumerId = seedConsumer(sandbox, size);
		collectGarbage();
		const run: OneRun = await runOnce(sandbox, mode as Mode, consumerId, `fresh ${mode} ${size}`);
		const result: FreshMemory = {
			mode: mode as Mode,
			size,
			rssGrowth: run.memory.rssGrowth,
			heapGrowth: run.memory.heapGrowth,
			ms: run.ms,
			requests: run.requests,
			items: run.items,
		};
		process.send?.(result);
	} finally {
		await sandbox.close();
	}
}

function freshMemory(mode: Mode, size: number): Promise<FreshMemory> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'run.js'), [`--mem-child=${mode}:${size}`], {
			execArgv: ['--expose-gc'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let result: FreshMemory | undefined;
		child.on('message', (m) => (result = m as FreshMemory));
		child.on('error', reject);
		child.on('exit', (code) =>
			result ? resolve(result) : reject(new Error(`memory child ${mode}:${size} exited with ${code} and no result`)),
		);
	});
}

// ---- main

// With Batching on, n8n's RoutingNode sleeps between items before it awaits the requests it started:
// a request failing meanwhile is an unhandled rejection until Promise.allSettled picks it up (an engine
// quirk; the run still reports it). Count them instead of letting node abort the bench.
let lateHandledRejections = 0;
process.on('unhandledRejection', () => lateHandledRejections++);
process.on('rejectionHandled', () => undefined);

async function main() {
	const child = option('mem-child');
	if (child) return await memChild(child);
	const diagnosis = option('diagnose');
	if (diagnosis) return await diagnose(diagnosis, (line) => process.stdout.write(`${line}\n`));

	const quick = flag('quick');
	const only = new Set((option('only') ?? 'getall,create,trigger').split(',').map((s) => s.trim()));
	const sizes = (option('sizes') ?? (quick ? '1000,10000' : '1000,10000,50000')).split(',').map(Number);
	// more runs where a run is short (and noise is large); --runs=N sets the same count for every size
	const runsFor = (size: number) => (option('runs') ? Number(option('runs')) : size <= 1000 ? 9 : size <= 10000 ? 7 : 5);
	const createItems = Number(option('create-items') ?? (quick ? 300 : 1000));
	const triggerDeliveries = Number(option('deliveries') ?? (quick ? 500 : 2000));
	const full = !quick && !option('only') && !option('sizes') && !option('runs') && !option('create-items') && !option('deliveries');
	const outPrefix = option('out') ?? path.join(__dirname, 'results', full ? 'latest' : 'partial');
	const suffix = full || option('out') ? '' : '.tmp';
	const log = (line: string) => process.stdout.write(`${line}\n`);
	const started = nowMs();

	const report: Report = {
		machine: machine(),
		settings: { sizes, runsPerSize: Object.fromEntries(sizes.map((s) => [s, runsFor(s)])), triggerRuns: 3, createItems, triggerDeliveries, quick, pageSize: 200 },
		targets: [],
	};
	log(`bench: ${report.machine.cpuModel} x${report.machine.cores}, node ${report.machine.node}, n8n-core ${report.machine.n8nCore}${report.machine.gcExposed ? '' : ' (no --expose-gc: GC between runs is off)'}`);

	const sandbox = await startSandbox({ seed: false });
	try {
		if (only.has('getall')) {
			log('\n[1] Get Many contacts, Return All: node through WorkflowExecute vs raw node:http loop');
			const results: GetAllResult[] = [];
			for (const size of sizes) results.push(await benchGetAll(sandbox, size, runsFor(size), log));
			const latencySize = Math.min(10000, Math.max(...sizes));
			log(`  ${latencySize} with 20 ms sandbox latency per page ...`);
			report.getAllWithLatency = await benchGetAllWithLatency(sandbox, latencySize, 20, 3);
			const fresh: FreshMemory[] = [];
			if (!flag('no-fresh-mem')) {
				log('  fresh-process peak RSS (one cold run per child process) ...');
				for (const size of sizes) for (const mode of ['raw', 'node'] as Mode[]) fresh.push(await freshMemory(mode, size));
			}
			report.getAll = results.map((r) => {
				const f = (mode: Mode) => fresh.find((x) => x.mode === mode && x.size === r.size);
				return {
					...r,
					freshMemory: f('node') && f('raw') ? { node: f('node')!, raw: f('raw')! } : undefined,
				};
			});
			for (const r of results) {
				report.targets.push({
					name: `Return All ${r.size.toLocaleString('en-US')}: node <= ${TARGET_GET_ALL_RATIO}x raw, exactly ${r.expectedRequests} requests`,
					met: r.ratio <= TARGET_GET_ALL_RATIO && r.requestsExact && r.itemsExact,
					value: `${round(r.ratio)}x, requests ${[...new Set(r.node.requests)].join('/')}`,
				});
			}
		}

		if (only.has('create')) {
			log(`\n[2] Create ${createItems} leads against rateLimitPerSecond 100 (+ random 429s)`);
			const limited = { rateLimitPerSecond: 100, rate429: 0.05, retryAfter: '0', seed: 7 };
			const scenarios: CreateScenario[] = [
				{ label: 'no rate limit (engine + node + sandbox cost)', items: createItems, faults: null },
				{ label: 'default concurrency (5)', items: createItems, faults: limited },
				{ label: 'max concurrency 10', items: createItems, maxConcurrency: 10, faults: limited },
				{ label: 'default concurrency, max attempts 20', items: createItems, maxAttempts: 20, faults: limited },
				{
					label: 'n8n Batching 1 item / 5 ms, max attempts 20',
					items: createItems,
					maxAttempts: 20,
					batching: { batchSize: 1, batchInterval: 5 },
					faults: limited,
				},
			];
			const results: CreateResult[] = [];
			for (const [i, s] of scenarios.entries()) {
				const r = await benchCreate(sandbox, s, `s${i}-${Date.now().toString(36)}`);
				results.push(r);
				log(`  ${s.label}: ${(r.wallMs / 1000).toFixed(2)} s (first request after ${(r.beforeFirstRequestMs / 1000).toFixed(2)} s), created ${r.created}, duplicates ${r.duplicates}, errors ${r.errors}, 429s ${r.requests.status429}${r.firstError ? ` (${r.firstError})` : ''}`);
				if (r.minMs) {
					report.targets.push({
						name: `Bulk create ${createItems}, ${s.label}: <= ${TARGET_CREATE_RATIO}x of ${createItems / 100} s, 0 errors, 0 duplicates`,
						met: (r.ratio ?? Infinity) <= TARGET_CREATE_RATIO && r.errors === 0 && r.duplicates === 0 && r.created === createItems,
						value: `${round(r.ratio ?? NaN)}x, errors ${r.errors}, duplicates ${r.duplicates}, created ${r.created}`,
					});
				}
			}
			report.create = results;
		}

		if (only.has('trigger')) {
			log(`\n[3] Trigger webhook(): ${triggerDeliveries} signed deliveries x 3 runs`);
			const t: TriggerResult = await benchTrigger(sandbox, triggerDeliveries, 3, 1000);
			report.trigger = t;
		}
	} finally {
		await sandbox.close();
	}

	report.totalSeconds = round((nowMs() - started) / 1000, 1);
	report.lateHandledRejections = lateHandledRejections;
	report.machine.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
	report.peakRssMb = round(process.resourceUsage().maxRSS / 1024, 0);
	const table = renderTable(report);
	log(`\n${table}`);
	mkdirSync(path.dirname(outPrefix), { recursive: true });
	writeFileSync(`${outPrefix}.json${suffix}`, `${JSON.stringify(report, null, 2)}\n`);
	writeFileSync(`${outPrefix}.md${suffix}`, renderMarkdown(report));
	log(`\nwrote ${path.relative(process.cwd(), `${outPrefix}.json${suffix}`)} and ${path.relative(process.cwd(), `${outPrefix}.md${suffix}`)} (${report.totalSeconds} s in all)`);
	const marks = option('marks');
	if (marks) writeMarks(marks);
}

main().then(
	() => {
		// keep-alive sockets of n8n's HTTP agent would otherwise hold the process a few seconds
		process.exit(0);
	},
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
