/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What Apideck's current CRM API (crm-10.34.0.yml) adds to the eight 10.3.6 resources, against both specs:
// the fields, nested fields and filters marked `currentApi` are exactly the ones crm-10.34.0.yml adds over
// crm.yml (less one, said below), typed as there, and the editor marks each of them, and nothing else.
// (The 10.3.6 ones stay checked against crm.yml by fields-vs-spec.test.ts.)
import type { INodeProperties } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { RESOURCES } from '../../nodes/shared/resources';
import { ACTIVITY_TYPES } from '../../nodes/shared/definitions/enums';
import { COMPOSITES, CURRENT_API, paramName, type FieldDef } from '../../nodes/shared/definitions/fields';
import { parameterNames } from '../../nodes/shared/definitions/resource';
import { matchFilters } from '../../nodes/shared/requests/routing';
import { ApideckCrmPollingTrigger } from '../../nodes/ApideckCrmPollingTrigger/ApideckCrmPollingTrigger.node';
import { loadSpec, resolveSchema, writableProperties, COMPOSITE_SCHEMAS, RESOURCE_SCHEMAS } from '../helpers/spec';

const current = loadSpec('crm-10.34.0.yml');
const reference = loadSpec('crm.yml');
const EIGHT = RESOURCES.filter((r) => !r.currentApi);
const SCHEMA = RESOURCE_SCHEMAS;
const COMPOSITE_SCHEMA = COMPOSITE_SCHEMAS;

const added = (bigger: Record<string, unknown>, smaller: Record<string, unknown>) => Object.keys(bigger).filter((k) => !(k in smaller)).sort();
const marked = <T extends { currentApi?: boolean; api: string }>(list: readonly T[]) => list.filter((x) => x.currentApi).map((x) => x.api).sort();

function filtersOf(spec: any, path: string): Record<string, any> {
	const filter = spec.paths[path].get.parameters.map((p: any) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()] : p)).find((p: any) => p.name === 'filter');
	return filter ? resolveSchema(spec, filter.schema).properties : {};
}

/** The node's kind for a property of the spec. */
function expectedKind(schema: any): string[] {
	if (schema.type === 'array' && schema.items?.type === 'string') return ['stringList'];
	if (schema.type === 'array') return ['passThroughBody'];
	if (schema.type === 'string') return ['string', 'text', 'picker'];
	return [String(schema.type)];
}

describe.each(EIGHT.map((d) => [d.value, d] as const))('%s', (_name, def) => {
	const schema = SCHEMA[def.value];

	test('the fields marked as the current API\'s are the writable ones crm-10.34.0.yml adds, typed as there', () => {
		const now = writableProperties(current, current.components.schemas[schema]);
		const before = writableProperties(reference, reference.components.schemas[schema]);
		expect(marked(def.fields)).toEqual(added(now, before));
		for (const f of def.fields.filter((x) => x.currentApi)) expect([f.api, expectedKind(now[f.api])]).toEqual([f.api, expect.arrayContaining([f.kind])]);
		// the pass-through body on every one of the eight
		expect(def.fields.find((f) => f.api === 'pass_through')).toMatchObject({ kind: 'passThroughBody', currentApi: true });
		// and nothing the current API adds is required
		expect(def.fields.filter((f) => f.currentApi && f.required)).toEqual([]);
	});

	test('the filters marked as the current API\'s are the ones crm-10.34.0.yml adds, typed as there', () => {
		const now = filtersOf(current, def.path);
		const before = filtersOf(reference, def.path);
		expect(marked(def.filters)).toEqual(added(now, before));
		for (const f of def.filters.filter((x) => x.currentApi)) {
			const s = resolveSchema(current, now[f.api]);
			if (s.format === 'date-time') expect([f.api, f.kind]).toEqual([f.api, 'dateTime']);
			else if (f.api === 'type') {
				// documented as text; the values an activity's type takes
				expect(f.kind).toBe('options');
				expect([...f.values!]).toEqual(resolveSchema(current, current.components.schemas.Activity).properties.type.enum);
				expect(f.values).toEqual(ACTIVITY_TYPES);
			} else expect([f.api, f.kind]).toEqual([f.api, f.api.endsWith('_id') ? 'picker' : 'string']);
		}
	});

	test('the editor marks exactly those fields and filters as the current API\'s, nested ones included', () => {
		const { properties } = new ApideckCrm().description;
		const names = parameterNames(def);
		const collections = properties.filter((p) => (p.name === names.fields || p.name === names.filters) && p.displayOptions?.show?.resource?.includes(def.value));
		expect(collections.length).toBeGreaterThanOrEqual(2);
		for (const collection of collections) {
			const isFilters = collection.name === names.filters;
			for (const option of collection.options as INodeProperties[]) {
				const f = (isFilters ? def.filters : def.fields).find((x) => paramName(x.api) === option.name)!;
				expect([option.name, option.description?.includes(CURRENT_API) ?? false]).toEqual([option.name, Boolean(f.currentApi)]);
				const composite = COMPOSITES[(f as FieldDef).kind as keyof typeof COMPOSITES];
				if (!composite || isFilters) continue;
				const values = ((option.options ?? []) as Array<{ values: INodeProperties[] }>)[0].values;
				for (const sub of composite.fields) {
					const shown = values.find((v) => v.name === paramName(sub.api))!;
					expect([option.name, sub.api, shown.description?.includes(CURRENT_API) ?? false]).toEqual([option.name, sub.api, Boolean(sub.currentApi)]);
				}
			}
		}
	});
});

