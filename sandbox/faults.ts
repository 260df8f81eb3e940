export interface FaultOptions {
	/** PRNG seed, deterministic (default 1) */
	seed?: number;
	/** share 0..1 of requests answered 429 (before any effect) */
	rate429?: number;
	/** share answered 503 before any effect (nothing created/changed) */
	rate503?: number;
	/** share of POST/PATCH/DELETE that DO take effect but then answer 503 */
	ambiguous5xxOnWriteRate?: number;
	/** Retry-After header value sent with an injected 429 (default '1'; null = no header) */
	retryAfter?: string | null;
	/** latency added to a share (delayRate, default 1 when delayMs is set) of requests */
	delayMs?: number;
	delayRate?: number;
	/** more than N requests in any rolling 1 s window (per app) → 429 with a computed Retry-After */
	rateLimitPerSecond?: number;
	/** regex: faults only apply to matching paths (default: /crm/ paths only; never /_sandbox) */
	paths?: string;
}

/** mulberry32: small, fast, deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type FaultDecision =
	| { kind: 'none'; delayMs: number }
	| { kind: '429'; delayMs: number; retryAfter: string | null; reason: 'random' | 'rate-limit' }
	| { kind: '503'; delayMs: number }
	| { kind: 'ambiguous'; delayMs: number };

const DEFAULT_PATHS = /^\/crm\//;

export class FaultEngine {
	private opts: FaultOptions | null = null;
	private rng: () => number = mulberry32(1);
	private delayRng: () => number = mulberry32(1 ^ 0x9e3779b9);
	private pathRe: RegExp = DEFAULT_PATHS;
	/** per app: timestamps (ms) of admitted requests inside the last second */
	private windows = new Map<string, number[]>();

	constructor(opts?: FaultOptions | null) {
		this.set(opts ?? null);
	}

	get options(): FaultOptions | null {
		return this.opts;
	}

	set(opts: FaultOptions | null): void {
		this.opts = opts && Object.keys(opts).length ? { ...opts } : null;
		const seed = this.opts?.seed ?? 1;
		this.rng = mulberry32(seed);
		this.delayRng = mulberry32((seed ^ 0x9e3779b9) >>> 0);
		this.pathRe = this.opts?.paths ? new RegExp(this.opts.paths) : DEFAULT_PATHS;
		this.windows.clear();
	}

	applies(path: string): boolean {
		if (!this.opts || path.startsWith('/_sandbox')) return false;
		return this.pathRe.test(path);
	}

	/** Called once per faultable request, in arrival order. */
	decide(appId: string, method: string, now = Date.now()): FaultDecision {
		const o = this.opts;
		if (!o) return { kind: 'none', delayMs: 0 };
		// one draw per request from each stream, whatever the outcome, so the sequence only depends on arrival order
		const u = this.rng();
		const d = this.delayRng();
		let delayMs = 0;
		if (o.delayMs && o.delayMs > 0) {
			const rate = o.delayRate ?? 1;
			if (d < rate) delayMs = o.delayMs;
		}
		if (o.rateLimitPerSecond !== undefined && o.rateLimitPerSecond >= 0) {
			let win = this.windows.get(appId);
			if (!win) this.windows.set(appId, (win = []));
			let drop = 0;
			while (drop < win.length && win[drop] <= now - 1000) drop++;
			if (drop) win.splice(0, drop);
			if (win.length >= o.rateLimitPerSecond) {
				const waitMs = win.length ? Math.max(1, win[0] + 1000 - now) : 1000;
				return { kind: '429', delayMs: 0, retryAfter: formatSeconds(waitMs), reason: 'rate-limit' };
			}
			win.push(now);
		}
		const r429 = o.rate429 ?? 0;
		const r503 = o.rate503 ?? 0;
		const amb = o.ambiguous5xxOnWriteRate ?? 0;
		if (u < r429) {
			return {
				kind: '429',
				delayMs,
				retryAfter: o.retryAfter === undefined ? '1' : o.retryAfter,
				reason: 'random',
			};
		}
		if (u < r429 + r503) return { kind: '503', delayMs };
		const isWrite = method === 'POST' || method === 'PATCH' || method === 'DELETE' || method === 'PUT';
		if (isWrite && u < r429 + r503 + amb) return { kind: 'ambiguous', delayMs };
		return { kind: 'none', delayMs };
	}
}

function formatSeconds(ms: number): string {
	const s = (Math.ceil(ms) / 1000).toFixed(3).replace(/\.?0+$/, '');
	return s === '0' ? '0.001' : s;
}
