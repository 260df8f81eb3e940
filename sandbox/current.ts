/**
 * The endpoints of Apideck's current CRM API (crm-10.34.0.yml) that the 10.3.6 contract lacks:
 * lists and their members (read-only), custom object schemas, and the records of each schema
 * (`/crm/custom-objects/{object_id}`), validated against the schema's typed fields.
 */
import { decodeCursor, encodeCursor, parseFields, parseRaw, project } from './crm';
import { errors } from './errors';
import type { QueryObject } from './query';
import type { Collection, ConnectionData, Rec, Store } from './store';
import { isDateTime } from './validate';

export const SCHEMA_FIELD_TYPES = [
	'string', 'number', 'integer', 'boolean', 'date', 'datetime', 'currency', 'email', 'phone', 'reference', 'select', 'multiselect',
] as const;
export type SchemaFieldType = (typeof SCHEMA_FIELD_TYPES)[number];

/** The time of a write: epoch ms (demo data), or an already formatted timestamp from the store's clock. */
type Now = number | string;
const isoOf = (now: Now): string => (typeof now === 'string' ? now : new Date(now).toISOString());

export type CurrentRoute =
	| { kind: 'lists'; id?: string; members?: boolean }
	| { kind: 'schemas'; id?: string }
	| { kind: 'objects'; objectId: string; id?: string };

/** Path segments (decoded, after /crm) → a route of the current API, or undefined. */
export function matchCurrent(seg: string[]): CurrentRoute | undefined {
	if (seg[0] !== 'crm') return undefined;
	if (seg[1] === 'lists') {
		if (seg.length === 2 || seg.length === 3) return { kind: 'lists', id: seg[2] };
		if (seg.length === 4 && seg[3] === 'members') return { kind: 'lists', id: seg[2], members: true };
	}
	if (seg[1] === 'custom-object-schemas' && (seg.length === 2 || seg.length === 3)) return { kind: 'schemas', id: seg[2] };
	if (seg[1] === 'custom-objects' && (seg.length === 3 || seg.length === 4)) return { kind: 'objects', objectId: seg[2], id: seg[3] };
	return undefined;
}

export interface CurrentRequest {
	method: string;
	path: string;
	q: QueryObject;
	rawQuery: string;
	bodyText: string;
	rawHeader: string | undefined;
	baseUrl: string;
}

export interface CurrentResult {
	status: number;
	body: unknown;
}

type Issue = { field: string; problem: string; missing?: boolean };

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 20;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const INTEGER_RE = /^-?\d+$/;

function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

function parseBody(text: string): Record<string, unknown> {
	if (!text.trim()) throw errors.validation('Request body is empty; a JSON object is required');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw errors.validation('Request body is not valid JSON');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw errors.validation(`Request body must be a JSON object (got ${typeName(value)})`);
	return value as Record<string, unknown>;
}

function reject(issues: Issue[]): never {
	const status = issues.every((i) => i.missing) ? 422 : 400;
	throw errors.validation(issues.map((i) => `'${i.field}' ${i.problem}`).join('; '), status);
}

function envelope(conn: ConnectionData, resource: string, operation: string, status: number, data: unknown) {
	return { status_code: status, status: status === 201 ? 'Created' : 'OK', service: conn.serviceId, resource, operation, data };
}

/** Lists of the current API have no filters or sorting: refuse them rather than ignore them. */
function noFilterOrSort(q: QueryObject, what: string) {
	if (q.filter !== undefined) throw errors.unsupportedFilter(`Unsupported filter(s) for ${what} (this resource has no filters)`);
	if (q.sort !== undefined) throw errors.unsupportedSort(`Sorting is not supported for ${what}`);
}

function single(name: string, v: unknown): string | undefined {
	if (v === undefined) return undefined;
	if (typeof v === 'string') return v;
	throw errors.validation(`Query parameter '${name}' must be given once, as a plain value`);
}

