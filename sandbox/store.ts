import { Clock } from './clock';
import { MILLISECOND_TIMESTAMPS, RESOURCES, RESOURCE_DEFS, type Resource } from './schema';

export interface Rec {
	id: string;
	[key: string]: unknown;
}

/** One resource's records for one consumer connection, in list order. */
export class Collection {
	readonly list: Rec[] = [];
	readonly byId = new Map<string, Rec>();
	/** filtered/sorted views, dropped on every change */
	readonly views = new Map<string, Rec[]>();

	add(rec: Rec): void {
		this.list.push(rec);
		this.byId.set(rec.id, rec);
		this.views.clear();
	}

	remove(id: string): Rec | undefined {
		const rec = this.byId.get(id);
		if (!rec) return undefined;
		this.byId.delete(id);
		// deletions are rare next to reads; search from the end where recent records live
		const i = this.list.lastIndexOf(rec);
		if (i >= 0) this.list.splice(i, 1);
		this.views.clear();
		return rec;
	}

	changed(): void {
		this.views.clear();
	}
}

export interface ServiceInfo {
	serviceId: string;
	name: string;
	tagLine: string;
	website: string;
}

/** CRM connectors every consumer has connected in the sandbox, in default order. */
export const CONNECTED_SERVICES: readonly ServiceInfo[] = [
	{ serviceId: 'hubspot', name: 'HubSpot', tagLine: 'CRM platform for growing businesses', website: 'https://www.hubspot.com' },
	{ serviceId: 'pipedrive', name: 'Pipedrive', tagLine: 'Sales CRM and pipeline tool', website: 'https://www.pipedrive.com' },
];

/** Connectors the sandbox knows about but that no consumer has connected. */
export const KNOWN_SERVICES: readonly string[] = [
	'salesforce',
	'zoho-crm',
	'close',
	'copper',
	'microsoft-dynamics',
	'freshsales',
	'activecampaign',
	'insightly',
	'zendesk-sell',
	'attio',
];

/** A record that belongs to a list, as Apideck's current API returns it. */
export interface ListMember {
	id: string;
	object_type: string | null;
}

/** Apideck's current CRM API (crm-10.34.0.yml): lists, custom object schemas and their records. */
export class CurrentApiData {
	readonly lists = new Collection();
	/** list id → its members, in order */
	readonly members = new Map<string, ListMember[]>();
	readonly schemas = new Collection();
	/** schema id → the records of that custom object */
	readonly objects = new Map<string, Collection>();

	records(schemaId: string): Collection {
		let col = this.objects.get(schemaId);
		if (!col) {
			col = new Collection();
			this.objects.set(schemaId, col);
		}
		return col;
	}
}

export class ConnectionData {
	readonly collections: Record<Resource, Collection>;
	readonly current = new CurrentApiData();
	readonly createdAt: number;
	/** Vault's switch: a disabled connection is still listed, with enabled: false (PATCH /vault/connections/crm/{service_id}) */
	enabled = true;
	constructor(
		readonly consumerId: string,
		readonly service: ServiceInfo,
	) {
		this.collections = Object.fromEntries(RESOURCES.map((r) => [r, new Collection()])) as Record<
			Resource,
			Collection
		>;
		this.createdAt = Date.UTC(2024, 0, 1);
	}
	get serviceId(): string {
		return this.service.serviceId;
	}
}

export class ConsumerData {
	readonly connections = new Map<string, ConnectionData>();
	constructor(readonly consumerId: string) {
		for (const s of CONNECTED_SERVICES) this.connections.set(s.serviceId, new ConnectionData(consumerId, s));
	}
	get defaultConnection(): ConnectionData {
		return this.connections.values().next().value as ConnectionData;
	}
}

export type ConnectionLookup =
	| { ok: true; connection: ConnectionData }
	| { ok: false; reason: 'unknown-connector' | 'not-connected'; serviceId: string };

/**
 * All CRM data of the sandbox: consumer → connection (service) → resource → records.
 * Data is keyed by consumer id only (not by application), so any app whose key is
 * accepted sees the same consumers.
 */
export class Store {
	private readonly consumers = new Map<string, ConsumerData>();
	private seq = 0;
	/** the time stamped on writes (see Sandbox.setClock); seeded records carry their own times */
	readonly clock = new Clock();

	nextId(prefix: string): string {
		this.seq += 1;
		return `${prefix}_${String(this.seq).padStart(6, '0')}`;
	}

	consumer(consumerId: string): ConsumerData {
		let c = this.consumers.get(consumerId);
		if (!c) {
			c = new ConsumerData(consumerId);
			this.consumers.set(consumerId, c);
		}
		return c;
	}

	/** Whether anything has used this consumer yet (demo data, a seed or a CRM call). */
	hasConsumer(consumerId: string): boolean {
		return this.consumers.has(consumerId);
	}

