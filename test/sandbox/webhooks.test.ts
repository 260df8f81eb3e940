/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, DEMO, signPayload, startSandbox, type Sandbox } from '../../sandbox';
import { SUBSCRIPTION_EVENTS } from '../../sandbox/schema';
import { loadSpec } from '../helpers/spec';
import { api, AUTH, receiver } from './helpers';

type Receiver = Awaited<ReturnType<typeof receiver>>;

const APP_ONLY = { auth: AUTH, consumer: null } as const;

async function subscribe(sb: Sandbox, url: string, events: string[], extra: Record<string, unknown> = {}) {
	return api(sb, 'POST', '/webhook/webhooks', {
		...APP_ONLY,
		body: { unified_api: 'crm', status: 'enabled', delivery_url: url, events, description: 'test', ...extra },
	});
}

describe('signature helpers', () => {
	test('canonicalJson sorts keys recursively, keeps array order, is compact', () => {
		expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
			'{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
		);
	});

	test('signPayload is HMAC-SHA256 of canonicalJson with the API key, hex or base64', () => {
		const body = { payload: { b: 'x', a: 1 } };
		const mac = () => createHmac('sha256', 'k').update('{"payload":{"a":1,"b":"x"}}');
		expect(signPayload(body, 'k')).toBe(mac().digest('hex'));
		expect(signPayload(body, 'k', 'base64')).toBe(mac().digest('base64'));
	});
});

