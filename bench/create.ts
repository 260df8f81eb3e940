/**
 * Bulk create: N input items → N "create lead" calls through the real engine, against the sandbox's
 * rate limiter (rolling 1 s window per app, 429 + computed Retry-After) plus random 429s. Each scenario
 * uses a fresh consumer, so the created leads can be counted and checked for duplicates exactly.
 */
import type { FaultOptions, Sandbox } from '../sandbox';
import { runNode } from '../test/helpers/engine';
import { credentialsFor } from './getall';
import { arrivedAt, installRequestClock } from './lib/clock';
import { marked } from './lib/marks';
import { loadedApideckCrm } from './lib/node-type';
import { nowMs } from './lib/stats';

const nodeType = loadedApideckCrm();

export interface CreateScenario {
	label: string;
	items: number;
	/** Request Options → Max Concurrent Requests; undefined = the node's default */
	maxConcurrency?: number;
	maxAttempts?: number;
	/** n8n's Request Options → Batching (RoutingNode sleeps batchInterval ms after every batchSize items) */
	batching?: { batchSize: number; batchInterval: number };
	faults: FaultOptions | null;
}

export interface CreateResult extends CreateScenario {
	consumerId: string;
	wallMs: number;
	/** N / rate: what the brief calls the minimum (undefined without a rate limit) */
	minMs?: number;
	/** strict floor of a rolling 1 s window: the first `rate` go at t=0, so (ceil(N/rate) - 1) s */
	windowFloorMs?: number;
	ratio?: number;
	created: number;
	duplicates: number;
	missing: number;
	/** items that ended in an error */
	errors: number;
	firstError?: string;
	outputItems: number;
	outputWithoutId: number;
	requests: { total: number; created201: number; status429: number; other: number };
	/** run start → first POST reaching the sandbox: n8n's RoutingNode prepares every item before any request leaves */
	beforeFirstRequestMs: number;
	/** first POST → last POST */
	sendingMs: number;
	/** last POST → run end */
	afterLastRequestMs: number;
	/** sendingMs / windowFloorMs: how well the node paces itself once it sends */
	sendingVsFloor?: number;
	/** 201s per second of wall time */
	createdPerSecond: number;
}

export async function benchCreate(sandbox: Sandbox, scenario: CreateScenario, runId: string): Promise<CreateResult> {
	const consumerId = `bench-create-${runId}`;
	const before = sandbox.records(consumerId, 'leads').length;
	const names = Array.from({ length: scenario.items }, (_, i) => `Bench Lead ${runId} #${String(i).padStart(5, '0')}`);
	const items = names.map((name, i) => ({ name, company: `Bench Co ${i % 97}` }));
	const requestOptions: Record<string, number> = {};
	if (scenario.maxConcurrency !== undefined) requestOptions.maxConcurrency = scenario.maxConcurrency;
	if (scenario.maxAttempts !== undefined) requestOptions.maxAttempts = scenario.maxAttempts;
	const parameters = {
		resource: 'lead',
		operation: 'create',
		leadName: '={{ $json.name }}',
		leadCompanyName: '={{ $json.company }}',
		...(Object.keys(requestOptions).length ? { requestOptions } : {}),
		...(scenario.batching ? { requestOptions: { batching: { batch: scenario.batching } } } : {}),
	};

	// an empty window: setFaults() resets the limiter's window, and nothing else is in flight
	installRequestClock(sandbox);
	sandbox.setFaults(scenario.faults);
	sandbox.resetRequests();
	const start = nowMs();
	const result = await marked(`create ${scenario.label}`, () =>
		runNode({ nodeType, parameters, credentials: credentialsFor(sandbox, consumerId), items }),
	);
	const end = nowMs();
	const wallMs = end - start;
	sandbox.setFaults(null);

	const posts = sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/crm/leads');
	const records = sandbox.records(consumerId, 'leads').slice(before) as Array<{ name?: string }>;
	const counts = new Map<string, number>();
	for (const r of records) counts.set(String(r.name), (counts.get(String(r.name)) ?? 0) + 1);
	const duplicates = [...counts.values()].reduce((sum, c) => sum + (c > 1 ? c - 1 : 0), 0);
	const missing = names.filter((n) => !counts.has(n)).length;
	const itemErrors = result.raw.filter((i) => i.error).length;
	// Without Continue On Fail n8n reports one error for the run; the items that failed are the leads missing.
	const errors = result.error ? Math.max(1, missing, itemErrors) : itemErrors;
	const rate = scenario.faults?.rateLimitPerSecond;
	const minMs = rate ? (scenario.items / rate) * 1000 : undefined;
	const created201 = posts.filter((p) => p.status === 201).length;
	const status429 = posts.filter((p) => p.status === 429).length;
	const times = posts.map(arrivedAt);
	const first = Math.min(...times);
	const last = Math.max(...times);
	const windowFloorMs = rate ? (Math.ceil(scenario.items / rate) - 1) * 1000 : undefined;
	return {
		...scenario,
		consumerId,
		wallMs,
		minMs,
		windowFloorMs,
		ratio: minMs ? wallMs / minMs : undefined,
		created: records.length,
		duplicates,
		missing,
		errors,
		firstError: result.error ? String(result.error.message ?? result.error) : undefined,
		outputItems: result.items.length,
		outputWithoutId: result.items.filter((i) => typeof i.id !== 'string' || i.id === '').length,
		requests: { total: posts.length, created201, status429, other: posts.length - created201 - status429 },
		createdPerSecond: created201 / (wallMs / 1000),
		beforeFirstRequestMs: first - start,
		sendingMs: last - first,
		afterLastRequestMs: end - last,
		sendingVsFloor: windowFloorMs ? (last - first) / windowFloorMs : undefined,
	};
}
