/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { downstream, encodeCursor, output, parseFields, parseListParams, parseRaw, view } from './crm';
import { handleCurrent, matchCurrent, type CurrentRoute } from './current';
import { clockProblem, type ClockOptions } from './clock';
import { customFieldsAdmin, customFieldsAll } from './customFields';
import { ApiError, errors } from './errors';
import { FaultEngine, type FaultOptions } from './faults';
import { parseQuery, toPlain, type QueryObject } from './query';
import { RESOURCE_DEFS, RESOURCES, type Resource } from './schema';
import { CONNECTED_SERVICES, type ConnectionData, type Store } from './store';
import { createChecked, updateChecked } from './writes';
import type { Webhooks } from './webhooks';

export interface RecordedRequest {
	method: string;
	path: string;
	/** parsed, deepObject aware: filter[name]=x → { filter: { name: 'x' } } */
	query: Record<string, any>;
	rawQuery: string;
	headers: Record<string, string>;
	body: any;
	/** what the client got (0: no answer) */
	status: number;
	/** arrival time (epoch ms) */
	at?: number;
	/** with an interceptor that let the request take effect: the status the API itself produced */
	effectStatus?: number;
}

/** What a test's interceptor can make of one request (see Sandbox.intercept). */
export type Interception =
	/** answer this instead; with afterEffect the request is carried out first (the outcome is then lost) */
	| { kind: 'respond'; status: number; body?: unknown; text?: string; headers?: Record<string, string>; afterEffect?: boolean }
	/** drop the connection without an answer, before anything happened or after the request took effect */
	| { kind: 'reset'; afterEffect?: boolean }
	/** never answer (the client times out); nothing happens */
	| { kind: 'hang' };

export interface InterceptedRequest {
	method: string;
	path: string;
	query: Record<string, any>;
	body: any;
	/** the API key the request carried (so a test can echo it back, as a misbehaving API might) */
	apiKey: string;
	/** how many requests with this method and path came before this one, since the interceptor was set */
	seen: number;
}

export type Interceptor = (req: InterceptedRequest) => Interception | undefined;

export interface Deps {
	/** a test's hook over API requests (admin requests excluded) */
	interceptor?: { fn: Interceptor; seen: Map<string, number> };
	store: Store;
	faults: FaultEngine;
	webhooks: Webhooks;
	apiKeys: Map<string, string>;
	requests: RecordedRequest[];
	baseUrl: () => string;
	seedRecords: (consumerId: string, resource: Resource, count: number, serviceId?: string) => object[];
	/** service id → resources whose list requests reject any sort[...] (see Sandbox.setUnsortable) */
	unsortable: Map<string, Set<Resource>>;
}

/** Checks and applies an unsortable setting (Sandbox.setUnsortable and its admin endpoint); throws a 400 ApiError. */
export function setUnsortable(deps: Pick<Deps, 'unsortable'>, serviceId: unknown, resources: unknown): void {
	const known = CONNECTED_SERVICES.map((s) => s.serviceId);
	if (typeof serviceId !== 'string' || !known.includes(serviceId))
		throw errors.validation(`'serviceId' must be one of ${known.join(', ')} (got ${JSON.stringify(serviceId)})`);
	if (resources !== null && resources !== undefined && !Array.isArray(resources))
		throw errors.validation(`'resources' must be an array of resource names, or null to clear`);
	const list = (resources ?? []) as unknown[];
	const bad = list.filter((r) => typeof r !== 'string' || !(RESOURCES as string[]).includes(r));
	if (bad.length) throw errors.validation(`Unknown resource(s) ${bad.map((r) => JSON.stringify(r)).join(', ')}; use ${RESOURCES.join(', ')}`);
	if (list.length) deps.unsortable.set(serviceId, new Set(list as Resource[]));
	else deps.unsortable.delete(serviceId);
}

function unsortableView(deps: Pick<Deps, 'unsortable'>): Record<string, Resource[]> {
	return Object.fromEntries([...deps.unsortable].map(([service, set]) => [service, RESOURCES.filter((r) => set.has(r))]));
}

interface Result {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
	/** runs after the response is sent (webhook deliveries) */
	after?: () => void;
}

interface Ctx {
	method: string;
	path: string;
	q: QueryObject;
	rawQuery: string;
	headers: IncomingMessage['headers'];
	bodyText: string;
	appId: string;
	apiKey: string;
}

