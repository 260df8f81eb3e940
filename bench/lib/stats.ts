/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
export function median(values: number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value: number, digits = 2) => {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
};

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Runs the garbage collector when node runs with --expose-gc; reports whether it could. */
export function collectGarbage(): boolean {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (typeof gc !== 'function') return false;
	gc();
	gc();
	return true;
}

export const MB = 1024 * 1024;
