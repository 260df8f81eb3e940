/**
 * Apideck signs each delivery with HMAC-SHA256, keyed with the application's API key, over the
 * JSON body with object keys sorted at every level (arrays keep their order), written compactly.
 * The digest may come hex or base64 encoded; both are accepted and compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'crypto';

/** Compact JSON with object keys sorted recursively; what JSON.stringify drops is dropped. */
export function canonicalJson(value: unknown): string {
	return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
	if (value === null) return 'null';
	if (value !== undefined && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
		value = (value as { toJSON: () => unknown }).toJSON();
	}
	switch (typeof value) {
		case 'undefined':
		case 'function':
		case 'symbol':
			return undefined;
		case 'string':
		case 'number':
		case 'boolean':
			return JSON.stringify(value);
		case 'bigint':
			return value.toString();
	}
	if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
	const record = value as Record<string, unknown>;
	const parts: string[] = [];
	for (const key of Object.keys(record).sort()) {
		const written = write(record[key]);
		if (written !== undefined) parts.push(`${JSON.stringify(key)}:${written}`);
	}
	return `{${parts.join(',')}}`;
}

/** The expected digest of a body. */
export function computeSignature(body: unknown, apiKey: string): Buffer {
	return createHmac('sha256', apiKey).update(canonicalJson(body)).digest();
}

/** Decodes a received signature (hex or base64, optionally prefixed "sha256="); undefined if unreadable. */
export function decodeSignature(header: unknown): Buffer | undefined {
	let value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string') return undefined;
	value = value.trim().replace(/^sha256=/i, '');
	if (value === '') return undefined;
	if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
	if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
		const decoded = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		if (decoded.length === 32) return decoded;
	}
	return undefined;
}

/** Whether the signature header matches the body for this API key. */
export function verifySignature(body: unknown, header: unknown, apiKey: string): boolean {
	const received = decodeSignature(header);
	if (!received || !apiKey) return false;
	const expected = computeSignature(body, apiKey);
	return received.length === expected.length && timingSafeEqual(received, expected);
}
