/**
 * What Create or Update remembers within one run of one node: a queue per key, so that items with the
 * same key run one after the other although n8n sends all items at once, and which record a key
 * found or created, so that a later item updates it without relying on the API's list being up to
 * date. A run is an execution and a node; its memory is dropped after an hour without use.
 */
export interface KeyState {
	/** the record this key stands for in this run (found or created) */
	id?: string;
	/** a create of this key failed in a way that may have created the record anyway */
	ambiguous?: boolean;
	/** settles when the last item queued for this key is done */
	tail: Promise<void>;
}

interface Run {
	keys: Map<string, KeyState>;
	touched: number;
	pending: number;
}

const IDLE_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 1000;

const runs = new Map<string, Run>();
let lastSweep = 0;

function sweep(now: number) {
	if (now - lastSweep < SWEEP_EVERY_MS) return;
	lastSweep = now;
	for (const [key, run] of runs) if (run.pending === 0 && now - run.touched > IDLE_MS) runs.delete(key);
}

/** Runs `fn` once every earlier call with the same run and key has finished, with that key's state. */
export async function exclusive<T>(runKey: string, key: string, fn: (state: KeyState) => Promise<T>): Promise<T> {
	const now = Date.now();
	sweep(now);
	let run = runs.get(runKey);
	if (!run) {
		run = { keys: new Map(), touched: now, pending: 0 };
		runs.set(runKey, run);
	}
	let state = run.keys.get(key);
	if (!state) {
		state = { tail: Promise.resolve() };
		run.keys.set(key, state);
	}
	const previous = state.tail;
	let release!: () => void;
	state.tail = new Promise<void>((resolve) => (release = resolve));
	run.pending++;
	run.touched = now;
	try {
		await previous;
		return await fn(state);
	} finally {
		release();
		run.pending--;
		run.touched = Date.now();
	}
}
