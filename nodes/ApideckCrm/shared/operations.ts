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
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { buildBody } from './body';
import { customFieldsByNameOption } from './customFieldNames';
import { toUtcIso } from './dates';
import { SORT_DIRECTIONS } from './enums';
import { inputError } from './errors';
import { fieldProperty, optionList, paramName, PICKER_METHODS, pickerProperty, withCurrentApiNote, type FieldDef, type Picker } from './fields';
import { locatorValue, pathSegment } from './paths';
import { withArticle } from './text';

export interface FilterDef {
	api: string;
	label: string;
	kind: 'string' | 'number' | 'dateTime' | 'picker' | 'options';
	picker?: Picker;
	/** for kind 'options': the values offered (and accepted) */
	values?: readonly string[];
	description?: string;
	/** only in Apideck's current CRM API (crm-10.34.0.yml): marked in the editor, sent only when set */
	currentApi?: boolean;
}

export type StandardOperation = 'create' | 'delete' | 'get' | 'getAll' | 'update';

/** Operations that return a paginated list: Return All, Limit and the Get Many options apply. */
export const LIST_OPERATIONS = ['getAll', 'getMembers'] as const;

/** A further list-valued operation on one record, e.g. a list's members: GET {path}/{id}/{subPath}. */
export interface ExtraOperation {
	value: Exclude<(typeof LIST_OPERATIONS)[number], 'getAll'>;
	name: string;
	action: string;
	subPath: string;
}

/** Values mapped with n8n's resource mapper, loaded from the API (e.g. a custom object's fields). */
export interface MappedFields {
	/** body property the values go to */
	api: string;
	label: string;
	/** methods.resourceMapping entry that loads the fields */
	method: string;
	/** turns the mapper's value into the body property; undefined when nothing was mapped */
	build: (ctx: IExecuteSingleFunctions, def: ResourceDefinition, operation: 'create' | 'update') => Promise<unknown>;
}

export interface ResourceDefinition {
	/** value of the Resource option, e.g. 'company' */
	value: string;
	singular: string;
	plural: string;
	/** collection path, e.g. /crm/companies */
	path: string;
	/** picker used for the record ID of Get, Update and Delete */
	picker: Picker;
	/** every writable field, once */
	fields: FieldDef[];
	/** documented list filters */
	filters: FilterDef[];
	/** documented sort[by] values; none when the API does not sort this resource */
	sortBy?: readonly string[];
	/** the standard operations the API documents (default: all five) */
	operations?: readonly StandardOperation[];
	/** further operations on one record */
	extraOperations?: readonly ExtraOperation[];
	/**
	 * A record chosen first whose ID is part of every path, e.g. the schema of custom objects:
	 * `path` then holds the placeholder, as in /crm/custom-objects/{object_id}.
	 */
	scope?: { placeholder: string; picker: Picker; label: string; description: string };
	/** operations whose request documents the `fields` projection (default: get and getAll) */
	fieldsOption?: readonly string[];
	/** values mapped with n8n's resource mapper on Create and Update, next to `fields` */
	mapped?: MappedFields;
	/** only in Apideck's current CRM API (crm-10.34.0.yml), not in the 10.3.6 reference */
	currentApi?: boolean;
	/**
	 * What one record is called in actions when it is not the resource's name, e.g. a custom object's
	 * records: "Create a custom object record", not "Create a custom object" (which reads as a new object).
	 */
	record?: { singular: string; plural: string; create: string };
	/**
	 * Get and Get Many's Simplify: the fields kept, in output order. A name copies that field of the
	 * record; `email`, `phone` and `website` flatten the primary entry of emails, phone_numbers and
	 * websites (see simplify.ts). Without it the resource has no Simplify switch.
	 */
	simplify?: readonly string[];
	/**
	 * Create or Update: offered when set. `matchBy` is the default Match By, one of the resource's
	 * text filters; every text filter can be picked.
	 */
	upsert?: { matchBy: string };
}

const STANDARD_OPERATIONS: readonly StandardOperation[] = ['create', 'delete', 'get', 'getAll', 'update'];

export const MAX_PAGE_SIZE = 200;

/**
 * The first node version whose Update has parameter names of its own. On version 1, Update Fields (and
 * a custom object's Update mapper) share their name with Create's Additional Fields (and Create's
 * mapper), so switching Create to Update kept Create's values and a run wrote them (issue #24).
 * Workflows saved at version 1 keep their names and behaviour.
 */
export const OWN_UPDATE_NAMES_FROM = 1.1;

