/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Loads Apideck's official OpenAPI specs from ../shared/apideck (beside the repository in CI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export function specPath(name = 'crm.yml'): string {
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

/**
 * What a spec documents for a list read (GET path): its query parameters, the properties of its deepObject
 * parameters (filter[...], sort[...]) and the enum of each property. Prism lets an undocumented filter
 * property through (the deepObject schemas allow more properties), so contract tests check keys with this.
 */
export function listQueryOf(spec: any, path: string): { params: Set<string>; deep: Record<string, Record<string, string[] | null>> } {
	const operation = spec.paths[path]?.get;
	if (!operation) throw new Error(`the spec has no GET ${path}`);
	const params = new Set<string>();
	const deep: Record<string, Record<string, string[] | null>> = {};
	for (let parameter of operation.parameters ?? []) {
		while (parameter.$ref) parameter = spec.components.parameters[parameter.$ref.split('/').pop()];
		if (parameter.in !== 'query') continue;
		params.add(parameter.name);
		const schema = resolveSchema(spec, parameter.schema);
		if (parameter.style === 'deepObject' || schema?.type === 'object') {
			deep[parameter.name] = Object.fromEntries(
				Object.entries(schema?.properties ?? {}).map(([k, v]) => [k, (resolveSchema(spec, v) as { enum?: string[] })?.enum ?? null]),
			);
		}
	}
	return { params, deep };
}

/** What in a list read's query string the spec does not document (unknown parameters, properties, enum values). */
export function undocumentedQuery(spec: any, path: string, search: URLSearchParams): string[] {
	const { params, deep } = listQueryOf(spec, path);
	const wrong: string[] = [];
	for (const [key, value] of search) {
		const m = /^([a-z_]+)\[([a-z_]+)\]$/.exec(key);
		if (!m) {
			if (!params.has(key)) wrong.push(key);
			continue;
		}
		const properties = deep[m[1]];
		if (!properties || !(m[2] in properties)) wrong.push(key);
		else if (properties[m[2]] && !properties[m[2]]!.includes(value)) wrong.push(`${key}=${value}`);
	}
	return wrong;
}

/** The spec schema (components.schemas) of each of the eight 10.3.6 resources, by the node's resource value. */
export const RESOURCE_SCHEMAS: Record<string, string> = {
	company: 'Company',
	contact: 'Contact',
	lead: 'Lead',
	opportunity: 'Opportunity',
	activity: 'Activity',
	note: 'Note',
	pipeline: 'Pipeline',
	user: 'User',
};

/** The spec schema of each composite field kind's entries (fields.ts COMPOSITES). */
export const COMPOSITE_SCHEMAS: Record<string, string> = {
	emails: 'Email',
	phoneNumbers: 'PhoneNumber',
	addresses: 'Address',
	address: 'Address',
	websites: 'Website',
	socialLinks: 'SocialLink',
	bankAccounts: 'BankAccount',
	attendees: 'ActivityAttendee',
};

/** The same schemas by the sandbox's (and the API path's) plural resource names. */
export const PLURAL_RESOURCE_SCHEMAS: Record<string, string> = {
	companies: 'Company',
	contacts: 'Contact',
	leads: 'Lead',
	opportunities: 'Opportunity',
	activities: 'Activity',
	notes: 'Note',
	pipelines: 'Pipeline',
	users: 'User',
};
