/**
 * Custom objects (Apideck's current CRM API): a schema lists typed fields, and a record carries
 * `fields: [{ name, value }]` with every value as text. The editor maps the fields with n8n's resource
 * mapper (methods.resourceMapping); at run time the values are checked against the schema, read once
 * per run, and turned into the text the API expects.
 */
import type {
	FieldType,
	IDataObject,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	ResourceMapperField,
	ResourceMapperValue,
} from 'n8n-workflow';

import { serializeField, SKIP } from './body';
import { CUSTOM_OBJECT_FIELD_TYPES } from '../definitions/enums';
import { inputError } from '../transport/errors';
import { parameterNames, writeNames, type ResourceDefinition } from '../definitions/resource';
import { locatorValue, pathSegment } from '../transport/paths';
import { apideckRequest } from '../transport/transport';

export type CustomObjectFieldType = (typeof CUSTOM_OBJECT_FIELD_TYPES)[number];

/** One field of a custom object schema, as the API returns it. */
export interface SchemaField {
	id?: string;
	name?: string;
	description?: string | null;
	type?: CustomObjectFieldType;
	required?: boolean;
	options?: Array<{ value?: string; label?: string }> | null;
	default_value?: string | null;
}

/** The input the editor shows for each type of schema field. */
const MAPPER_TYPES: Record<CustomObjectFieldType, FieldType> = {
	string: 'string',
	number: 'number',
	integer: 'number',
	boolean: 'boolean',
	date: 'dateTime',
	datetime: 'dateTime',
	currency: 'number',
	email: 'string',
	phone: 'string',
	reference: 'string',
	select: 'options',
	multiselect: 'array',
};

const typeOf = (f: SchemaField): CustomObjectFieldType =>
	(CUSTOM_OBJECT_FIELD_TYPES as readonly string[]).includes(String(f.type)) ? (f.type as CustomObjectFieldType) : 'string';

/** A schema field as a resource mapper field. On Update no field is required: only mapped ones are sent. */
export function mapperField(f: SchemaField, operation: string): ResourceMapperField {
	const type = typeOf(f);
	const options = (f.options ?? []).filter((o) => o && o.value !== undefined && o.value !== null);
	const field: ResourceMapperField = {
		id: String(f.name),
		displayName: String(f.name),
		required: operation === 'create' && f.required === true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: MAPPER_TYPES[type],
	};
	if (type === 'select') field.options = options.map((o) => ({ name: String(o.label || o.value), value: String(o.value) }));
	if (f.default_value !== undefined && f.default_value !== null && f.default_value !== '') {
		// the schema gives every default as text; the editor's switch shows only a real `true` as on, so a
		// "true" text default would be shown off and still be sent as "true"
		if (type === 'boolean') {
			const text = String(f.default_value).trim().toLowerCase();
			if (text === 'true' || text === 'false') field.defaultValue = text === 'true';
		} else {
			field.defaultValue = f.default_value;
		}
	}
	return field;
}

const schemaPath = (id: string) => `/crm/custom-object-schemas/${id}`;

/** The fields of one schema, straight from the API (the editor's mapper and pickers). */
export async function fetchSchemaFields(ctx: ILoadOptionsFunctions | IExecuteSingleFunctions, schemaId: string, serviceId: string): Promise<SchemaField[]> {
	const id = pathSegment(ctx, 'Object', schemaId, 'Pick a custom object from the list or enter its ID.');
	const response = await apideckRequest(ctx, { method: 'GET', url: schemaPath(id), serviceId });
	const fields = ((response.data as IDataObject | undefined)?.fields ?? []) as SchemaField[];
	return fields.filter((f) => f && typeof f.name === 'string' && f.name !== '');
}

// A run reads each schema once, however many items it writes. The cache hangs off the node's
// context of the run (one object per execution and node), so it ends with the run.
const schemasOfRun = new WeakMap<object, Map<string, Promise<SchemaField[]>>>();