const MAX_BODY = 10 * 1024 * 1024;
const JSON_TYPE = 'application/json';

function statusText(status: number): string {
	return status === 201 ? 'Created' : 'OK';
}

function header(h: IncomingMessage['headers'], name: string): string | undefined {
	const v = h[name];
	if (Array.isArray(v)) return v[0];
	return v === undefined ? undefined : v;
}

function redactHeaders(h: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h)) {
		if (v === undefined) continue;
		const s = Array.isArray(v) ? v.join(', ') : v;
		out[k] = k === 'authorization' ? (/^bearer\s/i.test(s) ? 'Bearer [redacted]' : '[redacted]') : s;
	}
	return out;
}

function parseJsonLoose(text: string): unknown {
	if (!text) return null;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function parseJsonBody(text: string): unknown {
	if (!text.trim()) throw errors.validation('Request body is empty; a JSON object is required');
	try {
		return JSON.parse(text);
	} catch {
		throw errors.validation('Request body is not valid JSON');
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new ApiError(413, 'RequestValidationError', 'Payload too large', `Body exceeds ${MAX_BODY} bytes`));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : ''));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': JSON_TYPE,
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function intercept(deps: Deps, method: string, path: string, recorded: RecordedRequest, headers: IncomingMessage['headers']): Interception | undefined {
	const hook = deps.interceptor;
	if (!hook) return undefined;
	const key = `${method} ${path}`;
	const seen = hook.seen.get(key) ?? 0;
	hook.seen.set(key, seen + 1);
	const auth = /^Bearer\s+(.+)$/i.exec(header(headers, 'authorization')?.trim() ?? '');
	return hook.fn({ method, path, query: recorded.query, body: recorded.body, apiKey: auth?.[1]?.trim() ?? '', seen });
}

/** An interceptor's answer: JSON by default, or any text (an HTML error page). */
function sendRaw(res: ServerResponse, r: Extract<Interception, { kind: 'respond' }>): void {
	if (r.text !== undefined) {
		res.writeHead(r.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(r.text), ...(r.headers ?? {}) });
		res.end(r.text);
		return;
	}
	send(res, r.status, r.body ?? {}, r.headers);
}

export function createHandler(deps: Deps): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		handle(deps, req, res).catch((e) => {
			if (!res.headersSent) {
				const err = e instanceof ApiError ? e : new ApiError(500, 'UnexpectedError', 'Internal sandbox error', String(e));
				send(res, err.status, err.toBody(), err.headers);
			} else {
				res.destroy();
			}
		});
	};
}

async function handle(deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	const rawUrl = req.url ?? '/';
	const qi = rawUrl.indexOf('?');
	const path = (qi < 0 ? rawUrl : rawUrl.slice(0, qi)).replace(/\/+$/, '') || '/';
	const rawQuery = qi < 0 ? '' : rawUrl.slice(qi + 1);
	const q = parseQuery(rawQuery);

	if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
		let bodyText = '';
		try {
			bodyText = await readBody(req);
			const r = await admin(deps, method, path, q, bodyText);
			send(res, r.status, r.body);
		} catch (e) {
			const err = e instanceof ApiError ? e : errors.validation(String(e));
			send(res, err.status, err.toBody());
		}
		return;
	}

	const recorded: RecordedRequest = {
		method,
		path,
		query: toPlain(q),
		rawQuery,
		headers: redactHeaders(req.headers),
		body: null,
		status: 0,
		at: Date.now(),
	};
	deps.requests.push(recorded);

	let result: Result;
	let after: (() => void) | undefined;
	let interception: Interception | undefined;
	try {
		const bodyText = await readBody(req);
		recorded.body = parseJsonLoose(bodyText);
		interception = intercept(deps, method, path, recorded, req.headers);
		if (interception && !('afterEffect' in interception && interception.afterEffect)) {
			// before any effect
			if (interception.kind === 'hang') return;
			if (interception.kind === 'reset') {
				req.socket.destroy();
				return;
			}
			recorded.status = interception.status;
			sendRaw(res, interception);
			return;
		}
		result = await dispatch(deps, method, path, q, rawQuery, req.headers, bodyText);
		after = result.after;
	} catch (e) {
		const err = e instanceof ApiError ? e : new ApiError(500, 'UnexpectedError', 'Internal sandbox error', String(e));
		result = { status: err.status, body: err.toBody(), headers: err.headers };
	}
	if (interception) {
		// the request took effect; what the client gets is the interceptor's
		if (after) setImmediate(after);
		recorded.effectStatus = result.status;
		if (interception.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (interception.kind === 'respond') {
			recorded.status = interception.status;
			sendRaw(res, interception);
		}
		return;
	}
	recorded.status = result.status;
	send(res, result.status, result.body, result.headers);
	if (after) setImmediate(after);
}

