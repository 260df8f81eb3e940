// Measuring n8n's processes from outside, shared by `npm run test:queue` and `npm run bench:flows`: CPU
// seconds per process group read from /proc, and percentiles.

import fs from 'node:fs';

/** The value at percentile `p` (0-100) of an ascending array; NaN for an empty one. */
export function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const CLK_TCK = 100; // USER_HZ on Linux

/**
 * CPU seconds used so far by each process group (`pgids`, the leaders' pids): every process in the group
 * (n8n and the task runner it starts) and every direct child of the leader that moved to a session of its
 * own (Postgres' backends and helpers do), plus what they reaped from exited children. Linux only.
 */
export function groupCpu(pgids) {
	const out = new Map(pgids.map((g) => [g, 0]));
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
	} catch {
		return out;
	}
	for (const pid of entries) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue;
		}
		// after "pid (comm) ": state ppid pgrp ... utime stime cutime cstime (fields 4, 5 and 14-17 of stat)
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ppid = Number(f[1]);
		const pgrp = Number(f[2]);
		const group = out.has(pgrp) ? pgrp : out.has(ppid) ? ppid : undefined;
		if (group === undefined) continue;
		const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
		out.set(group, out.get(group) + ticks / CLK_TCK);
	}
	return out;
}

/** CPU seconds per delivery, by role, between two groupCpu snapshots. */
export function cpuPerDelivery(roles, before, after, deliveries) {
	const out = {};
	for (const [role, pgids] of Object.entries(roles)) {
		const used = pgids.reduce((sum, g) => sum + (after.get(g) - before.get(g)), 0);
		out[role] = used / deliveries;
	}
	return out;
}