describe('webhook API and deliveries', () => {
	let sb: Sandbox;
	let rx: Receiver;

	beforeAll(async () => {
		sb = await startSandbox({ webhookRetryDelaysMs: [20, 40, 80] });
	});
	afterAll(() => sb.close());
	beforeEach(async () => {
		rx = await receiver();
	});
	afterEach(async () => {
		await sb.waitForDeliveries(5_000);
		for (const s of (await api(sb, 'GET', '/webhook/webhooks?limit=200', APP_ONLY)).body.data)
			await api(sb, 'DELETE', `/webhook/webhooks/${s.id}`, APP_ONLY);
		await rx.close();
	});

	test('create pings the delivery URL before answering', async () => {
		const r = await subscribe(sb, rx.url, ['crm.lead.created']);
		expect(r.status).toBe(201);
		expect(r.body.status_code).toBe(201);
		expect(r.body.data).toMatchObject({
			unified_api: 'crm',
			status: 'enabled',
			disabled_reason: 'none',
			delivery_url: rx.url,
			events: ['crm.lead.created'],
		});
		expect(typeof r.body.data.id).toBe('string');
		expect(r.body.data.execute_base_url).toMatch(/^http:\/\//);
		expect(rx.received).toHaveLength(1);
		const ping = rx.received[0];
		expect(ping.method).toBe('POST');
		expect(ping.headers['x-apideck-event-type']).toBe('apideck.subscription.created');
		expect(ping.body).toEqual({ message: 'Validating delivery URL' });

		const list = await api(sb, 'GET', '/webhook/webhooks', APP_ONLY);
		expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([r.body.data.id]);
		expect(list.body.meta.items_on_page).toBe(1);
		expect((await api(sb, 'GET', `/webhook/webhooks/${r.body.data.id}`, APP_ONLY)).body.data.id).toBe(r.body.data.id);
	});

	test('a ping answered 500 (or unreachable) saves the subscription disabled', async () => {
		rx.setStatuses([500]);
		const r = await subscribe(sb, rx.url, ['crm.lead.created']);
		expect(r.status).toBe(201);
		expect(r.body.data).toMatchObject({ status: 'disabled', disabled_reason: 'delivery_url_validation_failed' });
		const dead = await subscribe(sb, 'http://127.0.0.1:9/nothing', ['crm.lead.created']);
		expect(dead.body.data.status).toBe('disabled');
		// disabled subscriptions get no events
		rx.received.length = 0;
		await api(sb, 'POST', '/crm/leads', { body: { name: 'L', company_name: 'C' } });
		await sb.waitForDeliveries();
		expect(rx.received).toHaveLength(0);
		// re-enabling clears the reason
		const en = await api(sb, 'PATCH', `/webhook/webhooks/${r.body.data.id}`, { ...APP_ONLY, body: { status: 'enabled' } });
		expect(en.body.data).toMatchObject({ status: 'enabled', disabled_reason: 'none' });
	});

	test('a CRM write delivers a signed event for the selected event type', async () => {
		const sub = await subscribe(sb, rx.url, ['crm.lead.created', 'crm.lead.deleted']);
		rx.received.length = 0;
		const created = await api(sb, 'POST', '/crm/leads', { body: { name: 'Hook Lead', company_name: 'Hook Co' } });
		const id = created.body.data.id;
		await sb.waitForDeliveries();
		expect(rx.received).toHaveLength(1);
		const d = rx.received[0];
		expect(d.headers['content-type']).toBe('application/json');
		expect(d.headers['x-apideck-event-type']).toBe('crm.lead.created');
		expect(d.headers['x-apideck-idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
		expect(d.body.payload).toMatchObject({
			event_type: 'crm.lead.created',
			unified_api: 'crm',
			service_id: 'hubspot',
			consumer_id: DEMO.consumerId,
			entity_id: id,
			entity_type: 'lead',
			entity_url: `${sb.url}/crm/leads/${id}`,
			execution_attempt: 1,
		});
		expect(typeof d.body.payload.event_id).toBe('string');
		expect(Date.parse(d.body.payload.occurred_at)).not.toBeNaN();

		// signature: HMAC-SHA256 over the canonical JSON, keyed with the API key
		const sig = d.headers['x-apideck-signature'] as string;
		expect(sig).toBe(signPayload(d.body, DEMO.apiKey, 'hex'));
		expect(d.raw).toBe(canonicalJson(d.body));
		const mine = createHmac('sha256', DEMO.apiKey).update(d.raw).digest();
		expect(timingSafeEqual(mine, Buffer.from(sig, 'hex'))).toBe(true);

		// the entity URL answers with the record (same consumer/service headers)
		const viaUrl: any = await fetch(d.body.payload.entity_url, {
			headers: { ...AUTH, 'x-apideck-consumer-id': d.body.payload.consumer_id, 'x-apideck-service-id': d.body.payload.service_id },
		}).then((x) => x.json());
		expect(viaUrl.data.name).toBe('Hook Lead');

		// updated is not selected → nothing; deleted is selected → one more
		await api(sb, 'PATCH', `/crm/leads/${id}`, { body: { status: 'x' } });
		await api(sb, 'DELETE', `/crm/leads/${id}`);
		await sb.waitForDeliveries();
		expect(rx.received.map((x) => x.headers['x-apideck-event-type'])).toEqual(['crm.lead.created', 'crm.lead.deleted']);
		const attempts = sb.deliveries.filter((x) => x.webhookId === sub.body.data.id);
		expect(attempts.map((x) => x.eventType)).toEqual(['apideck.subscription.created', 'crm.lead.created', 'crm.lead.deleted']);
	});

	test('no delivery for events that are not selected, for pipelines/users, or for other apps', async () => {
		await subscribe(sb, rx.url, ['crm.company.updated']);
		rx.received.length = 0;
		await api(sb, 'POST', '/crm/companies', { body: { name: 'No hook' } });
		await api(sb, 'POST', '/crm/pipelines', { body: { name: 'P' } });
		await api(sb, 'POST', '/crm/users', { body: { emails: [{ email: 'u@x.example' }] } });
		await api(sb, 'POST', '/crm/contacts', { body: { name: 'C' } });
		await sb.waitForDeliveries();
		expect(rx.received).toHaveLength(0);
	});

	test('a failed delivery is retried with the same idempotency key and a fresh signature', async () => {
		await subscribe(sb, rx.url, ['crm.contact.created']);
		rx.received.length = 0;
		rx.setStatuses([500, 503]);
		await api(sb, 'POST', '/crm/contacts', { body: { name: 'Retry Me' } });
		await sb.waitForDeliveries();
		expect(rx.received).toHaveLength(3);
		const keys = new Set(rx.received.map((x) => x.headers['x-apideck-idempotency-key']));
		expect(keys.size).toBe(1);
		expect(rx.received.map((x) => x.body.payload.execution_attempt)).toEqual([1, 2, 3]);
		expect(new Set(rx.received.map((x) => x.body.payload.event_id)).size).toBe(1);
		for (const x of rx.received) expect(x.headers['x-apideck-signature']).toBe(signPayload(x.body, DEMO.apiKey));
		const attempts = sb.deliveries.filter((x) => x.eventType === 'crm.contact.created');
		expect(attempts.slice(-3).map((x) => [x.attempt, x.status])).toEqual([
			[1, 500],
			[2, 503],
			[3, 200],
		]);
	});

	test('retries stop after the configured delays', async () => {
		await subscribe(sb, rx.url, ['crm.company.deleted']);
		rx.received.length = 0;
		rx.setStatuses([500, 500, 500, 500, 500]);
		const id = sb.records(DEMO.consumerId, 'companies')[0].id;
		await api(sb, 'DELETE', `/crm/companies/${id}`);
		await sb.waitForDeliveries();
		expect(rx.received).toHaveLength(4); // first try + 3 retries
	});

	test("the event names a subscription may list are exactly webhook.yml's CRM events and '*'", async () => {
		const spelled: string[] = loadSpec('webhook.yml').components.schemas.WebhookEventType.enum;
		const crm = spelled.filter((e) => e === '*' || e.startsWith('crm.'));
		expect([...SUBSCRIPTION_EVENTS].sort()).toEqual([...crm].sort());
		expect(crm).toHaveLength(19);

		// every one of them is accepted on create and on update
		const all = await subscribe(sb, rx.url, crm.filter((e) => e !== '*'));
		expect(all.status).toBe(201);
		expect((await api(sb, 'PATCH', `/webhook/webhooks/${all.body.data.id}`, { ...APP_ONLY, body: { events: ['*'] } })).status).toBe(200);

		// a name outside the enum is refused with the sandbox's error body, on create and on update
		const before = (await api(sb, 'GET', '/webhook/webhooks', APP_ONLY)).body.data.length;
		for (const unknown of ['crm.note.updated', 'crm.note.deleted', 'crm.notes.created', 'crm.lead.merged', 'vault.connection.created']) {
			expect(spelled.includes(unknown) && unknown.startsWith('crm.')).toBe(false);
			const created = await subscribe(sb, rx.url, ['crm.lead.created', unknown]);
			expect(created.status).toBe(400);
			expect(created.body).toMatchObject({ status_code: 400, error: 'Bad Request', type_name: 'RequestValidationError' });
			expect(created.body.detail).toContain(unknown);
			expect(created.body.detail).toContain('crm.notes.updated');
			const updated = await api(sb, 'PATCH', `/webhook/webhooks/${all.body.data.id}`, { ...APP_ONLY, body: { events: [unknown] } });
			expect(updated.status).toBe(400);
			expect(updated.body.type_name).toBe('RequestValidationError');
		}
		expect((await api(sb, 'GET', '/webhook/webhooks', APP_ONLY)).body.data).toHaveLength(before);
		expect((await api(sb, 'GET', `/webhook/webhooks/${all.body.data.id}`, APP_ONLY)).body.data.events).toEqual(['*']);
	});

	test('the contract spelling of note events delivers; wildcard and ambiguous writes still deliver', async () => {
		await subscribe(sb, rx.url, ['crm.notes.updated']);
		rx.received.length = 0;
		const note = sb.records(DEMO.consumerId, 'notes')[0];
		sb.setFaults({ ambiguous5xxOnWriteRate: 1 });
		try {
			expect((await api(sb, 'PATCH', `/crm/notes/${note.id}`, { body: { title: 'x' } })).status).toBe(503);
		} finally {
			sb.setFaults(null);
		}
		await sb.waitForDeliveries();
		expect(rx.received.map((x) => x.headers['x-apideck-event-type'])).toEqual(['crm.note.updated']);
		expect(rx.received[0].body.payload.entity_type).toBe('note');

		const all = await receiver();
		try {
			await subscribe(sb, all.url, ['*']);
			await api(sb, 'POST', '/crm/activities', { body: { type: 'task' } });
			await sb.waitForDeliveries();
			expect(all.received.map((x) => x.headers['x-apideck-event-type'])).toEqual([
				'apideck.subscription.created',
				'crm.activity.created',
			]);
		} finally {
			await all.close();
		}
	});

	test('validation and app scoping of the webhook API', async () => {
		const bad = await subscribe(sb, rx.url, ['crm.lead.exploded']);
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toContain('crm.lead.exploded');
		const badUrl = await subscribe(sb, 'ftp://x', ['crm.lead.created']);
		expect(badUrl.status).toBe(400);
		expect(badUrl.body.detail).toContain('delivery_url');
		const missing = await api(sb, 'POST', '/webhook/webhooks', { ...APP_ONLY, body: { unified_api: 'crm', status: 'enabled' } });
		expect(missing.status).toBe(422);
		expect(missing.body.detail).toContain('delivery_url');
		expect((await api(sb, 'GET', '/webhook/webhooks', { consumer: null, auth: { 'x-apideck-app-id': DEMO.appId } })).status).toBe(401);

		const other = await startSandbox({ apiKeys: { [DEMO.apiKey]: DEMO.appId, 'key-2': 'app-2' }, seed: false });
		try {
			const auth2 = { authorization: 'Bearer key-2', 'x-apideck-app-id': 'app-2' };
			const s1 = await subscribe(other, rx.url, ['crm.lead.created']);
			expect((await api(other, 'GET', '/webhook/webhooks', { auth: auth2, consumer: null })).body.data).toEqual([]);
			expect((await api(other, 'GET', `/webhook/webhooks/${s1.body.data.id}`, { auth: auth2, consumer: null })).status).toBe(404);
			// events of app-2 do not reach app-1's subscription
			rx.received.length = 0;
			await api(other, 'POST', '/crm/leads', { auth: auth2, body: { name: 'A', company_name: 'B' } });
			await other.waitForDeliveries();
			expect(rx.received).toHaveLength(0);
			const admin: any = await fetch(`${other.url}/_sandbox/webhooks`).then((x) => x.json());
			expect(admin.data).toHaveLength(1);
		} finally {
			await other.close();
		}
	});
});
