/**
 * Query-string parsing with deepObject support: `filter[name]=x&sort[by]=name`
 * becomes `{ filter: { name: 'x' }, sort: { by: 'name' } }`. A key given twice
 * becomes an array of its values.
 */
export type QueryValue = string | string[] | QueryObject;
export interface QueryObject {
	[key: string]: QueryValue;
}

function decode(s: string): string {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}

function splitKey(key: string): string[] {
	const first = key.indexOf('[');
	if (first <= 0) return [key];
	const parts = [key.slice(0, first)];
	const re = /\[([^\]]*)\]/g;
	let m: RegExpExecArray | null;
	let last = first;
	while ((m = re.exec(key)) !== null) {
		if (m.index !== last) break;
		parts.push(m[1]);
		last = m.index + m[0].length;
	}
	if (last !== key.length) return [key];
	return parts;
}

export function parseQuery(raw: string): QueryObject {
	const out: QueryObject = Object.create(null);
	if (!raw) return out;
	for (const pair of raw.split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const k = decode(eq < 0 ? pair : pair.slice(0, eq));
		const v = eq < 0 ? '' : decode(pair.slice(eq + 1));
		const path = splitKey(k);
		let target: QueryObject = out;
		for (let i = 0; i < path.length - 1; i++) {
			const seg = path[i];
			const cur = target[seg];
			if (cur === undefined || typeof cur === 'string' || Array.isArray(cur)) {
				const next: QueryObject = Object.create(null);
				target[seg] = next;
				target = next;
			} else {
				target = cur;
			}
		}
		const leaf = path[path.length - 1];
		const prev = target[leaf];
		if (prev === undefined || (typeof prev === 'object' && !Array.isArray(prev))) target[leaf] = v;
		else if (Array.isArray(prev)) prev.push(v);
		else target[leaf] = [prev, v];
	}
	return out;
}

/** Plain-object copy (the parser uses null-prototype objects). */
export function toPlain(q: QueryObject): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(q)) {
		out[k] = typeof v === 'object' && !Array.isArray(v) ? toPlain(v) : v;
	}
	return out;
}
