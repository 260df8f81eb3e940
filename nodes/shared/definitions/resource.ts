/**
 * What a resource definition is: the one data table per resource (resources/<resource>/index.ts) that
 * the node's parameters, its requests and the polling trigger are all derived from, and the names of the
 * parameters each resource owns.
 */
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { paramName, type FieldDef, type Picker } from './fields';

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
	 * websites (see ApideckCrm/executor/simplify.ts). Without it the resource has no Simplify switch.
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

/** Create or Update's choices when more than one record matches (Options → If Several Match). */
export const SEVERAL_MATCHES = ['error', 'mostRecent'] as const;
