/**
 * Once per event: remembers the delivery keys (Apideck's x-apideck-idempotency-key, the same on every
 * retry of one event) a trigger has accepted, in two places.
 *
 * - The workflow's static data, which n8n saves to its database after the webhook call (the trigger
 *   answers the request itself so that n8n saves it before it starts the run). It survives restarts and
 *   is what a retry minutes or hours later meets, on any n8n process.
 * - This process's memory, checked and updated without yielding: copies of one delivery that arrive at
 *   the same time each load the static data before either has saved it, so only the memory can tell the
 *   second copy apart. It also repairs keys a concurrent save overwrote (n8n saves the whole static data
 *   of each call, last writer wins), because every save writes the remembered keys again.
 *
 * What no community node can close: two copies of one delivery handled at the same moment by two
 * different n8n processes (several webhook processors in queue mode) share neither memory nor a lock.
 */
import type { IDataObject } from 'n8n-workflow';

/** Keys kept in static data: written back on every accepted delivery, so kept small. */
export const DEDUPE_WINDOW = 1000;

/** Keys kept in memory per trigger, and for how long: Apideck retries a delivery for up to 24 hours. */
export const MEMORY_WINDOW = 10_000;
export const MEMORY_TTL_MS = 26 * 60 * 60 * 1000;

/** Longest key kept (the header is the sender's to choose). */
const MAX_KEY_LENGTH = 200;

const memory = new Map<string, Map<string, number>>();

function scopeOf(scope: string): Map<string, number> {
	let keys = memory.get(scope);
	if (!keys) {
		keys = new Map();
		memory.set(scope, keys);
	}
	return keys;
}

function prune(keys: Map<string, number>, now: number) {
	for (const [key, at] of keys) {
		if (keys.size <= MEMORY_WINDOW && now - at < MEMORY_TTL_MS) break;
		keys.delete(key);
	}
}

function persisted(staticData: IDataObject): string[] {
	return Array.isArray(staticData.recentDeliveries) ? (staticData.recentDeliveries as string[]) : [];
}

/**
 * Claims a delivery for one trigger (`scope`: workflow, node and mode). Returns false when the key was
 * seen before, in memory or in static data; otherwise records it in both and returns true.
 * Synchronous on purpose: nothing can run between the check and the record.
 */
export function claimDelivery(scope: string, rawKey: string, staticData: IDataObject, now = Date.now()): boolean {
	const key = rawKey.slice(0, MAX_KEY_LENGTH);
	const keys = scopeOf(scope);
	const saved = persisted(staticData);
	if (keys.has(key) || saved.includes(key)) return false;
	keys.set(key, now);
	prune(keys, now);
	// What this process accepted lately goes back into static data too, in case another call's save
	// replaced it; the newest key last.
	const merged = new Set(saved);
	for (const known of [...keys.keys()].slice(-DEDUPE_WINDOW)) merged.add(known);
	merged.delete(key);
	merged.add(key);
	staticData.recentDeliveries = [...merged].slice(-DEDUPE_WINDOW);
	return true;
}

/** Gives a claim back, when the delivery could not be turned into a run and should be retried. */
export function releaseDelivery(scope: string, rawKey: string, staticData: IDataObject) {
	const key = rawKey.slice(0, MAX_KEY_LENGTH);
	memory.get(scope)?.delete(key);
	const saved = persisted(staticData);
	if (saved.includes(key)) staticData.recentDeliveries = saved.filter((k) => k !== key);
}

/** Forgets everything this process remembers (tests; a restart does the same). */
export function forgetDeliveries() {
	memory.clear();
}
