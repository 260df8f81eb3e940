/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Deliveries: what reaches the node's URL, what it answers, and which items the workflow gets. And
// deliveries at the edges: bodies without a payload object, where the event type and the entity type
// come from, the consumer and service filters with missing or numeric fields, records that cannot be
// read for reasons other than a 404, header values with blanks, the once-per-event key of other
// triggers, what the node logs, and re-activation when Apideck's webhook holds other events.
import net from 'node:net';

import { WebhookContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { DEMO, signPayload } from '../../sandbox';
import { NODE_NAME, startActiveTrigger, startTriggerHarness, WORKFLOW, type Answer, type HarnessOptions, type TriggerHarness } from './harness';
import { fingerprintOf, fingerprintsOf, savedFingerprints } from '../helpers/deliveries';

let h: TriggerHarness;
afterEach(async () => {
	await h?.close();
});

async function activeTrigger(opts: HarnessOptions = {}) {
	h = await startActiveTrigger(opts);
	return h;
}

async function createLead(name: string, headers: Record<string, string> = {}) {
	const res = await h.api('POST', '/crm/leads', { name, company_name: `${name} Inc` }, headers);
	await h.sandbox.waitForDeliveries();
	return res.data.id as string;
}

const crmDeliveries = () => h.sandbox.deliveries.filter((d) => d.eventType.startsWith('crm.'));
const recordFetches = () => h.sandbox.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/crm/'));

test('a new lead starts one run with the event and the full lead record', async () => {
	await activeTrigger();

	const id = await createLead('Ada Lovelace');

	expect(crmDeliveries()).toHaveLength(1);
	const [delivery] = crmDeliveries();
	expect(delivery).toMatchObject({ eventType: 'crm.lead.created', status: 200, attempt: 1 });
	expect(delivery.headers['x-apideck-signature']).toMatch(/^[0-9a-f]{64}$/);
	expect(h.runs()).toHaveLength(1);
	const [[item]] = h.runs();
	const payload = (delivery.body as any).payload;
	expect(item).toMatchObject({
		event_type: 'crm.lead.created',
		entity_type: 'lead',
		entity_id: id,
		consumer_id: DEMO.consumerId,
		service_id: 'hubspot',
		occurred_at: payload.occurred_at,
		execution_attempt: 1,
		event_id: payload.event_id,
		entity_url: `${h.sandbox.url}/crm/leads/${id}`,
		record_status: 'found',
	});
	expect(item.record).toMatchObject({ id, name: 'Ada Lovelace', company_name: 'Ada Lovelace Inc' });
	// The record was read with the event's consumer and service.
	expect(recordFetches()).toHaveLength(1);
	expect(recordFetches()[0]).toMatchObject({ path: `/crm/leads/${id}`, status: 200 });
	expect(recordFetches()[0].headers).toMatchObject({
		'x-apideck-consumer-id': DEMO.consumerId,
		'x-apideck-service-id': 'hubspot',
	});
});

test('without "Fetch Full Record" the item carries the event only', async () => {
	await activeTrigger({ options: { fetchRecord: false } });
	const id = await createLead('Grace Hopper');
	expect(h.runs()).toHaveLength(1);
	expect(h.runs()[0][0]).toMatchObject({ entity_id: id });
	expect(h.runs()[0][0]).not.toHaveProperty('record');
	expect(recordFetches()).toEqual([]);
});

describe('signature', () => {
	test('forged, tampered or missing signatures are answered 401 and start nothing', async () => {
		await activeTrigger();
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'x1', entity_type: 'lead' });

		const forged = await h.post(event.body, {
			...event.headers,
			'x-apideck-signature': signPayload(event.body, 'not-the-key'),
		});
		const tamperedBody = { payload: { ...event.body.payload, entity_id: 'x2' } };
		const tampered = await h.post(tamperedBody, event.headers);
		const { 'x-apideck-signature': _dropped, ...unsignedHeaders } = event.headers;
		const missing = await h.post(event.body, unsignedHeaders);

		for (const answer of [forged, tampered, missing]) {
			expect(answer.status).toBe(401);
			expect(answer.response).toMatchObject({ error: 'invalid_signature' });
			expect(answer.items).toBeUndefined();
		}
		expect((missing.response as any).message).toMatch(/missing/);
		expect(h.runs()).toEqual([]);
		expect(recordFetches()).toEqual([]);
	});

	test('a base64 signature is accepted, and key order in the body does not matter', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const event = h.signedEvent(
			{ event_type: 'crm.lead.created', entity_id: 'b64', entity_type: 'lead' },
			{ encoding: 'base64' },
		);
		const reordered = { payload: Object.fromEntries(Object.entries(event.body.payload).reverse()) };
		const answer = await h.post(reordered, event.headers);
		expect(answer.status).toBe(200);
		expect(h.runs()).toHaveLength(1);
		expect(h.runs()[0][0]).toMatchObject({ entity_id: 'b64' });
	});

	test('with "Verify Signature" off an unsigned event starts a run', async () => {
		await activeTrigger({ options: { verifySignature: false, fetchRecord: false } });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'u1', entity_type: 'lead' });
		const answer = await h.post(event.body, { 'x-apideck-event-type': 'crm.lead.created' });
		expect(answer.status).toBe(200);
		expect(h.runs()).toHaveLength(1);
	});
});

