/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * What the sandbox accepts beyond the 10.3.6 contract on the eight resources (sandbox/schema.ts,
 * CURRENT_API_ADDITIONS) must be exactly what Apideck's current CRM API adds: each addition is in
 * crm-10.34.0.yml with the same type, nullability, length limits, enum, required list and write-only
 * flag, none is in crm.yml, and nothing writable or filterable that crm-10.34.0.yml adds is missing.
 * The 10.3.6 tables themselves stay checked against crm.yml by schema-parity.test.ts.
 */
import { BODY_FIELDS, CURRENT_API_ADDITIONS, LIST_FILTERS, RESOURCE_DEFS, RESOURCES, WRITE_ONLY, type Field } from '../../sandbox/schema';
import { loadSpec, PLURAL_RESOURCE_SCHEMAS } from '../helpers/spec';

type Schema = Record<string, any>;

const SCHEMA_NAMES = PLURAL_RESOURCE_SCHEMAS;

const current = loadSpec('crm-10.34.0.yml') as Schema;
const reference = loadSpec('crm.yml') as Schema;

function deref(spec: Schema, s: Schema): Schema {
	while (s?.$ref) s = spec.components.schemas[s.$ref.split('/').pop()];
	if (s?.allOf) {
		const merged: Schema = { type: 'object', properties: {}, required: [] };
		for (const part of s.allOf) Object.assign(merged.properties, deref(spec, part).properties ?? {});
		return merged;
	}
	return s;
}

/** Differences between a sandbox field and the spec's schema of it, with where they are. */
function compare(field: Field, raw: Schema, at: string, problems: string[]): void {
	const s = deref(current, raw);
	const flag = (name: string, mine: unknown, theirs: unknown) => {
		if (Boolean(mine) !== Boolean(theirs)) problems.push(`${at}: ${name} is ${Boolean(mine)} here, ${Boolean(theirs)} in the spec`);
	};
	flag('readOnly', field.readOnly, raw.readOnly ?? s.readOnly);
	flag('writeOnly', field.writeOnly, s.writeOnly);
	if (s.type === undefined && s.properties === undefined) {
		// any value
		if (field.type !== 'any') problems.push(`${at}: any value in the spec, ${field.type} here`);
		return;
	}
	flag('nullable', field.nullable, s.nullable);
	const theirType = s.type === 'string' && ['date', 'date-time', 'email'].includes(s.format) ? s.format : s.type;
	if (field.type !== theirType) problems.push(`${at}: type ${field.type} here, ${theirType} in the spec`);
	if (JSON.stringify(field.enum ?? null) !== JSON.stringify(s.enum ?? null)) problems.push(`${at}: enum differs`);
	for (const limit of ['minLength', 'maxLength', 'minimum'] as const) {
		if ((field[limit] ?? null) !== (s[limit] ?? null)) problems.push(`${at}: ${limit} differs`);
	}
	if (s.type === 'array') compare(field.items as Field, s.items, `${at}[]`, problems);
	if (s.type === 'object') {
		if (!s.properties) {
			if (field.props) problems.push(`${at}: free-form object in the spec, closed here`);
			return;
		}
		const theirs = Object.keys(s.properties);
		const ours = Object.keys(field.props ?? {});
		for (const k of theirs) if (!ours.includes(k)) problems.push(`${at}.${k}: missing here`);
		for (const k of ours) if (!theirs.includes(k)) problems.push(`${at}.${k}: not in the spec`);
		for (const k of ours) if (theirs.includes(k)) compare(field.props![k], s.properties[k], `${at}.${k}`, problems);
		flag('open', field.open, s.additionalProperties !== false);
		if (JSON.stringify(field.required ?? []) !== JSON.stringify(s.required ?? [])) problems.push(`${at}: required differs`);
	}
}

/** Paths of every writable property of a spec schema, nested ones included (`addresses[].line5`). */
function specPaths(spec: Schema, raw: Schema, at: string, out: Set<string>, depth = 0): Set<string> {
	const s = deref(spec, raw);
	if (!s || depth > 6) return out;
	if (s.type === 'array') return specPaths(spec, s.items, `${at}[]`, out, depth + 1);
	for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) {
		if (v.readOnly || deref(spec, v)?.readOnly) continue;
		out.add(`${at}.${k}`);
		specPaths(spec, v, `${at}.${k}`, out, depth + 1);
	}
	return out;
}

/** The same for a sandbox field table. */
function tablePaths(fields: Record<string, Field>, at: string, out: Set<string>): Set<string> {
	for (const [k, f] of Object.entries(fields)) {
		if (f.readOnly) continue;
		out.add(`${at}.${k}`);
		let inner: Field | undefined = f;
		let path = `${at}.${k}`;
		while (inner?.type === 'array') {
			inner = inner.items;
			path += '[]';
		}
		if (inner?.props) tablePaths(inner.props, path, out);
	}
	return out;
}