/** One page of a list: limit, cursor, fields projection, meta and links, as the 10.3.6 lists do. */
function page(
	conn: ConnectionData,
	req: CurrentRequest,
	rows: unknown[],
	cursorKey: string,
	resource: string,
	opts: { fields: boolean; raw: (row: unknown) => unknown },
): CurrentResult {
	const limitText = single('limit', req.q.limit);
	let limit = DEFAULT_LIMIT;
	if (limitText !== undefined) {
		if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT)
			throw errors.validation(`Query parameter 'limit' must be an integer from 1 to ${MAX_LIMIT} (got '${limitText}')`);
		limit = Number(limitText);
	}
	const cursor = single('cursor', req.q.cursor);
	const offset = cursor ? decodeCursor(cursor, conn.serviceId, cursorKey) : 0;
	const raw = parseRaw(req.q, req.rawHeader);
	const fields = opts.fields ? parseFields(req.q) : undefined;
	const slice = rows.slice(offset, offset + limit);
	const next = offset + limit < rows.length ? offset + limit : null;
	const previous = offset > 0 ? Math.max(0, offset - limit) : null;
	const cur = (o: number | null) => (o === null ? null : encodeCursor(conn.serviceId, cursorKey, o));
	const link = (o: number | null) => {
		if (o === null) return null;
		const rest = req.rawQuery
			.split('&')
			.filter((kv) => kv && !/^cursor(=|$)/.test(kv))
			.join('&');
		return `${req.baseUrl}${req.path}?${rest ? `${rest}&` : ''}cursor=${encodeURIComponent(cur(o) as string)}`;
	};
	const body: Record<string, unknown> = {
		...envelope(conn, resource, 'all', 200, slice.map((r) => (fields ? project(r, fields) : r))),
		meta: { items_on_page: slice.length, cursors: { previous: cur(previous), current: cur(offset), next: cur(next) } },
		links: {
			previous: link(previous),
			current: `${req.baseUrl}${req.path}${req.rawQuery ? `?${req.rawQuery}` : ''}`,
			next: link(next),
		},
	};
	if (raw) body._raw = { items: slice.map(opts.raw) };
	return { status: 200, body };
}

function one(conn: ConnectionData, req: CurrentRequest, resource: string, operation: string, status: number, data: unknown, opts: { fields?: boolean; raw?: unknown } = {}): CurrentResult {
	const raw = parseRaw(req.q, req.rawHeader);
	const fields = opts.fields ? parseFields(req.q) : undefined;
	const body: Record<string, unknown> = envelope(conn, resource, operation, status, fields ? project(data, fields) : data);
	if (raw) body._raw = (opts.raw ?? { id: (data as Rec).id }) as Record<string, unknown>;
	return { status, body };
}

/** A connector-style view of a record, returned as `_raw` when raw=true. */
function downstream(r: Rec): Record<string, unknown> {
	const out: Record<string, unknown> = { Id: r.id };
	for (const [k, v] of Object.entries(r)) if (k !== 'id' && (v === null || typeof v !== 'object')) out[k] = v;
	return out;
}

// ---- lists -------------------------------------------------------------------------------

function lists(conn: ConnectionData, req: CurrentRequest, route: Extract<CurrentRoute, { kind: 'lists' }>): CurrentResult {
	if (req.method !== 'GET') throw errors.method(req.method, req.path);
	const data = conn.current;
	if (route.id === undefined) {
		noFilterOrSort(req.q, 'lists');
		return page(conn, req, data.lists.list, 'lists', 'lists', { fields: true, raw: (r) => downstream(r as Rec) });
	}
	const list = data.lists.byId.get(route.id);
	if (!list) throw errors.notFound('list', route.id);
	if (!route.members) return one(conn, req, 'lists', 'one', 200, list, { fields: true, raw: downstream(list) });
	noFilterOrSort(req.q, 'list members');
	const members = data.members.get(list.id) ?? [];
	return page(conn, req, members, `members.${list.id}`, 'list-members', { fields: true, raw: (m) => ({ ...(m as object) }) });
}

// ---- custom object schemas ---------------------------------------------------------------

