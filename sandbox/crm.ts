import { errors } from './errors';
import type { QueryObject, QueryValue } from './query';
import { LIST_FILTERS, RESOURCE_DEFS, WRITE_ONLY, type Resource } from './schema';
import type { Collection, ConnectionData, Rec } from './store';
import { isDateTime } from './validate';

/** List handling: limit, cursor, filter[...], sort[...], fields projection, raw. */

export interface ListParams {
	resource: Resource;
	limit: number;
	offset: number;
	filters: [string, string][];
	sortBy?: string;
	sortDir: 'asc' | 'desc';
	fields?: FieldTree;
	raw: boolean;
}

export type FieldTree = { [k: string]: FieldTree | true };

const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 20;
const MAX_VIEWS = 16;

function single(name: string, v: QueryValue | undefined): string | undefined {
	if (v === undefined) return undefined;
	if (typeof v === 'string') return v;
	throw errors.validation(`Query parameter '${name}' must be given once, as a plain value`);
}

export function parseRaw(q: QueryObject, header: string | undefined): boolean {
	const v = single('raw', q.raw) ?? header;
	if (v === undefined || v === '') return false;
	if (v === 'true') return true;
	if (v === 'false') return false;
	throw errors.validation(`Query parameter 'raw' must be true or false (got '${v}')`);
}

export function parseFields(q: QueryObject): FieldTree | undefined {
	const v = single('fields', q.fields);
	if (v === undefined || v.trim() === '') return undefined;
	const tree: FieldTree = {};
	for (const part of v.split(',')) {
		const path = part.trim();
		if (!path) continue;
		let node = tree;
		const segs = path.split('.');
		segs.forEach((seg, i) => {
			if (i === segs.length - 1) node[seg] = true;
			else {
				const next = node[seg];
				if (next === true) return; // whole field already requested
				if (next === undefined) node[seg] = {};
				node = node[seg] as FieldTree;
			}
		});
	}
	return tree;
}

export function project(value: unknown, tree: FieldTree): unknown {
	if (Array.isArray(value)) return value.map((v) => project(v, tree));
	if (value === null || typeof value !== 'object') return value;
	const src = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const [k, sub] of Object.entries(tree)) {
		if (!(k in src)) continue;
		out[k] = sub === true ? src[k] : project(src[k], sub);
	}
	return out;
}

// ---- cursors -------------------------------------------------------------------