function schemaForRun(ctx: IExecuteSingleFunctions, schemaId: string, serviceId: string): Promise<SchemaField[]> {
	let run: object | undefined;
	try {
		run = ctx.getContext('node');
	} catch {
		run = undefined;
	}
	if (!run) return fetchSchemaFields(ctx, schemaId, serviceId);
	let cache = schemasOfRun.get(run);
	if (!cache) {
		cache = new Map();
		schemasOfRun.set(run, cache);
	}
	const key = `${serviceId}|${schemaId}`;
	let fields = cache.get(key);
	if (!fields) {
		fields = fetchSchemaFields(ctx, schemaId, serviceId);
		cache.set(key, fields);
		fields.catch(() => cache.delete(key));
	}
	return fields;
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** One mapped value as the text the API stores, or SKIP when empty; bad values fail naming the field. */
export function fieldText(f: SchemaField, value: unknown, where: { ctx: IExecuteSingleFunctions; path: string }): string | undefined {
	const node = where.ctx.getNode();
	const itemIndex = where.ctx.getItemIndex();
	const fail = (problem: string, fix: string): never => {
		throw inputError(node, where.path, problem, fix, itemIndex);
	};
	const at = { node, itemIndex, path: where.path, timezone: where.ctx.getTimezone() };
	if (isEmpty(value)) return SKIP;
	const choices = (f.options ?? []).map((o) => String(o?.value));
	switch (typeOf(f)) {
		case 'number':
		case 'currency':
			return String(serializeField({ api: '', label: '', kind: 'number' }, value, at));
		case 'integer':
			return String(serializeField({ api: '', label: '', kind: 'integer' }, value, at));
		case 'boolean':
			return String(serializeField({ api: '', label: '', kind: 'boolean' }, value, at));
		case 'date':
			return String(serializeField({ api: '', label: '', kind: 'date' }, value, at));
		case 'datetime':
			return String(serializeField({ api: '', label: '', kind: 'dateTime' }, value, at));
		case 'email': {
			const text = String(value).trim();
			if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) fail(`"${text}" is not an email address`, 'Enter an address such as ada@example.com.');
			return text;
		}
		case 'select': {
			const text = String(value);
			if (choices.length && !choices.includes(text)) fail(`unknown value "${text}"`, `Use one of: ${choices.join(', ')}.`);
			return text;
		}
		case 'multiselect': {
			let list: unknown = value;
			if (typeof list === 'string' && list.trim().startsWith('[')) {
				try {
					list = JSON.parse(list);
				} catch (error) {
					fail(`invalid JSON (${(error as Error).message})`, 'Enter a JSON array such as ["a","b"], or the values separated by semicolons.');
				}
			}
			const values = (Array.isArray(list) ? list : String(list).split(';')).map((v) => String(v).trim()).filter((v) => v !== '');
			for (const v of values) {
				if (choices.length && !choices.includes(v)) fail(`unknown value "${v}"`, `Use any of: ${choices.join(', ')}.`);
			}
			return values.length ? values.join(';') : SKIP;
		}
		default:
			if (typeof value === 'object') fail('expected text, got an object', 'Map a text value, or use JSON.stringify() in the expression.');
			return String(value);
	}
}

/**
 * The `fields` of a custom object's Create or Update body, from the resource mapper: values given below
 * ("Map Each Field Manually") or the input item's properties named like the fields ("Map Automatically").
 */
export async function buildCustomObjectFields(ctx: IExecuteSingleFunctions, def: ResourceDefinition, operation: 'create' | 'update'): Promise<unknown> {
	const { label, serviceId, schemaId } = mapperContext(ctx, def);
	// Update's mapper has its own name from node version 1.1 (Create's on version 1)
	const mapperName = writeNames(def, operation, ctx.getNode().typeVersion).mapped;
	const mapper = (ctx.getNodeParameter(mapperName, {}, { skipValidation: true }) ?? {}) as Partial<ResourceMapperValue>;
	const schema = await schemaForRun(ctx, schemaId, serviceId);
	const byName = new Map(schema.map((f) => [String(f.name), f]));
	const removed = new Set((mapper.schema ?? []).filter((f) => f.removed).map((f) => f.id));

	let values: IDataObject;
	if (mapper.mappingMode === 'autoMapInputData') {
		const json = ctx.getInputData()?.json ?? {};
		values = Object.fromEntries(Object.entries(json).filter(([key]) => byName.has(key)));
	} else {
		values = Object.fromEntries(Object.entries((mapper.value ?? {}) as IDataObject).filter(([key]) => !removed.has(key)));
		for (const key of Object.keys(values)) {
			if (!byName.has(key) && !isEmpty(values[key])) {
				throw inputError(ctx.getNode(), `${label} → ${key}`, 'the object has no such field', `Remove it from ${label}, or reload the fields: the object's schema has changed.`, ctx.getItemIndex());
			}
		}
	}

	const out: Array<{ name: string; value: string }> = [];
	for (const f of schema) {
		const name = String(f.name);
		const text = fieldText(f, values[name], { ctx, path: `${label} → ${name}` });
		if (text === SKIP) {
			if (operation === 'create' && f.required === true && isEmpty(f.default_value)) {
				throw inputError(ctx.getNode(), `${label} → ${name}`, 'is required', `Map a value for ${name}: the object requires it on every record.`, ctx.getItemIndex());
			}
			continue;
		}
		out.push({ name, value: text });
	}
	return out.length ? out : undefined;
}

function mapperContext(ctx: IExecuteSingleFunctions, def: ResourceDefinition) {
	const serviceId = String(locatorValue(ctx.getNodeParameter('service', '')) ?? '').trim();
	const schemaId = String(locatorValue(ctx.getNodeParameter(parameterNames(def).scope, '')) ?? '').trim();
	return { label: def.mapped?.label ?? 'Fields', serviceId, schemaId };
}
