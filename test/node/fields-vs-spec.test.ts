/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The node's field descriptions against the official spec: every documented writable field is
// offered (and nothing read-only), enums carry every documented value, filters and sorts match.
import { RESOURCES } from '../../nodes/shared/resources';
import { COMPOSITES, type FieldDef } from '../../nodes/shared/definitions/fields';
import { CURRENCIES } from '../../nodes/shared/definitions/enums';
import { matchFilters } from '../../nodes/shared/requests/routing';
import { FLATTENED } from '../../nodes/ApideckCrm/executor/simplify';
import { loadSpec, resolveSchema, writableProperties, COMPOSITE_SCHEMAS, RESOURCE_SCHEMAS } from '../helpers/spec';

const spec = loadSpec();
const SCHEMA = RESOURCE_SCHEMAS;
const COMPOSITE_SCHEMA = COMPOSITE_SCHEMAS;

function enumOf(schema: any): string[] | undefined {
	return schema?.enum ?? schema?.items?.enum;
}

function checkEnum(f: FieldDef, schema: any) {
	const documented = enumOf(schema);
	if (f.kind === 'currency') expect([...CURRENCIES].sort()).toEqual([...documented!].sort());
	else if (documented) {
		expect(f.kind).toBe('options');
		expect([...(f.values ?? [])].sort()).toEqual([...documented].sort());
	}
}

// the resources of Apideck's current API are checked against crm-10.34.0.yml in current-api-spec.test.ts
const REFERENCE = RESOURCES.filter((r) => !r.currentApi);
// and so are the fields and filters the current API adds to these (current-api-additions.test.ts)
const reference = <T extends { currentApi?: boolean }>(list: readonly T[]): T[] => list.filter((x) => !x.currentApi);

describe.each(REFERENCE.map((r) => [r.value, r] as const))('%s', (_name, def) => {
	const schema = spec.components.schemas[SCHEMA[def.value]];
	const writable = writableProperties(spec, schema);

	test('offers exactly the documented writable fields', () => {
		expect(reference(def.fields).map((f) => f.api).sort()).toEqual(Object.keys(writable).sort());
	});

	test('marks exactly the documented required fields as required', () => {
		const required = resolveSchema(spec, schema).required ?? [];
		expect(def.fields.filter((f) => f.required).map((f) => f.api).sort()).toEqual([...required].sort());
	});

	test('lists every documented enum value', () => {
		for (const f of def.fields) checkEnum(f, writable[f.api]);
	});

	test('nested lists carry every documented sub-field', () => {
		for (const f of def.fields) {
			const schemaName = COMPOSITE_SCHEMA[f.kind];
			if (!schemaName) continue;
			const sub = writableProperties(spec, spec.components.schemas[schemaName]);
			const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
			expect(reference(composite.fields).map((x) => x.api).sort()).toEqual(Object.keys(sub).sort());
			for (const x of composite.fields) checkEnum(x, sub[x.api]);
		}
	});

	test('Simplify keeps fields the record has, and Create or Update matches on a documented text filter', () => {
		const properties = Object.keys(resolveSchema(spec, schema).properties);
		for (const name of def.simplify ?? []) expect([name, properties.includes(FLATTENED[name]?.list ?? name)]).toEqual([name, true]);
		if (def.upsert) expect(matchFilters(def).map((f) => f.api)).toContain(def.upsert.matchBy);
	});

	test('filters and sort options are the documented ones', () => {
		const list = spec.paths[def.path].get;
		const params = list.parameters.map((p: any) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()] : p));
		const filter = params.find((p: any) => p.name === 'filter');
		const sort = params.find((p: any) => p.name === 'sort');
		const filterKeys = filter ? Object.keys(resolveSchema(spec, filter.schema).properties) : [];
		expect(reference(def.filters).map((f) => f.api).sort()).toEqual(filterKeys.sort());
		const sortBy = sort ? resolveSchema(spec, sort.schema).properties.by.enum : undefined;
		expect(def.sortBy ? [...def.sortBy].sort() : undefined).toEqual(sortBy ? [...sortBy].sort() : undefined);
	});
});

test('the spec documents 190 writable fields and 22 filters, and the node offers them all', () => {
	const documented = (def: (typeof REFERENCE)[number]) => Object.keys(writableProperties(spec, spec.components.schemas[SCHEMA[def.value]])).length;
	const documentedFilters = (def: (typeof REFERENCE)[number]) => {
		const filter = spec.paths[def.path].get.parameters
			.map((p: any) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()] : p))
			.find((p: any) => p.name === 'filter');
		return filter ? Object.keys(resolveSchema(spec, filter.schema).properties).length : 0;
	};
	// the counts the spec gives, resource by resource, and what the node offers
	expect(REFERENCE.map((r) => [r.value, documented(r)])).toEqual(REFERENCE.map((r) => [r.value, reference(r.fields).length]));
	expect(REFERENCE.map((r) => [r.value, documentedFilters(r)])).toEqual(REFERENCE.map((r) => [r.value, reference(r.filters).length]));
	expect(REFERENCE.reduce((n, r) => n + documented(r), 0)).toBe(190);
	expect(REFERENCE.reduce((n, r) => n + reference(r.fields).length, 0)).toBe(190);
	expect(REFERENCE.reduce((n, r) => n + documentedFilters(r), 0)).toBe(22);
	expect(REFERENCE.reduce((n, r) => n + reference(r.filters).length, 0)).toBe(22);
	// no field twice within a resource
	for (const def of REFERENCE) expect(new Set(def.fields.map((f) => f.api)).size).toBe(def.fields.length);
});

test('pipeline stages and custom fields match their schemas', () => {
	const stages = resolveSchema(spec, spec.components.schemas.Pipeline).properties.stages.items;
	const stageFields = Object.entries<any>(resolveSchema(spec, stages).properties)
		.filter(([, v]) => !v.readOnly)
		.map(([k]) => k);
	expect(reference(COMPOSITES.stages.fields).map((f) => f.api).sort()).toEqual(stageFields.sort());
	const rowType = resolveSchema(spec, spec.components.schemas.Company).properties.row_type;
	expect(COMPOSITES.rowType.fields.map((f) => f.api).sort()).toEqual(Object.keys(rowType.properties).sort());
});