export function encodeCursor(serviceId: string, resource: string, offset: number): string {
	return Buffer.from(`sandbox:${serviceId}:${resource}:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string, serviceId: string, resource: string): number {
	const text = Buffer.from(cursor, 'base64url').toString('utf8');
	const m = /^sandbox:([^:]+):([^:]+):(\d+)$/.exec(text);
	if (!m) throw errors.invalidCursor(`Cursor '${cursor}' was not issued by this API`);
	if (m[1] !== serviceId || m[2] !== resource)
		throw errors.invalidCursor(`Cursor '${cursor}' belongs to ${m[1]} ${m[2]}, not ${serviceId} ${resource}`);
	return Number(m[3]);
}

// ---- params --------------------------------------------------------------------

export function parseListParams(resource: Resource, serviceId: string, q: QueryObject, rawHeader?: string): ListParams {
	const def = RESOURCE_DEFS[resource];
	// the 10.3.6 filters and those Apideck's current API adds (schema.ts, LIST_FILTERS)
	const filterKinds = LIST_FILTERS[resource];
	const limitText = single('limit', q.limit);
	let limit = DEFAULT_LIMIT;
	if (limitText !== undefined) {
		if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT)
			throw errors.validation(`Query parameter 'limit' must be an integer from 1 to ${MAX_LIMIT} (got '${limitText}')`);
		limit = Number(limitText);
	}
	const cursor = single('cursor', q.cursor);
	const offset = cursor ? decodeCursor(cursor, serviceId, resource) : 0;

	const filters: [string, string][] = [];
	if (q.filter !== undefined) {
		if (typeof q.filter !== 'object' || Array.isArray(q.filter))
			throw errors.validation(`Query parameter 'filter' must be a deep object, e.g. filter[name]=Acme`);
		const unknown = Object.keys(q.filter).filter((k) => !(k in filterKinds));
		if (unknown.length) {
			const allowed = Object.keys(filterKinds);
			throw errors.unsupportedFilter(
				`Unsupported filter(s) for ${resource}: ${unknown.map((k) => `filter[${k}]`).join(', ')}` +
					(allowed.length ? ` (supported: ${allowed.join(', ')})` : ' (this resource has no filters)'),
			);
		}
		for (const [k, v] of Object.entries(q.filter)) {
			const val = single(`filter[${k}]`, v);
			if (val === undefined) continue;
			const kind = filterKinds[k];
			if (kind === 'number' && (val.trim() === '' || !Number.isFinite(Number(val))))
				throw errors.validation(`Filter 'filter[${k}]' must be a number (got '${val}')`);
			if (kind === 'date-time' && !isDateTime(val))
				throw errors.validation(`Filter 'filter[${k}]' must be an ISO 8601 date-time (got '${val}')`);
			filters.push([k, val]);
		}
	}

	let sortBy: string | undefined;
	let sortDir: 'asc' | 'desc' = 'asc';
	if (q.sort !== undefined) {
		if (typeof q.sort !== 'object' || Array.isArray(q.sort))
			throw errors.validation(`Query parameter 'sort' must be a deep object, e.g. sort[by]=name&sort[direction]=asc`);
		const unknownKeys = Object.keys(q.sort).filter((k) => k !== 'by' && k !== 'direction');
		if (unknownKeys.length)
			throw errors.validation(`Unknown sort parameter(s): ${unknownKeys.map((k) => `sort[${k}]`).join(', ')}`);
		const by = single('sort[by]', q.sort.by);
		const dir = single('sort[direction]', q.sort.direction);
		if (!def.sorts.length)
			throw errors.unsupportedSort(`Sorting is not supported for ${resource}`);
		if (by !== undefined) {
			if (!def.sorts.includes(by))
				throw errors.unsupportedSort(`Unsupported sort[by] '${by}' for ${resource} (supported: ${def.sorts.join(', ')})`);
			sortBy = by;
		}
		if (dir !== undefined) {
			if (dir !== 'asc' && dir !== 'desc')
				throw errors.validation(`Query parameter 'sort[direction]' must be asc or desc (got '${dir}')`);
			sortDir = dir;
			sortBy ??= 'created_at';
		}
	}

	return { resource, limit, offset, filters, sortBy, sortDir, fields: parseFields(q), raw: parseRaw(q, rawHeader) };
}

// ---- filtering and sorting ---------------------------------------------------------

const lc = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
const digits = (v: unknown) => (typeof v === 'string' ? v.replace(/\D/g, '') : '');

function emailsOf(r: Rec): string[] {
	const e = r.emails;
	return Array.isArray(e) ? e.map((x) => lc((x as { email?: unknown })?.email)) : [];
}

/**
 * Filter semantics: name-like text (name, first_name, last_name, title) matches a
 * case-insensitive substring; email matches any of the record's e-mail addresses
 * (case-insensitive, exact); phone_number matches when the digits contain the
 * filter's digits; ids, type and status match exactly (status case-insensitive); numbers
 * match numerically; updated_since / created_since keep records with updated_at / created_at >= the
 * value. A user's name (current API) is its `name`, else its first and last name.
 */
function predicate(resource: Resource, field: string, value: string): (r: Rec) => boolean {
	switch (field) {
		case 'name':
			if (resource === 'users') {
				const needle = value.toLowerCase();
				return (r) => lc(typeof r.name === 'string' && r.name ? r.name : [r.first_name, r.last_name].filter((x) => typeof x === 'string' && x).join(' ')).includes(needle);
			}
		// falls through: name-like text
		case 'first_name':
		case 'last_name':
		case 'title': {
			const needle = value.toLowerCase();
			return (r) => lc(r[field]).includes(needle);
		}
		case 'email': {
			const needle = value.toLowerCase();
			return (r) => emailsOf(r).includes(needle);
		}
		case 'phone_number': {
			const needle = digits(value);
			return (r) =>
				Array.isArray(r.phone_numbers) &&
				(r.phone_numbers as { number?: unknown }[]).some((p) => {
					const d = digits(p?.number);
					return needle === '' ? false : d.includes(needle);
				});
		}
		case 'status': {
			const needle = value.toLowerCase();
			return (r) => lc(r.status) === needle;
		}
		case 'monetary_amount':
		case 'win_probability': {
			const n = Number(value);
			return (r) => r[field] === n;
		}
		case 'updated_since':
		case 'created_since': {
			const t = Date.parse(value);
			const at = field === 'updated_since' ? 'updated_at' : 'created_at';
			return (r) => typeof r[at] === 'string' && Date.parse(r[at] as string) >= t;
		}
		default:
			return (r) => r[field] === value;
	}
}

function sortKey(r: Rec, by: string): string | number | undefined {
	const v = by === 'email' ? emailsOf(r)[0] : r[by];
	if (typeof v === 'number') return v;
	if (typeof v === 'string') {
		if (by !== 'created_at' && by !== 'updated_at') return v.toLowerCase();
		// by instant, not by text: `…:05Z` (second precision) and `…:05.500Z` may sit side by side
		const t = Date.parse(v);
		return Number.isNaN(t) ? undefined : t;
	}
	return undefined;
}

/**
 * The filtered + sorted record list; the unfiltered, unsorted case returns the live array (no copy).
 * The sort is stable in both directions: records with equal keys stay in insertion (creation) order,
 * so with sort[direction]=desc the earlier-created of two tied records still comes first. Records
 * without a value come last in both directions. Views are cached per collection and dropped on any
 * change (create, update, delete), so a record added between two page reads shows up in the second.
 */
export function view(col: Collection, p: ListParams): Rec[] {
	if (!p.filters.length && !p.sortBy) return col.list;
	const key = JSON.stringify([p.filters, p.sortBy, p.sortDir]);
	const cached = col.views.get(key);
	if (cached) return cached;
	let rows = col.list;
	if (p.filters.length) {
		const preds = p.filters.map(([f, v]) => predicate(p.resource, f, v));
		rows = rows.filter((r) => preds.every((fn) => fn(r)));
	} else {
		rows = rows.slice();
	}
	if (p.sortBy) {
		const by = p.sortBy;
		const sign = p.sortDir === 'desc' ? -1 : 1;
		const keyed = rows.map((r, i) => ({ r, i, k: sortKey(r, by) }));
		keyed.sort((a, b) => {
			if (a.k === undefined || b.k === undefined) {
				if (a.k === b.k) return a.i - b.i;
				return a.k === undefined ? 1 : -1; // missing values last, both directions
			}
			if (a.k < b.k) return -sign;
			if (a.k > b.k) return sign;
			return a.i - b.i;
		});
		rows = keyed.map((x) => x.r);
	}
	if (col.views.size >= MAX_VIEWS) col.views.clear();
	col.views.set(key, rows);
	return rows;
}

// ---- output ----------------------------------------------------------------------

/** A record as the API returns it (write-only fields dropped, optional projection). */
export function output(resource: Resource, r: Rec, fields?: FieldTree): unknown {
	let out: Record<string, unknown> = r;
	const hidden = WRITE_ONLY[resource];
	if (hidden.length) {
		out = { ...r };
		for (const h of hidden) delete out[h];
	}
	return fields ? project(out, fields) : out;
}

/** A made-up downstream representation, returned as `_raw` when raw=true. */
export function downstream(conn: ConnectionData, resource: Resource, r: Rec): Record<string, unknown> {
	const scalars: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(r)) {
		if (k === 'id' || WRITE_ONLY[resource].includes(k)) continue;
		if (v === null || typeof v !== 'object') scalars[k] = v;
	}
	if (conn.serviceId === 'hubspot') {
		const properties: Record<string, string | null> = {};
		for (const [k, v] of Object.entries(scalars)) properties[k] = v === null || v === undefined ? null : String(v);
		return { id: r.id, properties, createdAt: r.created_at, updatedAt: r.updated_at, archived: false };
	}
	return { id: r.id, ...scalars, add_time: r.created_at, update_time: r.updated_at };
}