function authenticate(deps: Deps, h: IncomingMessage['headers']): { appId: string; apiKey: string } {
	const auth = header(h, 'authorization');
	if (!auth) throw errors.unauthorized('Missing authentication: send Authorization: Bearer <API key>');
	const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
	if (!m) throw errors.unauthorized('The Authorization header must use the Bearer scheme');
	const apiKey = m[1].trim();
	const appId = deps.apiKeys.get(apiKey);
	if (!appId) throw errors.unauthorized('Invalid API key');
	const given = header(h, 'x-apideck-app-id');
	if (!given) throw errors.unauthorized('Missing Header: x-apideck-app-id');
	if (given !== appId) throw errors.unauthorized('The x-apideck-app-id header does not match the application of this API key');
	return { appId, apiKey };
}

type Route =
	| { kind: 'crm'; resource: Resource; id?: string }
	| { kind: 'current'; route: CurrentRoute }
	| { kind: 'vault-list' }
	| { kind: 'vault-one'; api: string; serviceId: string }
	| { kind: 'vault-custom-fields'; api: string; serviceId: string; resource: string }
	| { kind: 'webhooks'; id?: string };

function match(path: string): Route | undefined {
	const seg = path.split('/').slice(1).map((s) => {
		try {
			return decodeURIComponent(s);
		} catch {
			return s;
		}
	});
	if (seg[0] === 'crm' && (seg.length === 2 || seg.length === 3) && (RESOURCES as string[]).includes(seg[1]))
		return { kind: 'crm', resource: seg[1] as Resource, id: seg[2] };
	const current = matchCurrent(seg);
	if (current) return { kind: 'current', route: current };
	if (seg[0] === 'vault' && seg[1] === 'connections') {
		if (seg.length === 2) return { kind: 'vault-list' };
		if (seg.length === 4) return { kind: 'vault-one', api: seg[2], serviceId: seg[3] };
		if (seg.length === 6 && seg[5] === 'custom-fields')
			return { kind: 'vault-custom-fields', api: seg[2], serviceId: seg[3], resource: seg[4] };
	}
	if (seg[0] === 'webhook' && seg[1] === 'webhooks' && (seg.length === 2 || seg.length === 3))
		return { kind: 'webhooks', id: seg[2] };
	return undefined;
}

async function dispatch(
	deps: Deps,
	method: string,
	path: string,
	q: QueryObject,
	rawQuery: string,
	headers: IncomingMessage['headers'],
	bodyText: string,
): Promise<Result> {
	const route = match(path);
	if (!route) throw errors.route(method, path);
	const { appId, apiKey } = authenticate(deps, headers);

	let ambiguous = false;
	if (deps.faults.applies(path)) {
		const d = deps.faults.decide(appId, method);
		if (d.delayMs > 0) await sleep(d.delayMs);
		if (d.kind === '429')
			throw errors.tooMany(
				d.retryAfter,
				d.reason === 'rate-limit'
					? `Rate limit of ${deps.faults.options?.rateLimitPerSecond} requests per second exceeded`
					: 'Injected rate-limit fault',
			);
		if (d.kind === '503') throw errors.unavailable('Injected fault: the connector did not answer; nothing was changed');
		ambiguous = d.kind === 'ambiguous';
	}

	const ctx: Ctx = { method, path, q, rawQuery, headers, bodyText, appId, apiKey };
	let result: Result;
	switch (route.kind) {
		case 'crm':
			result = crm(deps, ctx, route.resource, route.id);
			break;
		case 'current': {
			// Apideck's current CRM API: lists, custom object schemas and custom objects
			const { conn } = resolveConnection(deps, ctx);
			const req = { ...ctx, rawHeader: header(headers, 'x-apideck-raw'), baseUrl: deps.baseUrl() };
			result = handleCurrent(deps.store, conn, req, route.route);
			break;
		}
		case 'vault-list':
		case 'vault-one':
			result = vault(deps, ctx, route);
			break;
		case 'vault-custom-fields':
			result = customFieldsAll(deps.store, { method, path, consumerId: header(headers, 'x-apideck-consumer-id'), q, ...route });
			break;
		case 'webhooks':
			result = await webhooks(deps, ctx, route.id);
			break;
	}
	if (ambiguous && result.status < 400) {
		const err = errors.unavailable('Injected fault: the gateway timed out after the connector call; the outcome is unknown');
		return { status: err.status, body: err.toBody(), after: result.after };
	}
	return result;
}

