/**
 * A field, a filter value list or a picker as the n8n parameter the editor shows (definitions/fields.ts
 * holds what they are).
 */
import type { INodeProperties } from 'n8n-workflow';

import { CURRENCIES } from '../definitions/enums';
import { COMPOSITES, CURRENT_API, CUSTOM_FIELD_VALUE_TYPES, paramName, PICKER_METHODS, type FieldDef, type Picker } from '../definitions/fields';
import { withArticle } from '../definitions/text';

/** A description with the current API's mark appended (or the mark alone). */
export function withCurrentApiNote(description: string | undefined): string {
	return description ? `${description.replace(/\.$/, '')}. ${CURRENT_API}.` : CURRENT_API;
}

/** An API value as an option's name, in Title Case as n8n names options: created_at → Created At. */
function humanize(value: string): string {
	if (value === value.toUpperCase()) return value;
	return value
		.split(/[-_ ]+/)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

export function optionList(values: readonly string[]) {
	return values.map((value) => ({ name: humanize(value), value }));
}

/** A searchable "From list" / "By ID" picker. */
export function pickerProperty(
	picker: Picker,
	base: Omit<INodeProperties, 'type' | 'default'>,
	idPlaceholder = `e.g. ${PICKER_METHODS[picker].example}`,
): INodeProperties {
	const { method, noun } = PICKER_METHODS[picker];
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${withArticle(noun)}...`,
				typeOptions: { searchListMethod: method, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: idPlaceholder,
			},
		],
	};
}

/** The n8n parameter for one field (simple or composite). */
export function fieldProperty(f: FieldDef, overrides: Partial<INodeProperties> = {}): INodeProperties {
	const name = paramName(f.api);
	const description = f.currentApi ? withCurrentApiNote(f.description) : f.description;
	const base = { displayName: f.label, name, description, required: f.required && overrides.required !== false };
	const out = ((): INodeProperties => {
		switch (f.kind) {
			case 'string':
				return { ...base, type: 'string', default: '', typeOptions: f.secret ? { password: true } : undefined };
			case 'text':
				return { ...base, type: 'string', default: '', typeOptions: { rows: 4 } };
			case 'number':
				return { ...base, type: 'number', default: 0 };
			case 'integer':
				return { ...base, type: 'number', default: 0, typeOptions: { numberPrecision: 0 } };
			case 'boolean':
				return { ...base, type: 'boolean', default: false };
			case 'dateTime':
				return { ...base, type: 'dateTime', default: '' };
			case 'date':
				return { ...base, type: 'dateTime', default: '', hint: 'Only the date part is sent' };
			case 'json':
				return { ...base, type: 'json', default: '{}' };
			case 'stringList':
				return {
					...base,
					type: 'string',
					default: [],
					typeOptions: { multipleValues: true, multipleValueButtonText: f.addLabel ?? `Add ${f.label}` },
				};
			case 'options':
				return { ...base, type: 'options', options: optionList(f.values ?? []), default: f.defaultValue ?? f.values?.[0] ?? '' };
			case 'currency':
				return { ...base, type: 'options', options: optionList(CURRENCIES), default: 'USD' };
			case 'picker':
				return pickerProperty(f.picker!, base);
			case 'customFields':
				return {
					...base,
					type: 'fixedCollection',
					default: {},
					placeholder: 'Add Custom Field',
					typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Custom Field' },
					options: [
						{
							displayName: 'Custom Field',
							name: 'values',
							values: [
								{ displayName: 'Description', name: 'description', type: 'string', default: '' },
								{
									displayName: 'Field',
									name: 'id',
									type: 'resourceLocator',
									default: { mode: 'list', value: '' },
									required: true,
									description: "The custom field: pick it by name from the CRM connection's custom fields, or enter its ID",
									modes: [
										{
											displayName: 'From List',
											name: 'list',
											type: 'list',
											placeholder: 'Select a custom field...',
											typeOptions: { searchListMethod: 'searchCustomFields', searchable: true },
										},
										{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. hs_lead_source' },
									],
								},
								{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Name of the custom field, for CRMs that match by name' },
								{ displayName: 'Type', name: 'valueType', type: 'options', default: 'string', options: optionList(CUSTOM_FIELD_VALUE_TYPES), description: 'Type of the value, which decides how it is sent' },
								{ displayName: 'Value', name: 'stringValue', type: 'string', default: '', displayOptions: { show: { valueType: ['string'] } } },
								{ displayName: 'Value', name: 'numberValue', type: 'number', default: 0, displayOptions: { show: { valueType: ['number'] } } },
								{ displayName: 'Value', name: 'booleanValue', type: 'boolean', default: false, description: 'Whether the value is true', displayOptions: { show: { valueType: ['boolean'] } } },
								{ displayName: 'Value (JSON)', name: 'jsonValue', type: 'json', default: '{}', displayOptions: { show: { valueType: ['json'] } } },
							],
						},
					],
				};
			default: {
				const composite = COMPOSITES[f.kind];
				return {
					...base,
					type: 'fixedCollection',
					default: {},
					placeholder: `Add ${composite.entry}`,
					typeOptions: composite.multiple
						? { multipleValues: true, multipleValueButtonText: f.addLabel ?? `Add ${composite.entry}` }
						: undefined,
					options: [{ displayName: composite.entry, name: 'values', values: composite.fields.map((sub) => fieldProperty(sub)) }],
				};
			}
		}
	})();
	return { ...out, ...overrides } as INodeProperties;
}