/** The paths of `bigger` not in `smaller` whose parent is in `smaller`: where each addition starts. */
function additionRoots(bigger: Set<string>, smaller: Set<string>): string[] {
	const added = [...bigger].filter((p) => !smaller.has(p));
	return added.filter((p) => !added.includes(p.replace(/(\[\])*\.[^.]+$/, ''))).sort();
}

describe.each(RESOURCES.map((r) => [r]))('%s', (resource) => {
	const name = SCHEMA_NAMES[resource];

	test('each added body field is in crm-10.34.0.yml, as typed here, and not in crm.yml', () => {
		const problems: string[] = [];
		const theirs = deref(current, current.components.schemas[name]).properties;
		const before = deref(reference, reference.components.schemas[name]).properties;
		for (const [k, f] of Object.entries(CURRENT_API_ADDITIONS.fields[resource])) {
			if (!theirs[k]) problems.push(`${name}.${k}: not in crm-10.34.0.yml`);
			else compare(f, theirs[k], `${name}.${k}`, problems);
			if (before[k]) problems.push(`${name}.${k}: already in crm.yml`);
		}
		expect(problems).toEqual([]);
	});

	test('the sandbox accepts exactly what crm-10.34.0.yml adds to the writable body, nested objects included', () => {
		const added = additionRoots(specPaths(current, current.components.schemas[name], name, new Set()), specPaths(reference, reference.components.schemas[name], name, new Set()));
		const accepted = additionRoots(tablePaths(BODY_FIELDS[resource], name, new Set()), tablePaths(RESOURCE_DEFS[resource].fields, name, new Set()));
		expect(accepted).toEqual(added);
	});

	test('the added filters are the ones crm-10.34.0.yml adds, typed as there', () => {
		const filterOf = (spec: Schema) => {
			const p = spec.components.parameters[`${resource}Filter`];
			return p ? deref(spec, p.schema).properties : {};
		};
		const theirs = filterOf(current);
		const before = filterOf(reference);
		const added = Object.keys(theirs).filter((k) => !(k in before));
		expect(Object.keys(CURRENT_API_ADDITIONS.filters[resource]).sort()).toEqual(added.sort());
		for (const [k, kind] of Object.entries(CURRENT_API_ADDITIONS.filters[resource])) {
			const s = deref(current, theirs[k]);
			expect([k, kind]).toEqual([k, s.format === 'date-time' ? 'date-time' : s.type]);
		}
		// and the sandbox applies both kinds
		expect(Object.keys(LIST_FILTERS[resource]).sort()).toEqual(Object.keys(theirs).sort());
	});
});

test('the nested additions are in their crm-10.34.0.yml schema, as typed here, and not in crm.yml', () => {
	const schemaOf = (spec: Schema, name: string) => {
		const [schema, property] = name.split('.');
		const s = deref(spec, spec.components.schemas[schema]);
		return property ? deref(spec, s.properties[property].items) : s;
	};
	const problems: string[] = [];
	for (const { schema, props } of CURRENT_API_ADDITIONS.nested) {
		const theirs = schemaOf(current, schema).properties;
		const before = schemaOf(reference, schema).properties;
		for (const [k, f] of Object.entries(props)) {
			if (!theirs[k]) problems.push(`${schema}.${k}: not in crm-10.34.0.yml`);
			else compare(f, theirs[k], `${schema}.${k}`, problems);
			if (before[k]) problems.push(`${schema}.${k}: already in crm.yml`);
		}
	}
	expect(problems).toEqual([]);
});

test('the additions: 13 body fields (pass_through on all eight), 3 nested ones, 13 filters; pass_through is never returned', () => {
	const fields = RESOURCES.flatMap((r) => Object.keys(CURRENT_API_ADDITIONS.fields[r]).map((k) => `${r}.${k}`));
	expect(fields).toHaveLength(13);
	expect(RESOURCES.every((r) => 'pass_through' in CURRENT_API_ADDITIONS.fields[r])).toBe(true);
	expect(CURRENT_API_ADDITIONS.nested.flatMap((n) => Object.keys(n.props).map((k) => `${n.schema}.${k}`))).toEqual(['Address.line5', 'BankAccount.country', 'Pipeline.stages.archived']);
	expect(RESOURCES.reduce((n, r) => n + Object.keys(CURRENT_API_ADDITIONS.filters[r]).length, 0)).toBe(13);
	for (const r of RESOURCES) expect(WRITE_ONLY[r]).toContain('pass_through');
	// the 10.3.6 tables are untouched: the additions live in BODY_FIELDS / LIST_FILTERS only
	for (const r of RESOURCES) {
		expect(RESOURCE_DEFS[r].fields).not.toHaveProperty('pass_through');
		for (const k of Object.keys(CURRENT_API_ADDITIONS.filters[r])) expect(RESOURCE_DEFS[r].filters).not.toHaveProperty(k);
	}
});
