/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Samples the process' memory every ~10 ms while a run is in flight. Peaks are growth over the level
 * measured right before the run (after a full GC when --expose-gc is on). Synchronous stretches block
 * the timer, so a peak may be missed by a few ms of allocation; each sample is also taken at stop().
 */
export interface MemoryPeak {
	/** peak RSS minus RSS before the run, bytes */
	rssGrowth: number;
	/** peak V8 heapUsed minus heapUsed before the run, bytes */
	heapGrowth: number;
	rssBefore: number;
	rssPeak: number;
	samples: number;
}

export function startMemorySampler(intervalMs = 10) {
	const before = process.memoryUsage();
	let rssPeak = before.rss;
	let heapPeak = before.heapUsed;
	let samples = 0;
	const sample = () => {
		const m = process.memoryUsage();
		samples++;
		if (m.rss > rssPeak) rssPeak = m.rss;
		if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
	};
	const timer = setInterval(sample, intervalMs);
	return {
		stop(): MemoryPeak {
			clearInterval(timer);
			sample();
			return {
				rssGrowth: rssPeak - before.rss,
				heapGrowth: heapPeak - before.heapUsed,
				rssBefore: before.rss,
				rssPeak,
				samples,
			};
		},
	};
}