describe('once per event', () => {
	test('the same delivery again (same body, signature and key) starts no second run, also after a restart', async () => {
		await activeTrigger();
		await createLead('Alan Turing');
		const [delivery] = crmDeliveries();
		expect(delivery.status).toBe(200);
		// the key is in what n8n saved, not only in memory
		expect(savedFingerprints(h.staticData())).toEqual(fingerprintsOf([delivery.idempotencyKey]));

		for (let i = 0; i < 3; i++) {
			const again = await h.post(delivery.body, delivery.headers);
			expect(again.status).toBe(200);
			expect(again.response).toMatchObject({ ignored: 'duplicate delivery' });
		}
		h.restart();
		const afterRestart = await h.post(delivery.body, delivery.headers);
		expect(afterRestart.response).toMatchObject({ ignored: 'duplicate delivery' });
		expect(h.runs()).toHaveLength(1);
		expect(recordFetches()).toHaveLength(1);
	});

	test('copies of one delivery arriving at the same time start one run', async () => {
		await activeTrigger();
		const [lead] = h.sandbox.records(DEMO.consumerId, 'leads');
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: lead.id, entity_type: 'lead' });

		const answers = await Promise.all([1, 2, 3].map(() => h.post(event.body, event.headers)));

		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(answers.filter((a) => a.items)).toHaveLength(1);
		expect(answers.filter((a) => (a.response as any)?.ignored === 'duplicate delivery')).toHaveLength(2);
		expect(h.runs()).toHaveLength(1);
		h.restart();
		await h.post(event.body, event.headers);
		expect(h.runs()).toHaveLength(1);
	});

	test('different deliveries at the same time all run, and every key is saved although each call saves its own copy', async () => {
		// with the record fetch (an API call) inside webhook(), the four calls overlap
		await activeTrigger();
		const leads = h.sandbox.records(DEMO.consumerId, 'leads');
		const events = [1, 2, 3, 4].map((i) =>
			h.signedEvent({ event_type: 'crm.lead.created', entity_id: leads[i].id, entity_type: 'lead' }, { idempotencyKey: `parallel-${i}` }),
		);
		await Promise.all(events.map((e) => h.post(e.body, e.headers)));
		expect(h.runs()).toHaveLength(4);
		// the last save carries the keys of the calls that overlapped with it
		const last = events.at(-1)!;
		expect(savedFingerprints(h.staticData()).sort()).toEqual(fingerprintsOf(['parallel-1', 'parallel-2', 'parallel-3', 'parallel-4']).sort());

		h.restart();
		for (const e of events) await h.post(e.body, e.headers);
		expect(h.runs()).toHaveLength(4);
		expect(h.answers.at(-1)?.response).toMatchObject({ ignored: 'duplicate delivery' });
		expect(last.headers['x-apideck-idempotency-key']).toBe('parallel-4');
	});

	test('the node answers a delivery that starts a run itself, before the run, with 200', async () => {
		await activeTrigger({ options: { fetchRecord: false } });
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'a1', entity_type: 'lead' });
		const answer = await h.post(event.body, event.headers);
		expect(answer).toMatchObject({ status: 200, response: { received: true } });
		expect(answer.items).toHaveLength(1);
	});

	test('on the test URL the first delivery runs, then n8n removes the test webhook', async () => {
		h = await startTriggerHarness({ options: { fetchRecord: false } });
		await h.activate({ isTest: true });
		const testId = h.testStaticData()?.webhookId;
		expect(testId).toEqual(expect.any(String));
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 't1', entity_type: 'lead' });
		const testPath = new URL(h.testDeliveryUrl).pathname;

		const copies = await Promise.all([1, 2].map(() => h.post(event.body, event.headers, testPath)));
		expect(copies.filter((a) => a.items)).toHaveLength(1);
		const replay = await h.post(event.body, event.headers, testPath);

		expect(replay.status).toBe(404);
		expect(h.runs()).toHaveLength(1);
		const left = ((await (await fetch(`${h.sandbox.url}/_sandbox/webhooks`)).json()) as any).data;
		expect(left).toEqual([]);
	});
});

