/**
 * The preSend steps of every routed request: the URL (record ID, scope, sub-path, each one checked path
 * segment), the body built from the fields, the shared options, and Get Many's filters and sort, each
 * checked before anything is sent. The node's operations (descriptions/operations.ts) put them in their
 * routing; the executor runs them when it admits an item (ApideckCrm/executor/prepare.ts).
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { SORT_DIRECTIONS } from '../definitions/enums';
import { paramName, PICKER_METHODS } from '../definitions/fields';
import { parameterNames, writeNames, type FilterDef, type ResourceDefinition } from '../definitions/resource';
import { lower, withArticle } from '../definitions/text';
import { inputError } from '../transport/errors';
import { locatorValue, pathSegment } from '../transport/paths';
import { buildBody } from './body';
import { toUtcIso } from './dates';

/** The collection path, with the scope's ID (one checked path segment) in place of its placeholder. */
export function collectionUrl(ctx: IExecuteSingleFunctions, def: ResourceDefinition): string {
	if (!def.scope) return def.path;
	const { placeholder, label, picker } = def.scope;
	const id = pathSegment(ctx, label, ctx.getNodeParameter(parameterNames(def).scope, undefined), `Pick ${withArticle(PICKER_METHODS[picker].noun)} from the list or enter its ID.`);
	return def.path.replace(placeholder, id);
}

/** preSend: appends the record ID of Get/Update/Delete to the URL, refusing an empty one. */
export function withRecordId(def: ResourceDefinition) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const value = this.getNodeParameter(parameterNames(def).id, undefined);
		const id = pathSegment(this, `${def.singular} ID`, value, `Pick ${withArticle(lower(def.singular))} from the list or enter its ID.`);
		request.url = `${collectionUrl(this, def)}/${id}`;
		return request;
	};
}

/** preSend of a scoped resource's Create and Get Many: the collection path with the scope's ID. */
export function withCollection(def: ResourceDefinition) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		request.url = collectionUrl(this, def);
		return request;
	};
}

/** preSend of an extra operation: the path below the record, e.g. /members. */
export function withSubPath(subPath: string) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		request.url = `${request.url}/${subPath}`;
		return request;
	};
}

/** preSend of Create (and Create or Update) and Update: the body, from the fields (and the mapper). */
export function withBody(def: ResourceDefinition, mode: 'create' | 'update') {
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
export async function withOptions(this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
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
export function withListQuery(def: ResourceDefinition) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const node = this.getNode();
		const itemIndex = this.getItemIndex();
		const qs = (request.qs ??= {});
		// Return All and Limit (the page size and how many records come out) are the executor's (executor/execute.ts)
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