const SCHEMA_PROPS = ['name', 'description', 'fields', 'visible', 'active', 'pass_through'];
const SCHEMA_READ_ONLY = ['id', 'created_by', 'updated_by', 'created_at', 'updated_at'];
const FIELD_PROPS = ['id', 'name', 'description', 'type', 'required', 'options', 'default_value'];

function checkPassThrough(value: unknown, at: string, issues: Issue[]) {
	if (!Array.isArray(value)) {
		issues.push({ field: at, problem: `must be an array (got ${typeName(value)})` });
		return;
	}
	for (const [i, entry] of value.entries()) {
		const p = `${at}[${i}]`;
		if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
			issues.push({ field: p, problem: 'must be an object' });
			continue;
		}
		const e = entry as Record<string, unknown>;
		for (const k of Object.keys(e))
			if (!['service_id', 'operation_id', 'extend_object', 'extend_paths'].includes(k)) issues.push({ field: `${p}.${k}`, problem: 'is not a known property' });
		if (typeof e.service_id !== 'string' || !e.service_id) issues.push({ field: `${p}.service_id`, problem: 'is required', missing: e.service_id === undefined });
		if (e.operation_id !== undefined && typeof e.operation_id !== 'string') issues.push({ field: `${p}.operation_id`, problem: 'must be a string' });
		if (e.extend_object !== undefined && (typeof e.extend_object !== 'object' || e.extend_object === null || Array.isArray(e.extend_object)))
			issues.push({ field: `${p}.extend_object`, problem: 'must be an object' });
		if (e.extend_paths !== undefined) {
			if (!Array.isArray(e.extend_paths)) issues.push({ field: `${p}.extend_paths`, problem: 'must be an array' });
			else
				for (const [j, x] of e.extend_paths.entries()) {
					const xp = `${p}.extend_paths[${j}]`;
					if (!x || typeof x !== 'object' || Array.isArray(x)) {
						issues.push({ field: xp, problem: 'must be an object' });
						continue;
					}
					const o = x as Record<string, unknown>;
					for (const k of Object.keys(o)) if (k !== 'path' && k !== 'value') issues.push({ field: `${xp}.${k}`, problem: 'is not a known property' });
					if (typeof o.path !== 'string') issues.push({ field: `${xp}.path`, problem: 'is required', missing: o.path === undefined });
					if (!('value' in o)) issues.push({ field: `${xp}.value`, problem: 'is required', missing: true });
				}
		}
	}
}

/** Why a text value does not fit a schema field's type, or undefined when it does. */
export function valueProblem(type: SchemaFieldType, value: string, options: string[]): string | undefined {
	switch (type) {
		case 'number':
		case 'currency':
			return NUMBER_RE.test(value.trim()) ? undefined : `'${value}' is not a number`;
		case 'integer':
			return INTEGER_RE.test(value.trim()) ? undefined : `'${value}' is not an integer`;
		case 'boolean':
			return value === 'true' || value === 'false' ? undefined : `'${value}' is not true or false`;
		case 'date':
			return DATE_RE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : `'${value}' is not a date (YYYY-MM-DD)`;
		case 'datetime':
			return isDateTime(value) ? undefined : `'${value}' is not an ISO 8601 date-time with a time zone`;
		case 'email':
			return EMAIL_RE.test(value) ? undefined : `'${value}' is not an e-mail address`;
		case 'select':
			return !options.length || options.includes(value) ? undefined : `'${value}' is not an allowed value (allowed: ${options.join(', ')})`;
		case 'multiselect': {
			const bad = value.split(';').filter((v) => options.length && !options.includes(v));
			return bad.length ? `'${bad.join(';')}' is not allowed (allowed, separated by ';': ${options.join(', ')})` : undefined;
		}
		default:
			return undefined;
	}
}

