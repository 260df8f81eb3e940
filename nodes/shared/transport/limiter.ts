/**
 * Keeps the requests of one node run from stampeding the API: at most `max` in flight at once, and
 * everyone waits while a 429's Retry-After is in force. It also admits input items, ITEMS_PER_SLOT x
 * `max` in progress at once (built, sending or waiting to retry), so an item's request is built
 * shortly before a slot frees for it (the executor's prepare.ts). One limiter exists per execution and node, and is
 * dropped as soon as nobody uses it.
 */
import { sleep } from 'n8n-workflow';

export class Limiter {
	private active = 0;

	private readonly queue: Array<() => void> = [];

	private pausedUntil = 0;

	private admitted = 0;

	private readonly waitingItems: Array<() => void> = [];

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

	/** An input item starts: waits while ITEMS_PER_SLOT x `max` items are in progress, first come first served. */
	async admit(): Promise<void> {
		if (this.admitted >= this.max * ITEMS_PER_SLOT) await new Promise<void>((resolve) => this.waitingItems.push(resolve));
		else this.admitted++;
	}

	/** An input item is done. */
	leave() {
		const next = this.waitingItems.shift();
		if (next) next();
		else this.admitted--;
	}
}

/**
 * Items in progress per request slot. Enough that a slot a 429 frees always finds a request waiting
 * (measured: with 2 per slot, Batching faster than the rate limit took 2.5x as long), few enough that
 * the first request leaves after a few dozen items are built, not all of them.
 */
export const ITEMS_PER_SLOT = 20;

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
