/**
 * Reads what the webhook trigger keeps in static data to recognise a redelivery, computed here on its
 * own (not with the trigger's code): the first 11 characters of the base64url SHA-256 of each key, packed
 * oldest first into `deliveryFingerprints`.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/** What static data holds for one delivery key. */
export const fingerprintOf = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 11);

/** The fingerprints in a trigger's static data, oldest first. */
export function savedFingerprints(staticData: IDataObject): string[] {
	const packed = staticData.deliveryFingerprints;
	if (packed === undefined) return [];
	if (typeof packed !== 'string' || packed.length % 11 !== 0) throw new Error(`not packed fingerprints: ${JSON.stringify(packed)}`);
	return packed.match(/.{11}/g) ?? [];
}

/** The fingerprints for some keys, in the same order (to compare with savedFingerprints). */
export const fingerprintsOf = (keys: string[]) => keys.map(fingerprintOf);
