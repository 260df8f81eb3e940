/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * A stateful, dependency-free local stand-in for Apideck's CRM unified API (10.3.6),
 * plus the parts of Vault (connections, custom fields) and the Webhook API the nodes use.
 * See sandbox/README.md.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClockOptions } from './clock';
import { ApiError } from './errors';
import { FaultEngine, type FaultOptions } from './faults';
import type { Resource } from './schema';
import { seedCurrent } from './current';
import { customFieldDefinitions, setCustomFieldsPlan, type CustomFieldFinder } from './customFields';
import { BASE_MS, DEMO_COUNTS, seedCollection, seedConnection } from './seed-data';
import { createHandler, setUnsortable, type Deps, type Interceptor, type RecordedRequest } from './server';
import { CONNECTED_SERVICES, Store, type CurrentApiData } from './store';
import { Webhooks, type DeliveryAttempt, type Subscription } from './webhooks';
import { createChecked, updateChecked } from './writes';

export type { ClockOptions, ClockPrecision, ClockState } from './clock';
export type { CustomFieldFinder } from './customFields';
export type { FaultOptions } from './faults';
export type { Resource } from './schema';
export type { Interception, InterceptedRequest, Interceptor, RecordedRequest } from './server';
export type { DeliveryAttempt, Subscription } from './webhooks';
export { canonicalJson, signPayload } from './signature';

export const DEMO = {
	apiKey: 'sandbox-api-key',
	appId: 'sandbox-app',
	consumerId: 'demo-consumer',
	otherConsumerId: 'other-consumer',
} as const satisfies {
	apiKey: 'sandbox-api-key';
	appId: 'sandbox-app';
	consumerId: 'demo-consumer';
	otherConsumerId: 'other-consumer';
};

/** Service ids every consumer has connected; the first is the default connection. */
export const SERVICE_IDS: readonly string[] = CONNECTED_SERVICES.map((s) => s.serviceId);

export interface SandboxOptions {
	/** default 0 (ephemeral); the CLI defaults to 4010 */
	port?: number;
	/** default '127.0.0.1' */
	host?: string;
	/** deterministic demo data (default true) */
	seed?: boolean;
	faults?: FaultOptions;
	/** delays between delivery retries, default [3000, 10000, 30000] */
	webhookRetryDelaysMs?: number[];
	/** apiKey -> appId, default { [DEMO.apiKey]: DEMO.appId } */
	apiKeys?: Record<string, string>;
}

