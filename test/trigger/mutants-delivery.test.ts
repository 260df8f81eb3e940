/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-unused-vars -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Deliveries at the edges: bodies without a payload object, where the event type and the entity type
// come from, the consumer and service filters with missing or numeric fields, records that cannot be
// read for reasons other than a 404, header values with blanks, the once-per-event key of other
// triggers, what the node logs, and re-activation when Apideck's webhook holds other events.
import net from 'node:net';

import { WebhookContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { claimDelivery, forgetDeliveries, MEMORY_TTL_MS, releaseDelivery } from '../../nodes/ApideckCrmTrigger/dedupe';
import { DEMO, signPayload } from '../../sandbox';
import { NODE_NAME, startActiveTrigger, startTriggerHarness, WORKFLOW, type Answer, type HarnessOptions, type TriggerHarness } from './harness';
import { fingerprintsOf, savedFingerprints } from '../helpers/deliveries';

let h: TriggerHarness;
afterEach(async () => {
	jest.restoreAllMocks();
	await h?.close();
});

async function activeTrigger(opts: HarnessOptions = {}) {
	h = await startActiveTrigger(opts);
	return h;
}

const recordFetches = () => h.sandbox.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/crm/'));

/** A body signed with the demo key, posted with the given event type header. */
async function postSigned(body: unknown, eventType = 'crm.lead.created'): Promise<Answer> {
	return await h.post(body, { 'x-apideck-event-type': eventType, 'x-apideck-signature': signPayload(body, DEMO.apiKey) });
}

/**
 * POSTs the request as raw bytes (latin1, as HTTP header values are read), so that header values keep
 * blanks that fetch and node's http client would encode or strip; returns the receiver's record of it.
 */
async function rawPost(body: unknown, headers: Record<string, string>): Promise<Answer> {
	const id = `raw-${Math.random().toString(36).slice(2)}`;
	const text = JSON.stringify(body);
	const url = new URL(h.deliveryUrl);
	const head = Object.entries({ ...headers, 'content-type': 'application/json', 'x-harness-request': id })
		.map(([name, value]) => `${name}: ${value}\r\n`)
		.join('');
	const request = `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n${head}content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n`;
	await new Promise<void>((resolve, reject) => {
		const socket = net.connect(Number(url.port), url.hostname, () => {
			socket.end(Buffer.concat([Buffer.from(request, 'latin1'), Buffer.from(text)]));
		});
		socket.on('data', () => undefined);
		socket.on('error', reject);
		socket.on('close', () => resolve());
	});
	return h.answers.find((a) => a.headers['x-harness-request'] === id)!;
}

/** What the node writes to n8n's log while it handles requests, in order. */
function recordLog() {
	const lines: Array<{ level: string; message: unknown; meta: unknown }> = [];
	const logger: Record<string, unknown> = {};
	for (const level of ['error', 'warn', 'info', 'debug', 'verbose', 'silly']) {
		logger[level] = (message: unknown, meta?: unknown) => {
			lines.push({ level, message, meta });
		};
	}
	logger.scoped = () => logger;
	jest.spyOn(WebhookContext.prototype, 'logger', 'get').mockReturnValue(logger as never);
	return lines;
}

describe('answers and log lines', () => {
	test("Apideck's validation ping is answered exactly { received: true }", async () => {
		await activeTrigger();
		const body = { message: 'Validating delivery URL' };
		const answer = await postSigned(body, 'apideck.subscription.created');
		expect(answer.status).toBe(200);
		expect(answer.response).toEqual({ received: true });
		expect(answer.items).toBeUndefined();
	});

	test('an ignored delivery is answered { received: true, ignored } and logged at debug level with the reason and the node', async () => {
		await activeTrigger();
		const log = recordLog();
		const event = h.signedEvent({ event_type: 'crm.contact.created', entity_id: 'c1', entity_type: 'contact' });
		const answer = await h.post(event.body, event.headers);
		expect(answer.status).toBe(200);
		expect(answer.response).toEqual({ received: true, ignored: 'event not selected' });
		expect(log).toEqual([
			{ level: 'debug', message: 'Apideck CRM Trigger: delivery ignored (event not selected)', meta: { node: NODE_NAME } },
		]);
	});

	test('a rejected signature is logged as a warning naming the node', async () => {
		await activeTrigger();
		const log = recordLog();
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'l1', entity_type: 'lead' }, { key: 'not-the-key' });
		const answer = await h.post(event.body, event.headers);
		expect(answer.status).toBe(401);
		expect(log).toEqual([
			{ level: 'warn', message: 'Apideck CRM Trigger: rejected a request with a missing or wrong signature', meta: { node: NODE_NAME } },
		]);
	});
});