test('without an idempotency key the event id identifies a delivery', async () => {
	await activeTrigger({ options: { fetchRecord: false } });
	const unkeyed = (payload: Record<string, string>) => {
		const { body, headers } = h.signedEvent({ event_type: 'crm.lead.created', entity_type: 'lead', ...payload });
		const { 'x-apideck-idempotency-key': _key, ...rest } = headers;
		return [body, rest] as const;
	};
	const first = unkeyed({ entity_id: 'r1', event_id: 'evt-1' });
	await h.post(...first);
	await h.post(...first);
	await h.post(...unkeyed({ entity_id: 'r1', event_id: 'evt-2' }));
	expect(h.runs().map((r) => r[0].event_id)).toEqual(['evt-1', 'evt-2']);
});

test('the saved dedupe keys are bounded, the newest kept', async () => {
	await activeTrigger({ options: { fetchRecord: false } });
	h.staticData().deliveryFingerprints = fingerprintsOf(Array.from({ length: 1000 }, (_, i) => `old-${i}`)).join('');
	const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'm1', entity_type: 'lead' }, { idempotencyKey: 'newest' });
	await h.post(event.body, event.headers);
	const seen = savedFingerprints(h.staticData());
	expect(seen).toHaveLength(1000);
	expect(seen[0]).toBe(fingerprintOf('old-1'));
	expect(seen[999]).toBe(fingerprintOf('newest'));
});

describe('consumer filter', () => {
	test("another consumer's event is ignored by default", async () => {
		await activeTrigger();
		await createLead('Other Co lead', { 'x-apideck-consumer-id': DEMO.otherConsumerId });
		expect(crmDeliveries()).toHaveLength(1);
		expect(crmDeliveries()[0].status).toBe(200);
		expect(h.answers.at(-1)?.response).toMatchObject({ ignored: 'other consumer' });
		expect(h.runs()).toEqual([]);
		expect(recordFetches()).toEqual([]);
	});

	test('with "Any Consumer" it starts a run', async () => {
		await activeTrigger({ options: { anyConsumer: true, fetchRecord: false } });
		const id = await createLead('Other Co lead', { 'x-apideck-consumer-id': DEMO.otherConsumerId });
		expect(h.runs()).toHaveLength(1);
		expect(h.runs()[0][0]).toMatchObject({ consumer_id: DEMO.otherConsumerId, entity_id: id });
	});

	test("with \"Any Consumer\" the record is read with the event's consumer", async () => {
		await activeTrigger({ options: { anyConsumer: true } });
		const id = await createLead('Other Co lead', { 'x-apideck-consumer-id': DEMO.otherConsumerId });
		expect(h.runs()).toHaveLength(1);
		expect(recordFetches()[0].headers['x-apideck-consumer-id']).toBe(DEMO.otherConsumerId);
		expect(h.runs()[0][0]).toMatchObject({ record_status: 'found', record: { id, name: 'Other Co lead' } });
	});
});

