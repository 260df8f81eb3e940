/**
 * Turns one resource definition into its n8n parameters: the operation selector with its routing,
 * the record picker, Create and Update (both derived from the same field list), and Get Many's
 * Filters and Sort. Return All, Limit and the Options collections are the same for every resource and
 * exist once.
 *
 * Parameter names are unique per resource (companyName, companyFields, companyId, …) rather than
 * shared (name, additionalFields, id): n8n's routing engine evaluates every parameter with the same
 * name for every input item, displayed or not, so shared names multiplied the cost of each expression
 * by the number of resources.
 */
import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { paramName, type FieldDef } from '../definitions/fields';
import { LIST_OPERATIONS, MAX_PAGE_SIZE, operationsOf, OWN_UPDATE_NAMES_FROM, parameterNames, type FilterDef, type ResourceDefinition } from '../definitions/resource';
import { lower, withArticle } from '../definitions/text';
import { matchFilters, withBody, withCollection, withListQuery, withOptions, withRecordId, withSubPath } from '../requests/routing';
import { customFieldsByNameOption } from './customFieldNames';
import { fieldProperty, optionList, pickerProperty, withCurrentApiNote } from './parameters';

/** displayOptions conditions on the node's version, as n8n evaluates them (`@version`). */
const BEFORE_OWN_UPDATE_NAMES = { '@version': [{ _cnd: { lt: OWN_UPDATE_NAMES_FROM } }] };

const WITH_OWN_UPDATE_NAMES = { '@version': [{ _cnd: { gte: OWN_UPDATE_NAMES_FROM } }] };

const show = (resource: string, operation: string[], version: object = {}) => ({ show: { resource: [resource], operation, ...version } });

type PreSend = (this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/** A Filters collection's entry for one documented filter. */
export function filterProperty(filter: FilterDef): INodeProperties {
	const description = filter.currentApi ? withCurrentApiNote(filter.description) : filter.description;
	const base = { displayName: filter.label, name: paramName(filter.api), description };
	if (filter.kind === 'picker') return pickerProperty(filter.picker!, base);
	if (filter.kind === 'options') {
		const values = filter.values ?? [];
		return { ...base, type: 'options', options: optionList(values), default: values[0] ?? '' };
	}
	if (filter.kind === 'number') return { ...base, type: 'number', default: 0 };
	if (filter.kind === 'dateTime') return { ...base, type: 'dateTime', default: '' };
	return { ...base, type: 'string', default: '' };
}

const rawOption: INodeProperties = {
	displayName: 'Include Raw Data',
	name: 'raw',
	type: 'boolean',
	default: false,
	description: "Whether Apideck should add the connected CRM's own, unmapped response (as _raw); turn on Include Full Response to see it",
};

const fullResponseOption: INodeProperties = {
	displayName: 'Include Full Response',
	name: 'fullResponse',
	type: 'boolean',
	default: false,
	description: "Whether to return Apideck's whole response (status, service, paging metadata) instead of only the records",
};

const fieldsOption: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'string',
	default: '',
	placeholder: 'e.g. id,name,emails,addresses.city',
	description: 'Comma-separated fields to return; dots reach into nested fields. Empty returns all fields.',
};

const returnFullRecordOption: INodeProperties = {
	displayName: 'Return Full Record',
	name: 'returnFullRecord',
	type: 'boolean',
	default: false,
	description: "Whether to read the record after writing it (one more request) and return it whole, instead of Apideck's answer of only its ID",
	displayOptions: { show: { '/operation': ['create', 'update', 'upsert'] } },
};

const severalMatchOption: INodeProperties = {
	displayName: 'If Several Match',
	name: 'ifSeveralMatch',
	type: 'options',
	default: 'error',
	options: [
		{ name: 'Fail and List Their IDs', value: 'error' },
		{ name: 'Update the Most Recently Updated', value: 'mostRecent' },
	],
	description: 'What Create or Update does when more than one record has the value matched on',
	displayOptions: { show: { '/operation': ['upsert'] } },
};