function checkSchemaFields(value: unknown, issues: Issue[]): Rec[] | undefined {
	if (!Array.isArray(value)) {
		issues.push({ field: 'fields', problem: `must be an array (got ${typeName(value)})` });
		return undefined;
	}
	const names = new Set<string>();
	const out: Rec[] = [];
	for (const [i, entry] of value.entries()) {
		const at = `fields[${i}]`;
		if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
			issues.push({ field: at, problem: 'must be an object' });
			continue;
		}
		const f = entry as Record<string, unknown>;
		for (const k of Object.keys(f)) if (!FIELD_PROPS.includes(k)) issues.push({ field: `${at}.${k}`, problem: 'is not a known property' });
		if (f.name === undefined || f.name === null || f.name === '') issues.push({ field: `${at}.name`, problem: 'is required', missing: true });
		else if (typeof f.name !== 'string') issues.push({ field: `${at}.name`, problem: 'must be a string' });
		else if (names.has(f.name)) issues.push({ field: `${at}.name`, problem: `'${f.name}' is used by another field` });
		else names.add(f.name);
		if (f.id !== undefined && typeof f.id !== 'string') issues.push({ field: `${at}.id`, problem: 'must be a string' });
		if (f.description !== undefined && f.description !== null && typeof f.description !== 'string') issues.push({ field: `${at}.description`, problem: 'must be a string' });
		const type = f.type === undefined ? 'string' : f.type;
		if (!(SCHEMA_FIELD_TYPES as readonly unknown[]).includes(type))
			issues.push({ field: `${at}.type`, problem: `'${String(type)}' is not an allowed value (allowed: ${SCHEMA_FIELD_TYPES.join(', ')})` });
		if (f.required !== undefined && typeof f.required !== 'boolean') issues.push({ field: `${at}.required`, problem: 'must be a boolean' });
		const options: string[] = [];
		if (f.options !== undefined && f.options !== null) {
			if (!Array.isArray(f.options)) issues.push({ field: `${at}.options`, problem: 'must be an array' });
			else
				for (const [j, o] of f.options.entries()) {
					const op = `${at}.options[${j}]`;
					if (!o || typeof o !== 'object' || Array.isArray(o)) {
						issues.push({ field: op, problem: 'must be an object' });
						continue;
					}
					const opt = o as Record<string, unknown>;
					for (const k of Object.keys(opt)) if (k !== 'value' && k !== 'label') issues.push({ field: `${op}.${k}`, problem: 'is not a known property' });
					if (typeof opt.value !== 'string' || opt.value === '') issues.push({ field: `${op}.value`, problem: 'is required', missing: opt.value === undefined });
					else options.push(opt.value);
					if (opt.label !== undefined && typeof opt.label !== 'string') issues.push({ field: `${op}.label`, problem: 'must be a string' });
				}
		}
		if (f.default_value !== undefined && f.default_value !== null) {
			if (typeof f.default_value !== 'string') issues.push({ field: `${at}.default_value`, problem: 'must be a string' });
			else if ((SCHEMA_FIELD_TYPES as readonly unknown[]).includes(type)) {
				const problem = valueProblem(type as SchemaFieldType, f.default_value, options);
				if (problem) issues.push({ field: `${at}.default_value`, problem });
			}
		}
		out.push({
			id: typeof f.id === 'string' && f.id ? f.id : '',
			name: f.name as string,
			description: (f.description as string | null | undefined) ?? null,
			type: type as string,
			required: f.required === true,
			options: Array.isArray(f.options) ? (f.options as unknown[]).map((o) => ({ ...(o as object) })) : null,
			default_value: (f.default_value as string | null | undefined) ?? null,
		});
	}
	return out;
}

