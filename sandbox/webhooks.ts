/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { errors } from './errors';
import { canonicalEvent, SUBSCRIPTION_EVENTS } from './schema';
import { canonicalJson, signPayload } from './signature';

export interface DeliveryAttempt {
	webhookId: string;
	url: string;
	eventType: string;
	idempotencyKey: string;
	attempt: number;
	/** HTTP status, or 0 on connection error / timeout */
	status: number;
	body: unknown;
	headers: Record<string, string>;
	/** when the request was sent and when its answer (or the error) came, epoch ms */
	sentAt: number;
	answeredAt: number;
}

export interface Subscription {
	id: string;
	appId: string;
	/** key used to sign deliveries (the key that created the subscription); never exposed */
	apiKey: string;
	description: string | null;
	unified_api: string;
	status: 'enabled' | 'disabled';
	disabled_reason: string;
	delivery_url: string;
	events: string[];
	created_at: string;
	updated_at: string;
}

export interface CrmEvent {
	appId: string;
	eventType: string;
	serviceId: string;
	consumerId: string;
	entityId: string;
	entityType: string;
	entityUrl: string;
}

const PING_EVENT = 'apideck.subscription.created';
const PING_TIMEOUT_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 30_000;

export class Webhooks {
	readonly subs = new Map<string, Subscription>();
	readonly deliveries: DeliveryAttempt[] = [];
	private pending = 0;
	private waiters: (() => void)[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inflight = new Set<http.ClientRequest>();
	private closed = false;

	constructor(
		private readonly retryDelaysMs: readonly number[],
		private readonly baseUrl: () => string,
	) {}

	// ---- API views ------------------------------------------------------------

	view(s: Subscription): Record<string, unknown> {
		return {
			id: s.id,
			description: s.description,
			unified_api: s.unified_api,
			status: s.status,
			disabled_reason: s.disabled_reason,
			delivery_url: s.delivery_url,
			execute_base_url: `${this.baseUrl()}/webhook/webhooks/${s.id}/execute`,
			events: [...s.events],
			updated_at: s.updated_at,
			created_at: s.created_at,
		};
	}

	forApp(appId: string): Subscription[] {
		return [...this.subs.values()].filter((s) => s.appId === appId);
	}

	get(appId: string, id: string): Subscription {
		const s = this.subs.get(id);
		if (!s || s.appId !== appId) throw errors.notFound('webhook', id);
		return s;
	}

	async create(appId: string, apiKey: string, body: unknown): Promise<Subscription> {
		const b = checkBody(body, true);
		const now = new Date().toISOString();
		const sub: Subscription = {
			id: randomUUID(),
			appId,
			apiKey,
			description: (b.description as string | null | undefined) ?? null,
			unified_api: b.unified_api as string,
			status: b.status as 'enabled' | 'disabled',
			disabled_reason: 'none',
			delivery_url: b.delivery_url as string,
			events: b.events as string[],
			created_at: now,
			updated_at: now,
		};
		await this.validateUrl(sub);
		this.subs.set(sub.id, sub);
		return sub;
	}

	async update(appId: string, id: string, body: unknown): Promise<Subscription> {
		const sub = this.get(appId, id);
		const b = checkBody(body, false);
		if (b.description !== undefined) sub.description = b.description as string | null;
		if (b.events !== undefined) sub.events = b.events as string[];
		if (b.status !== undefined) {
			sub.status = b.status as 'enabled' | 'disabled';
			if (sub.status === 'enabled') sub.disabled_reason = 'none';
		}
		const urlChanged = b.delivery_url !== undefined && b.delivery_url !== sub.delivery_url;
		if (b.delivery_url !== undefined) sub.delivery_url = b.delivery_url as string;
		if (urlChanged) await this.validateUrl(sub);
		sub.updated_at = new Date().toISOString();
		return sub;
	}

	remove(appId: string, id: string): Subscription {
		const sub = this.get(appId, id);
		this.subs.delete(id);
		return sub;
	}

	/** Validation ping; a failed ping saves the subscription as disabled. */
	private async validateUrl(sub: Subscription): Promise<void> {
		const body = { message: 'Validating delivery URL' };
		const key = randomUUID();
		const headers = {
			'content-type': 'application/json',
			'x-apideck-event-type': PING_EVENT,
			'x-apideck-idempotency-key': key,
			'x-apideck-signature': signPayload(body, sub.apiKey, 'hex'),
		};
		const sentAt = Date.now();
		const status = await this.post(sub.delivery_url, headers, canonicalJson(body), PING_TIMEOUT_MS);
		this.deliveries.push({
			webhookId: sub.id,
			url: sub.delivery_url,
			eventType: PING_EVENT,
			idempotencyKey: key,
			attempt: 1,
			status,
			body,
			headers,
			sentAt,
			answeredAt: Date.now(),
		});
		if (!(status >= 200 && status < 300)) {
			sub.status = 'disabled';
			sub.disabled_reason = 'delivery_url_validation_failed';
		}
	}

	// ---- event delivery -------------------------------------------------------

	/**
	 * Registers the deliveries an event causes (synchronously, so waitForDeliveries
	 * sees them at once) and returns a function that starts sending them.
	 */
	enqueue(ev: CrmEvent): () => void {
		if (this.closed) return noop;
		const targets = [...this.subs.values()].filter(
			(s) =>
				s.appId === ev.appId &&
				s.status === 'enabled' &&
				s.events.some((e) => {
					const c = canonicalEvent(e);
					return c === '*' || c === ev.eventType;
				}),
		);
		if (!targets.length) return noop;
		this.pending += targets.length;
		const occurredAt = new Date().toISOString();
		return () => {
			for (const sub of targets) {
				const job: Job = { sub, ev, eventId: randomUUID(), key: randomUUID(), occurredAt };
				this.attempt(job, 1);
			}
		};
	}

	private attempt(job: Job, n: number): void {
		if (this.closed) return;
		const { sub, ev } = job;
		if (!this.subs.has(sub.id) || sub.status !== 'enabled') return this.settle();
		const body = {
			payload: {
				event_id: job.eventId,
				event_type: ev.eventType,
				unified_api: 'crm',
				service_id: ev.serviceId,
				consumer_id: ev.consumerId,
				entity_id: ev.entityId,
				entity_type: ev.entityType,
				entity_url: ev.entityUrl,
				execution_attempt: n,
				occurred_at: job.occurredAt,
			},
		};
		const headers = {
			'content-type': 'application/json',
			'x-apideck-event-type': ev.eventType,
			'x-apideck-idempotency-key': job.key,
			'x-apideck-signature': signPayload(body, sub.apiKey, 'hex'),
		};
		const url = sub.delivery_url;
		const sentAt = Date.now();
		void this.post(url, headers, canonicalJson(body), DELIVERY_TIMEOUT_MS).then((status) => {
			if (this.closed) return;
			this.deliveries.push({
				webhookId: sub.id,
				url,
				eventType: ev.eventType,
				idempotencyKey: job.key,
				attempt: n,
				status,
				body,
				headers,
				sentAt,
				answeredAt: Date.now(),
			});
			if (status >= 200 && status < 300) return this.settle();
			const delay = this.retryDelaysMs[n - 1];
			if (delay === undefined) return this.settle();
			const t = setTimeout(() => {
				this.timers.delete(t);
				this.attempt(job, n + 1);
			}, delay);
			t.unref();
			this.timers.add(t);
		});
	}

	private settle(): void {
		this.pending = Math.max(0, this.pending - 1);
		if (this.pending === 0) {
			const w = this.waiters;
			this.waiters = [];
			for (const fn of w) fn();
		}
	}

	get pendingCount(): number {
		return this.pending;
	}

	waitForIdle(timeoutMs = 10_000): Promise<void> {
		if (this.pending === 0 || this.closed) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const t = setTimeout(() => {
				this.waiters = this.waiters.filter((w) => w !== done);
				reject(new Error(`waitForDeliveries: ${this.pending} delivery(ies) still pending after ${timeoutMs} ms`));
			}, timeoutMs);
			t.unref();
			const done = () => {
				clearTimeout(t);
				resolve();
			};
			this.waiters.push(done);
		});
	}

	/** POSTs a body; resolves with the HTTP status, or 0 on connection error / timeout. */
	private post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
		return new Promise((resolve) => {
			let u: URL;
			try {
				u = new URL(url);
			} catch {
				return resolve(0);
			}
			const lib = u.protocol === 'https:' ? https : http;
			let finished = false;
			const finish = (status: number) => {
				if (finished) return;
				finished = true;
				this.inflight.delete(req);
				resolve(status);
			};
			const req = lib.request(
				u,
				{
					method: 'POST',
					headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'apideck-crm-sandbox' },
					timeout: timeoutMs,
					agent: false,
				},
				(res) => {
					res.resume();
					res.on('end', () => finish(res.statusCode ?? 0));
					res.on('error', () => finish(res.statusCode ?? 0));
				},
			);
			this.inflight.add(req);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', () => finish(0));
			req.end(body);
		});
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const r of this.inflight) r.destroy();
		this.inflight.clear();
		this.pending = 0;
		const w = this.waiters;
		this.waiters = [];
		for (const fn of w) fn();
	}
}

