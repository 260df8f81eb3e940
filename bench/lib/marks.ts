/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Labelled time windows on the monotonic clock V8's CPU profiler uses (µs), so a profile taken with
 * `node --cpu-prof bench/run.js --marks=FILE` can be cut to one phase:
 * `node bench/profile-summary.js PROFILE 30 --marks=FILE --window='getAll node 50000'`.
 */
import { writeFileSync } from 'node:fs';

export interface Mark {
	label: string;
	startUs: number;
	endUs: number;
}

const marks: Mark[] = [];
const us = () => Number(process.hrtime.bigint() / 1000n);

export async function marked<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const startUs = us();
	try {
		return await fn();
	} finally {
		marks.push({ label, startUs, endUs: us() });
	}
}

export function writeMarks(file: string) {
	writeFileSync(file, JSON.stringify(marks, null, 1));
}
