/**
 * Get Many → Return All through n8n's real engine vs the raw node:http loop (lib/raw.ts), on the same
 * in-process sandbox, same pages. Timed runs are interleaved (raw, node, raw, node, ...) after one
 * warm-up of each, with a full GC before every run.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO, type Sandbox } from '../sandbox';
import { runNode } from '../test/helpers/engine';
import { engineFloorNode, helperFloorNode } from './floor';
import { marked } from './lib/marks';
import { loadedApideckCrm } from './lib/node-type';
import { startMemorySampler, type MemoryPeak } from './lib/memory';
import { rawGetAll } from './lib/raw';
import { collectGarbage, median, nowMs } from './lib/stats';

export const PAGE_SIZE = 200;
export const GET_ALL_PARAMETERS = { resource: 'contact', operation: 'getAll', returnAll: true };

const nodeType = loadedApideckCrm();

/** raw: node:http loop; engine: same loop inside a node in WorkflowExecute; helper: n8n's HTTP helper in a node; node: the Apideck CRM node */
export type Mode = 'raw' | 'engine' | 'helper' | 'node';
export const MODES: Mode[] = ['raw', 'engine', 'helper', 'node'];

export interface ModeSummary {
	runsMs: number[];
	medianMs: number;
	requests: number[];
	items: number[];
	heapGrowth: number;
	rssGrowth: number;
}

export interface OneRun {
	ms: number;
	requests: number;
	items: number;
	bytes?: number;
	memory: MemoryPeak;
}

export interface GetAllResult {
	size: number;
	consumerId: string;
	expectedRequests: number;
	rawBytes: number;
	node: ModeSummary;
	raw: ModeSummary;
	/** the raw loop inside a minimal node in WorkflowExecute */
	engine: ModeSummary;
	/** n8n's httpRequestWithAuthentication in a minimal node */
	helper: ModeSummary;
	/** median over rounds of node / raw (each round runs every mode once, back to back) */
	ratio: number;
	/** per round: node / raw */
	pairRatios: number[];
	/** medians over rounds of engine / raw and helper / raw */
	engineRatio: number;
	helperRatio: number;
	requestsExact: boolean;
	itemsExact: boolean;
}

export function credentialsFor(sandbox: Sandbox, consumerId: string): ICredentialDataDecryptedObject {
	return { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId, baseUrl: sandbox.url };
}

export function seedConsumer(sandbox: Sandbox, size: number): string {
	const consumerId = `bench-contacts-${size}`;
	if (sandbox.records(consumerId, 'contacts').length === 0) sandbox.seedRecords(consumerId, 'contacts', size);
	return consumerId;
}

export async function runOnce(sandbox: Sandbox, mode: Mode, consumerId: string, label: string): Promise<OneRun> {
	collectGarbage();
	sandbox.resetRequests();
	const sampler = startMemorySampler();
	const start = nowMs();
	let items: number;
	let bytes: number | undefined;
	if (mode === 'raw') {
		const r = await marked(label, () =>
			rawGetAll(sandbox.url, '/crm/contacts', { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId }),
		);
		items = r.records.length;
		bytes = r.bytes;
	} else {
		const type = mode === 'node' ? nodeType : mode === 'engine' ? engineFloorNode : helperFloorNode;
		const parameters = mode === 'node' ? GET_ALL_PARAMETERS : {};
		const r = await marked(label, () => runNode({ nodeType: type, parameters, credentials: credentialsFor(sandbox, consumerId) }));
		if (r.error) throw new Error(`node run failed: ${r.error.message ?? String(r.error)}`);
		items = r.items.length;
	}
	const ms = nowMs() - start;
	const memory = sampler.stop();
	const requests = sandbox.requests.filter((q) => q.path === '/crm/contacts').length;
	return { ms, requests, items, bytes, memory };
}

export async function benchGetAll(
	sandbox: Sandbox,
	size: number,
	runs: number,
	log: (line: string) => void,
): Promise<GetAllResult> {
	const consumerId = seedConsumer(sandbox, size);
	const expectedRequests = Math.ceil(size / PAGE_SIZE);
	// warm-up: JIT, sockets, the sandbox's view cache
	let rawBytes = 0;
	for (const mode of MODES) {
		const r = await runOnce(sandbox, mode, consumerId, `warm-up ${mode} ${size}`);
		if (mode === 'raw') rawBytes = r.bytes ?? 0;
	}
	const all: Record<Mode, OneRun[]> = { raw: [], engine: [], helper: [], node: [] };
	for (let i = 0; i < runs; i++) {
		// one round = one run of each mode, in a rotated order so no mode always follows the same one
		const order = MODES.map((_, j) => MODES[(i + j) % MODES.length]);
		for (const mode of order) all[mode].push(await runOnce(sandbox, mode, consumerId, `getAll ${mode} ${size}`));
		log(`  ${size}: run ${i + 1}/${runs} ${MODES.map((m) => `${m} ${all[m][i].ms.toFixed(0)} ms`).join(', ')}`);
	}
	const { node, raw } = all;
	const summary = (list: OneRun[]): ModeSummary => ({
		runsMs: list.map((r) => Math.round(r.ms)),
		medianMs: median(list.map((r) => r.ms)),
		requests: list.map((r) => r.requests),
		items: list.map((r) => r.items),
		heapGrowth: median(list.map((r) => r.memory.heapGrowth)),
		rssGrowth: median(list.map((r) => r.memory.rssGrowth)),
	});
	const n = summary(node);
	const r = summary(raw);
	return {
		size,
		consumerId,
		expectedRequests,
		rawBytes,
		node: n,
		raw: r,
		engine: summary(all.engine),
		helper: summary(all.helper),
		ratio: median(node.map((x, i) => x.ms / raw[i].ms)),
		pairRatios: node.map((x, i) => x.ms / raw[i].ms),
		engineRatio: median(all.engine.map((x, i) => x.ms / raw[i].ms)),
		helperRatio: median(all.helper.map((x, i) => x.ms / raw[i].ms)),
		requestsExact: MODES.every((m) => all[m].every((x) => x.requests === expectedRequests)),
		itemsExact: MODES.every((m) => all[m].every((x) => x.items === size)),
	};
}

export interface LatencyResult {
	size: number;
	delayMs: number;
	rawMs: number;
	nodeMs: number;
	ratio: number;
	requests: number[];
}

/** The same comparison with the sandbox answering each page after `delayMs` (a fast real API's latency). */
export async function benchGetAllWithLatency(sandbox: Sandbox, size: number, delayMs: number, runs: number): Promise<LatencyResult> {
	const consumerId = seedConsumer(sandbox, size);
	sandbox.setFaults({ delayMs });
	try {
		await runOnce(sandbox, 'node', consumerId, `warm-up latency node ${size}`);
		const raw: OneRun[] = [];
		const node: OneRun[] = [];
		for (let i = 0; i < runs; i++) {
			raw.push(await runOnce(sandbox, 'raw', consumerId, `latency raw ${size}`));
			node.push(await runOnce(sandbox, 'node', consumerId, `latency node ${size}`));
		}
		return {
			size,
			delayMs,
			rawMs: median(raw.map((r) => r.ms)),
			nodeMs: median(node.map((r) => r.ms)),
			ratio: median(node.map((n, i) => n.ms / raw[i].ms)),
			requests: node.map((n) => n.requests),
		};
	} finally {
		sandbox.setFaults(null);
	}
}