describe('a body without a "payload" object is answered 400 and starts nothing', () => {
	const invalid: Array<[string, unknown]> = [
		['a body that is JSON null', null],
		['no payload', { event: 'crm.lead.created' }],
		['payload null', { payload: null }],
		['payload a string', { payload: 'crm.lead.created' }],
		['payload a number', { payload: 42 }],
		['payload an array', { payload: [{ event_type: 'crm.lead.created', entity_id: 'a1' }] }],
	];

	test.each(invalid)('%s', async (_name, body) => {
		await activeTrigger({ options: { fetchRecord: false } });
		const answer = await postSigned(body);
		expect(answer.error).toBeUndefined();
		expect(answer.status).toBe(400);
		expect(answer.response).toEqual({ error: 'invalid_payload', message: 'The body has no "payload" object' });
		expect(answer.items).toBeUndefined();
		expect(h.runs()).toEqual([]);
	});
});

describe('the event type', () => {
	test("the payload's event type wins over the header; the header is used when the payload names none", async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const fromPayload = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'p1', entity_type: 'lead' });
		const a = await h.post(fromPayload.body, { ...fromPayload.headers, 'x-apideck-event-type': 'crm.contact.created' });
		expect(a.items).toEqual([expect.objectContaining({ event_type: 'crm.lead.created', entity_id: 'p1' })]);

		const notSelected = h.signedEvent({ event_type: 'crm.contact.created', entity_id: 'p2', entity_type: 'contact' });
		const b = await h.post(notSelected.body, { ...notSelected.headers, 'x-apideck-event-type': 'crm.lead.created' });
		expect(b.response).toEqual({ received: true, ignored: 'event not selected' });

		const fromHeader = h.signedEvent({ entity_id: 'p3', entity_type: 'lead' });
		delete fromHeader.body.payload.event_type;
		const c = await postSigned(fromHeader.body, 'crm.lead.created');
		expect(c.items).toEqual([expect.objectContaining({ event_type: 'crm.lead.created', entity_id: 'p3' })]);
		expect(h.runs().map((r) => r[0].entity_id)).toEqual(['p1', 'p3']);
	});

	test('blanks around the event type are ignored', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const event = h.signedEvent({ event_type: '  crm.lead.created ', entity_id: 'b1', entity_type: 'lead' });
		const answer = await h.post(event.body, { ...event.headers, 'x-apideck-event-type': 'crm.lead.created' });
		expect(answer.items).toEqual([expect.objectContaining({ event_type: 'crm.lead.created', entity_id: 'b1' })]);
	});

	test('an event type with anything before or after the CRM event is not that event', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		for (const type of ['crm.lead.created.v2', 'crm.lead.created.', 'x.crm.lead.created', 'vault.crm.lead.created']) {
			const event = h.signedEvent({ event_type: type, entity_id: 'n1', entity_type: 'lead' });
			const answer = await h.post(event.body, { ...event.headers, 'x-apideck-event-type': 'crm.lead.created' });
			expect([type, answer.response]).toEqual([type, { received: true, ignored: 'event not selected' }]);
		}
		expect(h.runs()).toEqual([]);
	});
});

test("the item's entity type is the payload's, or the event's when the payload names none", async () => {
	await activeTrigger({ events: ['crm.lead.created', 'crm.opportunity.updated'], options: { fetchRecord: false } });
	const named = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'e1', entity_type: 'Lead' });
	await h.post(named.body, named.headers);
	const unnamed = h.signedEvent({ event_type: 'crm.opportunity.updated', entity_id: 'e2' });
	await h.post(unnamed.body, unnamed.headers);
	expect(h.runs().map((r) => [r[0].entity_id, r[0].entity_type])).toEqual([
		['e1', 'Lead'],
		['e2', 'opportunity'],
	]);
});

