/** The bench's results: the JSON shape, the console table and the README snippet. */
import type { CreateResult } from './create';
import type { GetAllResult, LatencyResult, Mode } from './getall';
import type { TriggerResult } from './trigger';

interface FreshRun {
	mode: Mode;
	size: number;
	rssGrowth: number;
	heapGrowth: number;
	ms: number;
}

export interface Report {
	machine: {
		cpuModel: string;
		cores: number;
		node: string;
		n8nCore: string;
		date: string;
		gcExposed: boolean;
		[k: string]: unknown;
	};
	settings: Record<string, unknown>;
	getAll?: Array<GetAllResult & { freshMemory?: { node: FreshRun; raw: FreshRun } }>;
	getAllWithLatency?: LatencyResult;
	create?: CreateResult[];
	trigger?: TriggerResult;
	targets: Array<{ name: string; met: boolean; value: string }>;
	totalSeconds?: number;
	lateHandledRejections?: number;
	peakRssMb?: number;
}

const MB = 1024 * 1024;
const f = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const x = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : `${n.toFixed(2)}x`);
const k = (n: number) => n.toLocaleString('en-US');

function table(header: string[], rows: string[][], markdown: boolean): string {
	if (markdown) {
		const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
		return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
	}
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function sections(r: Report, markdown: boolean): string[] {
	const out: string[] = [];
	const title = (t: string) => out.push(markdown ? `\n**${t}**\n` : `\n${t}`);

	if (r.getAll?.length) {
		title('Get Many contacts, Return All (limit=200 pages): node through n8n WorkflowExecute vs a raw node:http loop');
		out.push(
			table(
				['contacts', 'requests (expected)', 'raw loop ms', 'node ms', 'node / raw', 'raw JSON MB', 'heap growth MB node / raw', '÷ JSON size', 'cold RSS growth MB node / raw', '÷ JSON size'],
				r.getAll.map((g) => [
					k(g.size),
					`${[...new Set(g.node.requests)].join('/')} (${g.expectedRequests})`,
					f(g.raw.medianMs),
					f(g.node.medianMs),
					x(g.ratio),
					f(g.rawBytes / MB, 1),
					`${f(g.node.heapGrowth / MB, 1)} / ${f(g.raw.heapGrowth / MB, 1)}`,
					`${f(g.node.heapGrowth / g.rawBytes, 2)} / ${f(g.raw.heapGrowth / g.rawBytes, 2)}`,
					g.freshMemory ? `${f(g.freshMemory.node.rssGrowth / MB, 1)} / ${f(g.freshMemory.raw.rssGrowth / MB, 1)}` : '–',
					g.freshMemory
						? `${f(g.freshMemory.node.rssGrowth / g.rawBytes, 2)} / ${f(g.freshMemory.raw.rssGrowth / g.rawBytes, 2)}`
						: '–',
				]),
				markdown,
			),
		);
		out.push(
			`${markdown ? '\n' : ''}ms: medians of ${r.getAll.map((g) => g.node.runsMs.length).join('/')} rounds after a warm-up; node / raw: median over rounds of the ratio (each round runs raw loop, engine floor, n8n HTTP helper and node back to back, order rotated). Memory: peak growth during a run, also divided by the raw JSON size (heap: in-process after a full GC, median; RSS: one cold run in a fresh process).`,
		);
		title('Where the node/raw gap goes (same runs): each layer as a ratio to the raw loop');
		out.push(
			table(
				['contacts', 'engine floor / raw', 'n8n HTTP helper / raw', 'node / raw', 'engine ms', 'helper ms', 'node-only ms'],
				r.getAll.map((g) => [
					k(g.size),
					x(g.engineRatio),
					x(g.helperRatio),
					x(g.ratio),
					f(g.engine.medianMs - g.raw.medianMs),
					f(g.helper.medianMs - g.engine.medianMs),
					f(g.node.medianMs - g.helper.medianMs),
				]),
				markdown,
			),
		);
		out.push(
			`${markdown ? '\n' : ''}engine floor: the raw loop inside a minimal node run by WorkflowExecute; n8n HTTP helper: a minimal node paging with helpers.httpRequestWithAuthentication; ms columns: what each layer adds (engine = floor − raw, helper = helper − floor, node-only = node − helper: declarative routing + this package's code).`,
		);
		const lat = r.getAllWithLatency;
		if (lat) {
			out.push(
				`${markdown ? '\n' : ''}With ${lat.delayMs} ms latency per page (sandbox delayMs, a fast real API): ${k(lat.size)} contacts, raw ${f(lat.rawMs)} ms, node ${f(lat.nodeMs)} ms, node / raw ${x(lat.ratio)}, requests ${[...new Set(lat.requests)].join('/')}.`,
			);
		}
		title('Cost growth: overhead per 1,000 records');
		out.push(
			table(
				['contacts', 'node / raw', 'node extra ms / 1k records', 'raw ms / 1k records', 'node-only ms / 1k records'],
				r.getAll.map((g) => [
					k(g.size),
					x(g.ratio),
					f(((g.node.medianMs - g.raw.medianMs) / g.size) * 1000, 1),
					f((g.raw.medianMs / g.size) * 1000, 1),
					f(((g.node.medianMs - g.helper.medianMs) / g.size) * 1000, 1),
				]),
				markdown,
			),
		);
	}

	if (r.create?.length) {
		title(`Bulk create leads against a ${r.create.find((c) => c.faults?.rateLimitPerSecond)?.faults?.rateLimitPerSecond ?? '–'} req/s rate limit + 5 % random 429s (Retry-After 0)`);
		out.push(
			table(
				['scenario', 'items', 'wall s', 'vs N/rate', 'before 1st request s', 'sending s', 'created', 'duplicates', 'errors', 'POSTs', '429s'],
				r.create.map((c) => [
					c.label,
					k(c.items),
					f(c.wallMs / 1000, 2),
					c.minMs ? x(c.ratio) : 'no limit',
					f(c.beforeFirstRequestMs / 1000, 2),
					f(c.sendingMs / 1000, 2),
					k(c.created),
					String(c.duplicates),
					String(c.errors),
					k(c.requests.total),
					k(c.requests.status429),
				]),
				markdown,
			),
		);
		const limited = r.create.find((c) => c.windowFloorMs !== undefined);
		if (limited) {
			out.push(
				`${markdown ? '\n' : ''}N/rate = ${f((limited.minMs ?? 0) / 1000, 1)} s; a rolling 1 s window lets the first ${limited.faults?.rateLimitPerSecond} through at once, so the hard floor is ${f((limited.windowFloorMs ?? 0) / 1000, 1)} s (random 429s also use up window slots). "before 1st request": n8n's RoutingNode prepares every item (parameters, expressions) before any request leaves, so this time adds to the sending time instead of overlapping it. errors: items that failed (the run reports the first).`,
			);
		}
	}

	if (r.trigger) {
		const t = r.trigger;
		title("Trigger webhook() through n8n-core's WebhookContext (signature check + dedupe on)");
		const outcome = (p: typeof t.distinct) =>
			[
				p.started ? `${k(p.started)} started` : '',
				...Object.entries(p.ignored).map(([why, n]) => `${k(n)} ignored (${why})`),
				p.rejected ? `${k(p.rejected)} rejected` : '',
			]
				.filter(Boolean)
				.join(', ');
		out.push(
			table(
				['delivery', 'per run', 'µs each', 'per second', 'outcome (all runs)'],
				[
					['distinct, Fetch Full Record off', k(t.distinct.deliveries), f(t.distinct.perDeliveryUs), k(Math.round(t.distinct.perSecond)), outcome(t.distinct)],
					['duplicate (key in dedupe window)', k(t.duplicate.deliveries), f(t.duplicate.perDeliveryUs), k(Math.round(t.duplicate.perSecond)), outcome(t.duplicate)],
					['distinct, Fetch Full Record on (default)', k(t.withRecordFetch.deliveries), f(t.withRecordFetch.perDeliveryUs), k(Math.round(t.withRecordFetch.perSecond)), outcome(t.withRecordFetch)],
					['baseline: bare HMAC + Set lookup', k(t.distinct.deliveries), f(t.baseline.perDeliveryUs, 1), k(Math.round(t.baseline.perSecond)), '–'],
				],
				markdown,
			),
		);
	}

	if (r.targets.length) {
		title('Targets');
		out.push(
			table(
				['target', 'result', 'met'],
				r.targets.map((t) => [t.name, t.value, t.met ? 'yes' : 'NO']),
				markdown,
			),
		);
	}
	return out;
}

function machineLine(r: Report): string {
	const m = r.machine;
	return `${m.cpuModel}, ${m.cores} cores, Node ${m.node}, n8n-core ${m.n8nCore}, ${m.date.slice(0, 10)}`;
}

export function renderTable(r: Report): string {
	return [`Machine: ${machineLine(r)}`, ...sections(r, false)].join('\n');
}

export function renderMarkdown(r: Report): string {
	return `<!-- generated by npm run bench (bench/main.ts); do not edit by hand -->\n_Measured on ${machineLine(r)}; sandbox in the same process._\n${sections(r, true).join('\n')}\n`;
}