function checkSchemaBody(body: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
	const issues: Issue[] = [];
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(body)) {
		if (SCHEMA_READ_ONLY.includes(k)) issues.push({ field: k, problem: 'is read-only and cannot be set' });
		else if (!SCHEMA_PROPS.includes(k)) issues.push({ field: k, problem: 'is not a known property' });
		else if (k === 'pass_through') checkPassThrough(v, k, issues);
		else if (k === 'fields') out.fields = checkSchemaFields(v, issues);
		else if (k === 'name' || k === 'description') {
			if (v !== null && typeof v !== 'string') issues.push({ field: k, problem: `must be a string (got ${typeName(v)})` });
			else out[k] = v;
		} else if (v !== null && typeof v !== 'boolean') issues.push({ field: k, problem: `must be a boolean (got ${typeName(v)})` });
		else out[k] = v;
	}
	const name = body.name;
	if (mode === 'create' && (name === undefined || name === null || name === '')) issues.push({ field: 'name', problem: 'is required', missing: true });
	if (mode === 'update' && 'name' in body && (name === null || name === '')) issues.push({ field: 'name', problem: 'is required and cannot be cleared', missing: true });
	if (issues.length) reject(issues);
	return out;
}

function withFieldIds(store: Store, fields: Rec[] | undefined): Rec[] | undefined {
	return fields?.map((f) => ({ ...f, id: f.id || store.nextId('fld') }));
}

function schemas(store: Store, conn: ConnectionData, req: CurrentRequest, id: string | undefined, now: Now): CurrentResult {
	const col = conn.current.schemas;
	const iso = isoOf(now);
	if (id === undefined) {
		if (req.method === 'GET') {
			noFilterOrSort(req.q, 'custom object schemas');
			return page(conn, req, col.list, 'custom-object-schemas', 'custom-object-schemas', { fields: false, raw: (r) => downstream(r as Rec) });
		}
		if (req.method === 'POST') {
			const v = checkSchemaBody(parseBody(req.bodyText), 'create');
			const rec = createSchema(store, conn, v, now);
			return one(conn, req, 'custom-object-schemas', 'add', 201, rec, { raw: downstream(rec) });
		}
		throw errors.method(req.method, req.path);
	}
	const rec = col.byId.get(id);
	if (req.method === 'GET') {
		if (!rec) throw errors.notFound('custom object schema', id);
		return one(conn, req, 'custom-object-schemas', 'one', 200, rec, { raw: downstream(rec) });
	}
	if (req.method === 'PATCH') {
		const v = checkSchemaBody(parseBody(req.bodyText), 'update');
		if (!rec) throw errors.notFound('custom object schema', id);
		// a field given without an id keeps the id of the field of the same name
		const ids = new Map(((rec.fields as Rec[]) ?? []).map((f) => [String(f.name), String(f.id)]));
		for (const [k, value] of Object.entries(v)) {
			rec[k] = k === 'fields' ? withFieldIds(store, (value as Rec[]).map((f) => ({ ...f, id: f.id || ids.get(String(f.name)) || '' }))) : value;
		}
		rec.updated_at = iso;
		col.changed();
		return one(conn, req, 'custom-object-schemas', 'update', 200, { id: rec.id });
	}
	if (req.method === 'DELETE') {
		if (!col.remove(id)) throw errors.notFound('custom object schema', id);
		conn.current.objects.delete(id);
		return one(conn, req, 'custom-object-schemas', 'delete', 200, { id });
	}
	throw errors.method(req.method, req.path);
}

/** Stores a validated schema body (demo data and POST). */
export function createSchema(store: Store, conn: ConnectionData, body: Record<string, unknown>, now: Now): Rec {
	const iso = isoOf(now);
	const rec: Rec = {
		id: store.nextId('cos'),
		name: body.name ?? null,
		description: body.description ?? null,
		fields: withFieldIds(store, body.fields as Rec[] | undefined) ?? [],
		visible: body.visible ?? true,
		active: body.active ?? true,
		created_by: null,
		updated_by: null,
		created_at: iso,
		updated_at: iso,
	};
	conn.current.schemas.add(rec);
	return rec;
}

// ---- custom objects (records of a schema) --------------------------------------------------

const RECORD_READ_ONLY = ['id', 'owner_id', 'created_by', 'updated_by', 'created_at', 'updated_at'];

interface SchemaField {
	name: string;
	type: SchemaFieldType;
	required: boolean;
	options: string[];
	default_value: string | null;
}