test('the service filter lets only the named connector through', async () => {
	await activeTrigger({ options: { service: 'pipedrive', fetchRecord: false } });
	await createLead('HubSpot lead');
	const id = await createLead('Pipedrive lead', { 'x-apideck-service-id': 'pipedrive' });
	expect(crmDeliveries().map((d) => d.status)).toEqual([200, 200]);
	expect(h.runs()).toHaveLength(1);
	expect(h.runs()[0][0]).toMatchObject({ service_id: 'pipedrive', entity_id: id });
});

test('the Service picker: a connection chosen from the list filters as its ID did', async () => {
	await activeTrigger({ options: { service: { __rl: true, mode: 'list', value: 'pipedrive', cachedResultName: 'Pipedrive' }, fetchRecord: false } });
	await createLead('HubSpot lead');
	const id = await createLead('Pipedrive lead', { 'x-apideck-service-id': 'pipedrive' });
	expect(h.runs()).toHaveLength(1);
	expect(h.runs()[0][0]).toMatchObject({ service_id: 'pipedrive', entity_id: id });
});

test('the Service picker: By ID takes several service IDs separated by commas', async () => {
	await activeTrigger({ options: { service: { __rl: true, mode: 'id', value: ' HubSpot , pipedrive ' }, fetchRecord: false } });
	const hubspot = await createLead('HubSpot lead');
	const pipedrive = await createLead('Pipedrive lead', { 'x-apideck-service-id': 'pipedrive' });
	expect(h.runs().map((r) => r[0].entity_id)).toEqual([hubspot, pipedrive]);
});

test('the Service picker left empty lets every connection through', async () => {
	await activeTrigger({ options: { service: { __rl: true, mode: 'list', value: '' }, fetchRecord: false } });
	await createLead('HubSpot lead');
	await createLead('Pipedrive lead', { 'x-apideck-service-id': 'pipedrive' });
	expect(h.runs()).toHaveLength(2);
});

test('an event that is not selected is answered 200 and starts nothing', async () => {
	await activeTrigger({ events: ['crm.lead.created'] });
	const event = h.signedEvent({ event_type: 'crm.contact.created', entity_id: 'c1', entity_type: 'contact' });
	const answer = await h.post(event.body, event.headers);
	expect(answer.status).toBe(200);
	expect(answer.response).toMatchObject({ ignored: 'event not selected' });
	expect(h.runs()).toEqual([]);
});

test("Apideck's validation ping is answered 200 and starts nothing", async () => {
	await activeTrigger();
	const body = { message: 'Validating delivery URL' };
	const answer = await h.post(body, {
		'x-apideck-event-type': 'apideck.subscription.created',
		'x-apideck-signature': signPayload(body, DEMO.apiKey),
	});
	expect(answer.status).toBe(200);
	expect(answer.items).toBeUndefined();
	expect(h.runs()).toEqual([]);
});

test('a deleted record gives an item marked "deleted", without trying to read it', async () => {
	await activeTrigger({ events: ['crm.lead.deleted'] });
	const [lead] = h.sandbox.records(DEMO.consumerId, 'leads');
	await h.api('DELETE', `/crm/leads/${lead.id}`);
	await h.sandbox.waitForDeliveries();

	expect(h.runs()).toHaveLength(1);
	expect(h.runs()[0][0]).toMatchObject({ event_type: 'crm.lead.deleted', entity_id: lead.id, record_status: 'deleted' });
	expect(h.runs()[0][0]).not.toHaveProperty('record');
	expect(recordFetches()).toEqual([]);
});

