// Parameters that fill every field a resource describes, for contract tests.
import type { IDataObject } from 'n8n-workflow';

import { COMPOSITES, paramName, type FieldDef } from '../../nodes/ApideckCrm/shared/fields';
import { parameterNames, type ResourceDefinition } from '../../nodes/ApideckCrm/shared/operations';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export function sampleValue(f: FieldDef): unknown {
	const api = f.api;
	switch (f.kind) {
		case 'string':
		case 'text':
			if (/email/.test(api)) return 'ada@example.com';
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
			for (const sub of composite.fields) entry[paramName(sub.api)] = sampleValue(sub) as IDataObject;
			return { values: composite.multiple ? [entry] : entry };
		}
	}
}

/**
 * Create, Create or Update, or Update parameters with every field of the resource filled. Create
 * takes the required fields as their own parameters; Update takes every field under Update Fields,
 * and `leaveOut` leaves some out (Update then keeps their current values).
 */
export function everyFieldParameters(def: ResourceDefinition, operation: 'create' | 'upsert' | 'update', leaveOut: string[] = []): IDataObject {
	const names = parameterNames(def);
	const params: IDataObject = { resource: def.value, operation };
	const collection: IDataObject = {};
	for (const f of def.fields) {
		if (leaveOut.includes(f.api)) continue;
		if (f.required && operation !== 'update') params[names.required(f)] = sampleValue(f) as IDataObject;
		else collection[paramName(f.api)] = sampleValue(f) as IDataObject;
	}
	params[names.fields] = collection;
	if (operation === 'update') params[names.id] = byId('record-1');
	return params;
}

/** Get Many parameters with every filter and the sort set. */
export function everyFilterParameters(def: ResourceDefinition): IDataObject {
	const filters: IDataObject = {};
	for (const f of def.filters) {
		filters[paramName(f.api)] =
			f.kind === 'picker' ? byId(`${f.api}-1`) : f.kind === 'number' ? 10 : f.kind === 'dateTime' ? '2026-01-02T03:04:05.000Z' : `${f.api} sample`;
	}
	const names = parameterNames(def);
	const params: IDataObject = { resource: def.value, operation: 'getAll', returnAll: false, limit: 10, [names.filters]: filters };
	if (def.sortBy) params[names.sort] = { by: def.sortBy[def.sortBy.length - 1], direction: 'desc' };
	params.options = { fields: 'id,name', raw: true, passThrough: { values: [{ key: 'search', value: 'x' }] } };
	return params;
}