const passThroughOption: INodeProperties = {
	displayName: 'Pass-Through Query Parameters',
	name: 'passThrough',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Parameter',
	typeOptions: { multipleValues: true },
	description: 'Query parameters handed unchanged to the connected CRM',
	options: [
		{
			displayName: 'Parameter',
			name: 'values',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

/** A resource's operation selector, record picker, and Create / Create or Update / Update parameters. */
export function resourceProperties(def: ResourceDefinition): INodeProperties[] {
	const { value: resource, singular, plural, path } = def;
	const names = parameterNames(def);
	const noun = lower(def.record?.singular ?? singular);
	const nouns = lower(def.record?.plural ?? plural);
	const a = withArticle(noun);
	const required = def.fields.filter((f) => f.required);
	const optional = def.fields.filter((f) => !f.required);
	const offered = operationsOf(def);
	const has = (op: string) => offered.includes(op);
	// a scoped resource's path holds a placeholder: a preSend puts the scope's ID in first
	const scoped = (steps: PreSend[]) => (def.scope ? [withCollection(def), ...steps] : steps);
	// the operations that create a record: Create, and Create or Update where the resource has it
	const creating = ['create', 'upsert'].filter(has);

	const options: INodePropertyOptions[] = [
		{
			name: 'Create',
			value: 'create',
			action: `Create ${a}`,
			description: def.record?.create ?? `Create ${a}`,
			routing: { request: { method: 'POST', url: path }, send: { paginate: true, preSend: scoped([withBody(def, 'create'), withOptions]) } },
		},
		{
			name: 'Create or Update',
			value: 'upsert',
			action: `Create or update ${a}`,
			description: `Create a new ${noun}, or update the current one if it already exists (upsert)`,
			// the executor looks the record up, then sends this POST or a PATCH (executor/writes.ts)
			routing: { request: { method: 'POST', url: path }, send: { paginate: true, preSend: scoped([withBody(def, 'create'), withOptions]) } },
		},
		{
			name: 'Delete',
			value: 'delete',
			action: `Delete ${a}`,
			description: `Delete ${a}`,
			routing: { request: { method: 'DELETE', url: path }, send: { paginate: true, preSend: [withRecordId(def), withOptions] } },
		},
		{
			name: 'Get',
			value: 'get',
			action: `Get ${a}`,
			description: `Get ${a}`,
			routing: { request: { method: 'GET', url: path }, send: { paginate: true, preSend: [withRecordId(def), withOptions] } },
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: `Get many ${nouns}`,
			description: `Get many ${nouns}`,
			routing: { request: { method: 'GET', url: path }, send: { paginate: true, preSend: scoped([withListQuery(def), withOptions]) } },
		},
		{
			name: 'Update',
			value: 'update',
			action: `Update ${a}`,
			description: `Update ${a}`,
			routing: { request: { method: 'PATCH', url: path }, send: { paginate: true, preSend: [withRecordId(def), withBody(def, 'update'), withOptions] } },
		},
		...(def.extraOperations ?? []).map((extra) => ({
			name: extra.name,
			value: extra.value,
			action: extra.action,
			description: extra.action,
			routing: {
				request: { method: 'GET' as const, url: path },
				send: { paginate: true, preSend: [withRecordId(def), withSubPath(extra.subPath), withListQuery(def), withOptions] },
			},
		})),
	];

	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		default: 'getAll',
		options: options.filter((o) => has(String(o.value))).sort((x, y) => x.name.localeCompare(y.name)),
	};

	const out: INodeProperties[] = [operation];

	if (def.scope) {
		out.push(
			pickerProperty(def.scope.picker, {
				displayName: def.scope.label,
				name: names.scope,
				required: true,
				description: def.scope.description,
				displayOptions: { show: { resource: [resource] } },
			}),
		);
	}

	const onRecord = ['get', 'update', 'delete', ...(def.extraOperations ?? []).map((o) => o.value)].filter(has);
	if (onRecord.length) {
		out.push(
			pickerProperty(def.picker, {
				displayName: singular,
				name: names.id,
				required: true,
				description: `The ${noun} to use`,
				displayOptions: show(resource, onRecord),
			}),
		);
	}

	const writes = ['create', 'upsert', 'update'].filter(has);
	if (!writes.length) return out;

	// Create (and Create or Update) ask for the fields the API requires at the top. Update offers them
	// under Update Fields with the others: one left out keeps its current value.
	if (creating.length) {
		out.push(...required.map((f) => fieldProperty(f, { name: names.required(f), displayOptions: show(resource, creating) })));
	}
	if (def.upsert && has('upsert')) {
		// Email and Phone Number match on an entry of the record's list (see executor/writes.ts)
		const fromLists = matchFilters(def)
			.filter((f) => f.api === 'email' || f.api === 'phone_number')
			.map((f) => f.label)
			.join(' and ');
		const defaultMatch = def.upsert.matchBy;
		out.push({
			displayName: 'Match By',
			name: names.matchBy,
			type: 'options',
			default: defaultMatch,
			options: matchFilters(def)
				.map((f) => ({ name: f.label, value: f.api }))
				.sort((x, y) => x.name.localeCompare(y.name)),
			description: `Field that identifies the ${noun}. Its value below${fromLists ? ` (for ${fromLists}: the primary, else the first, entry under Additional Fields)` : ''} is looked up: the ${noun} that has it is updated, or a new one is created.`,
			displayOptions: show(resource, ['upsert']),
		});
	}

	if (def.mapped) {
		const { label, method } = def.mapped;
		// Create maps every field of the chosen object (required ones can't be removed); Update starts
		// empty and sends only the fields added to it (from node version 1.1 under a name of its own, so
		// Create's values don't carry over when the operation is switched).
		const mapper = (op: 'create' | 'update', name: string, version: object = {}): INodeProperties => ({
			displayName: label,
			name,
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: op === 'create',
			displayOptions: show(resource, [op], version),
			typeOptions: {
				loadOptionsDependsOn: [`${names.scope}.value`, 'service.value'],
				resourceMapper: {
					resourceMapperMethod: method,
					mode: op === 'create' ? 'add' : 'map',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: op === 'create',
					supportAutoMap: true,
					// n8n's editor shows a "no fields" error beside the method's emptyFieldsNotice whenever the
					// list is empty (before an object is chosen, too) unless hideNoDataError is set: the notice
					// alone says what to do in both cases.
					hideNoDataError: true,
				},
			},
		});
		if (has('create')) out.push(mapper('create', names.mapped));
		if (has('update')) out.push(mapper('update', names.mapped, BEFORE_OWN_UPDATE_NAMES), mapper('update', names.updateMapped, WITH_OWN_UPDATE_NAMES));
	}

	const collection = (label: string, name: string, ops: string[], fields: FieldDef[], version: object = {}): INodeProperties => ({
		displayName: label,
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(resource, ops, version),
		options: fields.map((f) =>
			fieldProperty(f, {
				required: false,
				...(f.required ? { description: `${f.description ?? f.label}. Left out, its current value is kept (the node reads it first: one more request).` } : {}),
			}),
		),
	});
	if (creating.length && optional.length) out.push(collection('Additional Fields', names.fields, creating, optional));
	if (has('update') && def.fields.length) {
		// version 1 shares Additional Fields' name; from 1.1 Update Fields has its own and starts empty
		out.push(
			collection('Update Fields', names.fields, ['update'], [...required, ...optional], BEFORE_OWN_UPDATE_NAMES),
			collection('Update Fields', names.updateFields, ['update'], [...required, ...optional], WITH_OWN_UPDATE_NAMES),
		);
	}
	return out;
}

/** Get and Get Many's Simplify switch, one parameter for every resource that describes its simple fields. */
export function simplifyProperty(defs: ResourceDefinition[]): INodeProperties[] {
	const resources = defs.filter((d) => d.simplify).map((d) => d.value);
	if (!resources.length) return [];
	return [
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return only the fields most used (about ten, primary email and phone flattened) instead of the whole record',
			displayOptions: { show: { resource: resources, operation: ['get', 'getAll'] } },
		},
	];
}

/** Get Many's Filters and Sort of one resource, as far as the API documents them. */
export function listProperties(def: ResourceDefinition): INodeProperties[] {
	const names = parameterNames(def);
	const out: INodeProperties[] = [];
	if (def.filters.length) {
		out.push({
			displayName: 'Filters',
			name: names.filters,
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			displayOptions: show(def.value, ['getAll']),
			options: def.filters.map(filterProperty),
		});
	}
	if (def.sortBy) {
		const defaultSortKey = def.sortBy[0];
		out.push({
			displayName: 'Sort',
			name: names.sort,
			type: 'collection',
			placeholder: 'Add Sort Rule',
			default: {},
			displayOptions: show(def.value, ['getAll']),
			options: [
				{ displayName: 'Sort By', name: 'by', type: 'options', default: defaultSortKey, options: optionList(def.sortBy), description: 'Field to sort the results by' },
				{ displayName: 'Direction', name: 'direction', type: 'options', default: 'asc', options: [{ name: 'Ascending', value: 'asc' }, { name: 'Descending', value: 'desc' }] },
			],
		});
	}
	return out;
}

/** Return All and Limit, the same for every resource. */
export const paginationProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { operation: [...LIST_OPERATIONS] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
		description: 'Max number of results to return',
		displayOptions: { show: { operation: [...LIST_OPERATIONS], returnAll: [false] } },
	},
];