test('an updated record is read again', async () => {
	await activeTrigger({ events: ['crm.lead.updated'] });
	const [lead] = h.sandbox.records(DEMO.consumerId, 'leads');
	await h.api('PATCH', `/crm/leads/${lead.id}`, { name: 'Renamed lead', company_name: 'Renamed Inc' });
	await h.sandbox.waitForDeliveries();
	expect(h.runs()).toHaveLength(1);
	expect(h.runs()[0][0]).toMatchObject({ record_status: 'found', record: { id: lead.id, name: 'Renamed lead' } });
});

describe('when the record cannot be read, the event is still emitted', () => {
	test('record gone (404) → "not_found"', async () => {
		await activeTrigger();
		const event = h.signedEvent({
			event_type: 'crm.lead.created',
			entity_id: 'no-such-lead',
			entity_type: 'lead',
			entity_url: 'https://elsewhere.example.com/crm/leads/no-such-lead',
		});
		const answer = await h.post(event.body, event.headers);
		expect(answer.status).toBe(200);
		expect(h.runs()).toHaveLength(1);
		expect(h.runs()[0][0]).toMatchObject({ entity_id: 'no-such-lead', record_status: 'not_found' });
		expect(h.runs()[0][0].error).toEqual(expect.any(String));
		// An entity_url on another host is not followed: the API key only goes to the credentials' base URL.
		expect(recordFetches().map((r) => r.path)).toEqual(['/crm/leads/no-such-lead']);
	});

	test('an event whose record ID is "." or ".." reads nothing: the path could only point elsewhere', async () => {
		await activeTrigger();
		for (const id of ['.', '..']) {
			const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: id, entity_type: 'lead', entity_url: `${h.sandbox.url}/crm/leads/${id}` });
			await h.post(event.body, event.headers);
		}
		expect(h.runs().map((r) => [r[0].entity_id, r[0].record_status])).toEqual([
			['.', 'fetch_failed'],
			['..', 'fetch_failed'],
		]);
		expect(h.runs()[0][0].error).toMatch(/is not an ID/);
		expect(recordFetches()).toEqual([]);
	});

	test('the record is read from the entity and its ID, not from entity_url', async () => {
		await activeTrigger();
		const [lead] = h.sandbox.records(DEMO.consumerId, 'leads');
		const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: lead.id, entity_type: 'lead', entity_url: `${h.sandbox.url}/crm/companies?limit=200` });
		await h.post(event.body, event.headers);
		expect(recordFetches().map((r) => `${r.path}?${r.rawQuery}`)).toEqual([`/crm/leads/${lead.id}?`]);
		expect(h.runs()[0][0]).toMatchObject({ record_status: 'found', record: { id: lead.id } });
	});

	test('API failing → "fetch_failed" after a few quick attempts', async () => {
		await activeTrigger();
		h.sandbox.setFaults({ rate503: 1, paths: '^/crm/leads/.+' });
		const id = await createLead('Unlucky lead');

		expect(crmDeliveries()).toHaveLength(1);
		expect(crmDeliveries()[0].status).toBe(200);
		expect(h.runs()).toHaveLength(1);
		const [[item]] = h.runs();
		expect(item).toMatchObject({ entity_id: id, record_status: 'fetch_failed' });
		expect(item.error).toMatch(/503|unavailable|Injected/i);
		expect(item).not.toHaveProperty('record');
		expect(recordFetches()).toHaveLength(3);
	});
});

test('the API key appears in no answer and no item', async () => {
	await activeTrigger();
	h.sandbox.setFaults({ rate503: 1, paths: '^/crm/leads/.+' });
	await createLead('Secret check');
	const event = h.signedEvent({ event_type: 'crm.lead.created', entity_id: 'y' }, { key: 'wrong' });
	await h.post(event.body, event.headers);
	expect(JSON.stringify(h.answers.map((a) => [a.response, a.items]))).not.toContain(DEMO.apiKey);
});

// ---- deliveries at the edges --------------------------------------------------------------------

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
	afterEach(() => {
		jest.restoreAllMocks();
	});

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