interface Job {
	sub: Subscription;
	ev: CrmEvent;
	eventId: string;
	key: string;
	occurredAt: string;
}

const noop = () => {};

const STATUSES = ['enabled', 'disabled'];

function checkBody(body: unknown, create: boolean): Record<string, unknown> {
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		throw errors.validation('Request body must be a JSON object');
	const b = body as Record<string, unknown>;
	const allowed = create
		? ['unified_api', 'status', 'delivery_url', 'events', 'description']
		: ['status', 'delivery_url', 'events', 'description'];
	const unknown = Object.keys(b).filter((k) => !allowed.includes(k));
	if (unknown.length) throw errors.validation(`Unknown or read-only properties: ${unknown.join(', ')}`);
	if (create) {
		const missing = ['unified_api', 'status', 'delivery_url', 'events'].filter((k) => b[k] === undefined || b[k] === null);
		if (missing.length) throw errors.validation(`Missing required properties: ${missing.join(', ')}`, 422);
		if (b.unified_api !== 'crm')
			throw errors.validation(`'unified_api' must be 'crm' in this sandbox (got ${JSON.stringify(b.unified_api)})`);
	}
	if (b.status !== undefined && !STATUSES.includes(b.status as string))
		throw errors.validation(`'status' must be one of ${STATUSES.join(', ')} (got ${JSON.stringify(b.status)})`);
	if (b.delivery_url !== undefined) {
		const v = b.delivery_url;
		let ok = typeof v === 'string' && /^https?:\/\//.test(v);
		if (ok) {
			try {
				new URL(v as string);
			} catch {
				ok = false;
			}
		}
		if (!ok) throw errors.validation(`'delivery_url' must be an http(s) URL (got ${JSON.stringify(v)})`);
	}
	if (b.events !== undefined) {
		if (!Array.isArray(b.events) || b.events.some((e) => typeof e !== 'string'))
			throw errors.validation(`'events' must be an array of event type strings`);
		const bad = (b.events as string[]).filter((e) => canonicalEvent(e) === undefined);
		if (bad.length)
			throw errors.validation(
				`'events' contains event type(s) the Webhook API does not know: ${bad.join(', ')} (known: ${SUBSCRIPTION_EVENTS.join(', ')})`,
			);
	}
	if (b.description !== undefined && b.description !== null && typeof b.description !== 'string')
		throw errors.validation(`'description' must be a string`);
	return b;
}
