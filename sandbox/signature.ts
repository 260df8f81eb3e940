import { createHmac } from 'node:crypto';

/**
 * Compact JSON with object keys sorted recursively (array order is kept).
 * Values JSON.stringify would drop (undefined, functions) are dropped the same way.
 */
export function canonicalJson(body: unknown): string {
	return serialize(body) ?? 'null';
}

function serialize(v: unknown): string | undefined {
	if (v === null) return 'null';
	if (v !== undefined && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
		v = (v as { toJSON: () => unknown }).toJSON();
	}
	switch (typeof v) {
		case 'undefined':
		case 'function':
		case 'symbol':
			return undefined;
		case 'bigint':
			throw new TypeError('canonicalJson: BigInt is not serialisable');
		case 'string':
		case 'number':
		case 'boolean':
			return JSON.stringify(v);
	}
	if (Array.isArray(v)) return `[${v.map((x) => serialize(x) ?? 'null').join(',')}]`;
	const obj = v as Record<string, unknown>;
	const parts: string[] = [];
	for (const k of Object.keys(obj).sort()) {
		const s = serialize(obj[k]);
		if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
	}
	return `{${parts.join(',')}}`;
}

/** HMAC-SHA256 of canonicalJson(body), keyed with the API key. */
export function signPayload(body: unknown, apiKey: string, encoding: 'hex' | 'base64' = 'hex'): string {
	return createHmac('sha256', apiKey).update(canonicalJson(body)).digest(encoding);
}
