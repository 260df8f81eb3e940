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
 * Static data holds a fingerprint per key, not the key: n8n writes a workflow's whole static data back on
 * every call that changes it, so each accepted delivery rewrites the whole window. Fingerprints are the
 * first 66 bits of the key's SHA-256, 11 characters, packed into one string (11 kB for 1,000 keys; the
 * 36-character keys in a JSON array took 39 kB). The chance that a new event's fingerprint equals one of
 * the 1,000 kept is about 1 in 7 × 10^16 per delivery.
 *
 * What no community node can close: two copies of one delivery handled at the same moment by two
 * different n8n processes (several webhook processors in queue mode) share neither memory nor a lock.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/** Keys kept in static data: written back on every accepted delivery, so kept small. */
export const DEDUPE_WINDOW = 1000;

/** Keys kept in memory per trigger, and for how long: Apideck retries a delivery for up to 24 hours. */
export const MEMORY_WINDOW = 10_000;
export const MEMORY_TTL_MS = 26 * 60 * 60 * 1000;

/** Longest key read (the header is the sender's to choose). */
const MAX_KEY_LENGTH = 200;

/** Characters per fingerprint in static data. */
export const FINGERPRINT_LENGTH = 11;

/** Where static data keeps the fingerprints, oldest first, with no separator. */
const SAVED = 'deliveryFingerprints';
/** Where earlier versions of the trigger kept the keys themselves (an array); read once, then replaced. */
const LEGACY = 'recentDeliveries';

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

/** The fingerprint static data keeps for a delivery key. */
export function fingerprint(rawKey: string): string {
	return createHash('sha256').update(rawKey.slice(0, MAX_KEY_LENGTH)).digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

/** The fingerprints in static data, oldest first (an earlier version's keys first of all). */
function persisted(staticData: IDataObject): string[] {
	const saved: string[] = [];
	const legacy = staticData[LEGACY];
	if (Array.isArray(legacy)) for (const key of legacy) if (typeof key === 'string') saved.push(fingerprint(key));
	const packed = staticData[SAVED];
	if (typeof packed === 'string') {
		for (let at = 0; at + FINGERPRINT_LENGTH <= packed.length; at += FINGERPRINT_LENGTH) {
			saved.push(packed.slice(at, at + FINGERPRINT_LENGTH));
		}
	}
	return saved;
}

function save(staticData: IDataObject, fingerprints: Iterable<string>) {
	staticData[SAVED] = [...fingerprints].slice(-DEDUPE_WINDOW).join('');
	delete staticData[LEGACY];
}

/**
 * Claims a delivery for one trigger (`scope`: workflow, node and mode). Returns false when the key was
 * seen before, in memory or in static data; otherwise records it in both and returns true.
 * Synchronous on purpose: nothing can run between the check and the record.
 */
export function claimDelivery(scope: string, rawKey: string, staticData: IDataObject, now = Date.now()): boolean {
	const print = fingerprint(rawKey);
	const keys = scopeOf(scope);
	const saved = persisted(staticData);
	if (keys.has(print) || saved.includes(print)) return false;
	keys.set(print, now);
	prune(keys, now);
	// What this process accepted lately goes back into static data too, in case another call's save
	// replaced it; the newest key last.
	const merged = new Set(saved);
	for (const known of [...keys.keys()].slice(-DEDUPE_WINDOW)) merged.add(known);
	merged.delete(print);
	merged.add(print);
	save(staticData, merged);
	return true;
}

/** Gives a claim back, when the delivery could not be turned into a run and should be retried. */
export function releaseDelivery(scope: string, rawKey: string, staticData: IDataObject) {
	const print = fingerprint(rawKey);
	memory.get(scope)?.delete(print);
	const saved = persisted(staticData);
	if (saved.includes(print)) save(staticData, saved.filter((known) => known !== print));
}

/** Forgets everything this process remembers (tests; a restart does the same). */
export function forgetDeliveries() {
	memory.clear();
}