export interface Sandbox {
	url: string;
	port: number;
	/** every request except /_sandbox admin ones, in arrival order */
	requests: RecordedRequest[];
	resetRequests(): void;
	setFaults(f: FaultOptions | null): void;
	/**
	 * A test's hook over every API request (admin ones excluded): return an Interception to answer
	 * differently (an error echoing the key, a cycling cursor, a dropped connection before or after the
	 * write, no answer at all), or undefined to let the sandbox answer. null removes it.
	 */
	intercept(fn: Interceptor | null): void;
	/**
	 * The time stamped on records by writes (POST, PATCH, createRecord, updateRecord): `fixedMs` freezes it
	 * (records then share one timestamp), `precision: 'second'` truncates to whole seconds and prints
	 * `2026-12-06T19:00:05Z`. Each call replaces the whole setting; null goes back to the real clock at
	 * millisecond precision (`2026-12-06T19:00:05.123Z`). Demo data and seedRecords keep their own times.
	 */
	setClock(opts: ClockOptions | null): void;
	/**
	 * Stores a record as a POST would (validated; id and server-set fields; timestamps from the clock) and
	 * returns the stored object. No webhook event. Throws on an invalid body. Safe inside an interceptor:
	 * the request being intercepted then sees the record.
	 */
	createRecord(consumerId: string, resource: Resource, body: Record<string, unknown>, serviceId?: string): any;
	/** Merges a patch as a PATCH would (validated; updated_at from the clock) and returns the stored object. No webhook event. */
	updateRecord(consumerId: string, resource: Resource, id: string, patch: Record<string, unknown>, serviceId?: string): any;
	/**
	 * Makes a connector refuse sorting, as Apideck does when the downstream CRM cannot sort: list requests of
	 * these resources on this service (every consumer) that carry any sort[...] answer 400
	 * UnsupportedSortFieldError. null or [] clears it for the service.
	 */
	setUnsortable(serviceId: string, resources: Resource[] | null): void;
	/**
	 * Whether the application's plan includes custom fields (default true). While false, Vault's
	 * GET /vault/connections/{unified_api}/{service_id}/{resource}/custom-fields answers 402. Same as
	 * POST /_sandbox/custom-fields-plan { enabled }.
	 */
	setCustomFieldsPlan(enabled: boolean): void;
	/**
	 * The custom fields a connector (`hubspot`, `pipedrive`) has for a resource (plural, `leads`), as Vault's
	 * custom-fields endpoint lists them, with sample values; [] when it has none. A copy.
	 */
	customFieldDefinitions(serviceId: string, resource: string): CustomFieldFinder[];
	/** creates `count` deterministic records and returns them */
	seedRecords(consumerId: string, resource: Resource, count: number, serviceId?: string): object[];
	/** current records in list order (the stored objects) */
	records(consumerId: string, resource: Resource, serviceId?: string): any[];
	/** lists, custom object schemas and custom objects of a connection (Apideck's current API; the stored objects) */
	current(consumerId: string, serviceId?: string): CurrentApiData;
	/** every webhook delivery attempt, validation pings included (eventType 'apideck.subscription.created') */
	deliveries: DeliveryAttempt[];
	/** the stored webhook subscriptions, live: a test may change one to model what Apideck holds */
	subscriptions(): Subscription[];
	/** resolves once no delivery is pending or waiting for a retry; rejects after timeoutMs (default 10 s) */
	waitForDeliveries(timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const apiKeys = new Map(Object.entries(opts.apiKeys ?? { [DEMO.apiKey]: DEMO.appId }));
	const store = new Store();
	if (opts.seed !== false) {
		for (const [key, counts] of Object.entries(DEMO_COUNTS)) {
			const [consumerId, serviceId] = key.split('|');
			seedConnection(store, store.requireConnection(consumerId, serviceId), counts);
		}
		// after the 10.3.6 resources, so that their ids stay what they were
		for (const key of Object.keys(DEMO_COUNTS)) {
			const [consumerId, serviceId] = key.split('|');
			seedCurrent(store, store.requireConnection(consumerId, serviceId), BASE_MS);
		}
	}
	const faults = new FaultEngine(opts.faults ?? null);
	let baseUrl = '';
	const webhooks = new Webhooks(opts.webhookRetryDelaysMs ?? [3000, 10000, 30000], () => baseUrl);
	const requests: RecordedRequest[] = [];

	const seedRecords = (consumerId: string, resource: Resource, count: number, serviceId?: string): object[] =>
		seedCollection(store, store.requireConnection(consumerId, serviceId), resource, count);

	const deps: Deps = { store, faults, webhooks, apiKeys, requests, baseUrl: () => baseUrl, seedRecords, unsortable: new Map() };

	/** In-process helpers throw plain Errors that say what the API would have answered. */
	const plain = <T>(what: string, fn: () => T): T => {
		try {
			return fn();
		} catch (e) {
			if (e instanceof ApiError)
				throw new Error(`${what}: ${e.status} ${e.typeName}: ${typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)}`);
			throw e;
		}
	};
	const server = http.createServer(
		{ keepAlive: true },
		createHandler(deps),
	);
	server.keepAliveTimeout = 5_000;

	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	baseUrl = `http://${shownHost}:${port}`;

	let closed: Promise<void> | undefined;
	return {
		url: baseUrl,
		port,
		requests,
		resetRequests: () => {
			requests.length = 0;
		},
		setFaults: (f) => faults.set(f),
		intercept: (fn) => {
			deps.interceptor = fn ? { fn, seen: new Map() } : undefined;
		},
		setClock: (o) => store.clock.set(o),
		createRecord: (consumerId, resource, body, serviceId) =>
			plain(`createRecord(${resource})`, () => createChecked(store, store.requireConnection(consumerId, serviceId), resource, body)),
		updateRecord: (consumerId, resource, id, patch, serviceId) =>
			plain(`updateRecord(${resource}, ${id})`, () =>
				updateChecked(store, store.requireConnection(consumerId, serviceId), resource, id, patch),
			),
		setUnsortable: (serviceId, resources) => plain('setUnsortable', () => setUnsortable(deps, serviceId, resources)),
		setCustomFieldsPlan: (enabled) => plain('setCustomFieldsPlan', () => setCustomFieldsPlan(store, enabled)),
		customFieldDefinitions: (serviceId, resource) => customFieldDefinitions(serviceId, resource),
		seedRecords,
		records: (consumerId, resource, serviceId) =>
			store.requireConnection(consumerId, serviceId).collections[resource].list.slice(),
		current: (consumerId, serviceId) => store.requireConnection(consumerId, serviceId).current,
		deliveries: webhooks.deliveries,
		subscriptions: () => [...webhooks.subs.values()],
		waitForDeliveries: (timeoutMs) => webhooks.waitForIdle(timeoutMs),
		close: () => {
			closed ??= new Promise<void>((resolve) => {
				webhooks.close();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closed;
		},
	};
}