const optionsFor = (operation: string[], options: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation } },
	options,
});

/** The Options collections, the same for every resource. */
export const optionsProperties: INodeProperties[] = [
	optionsFor([...LIST_OPERATIONS], [customFieldsByNameOption, fieldsOption, fullResponseOption, rawOption, passThroughOption]),
	optionsFor(['get'], [customFieldsByNameOption, fieldsOption, fullResponseOption, rawOption]),
	optionsFor(['create', 'upsert', 'update', 'delete'], [severalMatchOption, fullResponseOption, rawOption, returnFullRecordOption]),
];

/**
 * Hides Options → Fields for the operations whose request does not document the `fields` projection
 * (a resource's `fieldsOption`; by default Get and Get Many have it).
 */
export function hideUndocumentedFieldsOption(options: INodeProperties[], defs: ResourceDefinition[]): INodeProperties[] {
	return options.map((collection) => {
		const operations = (collection.displayOptions?.show?.operation ?? []) as string[];
		const without = defs.filter((def) => def.fieldsOption && operations.some((op) => operationsOf(def).includes(op) && !def.fieldsOption!.includes(op)));
		if (!without.length) return collection;
		return {
			...collection,
			options: (collection.options as INodeProperties[]).map((option) =>
				option.name === 'fields' ? { ...option, displayOptions: { hide: { '/resource': without.map((def) => def.value) } } } : option,
			),
		};
	});
}