// ---- CRM ---------------------------------------------------------------------------

function resolveConnection(deps: Deps, ctx: Ctx): { consumerId: string; conn: ConnectionData } {
	const consumerId = header(ctx.headers, 'x-apideck-consumer-id');
	if (!consumerId) throw errors.missingHeader('x-apideck-consumer-id');
	const serviceId = header(ctx.headers, 'x-apideck-service-id');
	const r = deps.store.connection(consumerId, serviceId);
	if (!r.ok) {
		throw r.reason === 'not-connected'
			? errors.connectionNotFound(r.serviceId, consumerId)
			: errors.connectorNotFound(r.serviceId);
	}
	return { consumerId, conn: r.connection };
}

function envelope(conn: ConnectionData, resource: Resource, operation: string, status: number, data: unknown) {
	return { status_code: status, status: statusText(status), service: conn.serviceId, resource, operation, data };
}

function crm(deps: Deps, ctx: Ctx, resource: Resource, id: string | undefined): Result {
	const { consumerId, conn } = resolveConnection(deps, ctx);
	const def = RESOURCE_DEFS[resource];
	const col = conn.collections[resource];
	const rawHeader = header(ctx.headers, 'x-apideck-raw');

	const event = (action: 'created' | 'updated' | 'deleted', entityId: string) =>
		def.events
			? deps.webhooks.enqueue({
					appId: ctx.appId,
					eventType: `crm.${def.singular}.${action}`,
					serviceId: conn.serviceId,
					consumerId,
					entityId,
					entityType: def.singular,
					entityUrl: `${deps.baseUrl()}/crm/${resource}/${encodeURIComponent(entityId)}`,
				})
			: undefined;

	if (id === undefined) {
		if (ctx.method === 'GET') {
			// a connector that cannot sort (switched on by a test): any sort[...] is refused, as Apideck does
			if (ctx.q.sort !== undefined && deps.unsortable.get(conn.serviceId)?.has(resource))
				throw errors.unsupportedSort(
					`The ${conn.service.name} connector (${conn.serviceId}) cannot sort ${resource}; list them without sort[...] parameters`,
				);
			const p = parseListParams(resource, conn.serviceId, ctx.q, rawHeader);
			const rows = view(col, p);
			const page = rows.slice(p.offset, p.offset + p.limit);
			const total = rows.length;
			const nextOffset = p.offset + p.limit < total ? p.offset + p.limit : null;
			const prevOffset = p.offset > 0 ? Math.max(0, p.offset - p.limit) : null;
			const cur = (o: number | null) => (o === null ? null : encodeCursor(conn.serviceId, resource, o));
			const link = (o: number | null) => {
				if (o === null) return null;
				const rest = ctx.rawQuery
					.split('&')
					.filter((kv) => kv && !/^cursor(=|$)/.test(kv))
					.join('&');
				const c = `cursor=${encodeURIComponent(cur(o) as string)}`;
				return `${deps.baseUrl()}${ctx.path}?${rest ? `${rest}&` : ''}${c}`;
			};
			const body: Record<string, unknown> = {
				...envelope(conn, resource, 'all', 200, page.map((r) => output(resource, r, p.fields))),
				meta: {
					items_on_page: page.length,
					cursors: { previous: cur(prevOffset), current: cur(p.offset), next: cur(nextOffset) },
				},
				links: {
					previous: link(prevOffset),
					current: `${deps.baseUrl()}${ctx.path}${ctx.rawQuery ? `?${ctx.rawQuery}` : ''}`,
					next: link(nextOffset),
				},
			};
			if (p.raw) body._raw = page.map((r) => downstream(conn, resource, r));
			return { status: 200, body };
		}
		if (ctx.method === 'POST') {
			const raw = parseRaw(ctx.q, rawHeader);
			const rec = createChecked(deps.store, conn, resource, parseJsonBody(ctx.bodyText));
			const body: Record<string, unknown> = envelope(conn, resource, 'add', 201, { id: rec.id });
			if (raw) body._raw = downstream(conn, resource, rec);
			return { status: 201, body, after: event('created', rec.id) };
		}
		throw errors.method(ctx.method, ctx.path);
	}

	if (ctx.method === 'GET') {
		const raw = parseRaw(ctx.q, rawHeader);
		const fields = parseFields(ctx.q);
		const rec = col.byId.get(id);
		if (!rec) throw errors.notFound(def.singular, id);
		const body: Record<string, unknown> = envelope(conn, resource, 'one', 200, output(resource, rec, fields));
		if (raw) body._raw = downstream(conn, resource, rec);
		return { status: 200, body };
	}
	if (ctx.method === 'PATCH') {
		const raw = parseRaw(ctx.q, rawHeader);
		const rec = updateChecked(deps.store, conn, resource, id, parseJsonBody(ctx.bodyText));
		const body: Record<string, unknown> = envelope(conn, resource, 'update', 200, { id: rec.id });
		if (raw) body._raw = downstream(conn, resource, rec);
		return { status: 200, body, after: event('updated', rec.id) };
	}
	if (ctx.method === 'DELETE') {
		const raw = parseRaw(ctx.q, rawHeader);
		const rec = deps.store.remove(conn, resource, id);
		if (!rec) throw errors.notFound(def.singular, id);
		const body: Record<string, unknown> = envelope(conn, resource, 'delete', 200, { id: rec.id });
		if (raw) body._raw = { id: rec.id, deleted: true };
		return { status: 200, body, after: event('deleted', rec.id) };
	}
	throw errors.method(ctx.method, ctx.path);
}