function fieldsOf(schema: Rec): Map<string, SchemaField> {
	const out = new Map<string, SchemaField>();
	for (const f of (schema.fields as Rec[] | undefined) ?? []) {
		out.set(String(f.name), {
			name: String(f.name),
			type: (f.type as SchemaFieldType) ?? 'string',
			required: f.required === true,
			options: ((f.options as Array<{ value?: string }> | null) ?? []).map((o) => String(o.value)),
			default_value: (f.default_value as string | null) ?? null,
		});
	}
	return out;
}

/** What is wrong with one { name, value } entry of a record, or undefined (the value is then kept). */
function recordFieldProblem(schema: Rec, known: Map<string, SchemaField>, values: Map<string, string>, entry: unknown, at: string): Issue | undefined {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return { field: at, problem: 'must be an object' };
	const e = entry as Record<string, unknown>;
	const extra = Object.keys(e).find((key) => key !== 'name' && key !== 'value');
	if (extra) return { field: `${at}.${extra}`, problem: 'is not a known property' };
	if (typeof e.name !== 'string' || !e.name) return { field: `${at}.name`, problem: 'is required', missing: e.name === undefined };
	const f = known.get(e.name);
	if (!f) return { field: `${at}.name`, problem: `'${e.name}' is not a field of custom object '${String(schema.name)}' (fields: ${[...known.keys()].join(', ') || 'none'})` };
	if (values.has(e.name)) return { field: `${at}.name`, problem: `'${e.name}' is given twice` };
	if (typeof e.value !== 'string') return { field: `${at}.value`, problem: `must be a string (got ${typeName(e.value)})`, missing: e.value === undefined };
	const problem = e.value === '' ? undefined : valueProblem(f.type, e.value, f.options);
	if (problem) return { field: `${at}.value`, problem: `${problem} (field '${f.name}' is ${f.type})` };
	values.set(e.name, e.value);
	return undefined;
}

/** Checks a record body against the object's schema; returns the name and the field values given. */
function checkRecordBody(schema: Rec, body: Record<string, unknown>): { name?: string | null; values: Map<string, string> } {
	const issues: Issue[] = [];
	const known = fieldsOf(schema);
	const values = new Map<string, string>();
	let name: string | null | undefined;
	for (const [k, v] of Object.entries(body)) {
		if (RECORD_READ_ONLY.includes(k)) issues.push({ field: k, problem: 'is read-only and cannot be set' });
		else if (k === 'pass_through') checkPassThrough(v, k, issues);
		else if (k === 'name') {
			if (v !== null && typeof v !== 'string') issues.push({ field: k, problem: `must be a string (got ${typeName(v)})` });
			else name = v;
		} else if (k === 'fields') {
			if (!Array.isArray(v)) {
				issues.push({ field: k, problem: `must be an array (got ${typeName(v)})` });
				continue;
			}
			for (const [i, entry] of v.entries()) {
				const problem = recordFieldProblem(schema, known, values, entry, `fields[${i}]`);
				if (problem) issues.push(problem);
			}
		} else issues.push({ field: k, problem: 'is not a known property' });
	}
	if (issues.length) reject(issues);
	return { name, values };
}