describe('consumer and service filters', () => {
	test('a numeric consumer ID in the event matches the same ID in the credentials', async () => {
		await activeTrigger({ credentials: { consumerId: '12345' }, options: { fetchRecord: false } });
		const numeric = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'n1', entity_type: 'lead', consumer_id: 12345 });
		const other = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'n2', entity_type: 'lead', consumer_id: 123456 });
		const a = await h.post(numeric.body, numeric.headers);
		const b = await h.post(other.body, other.headers);
		expect(a.items).toEqual([expect.objectContaining({ entity_id: 'n1', consumer_id: 12345 })]);
		expect(b.response).toEqual({ received: true, ignored: 'other consumer' });
	});

	test('an event without a consumer ID is ignored as another consumer\'s', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'n3', entity_type: 'lead' });
		delete event.body.payload.consumer_id;
		const answer = await postSigned(event.body);
		expect(answer.response).toEqual({ received: true, ignored: 'other consumer' });
		expect(h.runs()).toEqual([]);
	});

	test('with a service filter, an event without a service ID is ignored as another service\'s', async () => {
		await activeTrigger({ options: { service: 'hubspot, pipedrive', fetchRecord: false } });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 's1', entity_type: 'lead' });
		delete event.body.payload.service_id;
		const answer = await postSigned(event.body);
		expect(answer.status).toBe(200);
		expect(answer.response).toEqual({ received: true, ignored: 'other service' });

		// the service ID is compared without regard to case
		const upper = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 's2', entity_type: 'lead', service_id: 'PipeDrive' });
		expect((await h.post(upper.body, upper.headers)).items).toEqual([expect.objectContaining({ entity_id: 's2', service_id: 'PipeDrive' })]);
		expect(h.runs()).toHaveLength(1);
	});
});

describe('reading the record', () => {
	test('an event without a record ID gives "fetch_failed" and says so, without a request', async () => {
		await activeTrigger();
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_type: 'lead' });
		const answer = await h.post(event.body, event.headers);
		expect(answer.status).toBe(200);
		expect(answer.items).toEqual([
			expect.objectContaining({ entity_id: null, record_status: 'fetch_failed', error: 'The event names no record ID' }),
		]);
		expect(recordFetches()).toEqual([]);
	});

	test('a numeric record ID is read', async () => {
		await activeTrigger();
		h.sandbox.intercept((req) =>
			req.method === 'GET' && req.path === '/crm/leads/42'
				? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', service: 'hubspot', resource: 'leads', operation: 'one', data: { id: '42', name: 'Numeric lead' } } }
				: undefined,
		);
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 42, entity_type: 'lead' });
		const answer = await h.post(event.body, event.headers);
		expect(recordFetches().map((r) => r.path)).toEqual(['/crm/leads/42']);
		expect(answer.items).toEqual([
			expect.objectContaining({ entity_id: 42, record_status: 'found', record: { id: '42', name: 'Numeric lead' } }),
		]);
	});

	test("a refusal (403) gives \"fetch_failed\" with Apideck's message and detail", async () => {
		await activeTrigger();
		const [lead] = h.sandbox.records(DEMO.consumerId, 'leads');
		h.sandbox.intercept(() => ({
			kind: 'respond',
			status: 403,
			body: { status_code: 403, error: 'Forbidden', type_name: 'ForbiddenError', message: 'No access', detail: 'Scope missing' },
		}));
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: lead.id, entity_type: 'lead' });
		const answer = await h.post(event.body, event.headers);
		expect(answer.status).toBe(200);
		expect(answer.items).toHaveLength(1);
		expect(answer.items![0]).toMatchObject({ entity_id: lead.id, record_status: 'fetch_failed', error: 'ForbiddenError: No access — Scope missing' });
		expect(answer.items![0]).not.toHaveProperty('record');
	});

	test('an error answer without detail (422, empty body) gives "fetch_failed" with the status text alone', async () => {
		await activeTrigger();
		const [lead] = h.sandbox.records(DEMO.consumerId, 'leads');
		h.sandbox.intercept(() => ({ kind: 'respond', status: 422, body: {} }));
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: lead.id, entity_type: 'lead' });
		const answer = await h.post(event.body, event.headers);
		expect(answer.items).toEqual([expect.objectContaining({ record_status: 'fetch_failed', error: 'HTTP 422: Request failed' })]);
	});
});