// ---- Vault -------------------------------------------------------------------------

function connectionView(deps: Deps, ctx: Ctx, conn: ConnectionData): Record<string, unknown> {
	const s = conn.service;
	const created = Math.floor(conn.createdAt / 1000);
	return {
		id: `crm+${s.serviceId}`,
		service_id: s.serviceId,
		name: s.name,
		tag_line: s.tagLine,
		unified_api: 'crm',
		state: 'callable',
		integration_state: 'configured',
		auth_type: 'oauth2',
		oauth_grant_type: 'authorization_code',
		status: 'live',
		enabled: conn.enabled,
		website: s.website,
		icon: `${s.website}/favicon.ico`,
		logo: `${s.website}/favicon.ico`,
		authorize_url: `${deps.baseUrl()}/vault/authorize/${s.serviceId}/${ctx.appId}`,
		revoke_url: `${deps.baseUrl()}/vault/revoke/${s.serviceId}/${ctx.appId}`,
		settings: {},
		metadata: {},
		form_fields: [],
		configuration: [],
		configurable_resources: RESOURCES.slice(),
		resource_schema_support: [],
		resource_settings_support: [],
		validation_support: false,
		schema_support: false,
		settings_required_for_authorization: [],
		subscriptions: [],
		has_guide: false,
		created_at: created,
		updated_at: created,
	};
}

