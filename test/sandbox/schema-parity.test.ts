/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * The sandbox's hand-written resource table (sandbox/schema.ts) must match the
 * official contract: property names, required lists, read-only / write-only flags,
 * nullability, types and formats, enums, closed/open objects. The spec is read with
 * the declared `yaml` package (test/helpers/spec.ts); a missing spec fails the suite.
 */
import { RESOURCE_DEFS, RESOURCES, type Field } from '../../sandbox/schema';
import { loadSpec, PLURAL_RESOURCE_SCHEMAS } from '../helpers/spec';

type Schema = Record<string, any>;

const SCHEMA_NAMES = PLURAL_RESOURCE_SCHEMAS;

describe('sandbox schema table matches crm.yml', () => {
	const spec = loadSpec('crm.yml') as Schema;
	const schemas = spec.components.schemas as Record<string, Schema>;
	const deref = (s: Schema): Schema => (s.$ref ? deref(schemas[s.$ref.split('/').pop()]) : s);

	function compare(field: Field, raw: Schema, at: string, problems: string[]): void {
		const s = deref(raw);
		const flag = (name: string, mine: unknown, theirs: unknown) => {
			if (Boolean(mine) !== Boolean(theirs)) problems.push(`${at}: ${name} is ${Boolean(mine)} here, ${Boolean(theirs)} in the spec`);
		};
		flag('readOnly', field.readOnly, raw.readOnly ?? s.readOnly);
		flag('writeOnly', field.writeOnly, s.writeOnly);
		if (s.anyOf) {
			if (field.type !== 'any') problems.push(`${at}: anyOf in spec, ${field.type} here`);
			return;
		}
		flag('nullable', field.nullable, s.nullable);
		const theirType =
			s.type === 'string' && ['date', 'date-time', 'email'].includes(s.format) ? s.format : s.type;
		if (field.type !== theirType) problems.push(`${at}: type ${field.type} here, ${theirType} in the spec`);
		if (JSON.stringify(field.enum ?? null) !== JSON.stringify(s.enum ?? null)) problems.push(`${at}: enum differs`);
		if ((field.minLength ?? null) !== (s.minLength ?? null)) problems.push(`${at}: minLength differs`);
		if ((field.minimum ?? null) !== (s.minimum ?? null)) problems.push(`${at}: minimum differs`);
		if (s.type === 'array') compare(field.items as Field, s.items, `${at}[]`, problems);
		if (s.type === 'object') {
			if (!s.properties) {
				if (field.props) problems.push(`${at}: free-form object in spec, closed here`);
				return;
			}
			compareProps(field.props ?? {}, s, at, problems);
			flag('open', field.open, s.additionalProperties !== false);
			if (JSON.stringify(field.required ?? []) !== JSON.stringify(s.required ?? []))
				problems.push(`${at}: required ${JSON.stringify(field.required)} vs ${JSON.stringify(s.required)}`);
		}
	}

	function compareProps(mine: Record<string, Field>, s: Schema, at: string, problems: string[]): void {
		const theirs = Object.keys(s.properties);
		const ours = Object.keys(mine);
		for (const k of theirs) if (!ours.includes(k)) problems.push(`${at}.${k}: missing here`);
		for (const k of ours) if (!theirs.includes(k)) problems.push(`${at}.${k}: not in the spec`);
		for (const k of ours) if (theirs.includes(k)) compare(mine[k], s.properties[k], `${at}.${k}`, problems);
	}

	test.each(RESOURCES.map((r) => [r]))('%s', (resource) => {
		const def = RESOURCE_DEFS[resource];
		const s = schemas[SCHEMA_NAMES[resource]];
		const problems: string[] = [];
		compareProps(def.fields, s, SCHEMA_NAMES[resource], problems);
		expect(problems).toEqual([]);
		expect([...def.required]).toEqual(s.required ?? []);
		expect(Boolean(def.open)).toBe(s.additionalProperties !== false);
	});

	test('filters and sort keys match, 22 filters in total', () => {
		const params = spec.components.parameters as Record<string, Schema>;
		let total = 0;
		for (const r of RESOURCES) {
			const f = params[`${r}Filter`];
			const filterSchema = f ? deref(f.schema) : { properties: {} };
			expect(Object.keys(RESOURCE_DEFS[r].filters)).toEqual(Object.keys(filterSchema.properties));
			total += Object.keys(RESOURCE_DEFS[r].filters).length;
			const so = params[`${r}Sort`];
			expect([...RESOURCE_DEFS[r].sorts]).toEqual(so ? deref(so.schema).properties.by.enum : []);
		}
		expect(total).toBe(22);
	});

	test('190 writable body fields', () => {
		const n = RESOURCES.reduce((acc, r) => acc + Object.values(RESOURCE_DEFS[r].fields).filter((f) => !f.readOnly).length, 0);
		expect(n).toBe(190);
	});
});
