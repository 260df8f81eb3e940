// Loads Apideck's official OpenAPI specs from ../shared/apideck (beside the repository in CI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export function specPath(name: string): string {
	// ../shared/apideck beside the checkout, looked for from every folder above this one, so that a copy
	// of the repository inside it (Stryker's sandbox in .stryker-tmp/) finds it too
	const above: string[] = [];
	for (let dir = resolve(__dirname, '../..'); ; dir = dirname(dir)) {
		above.push(resolve(dir, '..', 'shared', 'apideck', name));
		if (dirname(dir) === dir) break;
	}
	const candidates = [...new Set([...above, resolve('/work/shared/apideck', name)])];
	const found = candidates.find((p) => existsSync(p));
	if (!found) throw new Error(`Apideck spec ${name} not found beside the checkout (../shared/apideck) nor in /work/shared/apideck: run node scripts/fetch-apideck-specs.mjs`);
	return found;
}

const cache = new Map<string, any>();
export function loadSpec(name = 'crm.yml'): any {
	if (!cache.has(name)) cache.set(name, parse(readFileSync(specPath(name), 'utf8')));
	return cache.get(name);
}

/** Follows $ref and merges allOf, returning a plain schema object. */
export function resolveSchema(spec: any, schema: any): any {
	let s = schema;
	while (s && s.$ref) s = spec.components.schemas[s.$ref.split('/').pop()];
	if (s?.allOf) {
		const merged: any = { type: 'object', properties: {}, required: [] };
		for (const part of s.allOf) {
			const r = resolveSchema(spec, part);
			Object.assign(merged.properties, r.properties ?? {});
			merged.required.push(...(r.required ?? []));
		}
		return merged;
	}
	return s;
}

/** Writable properties of a schema: name → resolved schema (readOnly ones left out). */
export function writableProperties(spec: any, schema: any): Record<string, any> {
	const s = resolveSchema(spec, schema);
	const out: Record<string, any> = {};
	for (const [name, raw] of Object.entries<any>(s.properties ?? {})) {
		const r = resolveSchema(spec, raw);
		if (raw.readOnly || r?.readOnly) continue;
		out[name] = r;
	}
	return out;
}
