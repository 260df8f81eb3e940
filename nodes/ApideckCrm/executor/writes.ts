/**
 * What the writes do beyond one request, each through the executor's `send` (the transport, with the
 * run's retry policy, pacing and service):
 * - Update keeps the current value of a required field left out: one GET of the record, only then.
 * - Create or Update looks the record up by the field matched on and updates or creates it, one item
 *   per key at a time within the run (runMemory.ts).
 * - Return Full Record reads the record back after the write.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { inputError, nodeError } from '../../shared/transport/errors';
import { COMPOSITES, type FieldDef } from '../../shared/definitions/fields';
import { parameterNames, type ResourceDefinition } from '../../shared/definitions/resource';
import { collectionUrl, matchFilters } from '../../shared/requests/routing';
import { pathSegment } from '../../shared/transport/paths';
import { exclusive } from './runMemory';
import { FLATTENED, primaryEntry } from './simplify';
import { withArticle } from '../../shared/definitions/text';
import { mayHaveApplied } from '../../shared/transport/transport';

export interface SendOptions {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/** One API call through the transport with the run's policy; returns Apideck's response body. */
export type Send = (request: SendOptions) => Promise<IDataObject>;

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function recordUrl(def: ResourceDefinition, id: unknown, ctx: IExecuteSingleFunctions): string {
	return `${collectionUrl(ctx, def)}/${pathSegment(ctx, `${def.singular} ID`, id, `Pick ${withArticle(lower(def.singular))} from the list or enter its ID.`)}`;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** A value read from a record, as a request body may carry it: only writable sub-fields, nothing empty. */
export function writableValue(f: FieldDef, value: unknown): unknown {
	if (isEmpty(value)) return undefined;
	const composite = COMPOSITES[f.kind as keyof typeof COMPOSITES];
	if (!composite) return value;
	const entries = (Array.isArray(value) ? value : [value]).filter((e): e is IDataObject => !!e && typeof e === 'object');
	const out = entries
		.map((entry) => {
			const kept: IDataObject = {};
			for (const sub of composite.fields) if (!isEmpty(entry[sub.api])) kept[sub.api] = entry[sub.api];
			return kept;
		})
		.filter((entry) => Object.keys(entry).length > 0 && composite.fields.every((sub) => !sub.required || !isEmpty(entry[sub.api])));
	if (!out.length) return undefined;
	return composite.multiple ? out : out[0];
}

/**
 * Update: the API requires some fields on every PATCH (10.3.6). Those the user left out are read from
 * the record (one GET) and sent with their current value; when all are given nothing is read.
 */
export async function withCurrentValues(
	ctx: IExecuteSingleFunctions,
	def: ResourceDefinition,
	send: Send,
	url: string,
	body: IDataObject,
): Promise<IDataObject> {
	const missing = def.fields.filter((f) => f.required && body[f.api] === undefined);
	if (!missing.length) return body;
	const current = ((await send({ method: 'GET', url })).data ?? {}) as IDataObject;
	const kept: IDataObject = {};
	for (const f of missing) {
		const value = writableValue(f, current[f.api]);
		if (value === undefined) {
			throw inputError(
				ctx.getNode(),
				`Update Fields → ${f.label}`,
				`the ${lower(def.singular)} has no ${f.label.toLowerCase()} to keep`,
				`Add ${f.label} under Update Fields: Apideck requires it on every update.`,
				ctx.getItemIndex(),
			);
		}
		kept[f.api] = value as IDataObject;
	}
	return { ...kept, ...body };
}

// ---- Create or Update ---------------------------------------------------------------------------

/** A filter value compared the way the CRMs compare it: emails and text case-insensitively, phones by digits. */
export function normalise(filter: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (filter === 'phone_number') return text.replace(/\D/g, '');
	return text.replace(/\s+/g, ' ').toLowerCase();
}

/** Filters that search a list of the record: the list and the property of an entry. */
const LIST_FILTERS: Record<string, { list: string; value: string }> = {
	email: FLATTENED.email,
	phone_number: FLATTENED.phone,
};

/** The value of the record to write that Create or Update matches on (the primary entry for lists). */
export function matchValue(filter: string, body: IDataObject): string | undefined {
	const list = LIST_FILTERS[filter];
	const value = list ? primaryEntry(body[list.list], list.value)?.[list.value] : body[filter];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/**
 * Whether a listed record has the value: false when it clearly has another one (some CRMs search
 * names by substring), undefined when the record does not carry the field (the API's filter is trusted).
 */
function holds(record: IDataObject, filter: string, wanted: string): boolean | undefined {
	const list = LIST_FILTERS[filter];
	if (list) {
		const entries = record[list.list];
		if (!Array.isArray(entries) || !entries.length) return undefined;
		return entries.some((e) => normalise(filter, (e as IDataObject)?.[list.value]) === wanted);
	}
	if (isEmpty(record[filter])) return undefined;
	return normalise(filter, record[filter]) === wanted;
}

function updatedAt(record: IDataObject): number {
	const time = Date.parse(String(record.updated_at ?? record.created_at ?? ''));
	return Number.isNaN(time) ? -Infinity : time;
}

const PAGE_SIZE = 200;

/** Every record the API lists for the filter that has the value, following cursors. */
async function findMatches(ctx: IExecuteSingleFunctions, def: ResourceDefinition, send: Send, filter: string, value: string): Promise<IDataObject[]> {
	const wanted = normalise(filter, value);
	const matches: IDataObject[] = [];
	const cursors = new Set<string>();
	let cursor: string | undefined;
	do {
		const qs: IDataObject = { [`filter[${filter}]`]: value, limit: PAGE_SIZE };
		if (cursor) qs.cursor = cursor;
		const response = await send({ method: 'GET', url: def.path, qs });
		for (const record of Array.isArray(response.data) ? (response.data as IDataObject[]) : []) {
			// a record listed twice (pages that overlap while records change) is one match
			if (record && !isEmpty(record.id) && holds(record, filter, wanted) !== false && !matches.some((m) => m.id === record.id)) matches.push(record);
		}
		const next = ((response.meta as IDataObject)?.cursors as IDataObject)?.next;
		cursor = typeof next === 'string' && next !== '' ? next : undefined;
		if (cursor && cursors.has(cursor)) {
			// a cycling cursor: the list can't be read whole, so "no match" can't be trusted
			throw new NodeApiError(ctx.getNode(), { cursor } as JsonObject, {
				message: 'Apideck returned a page cursor it had already returned',
				description: `Create or Update could not read every ${lower(def.singular)} that matches, so nothing was written. Try again later.`,
				itemIndex: ctx.getItemIndex(),
			});
		}
		if (cursor) cursors.add(cursor);
	} while (cursor);
	return matches;
}

export interface UpsertResult {
	response: IDataObject;
	outcome: 'created' | 'updated';
	id?: string;
}

/**
 * Create or Update of one item. The key is the run (execution and node), the service, the resource,
 * the field matched on and its normalised value: items with the same key wait for each other, and the
 * record a key found or created is remembered, so 100 items with 20 distinct emails create 20 records.
 */
export async function upsert(
	ctx: IExecuteSingleFunctions,
	def: ResourceDefinition,
	send: Send,
	request: { body: IDataObject; qs?: IDataObject; serviceId: string; onSeveral: string },
): Promise<UpsertResult> {
	const node = ctx.getNode();
	const itemIndex = ctx.getItemIndex();
	const noun = lower(def.singular);
	const filters = matchFilters(def);
	const matchBy = String(ctx.getNodeParameter(parameterNames(def).matchBy, def.upsert?.matchBy ?? ''));
	const filter = filters.find((f) => f.api === matchBy);
	if (!filter) {
		throw inputError(node, 'Match By', `unknown value "${matchBy}"`, `Use one of: ${filters.map((f) => f.api).join(', ')}.`, itemIndex);
	}
	const value = matchValue(filter.api, request.body);
	if (value === undefined) {
		const field = def.fields.find((f) => f.api === (LIST_FILTERS[filter.api]?.list ?? filter.api));
		const where = field?.required ? field.label : `Additional Fields → ${field?.label ?? filter.label}`;
		throw inputError(node, `Match By ${filter.label}`, `the ${noun} has no ${filter.label.toLowerCase()} to match on`, `Enter it under ${where}, or match by another field.`, itemIndex);
	}
	const runKey = `${ctx.getExecutionId?.() ?? 'run'}:${node.id}`;
	const key = JSON.stringify([request.serviceId, def.value, filter.api, normalise(filter.api, value)]);

	return await exclusive(runKey, key, async (state) => {
		let id = state.id;
		if (id === undefined) {
			const matches = await findMatches(ctx, def, send, filter.api, value);
			if (matches.length > 1 && request.onSeveral !== 'mostRecent') {
				const ids = matches.map((m) => String(m.id));
				const shown = ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', ');
				const error = new NodeOperationError(node, `Match By ${filter.label}: ${matches.length} ${lower(def.plural)} have "${value}" (IDs ${shown})`, {
					description: `Nothing was written. Merge the duplicates in the CRM, match by a field that is unique, or set Options → If Several Match to "Update the Most Recently Updated".`,
					itemIndex,
				});
				error.context.matchingIds = ids;
				throw error;
			}
			if (matches.length) {
				id = String([...matches].sort((a, b) => updatedAt(b) - updatedAt(a))[0].id);
			} else {
				if (state.ambiguous) {
					throw new NodeOperationError(node, `An earlier item's create of this ${noun} may have reached the CRM, so it was not created again`, {
						description: `No ${noun} with ${filter.label.toLowerCase()} "${value}" is listed yet. Check the CRM, then re-run this item.`,
						itemIndex,
					});
				}
				let response: IDataObject;
				try {
					response = await send({ method: 'POST', url: def.path, qs: request.qs, body: request.body });
				} catch (error) {
					if (mayHaveApplied(error)) state.ambiguous = true;
					throw nodeError(node, error);
				}
				const created = (response.data as IDataObject | undefined)?.id;
				if (!isEmpty(created)) state.id = String(created);
				return { response, outcome: 'created', id: state.id };
			}
			state.id = id;
		}
		const response = await send({ method: 'PATCH', url: recordUrl(def, id, ctx), qs: request.qs, body: request.body });
		return { response, outcome: 'updated', id };
	});
}

/** Return Full Record: the record after the write. A failed read says the write itself worked. */
export async function readBack(
	ctx: IExecuteSingleFunctions,
	def: ResourceDefinition,
	send: Send,
	id: string,
	qs: IDataObject | undefined,
	verb: 'created' | 'updated',
): Promise<IDataObject> {
	try {
		return await send({ method: 'GET', url: recordUrl(def, id, ctx), qs });
	} catch (error) {
		const e = nodeError(ctx.getNode(), error);
		e.description = [`The ${lower(def.singular)} was ${verb} (ID ${id}); only reading it back failed, so don't re-run this item to write it again.`, e.description]
			.filter(Boolean)
			.join(' — ');
		throw e;
	}
}