describe('header values with blanks (bytes an HTTP parser does not strip: no-break spaces)', () => {
	const NBSP = '\u00a0';
	function unkeyed(eventId: string) {
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'k1', entity_type: 'lead', event_id: eventId });
		const { 'x-apideck-idempotency-key': _key, ...headers } = event.headers;
		return { body: event.body, headers };
	}

	test('an empty idempotency key counts as none: the event ID identifies the delivery', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const { body, headers } = unkeyed('evt-empty-key');
		const first = await h.post(body, { ...headers, 'x-apideck-idempotency-key': '' });
		const again = await h.post(body, { ...headers, 'x-apideck-idempotency-key': '' });
		expect(first.items).toHaveLength(1);
		expect(again.response).toEqual({ received: true, ignored: 'duplicate delivery' });
		expect(savedFingerprints(h.staticData())).toEqual(fingerprintsOf(['evt-empty-key']));
	});

	test('an idempotency key of blanks counts as none', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const { body, headers } = unkeyed('evt-blank-key');
		const first = await rawPost(body, { ...headers, 'x-apideck-idempotency-key': `${NBSP}${NBSP}` });
		const again = await rawPost(body, { ...headers, 'x-apideck-idempotency-key': NBSP });
		expect(first.items).toHaveLength(1);
		expect(again.response).toEqual({ received: true, ignored: 'duplicate delivery' });
		expect(savedFingerprints(h.staticData())).toEqual(fingerprintsOf(['evt-blank-key']));
	});

	test('blanks around an idempotency key are not part of it', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'k2', entity_type: 'lead' }, { idempotencyKey: 'key-7' });
		const first = await rawPost(event.body, { ...event.headers, 'x-apideck-idempotency-key': `${NBSP}key-7${NBSP}` });
		const again = await h.post(event.body, event.headers);
		expect(first.items).toHaveLength(1);
		expect(again.response).toEqual({ received: true, ignored: 'duplicate delivery' });
		expect(savedFingerprints(h.staticData())).toEqual(fingerprintsOf(['key-7']));
	});
});

describe('once per event, per trigger', () => {
	test('the same delivery to the test URL and to the production URL runs on each', async () => {
		h = await startTriggerHarness({ options: { fetchRecord: false } });
		await h.activate();
		await h.activate({ isTest: true });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 't1', entity_type: 'lead' }, { idempotencyKey: 'shared-key' });
		const production = await h.post(event.body, event.headers);
		const testUrl = await h.post(event.body, event.headers, new URL(h.testDeliveryUrl).pathname);
		expect(production.items).toHaveLength(1);
		expect(testUrl.items).toHaveLength(1);
		expect(h.runs()).toHaveLength(2);
		// n8n removes the test webhook after its first run, once it has answered: let that finish
		const onTestUrl = () => h.sandbox.subscriptions().filter((s) => s.delivery_url === h.testDeliveryUrl);
		for (let i = 0; i < 200 && onTestUrl().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
		expect(onTestUrl()).toEqual([]);
		expect(h.sandbox.subscriptions().map((s) => s.delivery_url)).toEqual([h.deliveryUrl]);
	});

	test('another workflow with the same trigger node (a copy) runs on a delivery this one already ran', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'w1', entity_type: 'lead' }, { idempotencyKey: 'copy-key' });
		const first = await h.post(event.body, event.headers);
		expect(first.items).toHaveLength(1);
		// The copy has its own static data: only the process's memory could mix the two up.
		h.staticData().deliveryFingerprints = '';
		const sameWorkflow = await h.post(event.body, event.headers);
		expect(sameWorkflow.response).toEqual({ received: true, ignored: 'duplicate delivery' });

		const originalId = WORKFLOW.id;
		try {
			WORKFLOW.id = 'wf-43';
			h.staticData().deliveryFingerprints = '';
			const copy = await h.post(event.body, event.headers);
			expect(copy.items).toHaveLength(1);
		} finally {
			WORKFLOW.id = originalId;
		}
		expect(h.runs()).toHaveLength(2);
	});
});