test('nested lists: the sub-fields marked as the current API\'s are the ones crm-10.34.0.yml adds to their schema', () => {
	const byKind = Object.entries(COMPOSITE_SCHEMA).map(([kind, name]) => {
		const now = writableProperties(current, current.components.schemas[name]);
		const before = writableProperties(reference, reference.components.schemas[name]);
		return [kind, marked(COMPOSITES[kind as keyof typeof COMPOSITES].fields), added(now, before)];
	});
	expect(byKind.map(([kind, mine]) => [kind, mine])).toEqual(byKind.map(([kind, , theirs]) => [kind, theirs]));
	expect(marked(COMPOSITES.addresses.fields)).toEqual(['line5']);
	expect(marked(COMPOSITES.bankAccounts.fields)).toEqual(['country']);
});

test('not offered: a pipeline stage\'s "archived" (a true/false in a list entry would always be sent: n8n fills in its default)', () => {
	const stage = (spec: any) => writableProperties(spec, resolveSchema(spec, spec.components.schemas.Pipeline).properties.stages.items);
	expect(added(stage(current), stage(reference))).toEqual(['archived']);
	expect(COMPOSITES.stages.fields.map((f) => f.api)).not.toContain('archived');
});

test('Create or Update matches only on the 10.3.6 text filters: a lead is not matched by phone number', () => {
	const lead = EIGHT.find((d) => d.value === 'lead')!;
	expect(lead.filters.map((f) => f.api)).toContain('phone_number');
	expect(matchFilters(lead).map((f) => f.api)).toEqual(['name', 'first_name', 'last_name', 'email']);
	const matchBy = new ApideckCrm().description.properties.find((p) => p.name === 'leadMatchBy')!;
	expect((matchBy.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['email', 'first_name', 'last_name', 'name']);
});

test('the hint is the one the Lists and Custom Objects resources carry, appended to the description', () => {
	const { properties } = new ApideckCrm().description;
	const resource = properties.find((p) => p.name === 'resource')!;
	expect((resource.options as Array<{ value: string; description?: string }>).find((o) => o.value === 'list')!.description).toBe(CURRENT_API);
	const filters = properties.find((p) => p.name === 'noteFilters')!.options as INodeProperties[];
	expect(filters.find((o) => o.name === 'createdSince')!.description).toBe(`Only notes created at or after this moment. ${CURRENT_API}.`);
	// in words a user knows (not "the 10.3.6 reference")
	expect(filters.find((o) => o.name === 'createdSince')!.description).toBe("Only notes created at or after this moment. Only in Apideck's newer API; some CRMs may not support it.");
	const fields = properties.find((p) => p.name === 'companyFields')!.options as INodeProperties[];
	const addresses = (fields.find((o) => o.name === 'addresses')!.options as Array<{ values: INodeProperties[] }>)[0].values;
	expect(addresses.find((v) => v.name === 'line5')!.description).toBe(CURRENT_API);
	expect(addresses.find((v) => v.name === 'line4')!.description).toBeUndefined();
});

test('the polling trigger offers the activity type filter, marked the same way', () => {
	const { properties } = new ApideckCrmPollingTrigger().description;
	const activity = properties.find((p) => p.name === 'activityFilters')!.options as INodeProperties[];
	expect(activity.find((o) => o.name === 'type')).toMatchObject({ type: 'options', default: 'call', description: `Only activities of this kind. ${CURRENT_API}.` });
});