function objects(store: Store, conn: ConnectionData, req: CurrentRequest, objectId: string, id: string | undefined, now: Now): CurrentResult {
	const schema = conn.current.schemas.byId.get(objectId);
	if (!schema) throw errors.notFound('custom object', objectId);
	const col = conn.current.records(objectId);
	const iso = isoOf(now);
	const known = fieldsOf(schema);
	if (id === undefined) {
		if (req.method === 'GET') {
			noFilterOrSort(req.q, 'custom objects');
			return page(conn, req, col.list, `objects.${objectId}`, 'custom-objects', { fields: true, raw: (r) => downstream(r as Rec) });
		}
		if (req.method === 'POST') {
			const { name, values } = checkRecordBody(schema, parseBody(req.bodyText));
			const missing: Issue[] = [];
			for (const f of known.values()) {
				if (values.has(f.name) && values.get(f.name) !== '') continue;
				if (f.default_value !== null && f.default_value !== '') values.set(f.name, f.default_value);
				else if (f.required) missing.push({ field: `fields.${f.name}`, problem: 'is required by the object', missing: true });
			}
			if (missing.length) reject(missing);
			const rec = createRecord(store, conn, objectId, { name, values }, now);
			return one(conn, req, 'custom-objects', 'add', 201, { id: rec.id }, { raw: downstream(rec) });
		}
		throw errors.method(req.method, req.path);
	}
	const rec = col.byId.get(id);
	if (req.method === 'GET') {
		if (!rec) throw errors.notFound('custom object record', id);
		return one(conn, req, 'custom-objects', 'one', 200, rec, { raw: downstream(rec) });
	}
	if (req.method === 'PATCH') {
		const { name, values } = checkRecordBody(schema, parseBody(req.bodyText));
		if (!rec) throw errors.notFound('custom object record', id);
		const cleared = [...values].filter(([k, v]) => v === '' && known.get(k)?.required);
		if (cleared.length) reject(cleared.map(([k]) => ({ field: `fields.${k}`, problem: 'is required by the object and cannot be cleared', missing: true })));
		if (name !== undefined) rec.name = name;
		const current = rec.fields as Array<{ name: string; value: string }>;
		for (const [k, v] of values) {
			const at = current.findIndex((f) => f.name === k);
			if (v === '') {
				if (at >= 0) current.splice(at, 1);
			} else if (at >= 0) current[at] = { name: k, value: v };
			else current.push({ name: k, value: v });
		}
		rec.updated_at = iso;
		col.changed();
		return one(conn, req, 'custom-objects', 'update', 200, { id: rec.id });
	}
	if (req.method === 'DELETE') {
		if (!col.remove(id)) throw errors.notFound('custom object record', id);
		return one(conn, req, 'custom-objects', 'delete', 200, { id });
	}
	throw errors.method(req.method, req.path);
}

/** Stores a validated record (demo data and POST). */
export function createRecord(store: Store, conn: ConnectionData, objectId: string, body: { name?: string | null; values: Map<string, string> }, now: Now): Rec {
	const iso = isoOf(now);
	const rec: Rec = {
		id: store.nextId('cobj'),
		name: body.name ?? null,
		fields: [...body.values].filter(([, v]) => v !== '').map(([name, value]) => ({ name, value })),
		created_at: iso,
		updated_at: iso,
	};
	conn.current.records(objectId).add(rec);
	return rec;
}

/** `now` defaults to the store's clock (fixed time and precision as set). */
export function handleCurrent(store: Store, conn: ConnectionData, req: CurrentRequest, route: CurrentRoute, now: Now = store.clock.stamp()): CurrentResult {
	switch (route.kind) {
		case 'lists':
			return lists(conn, req, route);
		case 'schemas':
			return schemas(store, conn, req, route.id, now);
		case 'objects':
			return objects(store, conn, req, route.objectId, route.id, now);
	}
}

// ---- demo data --------------------------------------------------------------------------------

const DAY = 86_400_000;

