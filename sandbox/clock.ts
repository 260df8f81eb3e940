/**
 * The time the sandbox stamps on CRM records (`created_at`, `updated_at`, and the few other
 * server-set date-times of a write). Tests can freeze it, so several records share one timestamp,
 * and switch it to whole seconds, as many CRMs report times, so records written within the same
 * second tie.
 */

export type ClockPrecision = 'millisecond' | 'second';

export interface ClockOptions {
	/** epoch ms to use for every write until changed; null/absent: the real time */
	fixedMs?: number | null;
	/** 'second' truncates to whole seconds and prints `2026-12-06T19:00:05Z`; default 'millisecond' */
	precision?: ClockPrecision;
}

export interface ClockState {
	fixedMs: number | null;
	precision: ClockPrecision;
}

const PRECISIONS: readonly ClockPrecision[] = ['millisecond', 'second'];

/** Checks clock options (from a test or the admin endpoint); returns a problem, or undefined when fine. */
export function clockProblem(opts: unknown): string | undefined {
	if (opts === null || opts === undefined) return undefined;
	if (typeof opts !== 'object' || Array.isArray(opts)) return 'the clock options must be an object or null';
	const o = opts as Record<string, unknown>;
	const unknown = Object.keys(o).filter((k) => k !== 'fixedMs' && k !== 'precision');
	if (unknown.length) return `unknown clock option(s): ${unknown.join(', ')} (use fixedMs, precision)`;
	if (o.fixedMs !== undefined && o.fixedMs !== null) {
		if (typeof o.fixedMs !== 'number' || !Number.isFinite(o.fixedMs) || Number.isNaN(new Date(o.fixedMs).getTime()))
			return `'fixedMs' must be epoch milliseconds or null (got ${JSON.stringify(o.fixedMs)})`;
	}
	if (o.precision !== undefined && !PRECISIONS.includes(o.precision as ClockPrecision))
		return `'precision' must be one of ${PRECISIONS.join(', ')} (got ${JSON.stringify(o.precision)})`;
	return undefined;
}

export class Clock {
	private fixedMs: number | null = null;
	private precision: ClockPrecision = 'millisecond';

	/** Replaces the whole setting: what `opts` leaves out goes back to its default; null resets. Throws on bad options. */
	set(opts: ClockOptions | null | undefined): void {
		const problem = clockProblem(opts);
		if (problem) throw new TypeError(`setClock: ${problem}`);
		this.fixedMs = opts?.fixedMs ?? null;
		this.precision = opts?.precision ?? 'millisecond';
	}

	get state(): ClockState {
		return { fixedMs: this.fixedMs, precision: this.precision };
	}

	/** The time of a write now (epoch ms), truncated to the precision. */
	now(): number {
		const ms = this.fixedMs ?? Date.now();
		return this.precision === 'second' ? Math.floor(ms / 1000) * 1000 : ms;
	}

	/**
	 * How a time is printed at the current precision: `2026-12-06T19:00:05.123Z`, or at second precision
	 * `2026-12-06T19:00:05Z` (`2026-12-06T19:00:05.000Z` with keepMillis, for a contract that pins the form).
	 */
	format(ms: number, keepMillis = false): string {
		if (this.precision !== 'second') return new Date(ms).toISOString();
		const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
		return keepMillis ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
	}

	/** The timestamp of a write now (see format). */
	stamp(keepMillis = false): string {
		return this.format(this.now(), keepMillis);
	}
}