describe("the process's memory of delivery keys expires them after MEMORY_TTL_MS", () => {
	beforeEach(() => forgetDeliveries());

	// Each call gets fresh static data, as another process's trigger (no saved keys) would: only this
	// process's memory can refuse the key.
	test('a key is refused until the last millisecond before it expires, and accepted at the moment it does', () => {
		expect(claimDelivery('ttl', 'first', {}, 0)).toBe(true);
		expect(claimDelivery('ttl', 'other-1', {}, MEMORY_TTL_MS - 1)).toBe(true);
		expect(claimDelivery('ttl', 'first', {}, MEMORY_TTL_MS - 1)).toBe(false);
		// a later claim prunes the expired key
		expect(claimDelivery('ttl', 'other-2', {}, MEMORY_TTL_MS)).toBe(true);
		expect(claimDelivery('ttl', 'first', {}, MEMORY_TTL_MS)).toBe(true);
	});
});

describe('giving a delivery key back (releaseDelivery)', () => {
	beforeEach(() => forgetDeliveries());

	test('a key longer than 200 characters, released, can be claimed again', () => {
		const long = `${'k'.repeat(250)}`;
		const saved: IDataObject = {};
		expect(claimDelivery('s', long, saved)).toBe(true);
		releaseDelivery('s', long, saved);
		expect(saved).toEqual({ deliveryFingerprints: '' });
		expect(claimDelivery('s', long, saved)).toBe(true);
	});

	test('releasing a key that was never saved leaves the static data untouched', () => {
		const empty: IDataObject = {};
		releaseDelivery('s', 'never-claimed', empty);
		expect(empty).toEqual({});
		const packed = fingerprintsOf(['a', 'b']).join('');
		const saved: IDataObject = { deliveryFingerprints: packed };
		releaseDelivery('s', 'never-claimed', saved);
		expect(saved).toEqual({ deliveryFingerprints: packed });
		// an earlier version's list stays as it is too
		const keys = ['a', 'b'];
		const legacy: IDataObject = { recentDeliveries: keys };
		releaseDelivery('s', 'never-claimed', legacy);
		expect(legacy).toEqual({ recentDeliveries: keys });
		expect(legacy.recentDeliveries).toBe(keys);
	});
});

describe("re-activation when Apideck's webhook holds other events", () => {
	const SELECTED = ['crm.lead.created', 'crm.lead.updated'];
	const webhookPatches = () => h.sandbox.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/webhook/webhooks/'));
	const heldEvents = () => h.sandbox.subscriptions().map((s) => s.events);

	test('the same number of events, only some the same: the webhook is updated to the selected ones', async () => {
		h = await startTriggerHarness({ events: SELECTED });
		await h.activate();
		h.sandbox.subscriptions()[0].events = ['crm.lead.created', 'crm.lead.deleted'];
		h.sandbox.resetRequests();
		expect((await h.activate()).existed).toBe(true);
		expect(webhookPatches().map((p) => p.body)).toEqual([{ events: SELECTED }]);
		expect(heldEvents()).toEqual([SELECTED]);
	});

	test('a webhook listed without its events is updated to the selected ones', async () => {
		h = await startTriggerHarness({ events: SELECTED });
		await h.activate();
		const listed = ((await (await fetch(`${h.sandbox.url}/_sandbox/webhooks`)).json()) as { data: IDataObject[] }).data;
		expect(listed).toHaveLength(1);
		const { events: _events, ...withoutEvents } = listed[0];
		// Apideck's list answers once with the webhook but no "events" field.
		h.sandbox.intercept((req) =>
			req.method === 'GET' && req.path === '/webhook/webhooks' && req.seen === 0
				? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', data: [withoutEvents], meta: { items_on_page: 1 } } }
				: undefined,
		);
		h.sandbox.resetRequests();
		expect((await h.activate()).existed).toBe(true);
		expect(webhookPatches().map((p) => p.body)).toEqual([{ events: SELECTED }]);
		expect(heldEvents()).toEqual([SELECTED]);
	});
});
