/**
 * Keeps the requests of one node run from stampeding the API: at most `max` in flight at once, and
 * everyone waits while a 429's Retry-After is in force. One limiter exists per execution and node,
 * and is dropped as soon as nobody uses it.
 */
import { sleep } from 'n8n-workflow';

export class Limiter {
	private active = 0;

	private readonly queue: Array<() => void> = [];

	private pausedUntil = 0;

	constructor(public max: number) {}

	/** Everyone sending through this limiter waits until `until` (epoch ms). */
	pauseUntil(until: number) {
		if (until > this.pausedUntil) this.pausedUntil = until;
	}

	/** `retry`: a request that already waited its turn once goes to the front of the queue. */
	async acquire(retry: boolean): Promise<void> {
		if (this.active >= this.max) {
			await new Promise<void>((resolve) => (retry ? this.queue.unshift(resolve) : this.queue.push(resolve)));
		} else {
			this.active++;
		}
		for (;;) {
			const wait = this.pausedUntil - Date.now();
			if (wait <= 0) return;
			await sleep(wait);
		}
	}

	release() {
		const next = this.queue.shift();
		if (next) next();
		else this.active--;
	}
}

const limiters = new Map<string, { limiter: Limiter; users: number }>();

/** Runs `fn` holding a slot of the limiter shared by everyone using the same key. */
export async function withLimiter<T>(
	key: string,
	max: number,
	fn: (limiter: Limiter) => Promise<T>,
): Promise<T> {
	let entry = limiters.get(key);
	if (!entry) {
		entry = { limiter: new Limiter(max), users: 0 };
		limiters.set(key, entry);
	}
	entry.users++;
	try {
		return await fn(entry.limiter);
	} finally {
		entry.users--;
		if (entry.users === 0) limiters.delete(key);
	}
}
