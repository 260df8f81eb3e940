// Parameters that fill every field a resource describes, for contract tests.
import type { IDataObject } from 'n8n-workflow';

import { COMPOSITES, paramName, type FieldDef } from '../../nodes/shared/definitions/fields';
import { parameterNames, type FilterDef, type ResourceDefinition } from '../../nodes/shared/definitions/resource';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Whether the samples include what only Apideck's current CRM API (crm-10.34.0.yml) has: the fields,
 * nested fields and filters marked `currentApi`. Off by default: the samples are then exactly what the
 * 10.3.6 contract (crm.yml) documents.
 */
export interface SampleOptions {
	currentApi?: boolean;
}

/** The fields (or filters) a sample fills: without the current API's additions unless asked for. */
export function sampled<T extends { currentApi?: boolean }>(list: readonly T[], options: SampleOptions = {}): T[] {
	return list.filter((x) => options.currentApi || !x.currentApi);
}

export function sampleValue(f: FieldDef, options: SampleOptions = {}): unknown {
	const api = f.api;
	switch (f.kind) {
		case 'string':
		case 'text':
			if (/email/.test(api)) return 'ada@example.com';
			// a country code: two letters where the spec says so (a bank account's, current API)
			if (api === 'country') return 'US';
			if (/url|website|image/.test(api)) return 'https://example.com/x';
			return `${api} sample`;
		case 'number':
			return 42.5;
		case 'integer':
			return 3;
		case 'boolean':
			return true;
		case 'dateTime':
			return '2026-01-02T03:04:05.000Z';
		case 'date':
			return '2026-01-02T00:00:00';
		case 'json':
			return '{"a":1}';
		case 'stringList':
			return ['one', 'two'];
		case 'options':
			return f.values![f.values!.length - 1];
		case 'currency':
			return 'EUR';
		case 'picker':
			return byId(`${api}-1`);
		case 'customFields':
			return {
				values: [
					{ id: 'cf_text', valueType: 'string', stringValue: 'text' },
					{ id: 'cf_number', valueType: 'number', numberValue: 7 },
					{ id: 'cf_bool', valueType: 'boolean', booleanValue: true },
					{ id: 'cf_json', valueType: 'json', jsonValue: '{"k":[1,2]}', name: 'JSON field', description: 'a JSON value' },
				],
			};
		default: {
			const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
			const entry: IDataObject = {};
			for (const sub of sampled(composite.fields, options)) entry[paramName(sub.api)] = sampleValue(sub, options) as IDataObject;
			return { values: composite.multiple ? [entry] : entry };
		}
	}
}

/**
 * Create, Create or Update, or Update parameters with every field of the resource filled. Create
 * takes the required fields as their own parameters; Update takes every field under Update Fields,
 * and `leaveOut` leaves some out (Update then keeps their current values).
 */
export function everyFieldParameters(
	def: ResourceDefinition,
	operation: 'create' | 'upsert' | 'update',
	leaveOut: string[] = [],
	options: SampleOptions = {},
): IDataObject {
	const names = parameterNames(def);
	const params: IDataObject = { resource: def.value, operation };
	const collection: IDataObject = {};
	for (const f of sampled(def.fields, options)) {
		if (leaveOut.includes(f.api)) continue;
		if (f.required && operation !== 'update') params[names.required(f)] = sampleValue(f, options) as IDataObject;
		else collection[paramName(f.api)] = sampleValue(f, options) as IDataObject;
	}
	params[names.fields] = collection;
	if (operation === 'update') params[names.id] = byId('record-1');
	return params;
}

/** A sample value of one filter. */
export function filterSample(f: FilterDef): unknown {
	if (f.kind === 'picker') return byId(`${f.api}-1`);
	if (f.kind === 'number') return 10;
	if (f.kind === 'dateTime') return '2026-01-02T03:04:05.000Z';
	if (f.kind === 'options') return f.values![f.values!.length - 1];
	return `${f.api} sample`;
}

/** Get Many parameters with every filter and the sort set. */
export function everyFilterParameters(def: ResourceDefinition, options: SampleOptions = {}): IDataObject {
	const filters: IDataObject = {};
	for (const f of sampled(def.filters, options)) filters[paramName(f.api)] = filterSample(f) as IDataObject;
	const names = parameterNames(def);
	const params: IDataObject = { resource: def.value, operation: 'getAll', returnAll: false, limit: 10, [names.filters]: filters };
	if (def.sortBy) params[names.sort] = { by: def.sortBy[def.sortBy.length - 1], direction: 'desc' };
	params.options = { fields: 'id,name', raw: true, passThrough: { values: [{ key: 'search', value: 'x' }] } };
	return params;
}