	connection(consumerId: string, serviceId?: string): ConnectionLookup {
		const c = this.consumer(consumerId);
		if (serviceId === undefined || serviceId === '') return { ok: true, connection: c.defaultConnection };
		const conn = c.connections.get(serviceId);
		if (conn) return { ok: true, connection: conn };
		return {
			ok: false,
			reason: KNOWN_SERVICES.includes(serviceId) ? 'not-connected' : 'unknown-connector',
			serviceId,
		};
	}

	/** Connection or throw (for direct state access helpers). */
	requireConnection(consumerId: string, serviceId?: string): ConnectionData {
		const r = this.connection(consumerId, serviceId);
		if (!r.ok) throw new Error(`Consumer '${consumerId}' has no connection '${r.serviceId}'`);
		return r.connection;
	}

	// ---- record lifecycle --------------------------------------------------

	/**
	 * Creates a record from a validated body; server-side fields are set here. Without `at` the
	 * record is stamped by the store's clock (fixed time and precision as set); with `at` (demo data,
	 * seeding) it gets that time as a millisecond ISO string, whatever the clock says.
	 */
	create(conn: ConnectionData, resource: Resource, body: Record<string, unknown>, at?: number): Rec {
		const def = RESOURCE_DEFS[resource];
		const iso = at === undefined ? this.clock.stamp(MILLISECOND_TIMESTAMPS.includes(resource)) : new Date(at).toISOString();
		let id: string;
		if (resource === 'pipelines' && typeof body.id === 'string' && body.id) id = body.id;
		else id = this.nextId(def.prefix);
		const rec: Rec = { id, ...body };
		rec.id = id;
		applyServerFields(this, resource, rec, iso, true);
		rec.created_at = iso;
		rec.updated_at = iso;
		conn.collections[resource].add(rec);
		return rec;
	}

	/** Creates a record with given timestamps (demo data / seeding). */
	insertSeeded(conn: ConnectionData, resource: Resource, body: Record<string, unknown>, createdMs: number, updatedMs: number): Rec {
		const rec = this.create(conn, resource, body, createdMs);
		rec.updated_at = new Date(updatedMs).toISOString();
		return rec;
	}

	/** Merges a validated patch; `updated_at` (and other server-set times) come from the clock unless `at` is given. */
	update(conn: ConnectionData, resource: Resource, id: string, patch: Record<string, unknown>, at?: number): Rec | undefined {
		const col = conn.collections[resource];
		const rec = col.byId.get(id);
		if (!rec) return undefined;
		const iso = at === undefined ? this.clock.stamp(MILLISECOND_TIMESTAMPS.includes(resource)) : new Date(at).toISOString();
		for (const [k, v] of Object.entries(patch)) {
			if (k === 'id') continue;
			rec[k] = v;
		}
		applyServerFields(this, resource, rec, iso, false, patch);
		rec.updated_at = iso;
		col.changed();
		return rec;
	}

	remove(conn: ConnectionData, resource: Resource, id: string): Rec | undefined {
		return conn.collections[resource].remove(id);
	}
}

function applyServerFields(
	store: Store,
	resource: Resource,
	rec: Rec,
	iso: string,
	isNew: boolean,
	patch?: Record<string, unknown>,
): void {
	if (isNew && resource !== 'pipelines') rec.custom_mappings = {};
	switch (resource) {
		case 'companies':
			if (isNew) {
				rec.interaction_count = 0;
				rec.deleted = false;
				rec.parent_id = null;
				rec.last_activity_at = null;
				rec.created_by = null;
			}
			rec.updated_by = null;
			break;
		case 'opportunities': {
			const amount = rec.monetary_amount;
			const prob = rec.win_probability;
			rec.expected_revenue =
				typeof amount === 'number' && typeof prob === 'number' ? Math.round(amount * prob) / 100 : null;
			if (isNew) {
				rec.interaction_count = 0;
				rec.deleted = false;
				rec.date_stage_changed = rec.pipeline_stage_id ? iso : null;
				rec.date_last_contacted = null;
				rec.date_lead_created = null;
				rec.last_activity_at = null;
				rec.created_by = null;
			} else if (patch && 'pipeline_stage_id' in patch) {
				rec.date_stage_changed = iso;
			}
			rec.updated_by = null;
			break;
		}
		case 'activities':
			if (isNew) {
				rec.downstream_id = rec.id;
				rec.created_by = null;
			}
			rec.duration_minutes =
				typeof rec.duration_seconds === 'number' ? Math.round(rec.duration_seconds / 60) : null;
			rec.updated_by = null;
			if (Array.isArray(rec.attendees)) {
				for (const a of rec.attendees as Record<string, unknown>[]) {
					if (a && typeof a === 'object' && !a.id) a.id = store.nextId('at');
				}
			}
			break;
		case 'notes':
			if (isNew) rec.created_by = null;
			rec.updated_by = null;
			break;
		case 'pipelines':
			if (Array.isArray(rec.stages)) {
				for (const s of rec.stages as Record<string, unknown>[]) {
					if (s && typeof s === 'object' && !s.id) s.id = store.nextId('st');
				}
			}
			break;
		default:
			break;
	}
}