/** A few lists over the connection's contacts, companies and leads, two custom objects with records. */
export function seedCurrent(store: Store, conn: ConnectionData, baseMs: number): void {
	const data = conn.current;
	const pick = (col: Collection, every: number) => col.list.filter((_, i) => i % every === 0).map((r) => r.id);
	const lists: Array<[string, string | null, 'static' | 'dynamic', string, string[], Record<string, unknown> | null]> = [
		['Newsletter subscribers', 'Contacts who opted in to the monthly newsletter', 'static', 'contacts', pick(conn.collections.contacts, 3), null],
		['Enterprise accounts', null, 'dynamic', 'companies', pick(conn.collections.companies, 4), { type: 'and', queries: [{ field: 'number_of_employees', operator: 'gt', value: 500 }] }],
		['Hot leads', 'Leads to call this week', 'static', 'leads', pick(conn.collections.leads, 2), null],
	];
	lists.forEach(([name, description, type, objectType, ids, criteria], i) => {
		const at = new Date(baseMs + i * DAY).toISOString();
		const id = store.nextId('ls');
		data.lists.add({
			id,
			name,
			description,
			type,
			visibility: i === 2 ? 'private' : 'shared',
			owner_id: conn.collections.users.list[0]?.id ?? null,
			filter_criteria: criteria,
			record_count: ids.length,
			folder_id: null,
			object_type: objectType,
			is_dynamic: type === 'dynamic',
			is_favorite: i === 0,
			is_default: false,
			is_system: false,
			custom_fields: [],
			tags: i === 0 ? ['marketing'] : [],
			updated_by: null,
			created_by: null,
			updated_at: at,
			created_at: at,
		});
		data.members.set(id, ids.map((memberId) => ({ id: memberId, object_type: objectType })));
	});

	const project = createSchema(
		store,
		conn,
		{
			name: 'project',
			description: 'Customer projects',
			fields: [
				{ id: '', name: 'project_name', description: 'Name of the project', type: 'string', required: true, options: null, default_value: null },
				{ id: '', name: 'budget', description: 'Budget in the account currency', type: 'currency', required: false, options: null, default_value: null },
				{ id: '', name: 'seats', description: null, type: 'integer', required: false, options: null, default_value: null },
				{ id: '', name: 'start_date', description: null, type: 'date', required: false, options: null, default_value: null },
				{ id: '', name: 'kickoff_at', description: null, type: 'datetime', required: false, options: null, default_value: null },
				{ id: '', name: 'billable', description: null, type: 'boolean', required: false, options: null, default_value: 'true' },
				{ id: '', name: 'stage', description: null, type: 'select', required: false, options: [{ value: 'planned', label: 'Planned' }, { value: 'running', label: 'Running' }, { value: 'done', label: 'Done' }], default_value: 'planned' },
				{ id: '', name: 'channels', description: null, type: 'multiselect', required: false, options: [{ value: 'email', label: 'Email' }, { value: 'phone', label: 'Phone' }, { value: 'chat', label: 'Chat' }], default_value: null },
				{ id: '', name: 'contact_email', description: null, type: 'email', required: false, options: null, default_value: null },
				{ id: '', name: 'contact_phone', description: null, type: 'phone', required: false, options: null, default_value: null },
				{ id: '', name: 'account_id', description: 'Company the project is for', type: 'reference', required: false, options: null, default_value: null },
			],
			visible: true,
			active: true,
		},
		baseMs,
	);
	const vehicle = createSchema(
		store,
		conn,
		{
			name: 'vehicle',
			description: null,
			fields: [
				{ id: '', name: 'plate', description: null, type: 'string', required: true, options: null, default_value: null },
				{ id: '', name: 'mileage', description: null, type: 'number', required: false, options: null, default_value: null },
			],
			visible: false,
			active: true,
		},
		baseMs + DAY,
	);
	const companies = conn.collections.companies.list;
	const projects: Array<[string, Record<string, string>]> = [
		['Website relaunch', { project_name: 'Website relaunch', budget: '25000', seats: '5', start_date: '2024-02-01', stage: 'running', channels: 'email;chat', billable: 'true' }],
		['CRM migration', { project_name: 'CRM migration', budget: '80000.5', stage: 'planned', contact_email: 'pm@example.com', billable: 'false' }],
		['Support rollout', { project_name: 'Support rollout', kickoff_at: '2024-03-04T09:00:00.000Z', stage: 'done', contact_phone: '+1 555 0100', billable: 'true' }],
	];
	projects.forEach(([name, values], i) => {
		if (companies[i]) values.account_id = companies[i].id;
		createRecord(store, conn, String(project.id), { name, values: new Map(Object.entries(values)) }, baseMs + (i + 1) * DAY);
	});
	createRecord(store, conn, String(vehicle.id), { name: null, values: new Map([['plate', 'AB-123-C'], ['mileage', '42000']]) }, baseMs + 2 * DAY);
	createRecord(store, conn, String(vehicle.id), { name: 'Van', values: new Map([['plate', 'XY-987-Z']]) }, baseMs + 3 * DAY);
}
