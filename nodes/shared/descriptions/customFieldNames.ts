/**
 * "Custom Fields as Properties": a record's custom fields as one object keyed by their names, so that a
 * workflow maps `{{ $json.custom_fields_by_name["Lead Source"] }}` instead of searching an array. A field
 * whose name is empty, or shared with another custom field of the record, is keyed by its ID instead, so
 * that no value silently hides another.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

export const CUSTOM_FIELDS_BY_NAME = 'custom_fields_by_name';

export function customFieldsByName(record: IDataObject): IDataObject {
	const fields = Array.isArray(record.custom_fields) ? (record.custom_fields as IDataObject[]) : [];
	const nameOf = (field: IDataObject) => (typeof field?.name === 'string' ? field.name.trim() : '');
	const count = new Map<string, number>();
	for (const field of fields) count.set(nameOf(field), (count.get(nameOf(field)) ?? 0) + 1);
	const out: IDataObject = {};
	for (const field of fields) {
		if (!field || typeof field !== 'object') continue;
		const name = nameOf(field);
		const key = name !== '' && count.get(name) === 1 ? name : String(field.id ?? '');
		if (key === '') continue;
		out[key] = (field.value ?? null) as IDataObject[string];
	}
	return out;
}

/** The record with `custom_fields_by_name` added (taken from `source`, the record as Apideck returned it). */
export function withCustomFieldsByName(shaped: IDataObject, source: IDataObject = shaped): IDataObject {
	return { ...shaped, [CUSTOM_FIELDS_BY_NAME]: customFieldsByName(source) };
}

/** The option, the same in the action node's Get and Get Many and in both triggers. */
export const customFieldsByNameOption: INodeProperties = {
	displayName: 'Custom Fields as Properties',
	name: 'customFieldsByName',
	type: 'boolean',
	default: false,
	description:
		'Whether to add custom_fields_by_name to each record: its custom fields keyed by name (by ID where a name is empty or used twice). Simplify keeps it.',
};