/** displayOptions conditions on the node's version, as n8n evaluates them (`@version`). */
const BEFORE_OWN_UPDATE_NAMES = { '@version': [{ _cnd: { lt: OWN_UPDATE_NAMES_FROM } }] };
const WITH_OWN_UPDATE_NAMES = { '@version': [{ _cnd: { gte: OWN_UPDATE_NAMES_FROM } }] };

const show = (resource: string, operation: string[], version: object = {}) => ({ show: { resource: [resource], operation, ...version } });

type PreSend = (this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The names of a resource's own parameters. */
export function parameterNames(def: ResourceDefinition) {
	return {
		id: `${def.value}Id`,
		/** Additional Fields of Create (and Create or Update); on node version 1 also Update Fields */
		fields: `${def.value}Fields`,
		/** Update Fields from node version 1.1 */
		updateFields: `${def.value}UpdateFields`,
		filters: `${def.value}Filters`,
		sort: `${def.value}Sort`,
		matchBy: `${def.value}MatchBy`,
		required: (f: FieldDef) => `${def.value}${capitalize(paramName(f.api))}`,
		/** the record chosen first (scope), e.g. customObjectObjectId */
		scope: `${def.value}ObjectId`,
		/** the resource mapper's values of Create; on node version 1 also of Update, e.g. customObjectValues */
		mapped: `${def.value}Values`,
		/** the resource mapper's values of Update from node version 1.1 */
		updateMapped: `${def.value}UpdateValues`,
	};
}

/**
 * The names a write reads on a node of the given version: Create (and Create or Update) always read
 * `fields` and `mapped`; Update reads them on version 1 and its own names from version 1.1.
 */
export function writeNames(def: ResourceDefinition, mode: 'create' | 'update', typeVersion: number | undefined) {
	const names = parameterNames(def);
	if (mode === 'update' && (typeVersion ?? 0) >= OWN_UPDATE_NAMES_FROM) return { ...names, fields: names.updateFields, mapped: names.updateMapped };
	return names;
}

/** The standard and extra operations a resource offers. */
export function operationsOf(def: ResourceDefinition): string[] {
	return [...(def.operations ?? STANDARD_OPERATIONS), ...(def.upsert ? ['upsert'] : []), ...(def.extraOperations ?? []).map((o) => o.value)];
}

/** The collection path, with the scope's ID (one checked path segment) in place of its placeholder. */
export function collectionUrl(ctx: IExecuteSingleFunctions, def: ResourceDefinition): string {
	if (!def.scope) return def.path;
	const { placeholder, label, picker } = def.scope;
	const id = pathSegment(ctx, label, ctx.getNodeParameter(parameterNames(def).scope, undefined), `Pick ${withArticle(PICKER_METHODS[picker].noun)} from the list or enter its ID.`);
	return def.path.replace(placeholder, id);
}

/** "Custom Object" → "custom object", for actions and hints. */
function lower(text: string) {
	return text.toLowerCase();
}

/** preSend: appends the record ID of Get/Update/Delete to the URL, refusing an empty one. */
function withRecordId(def: ResourceDefinition) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const value = this.getNodeParameter(parameterNames(def).id, undefined);
		const id = pathSegment(this, `${def.singular} ID`, value, `Pick ${withArticle(lower(def.singular))} from the list or enter its ID.`);
		request.url = `${collectionUrl(this, def)}/${id}`;
		return request;
	};
}

/** preSend of a scoped resource's Create and Get Many: the collection path with the scope's ID. */
function withCollection(def: ResourceDefinition) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		request.url = collectionUrl(this, def);
		return request;
	};
}

/** preSend of an extra operation: the path below the record, e.g. /members. */
function withSubPath(subPath: string) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		request.url = `${request.url}/${subPath}`;
		return request;
	};
}

/** preSend of Create (and Create or Update) and Update: the body, from the fields (and the mapper). */
function withBody(def: ResourceDefinition, mode: 'create' | 'update') {
	const label = mode === 'create' ? 'Additional Fields' : 'Update Fields';
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const names = writeNames(def, mode, this.getNode().typeVersion);
		if (!def.mapped) {
			request.body = buildBody(this, def.fields, names, label, mode);
			return request;
		}
		const mapped = await def.mapped.build(this, def, mode);
		request.body = buildBody(this, def.fields, names, label, mode, {
			preset: mapped === undefined ? {} : { [def.mapped.api]: mapped as IDataObject },
			empty: { path: def.mapped.label, fix: `Map at least one field under ${def.mapped.label}, or add one under ${label}.` },
		});
		return request;
	};
}

