/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Deliveries: what reaches the node's URL, what it answers, and which items the workflow gets.
import { DEMO, signPayload } from '../../sandbox';
import { startActiveTrigger, startTriggerHarness, type HarnessOptions, type TriggerHarness } from './harness';
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