function vault(deps: Deps, ctx: Ctx, route: Route): Result {
	if (ctx.method !== 'GET' && !(ctx.method === 'PATCH' && route.kind === 'vault-one')) throw errors.method(ctx.method, ctx.path);
	const consumerId = header(ctx.headers, 'x-apideck-consumer-id');
	if (!consumerId) throw errors.missingHeader('x-apideck-consumer-id');
	// Like Vault, a consumer nobody has connected anything for (a mistyped ID) has no connections.
	if (!deps.store.hasConsumer(consumerId)) {
		if (route.kind === 'vault-one') throw errors.notFound('connection', `${route.api}+${route.serviceId}`);
		return { status: 200, body: { status_code: 200, status: 'OK', data: [] } };
	}
	const consumer = deps.store.consumer(consumerId);
	if (route.kind === 'vault-one') {
		const conn = route.api === 'crm' ? consumer.connections.get(route.serviceId) : undefined;
		if (!conn) throw errors.notFound('connection', `${route.api}+${route.serviceId}`);
		if (ctx.method === 'PATCH') {
			// only the switch a CRM connection's user can change here; the rest of the connection is Vault's
			const parsed = parseJsonBody(ctx.bodyText);
			if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.validation('Send a JSON object, e.g. { "enabled": false }');
			const body = parsed as Record<string, unknown>;
			if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
				throw errors.validation(`'enabled' must be true or false (got ${JSON.stringify(body.enabled)})`);
			if (typeof body.enabled === 'boolean') conn.enabled = body.enabled;
		}
		return { status: 200, body: { status_code: 200, status: 'OK', data: connectionView(deps, ctx, conn) } };
	}
	const api = typeof ctx.q.api === 'string' ? ctx.q.api : undefined;
	const conns = api && api !== 'crm' ? [] : [...consumer.connections.values()];
	return {
		status: 200,
		body: { status_code: 200, status: 'OK', data: conns.map((c) => connectionView(deps, ctx, c)) },
	};
}

// ---- Webhook API -------------------------------------------------------------------

async function webhooks(deps: Deps, ctx: Ctx, id: string | undefined): Promise<Result> {
	const wh = deps.webhooks;
	const one = (status: number, data: unknown) => ({ status, body: { status_code: status, status: statusText(status), data } });
	if (id === undefined) {
		if (ctx.method === 'GET') {
			const all = wh.forApp(ctx.appId);
			const limitText = typeof ctx.q.limit === 'string' ? ctx.q.limit : undefined;
			let limit = 20;
			if (limitText !== undefined) {
				if (!/^\d+$/.test(limitText) || +limitText < 1 || +limitText > 200)
					throw errors.validation(`Query parameter 'limit' must be an integer from 1 to 200 (got '${limitText}')`);
				limit = +limitText;
			}
			let offset = 0;
			if (typeof ctx.q.cursor === 'string' && ctx.q.cursor) {
				const m = /^webhooks:(\d+)$/.exec(Buffer.from(ctx.q.cursor, 'base64url').toString('utf8'));
				if (!m) throw errors.invalidCursor(`Cursor '${ctx.q.cursor}' was not issued by this API`);
				offset = +m[1];
			}
			const page = all.slice(offset, offset + limit);
			const enc = (o: number) => Buffer.from(`webhooks:${o}`).toString('base64url');
			const next = offset + limit < all.length ? enc(offset + limit) : null;
			const prev = offset > 0 ? enc(Math.max(0, offset - limit)) : null;
			const base = `${deps.baseUrl()}/webhook/webhooks`;
			return {
				status: 200,
				body: {
					status_code: 200,
					status: 'OK',
					data: page.map((s) => wh.view(s)),
					meta: { items_on_page: page.length, cursors: { previous: prev, current: enc(offset), next } },
					links: {
						previous: prev && `${base}?cursor=${prev}`,
						current: `${base}${ctx.rawQuery ? `?${ctx.rawQuery}` : ''}`,
						next: next && `${base}?cursor=${next}`,
					},
				},
			};
		}
		if (ctx.method === 'POST') {
			const sub = await wh.create(ctx.appId, ctx.apiKey, parseJsonBody(ctx.bodyText));
			return one(201, wh.view(sub));
		}
		throw errors.method(ctx.method, ctx.path);
	}
	if (ctx.method === 'GET') return one(200, wh.view(wh.get(ctx.appId, id)));
	if (ctx.method === 'PATCH') {
		wh.get(ctx.appId, id);
		const sub = await wh.update(ctx.appId, id, parseJsonBody(ctx.bodyText));
		return one(200, wh.view(sub));
	}
	if (ctx.method === 'DELETE') return one(200, wh.view(wh.remove(ctx.appId, id)));
	throw errors.method(ctx.method, ctx.path);
}

// ---- admin -------------------------------------------------------------------------