/**
 * The filters Create or Update can match on: the resource's text filters of the 10.3.6 contract (a
 * current-API-only filter, such as a lead's phone number, is not offered: the lookup must work on both).
 */
export function matchFilters(def: ResourceDefinition): FilterDef[] {
	return def.filters.filter((f) => f.kind === 'string' && !f.currentApi);
}

/** preSend: the options every operation shares (raw, fields projection, pass-through). */
async function withOptions(this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
	const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const qs = (request.qs ??= {});
	if (options.raw === true) qs.raw = true;
	if (typeof options.fields === 'string' && options.fields.trim()) {
		qs.fields = options.fields
			.split(',')
			.map((f) => f.trim())
			.filter(Boolean)
			.join(',');
	}
	const passThrough = ((options.passThrough as IDataObject)?.values ?? []) as IDataObject[];
	for (const [index, entry] of passThrough.entries()) {
		const key = String(entry.key ?? '').trim();
		if (!key) {
			throw inputError(this.getNode(), `Options → Pass-Through Query Parameters #${index + 1} → Key`, 'is empty', 'Enter the name of the parameter the CRM expects, or remove the entry.', this.getItemIndex());
		}
		qs[`pass_through[${key}]`] = entry.value as string;
	}
	return request;
}

/**
 * The `filter[...]` query of a list read from a Filters collection's values, each checked before anything
 * is sent: numbers must be numbers, dates are turned into UTC ISO text in the workflow's time zone, empty
 * values are left out. Get Many and the polling trigger both build their filters here.
 */
export function listFilterQuery(node: INode, defs: readonly FilterDef[], values: IDataObject, timezone: string, itemIndex?: number): IDataObject {
	const qs: IDataObject = {};
	for (const filter of defs) {
		let value = locatorValue(values[paramName(filter.api)]);
		if (value === undefined || value === null || String(value).trim() === '') continue;
		if (filter.kind === 'number') {
			value = Number(value);
			if (!Number.isFinite(value)) {
				throw inputError(node, `Filters → ${filter.label}`, 'is not a number', 'Enter a number.', itemIndex);
			}
		}
		if (filter.kind === 'options' && !(filter.values ?? []).includes(String(value))) {
			throw inputError(node, `Filters → ${filter.label}`, `unknown value "${String(value)}"`, `Use one of: ${(filter.values ?? []).join(', ')}.`, itemIndex);
		}
		if (filter.kind === 'dateTime') {
			const iso = toUtcIso(value, timezone);
			if (iso === undefined) {
				throw inputError(node, `Filters → ${filter.label}`, `"${String(value)}" is not a date`, 'Use an ISO 8601 date and time.', itemIndex);
			}
			value = iso;
		}
		qs[`filter[${filter.api}]`] = value as string;
	}
	return qs;
}

/** preSend of Get Many: filters and sort, each checked before anything is sent. */
function withListQuery(def: ResourceDefinition) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const node = this.getNode();
		const itemIndex = this.getItemIndex();
		const qs = (request.qs ??= {});
		// Return All and Limit (the page size and how many records come out) are the executor's (execute.ts)
		const filters = def.filters.length ? ((this.getNodeParameter(parameterNames(def).filters, {}) ?? {}) as IDataObject) : {};
		Object.assign(qs, listFilterQuery(node, def.filters, filters, this.getTimezone(), itemIndex));
		if (def.sortBy) {
			const sort = (this.getNodeParameter(parameterNames(def).sort, {}) ?? {}) as IDataObject;
			if (sort.by !== undefined && sort.by !== '') {
				if (!def.sortBy.includes(String(sort.by))) {
					throw inputError(node, 'Sort → Sort By', `unknown value "${String(sort.by)}"`, `Use one of: ${def.sortBy.join(', ')}.`, itemIndex);
				}
				qs['sort[by]'] = String(sort.by);
			}
			if (sort.direction !== undefined && sort.direction !== '') {
				if (!SORT_DIRECTIONS.includes(String(sort.direction) as 'asc')) {
					throw inputError(node, 'Sort → Direction', `unknown value "${String(sort.direction)}"`, 'Use asc or desc.', itemIndex);
				}
				qs['sort[direction]'] = String(sort.direction);
			}
		}
		return request;
	};
}

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

export const SEVERAL_MATCHES = ['error', 'mostRecent'] as const;

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
			// the executor looks the record up, then sends this POST or a PATCH (writes.ts)
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
		// Email and Phone Number match on an entry of the record's list (see writes.ts)
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