async function admin(deps: Deps, method: string, path: string, q: QueryObject, bodyText: string): Promise<Result> {
	const ok = (body: unknown) => ({ status: 200, body });
	const route = `${method} ${path}`;
	const customFields = customFieldsAdmin(deps.store, method, path, bodyText);
	if (customFields) return customFields;
	switch (route) {
		case 'GET /_sandbox/health':
			return ok({
				status: 'ok',
				url: deps.baseUrl(),
				services: CONNECTED_SERVICES.map((s) => s.serviceId),
				resources: RESOURCES,
				faults: deps.faults.options,
				pending_deliveries: deps.webhooks.pendingCount,
			});
		case 'POST /_sandbox/faults': {
			const body = bodyText.trim() ? parseJsonBody(bodyText) : null;
			if (body !== null && (typeof body !== 'object' || Array.isArray(body)))
				throw errors.validation('Faults must be a JSON object or null');
			if (body && typeof (body as FaultOptions).paths === 'string') {
				try {
					new RegExp((body as FaultOptions).paths as string);
				} catch {
					throw errors.validation(`'paths' is not a valid regular expression`);
				}
			}
			deps.faults.set(body as FaultOptions | null);
			return ok({ faults: deps.faults.options });
		}
		case 'GET /_sandbox/clock':
			return ok({ data: { ...deps.store.clock.state, now: deps.store.clock.stamp() } });
		case 'POST /_sandbox/clock': {
			// same options as sb.setClock; an empty body, null or {} goes back to the real clock
			const body = bodyText.trim() ? parseJsonBody(bodyText) : null;
			const problem = clockProblem(body);
			if (problem) throw errors.validation(problem);
			deps.store.clock.set(body as ClockOptions | null);
			return ok({ data: { ...deps.store.clock.state, now: deps.store.clock.stamp() } });
		}
		case 'GET /_sandbox/unsortable':
			return ok({ data: unsortableView(deps) });
		case 'POST /_sandbox/unsortable': {
			const b = parseJsonBody(bodyText);
			if (b === null || typeof b !== 'object' || Array.isArray(b)) throw errors.validation(`Send { "serviceId": ..., "resources": [...] | null }`);
			const { serviceId, resources } = b as Record<string, unknown>;
			setUnsortable(deps, serviceId, resources);
			return ok({ data: unsortableView(deps) });
		}
		case 'POST /_sandbox/seed': {
			const b = parseJsonBody(bodyText) as Record<string, unknown>;
			const consumerId = b?.consumerId;
			const resource = b?.resource;
			const count = b?.count;
			const serviceId = b?.serviceId;
			if (typeof consumerId !== 'string' || !consumerId) throw errors.validation(`'consumerId' is required`);
			if (typeof resource !== 'string' || !(RESOURCES as string[]).includes(resource))
				throw errors.validation(`'resource' must be one of ${RESOURCES.join(', ')}`);
			if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1_000_000)
				throw errors.validation(`'count' must be an integer from 0 to 1000000`);
			if (serviceId !== undefined && typeof serviceId !== 'string') throw errors.validation(`'serviceId' must be a string`);
			const created = deps.seedRecords(consumerId, resource as Resource, count, serviceId as string | undefined);
			const conn = deps.store.requireConnection(consumerId, serviceId as string | undefined);
			return ok({
				seeded: created.length,
				total: conn.collections[resource as Resource].list.length,
				ids: created.map((r) => (r as { id: string }).id),
			});
		}
		case 'GET /_sandbox/records': {
			const consumerId = typeof q.consumerId === 'string' ? q.consumerId : '';
			const resource = typeof q.resource === 'string' ? q.resource : '';
			const serviceId = typeof q.serviceId === 'string' ? q.serviceId : undefined;
			if (!consumerId || !(RESOURCES as string[]).includes(resource))
				throw errors.validation('Use ?consumerId=...&resource=...[&serviceId=...]');
			const conn = deps.store.requireConnection(consumerId, serviceId);
			return ok({ data: conn.collections[resource as Resource].list });
		}
		case 'GET /_sandbox/requests':
			return ok({ data: deps.requests });
		case 'POST /_sandbox/reset-requests':
			deps.requests.length = 0;
			return ok({ data: [] });
		case 'GET /_sandbox/deliveries':
			return ok({ data: deps.webhooks.deliveries, pending: deps.webhooks.pendingCount });
		case 'GET /_sandbox/webhooks':
			return ok({ data: [...deps.webhooks.subs.values()].map((s) => ({ ...deps.webhooks.view(s), app_id: s.appId })) });
		default:
			throw errors.route(method, path);
	}
}
