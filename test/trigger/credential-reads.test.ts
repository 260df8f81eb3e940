// One delivery reads the credentials once. Outside a workflow run (a webhook call) n8n decrypts credentials
// in a workflow of their own, and under its default `vm` expression engine each read costs a fresh
// expression isolate: bench/flows.mjs measured four reads per delivery as most of the trigger's CPU.
import { DEMO } from '../../sandbox';
import { startActiveTrigger, type TriggerHarness } from './harness';

let h: TriggerHarness;
afterEach(async () => {
	await h?.close();
});

const recordFetches = () => h.sandbox.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/crm/'));

test('a delivery that fetches the record reads the credentials once: the signature check and the record request share them', async () => {
	h = await startActiveTrigger();
	const lead = await h.api('POST', '/crm/leads', { name: 'Once Only', company_name: 'Once Inc' });
	await h.sandbox.waitForDeliveries();
	const before = h.credentialReads();
	h.sandbox.requests.length = 0;

	const { body, headers } = h.signedEvent({ event_type: 'crm.lead.created', entity_type: 'lead', entity_id: lead.data.id });
	const answer = await h.post(body, headers);

	expect(answer.status).toBe(200);
	expect(answer.items?.[0]).toMatchObject({ record_status: 'found', record: { id: lead.data.id, name: 'Once Only' } });
	// the request was still authenticated with the credentials' key, application and consumer
	expect(recordFetches()).toHaveLength(1);
	// (the sandbox answers 200 only to the right key; its log shows the key redacted)
	expect(recordFetches()[0]).toMatchObject({ status: 200 });
	expect(recordFetches()[0].headers).toMatchObject({
		authorization: 'Bearer [redacted]',
		'x-apideck-app-id': DEMO.appId,
		'x-apideck-consumer-id': DEMO.consumerId,
	});
	expect(h.credentialReads() - before).toBe(1);
});

test('an event of another consumer ("Any Consumer"): one read too, and the record is read as the event\'s consumer', async () => {
	h = await startActiveTrigger({ options: { anyConsumer: true } });
	const other = DEMO.otherConsumerId;
	const lead = await h.api('POST', '/crm/leads', { name: 'Elsewhere', company_name: 'Other Inc' }, { 'x-apideck-consumer-id': other });
	await h.sandbox.waitForDeliveries();
	const before = h.credentialReads();
	h.sandbox.requests.length = 0;

	const { body, headers } = h.signedEvent({ event_type: 'crm.lead.created', entity_type: 'lead', entity_id: lead.data.id, consumer_id: other });
	const answer = await h.post(body, headers);

	expect(answer.items?.[0]).toMatchObject({ record_status: 'found', record: { id: lead.data.id } });
	expect(recordFetches()[0]).toMatchObject({ status: 200, headers: { authorization: 'Bearer [redacted]', 'x-apideck-consumer-id': other } });
	expect(h.credentialReads() - before).toBe(1);
});

test('a record request that fails after its retries reads the credentials once for all its attempts and its error', async () => {
	h = await startActiveTrigger();
	const lead = await h.api('POST', '/crm/leads', { name: 'Retried', company_name: 'Retry Inc' });
	await h.sandbox.waitForDeliveries();
	const before = h.credentialReads();
	h.sandbox.requests.length = 0;
	h.sandbox.setFaults({ rate503: 1, paths: '^/crm/leads/.+' });

	const { body, headers } = h.signedEvent({ event_type: 'crm.lead.created', entity_type: 'lead', entity_id: lead.data.id });
	const answer = await h.post(body, headers);

	expect(answer.items?.[0]).toMatchObject({ record_status: 'fetch_failed' });
	expect(recordFetches().map((r) => r.status)).toEqual([503, 503, 503]);
	expect(recordFetches().every((r) => r.headers.authorization === 'Bearer [redacted]')).toBe(true);
	expect(h.credentialReads() - before).toBe(1);
});

test('an event that names no consumer ("Any Consumer"): the record request still uses the one read', async () => {
	h = await startActiveTrigger({ options: { anyConsumer: true } });
	const lead = await h.api('POST', '/crm/leads', { name: 'Nobody', company_name: 'Nobody Inc' });
	await h.sandbox.waitForDeliveries();
	const before = h.credentialReads();
	h.sandbox.requests.length = 0;

	const { body, headers } = h.signedEvent({ event_type: 'crm.lead.created', entity_type: 'lead', entity_id: lead.data.id, consumer_id: undefined });
	const answer = await h.post(body, headers);

	expect(answer.items?.[0]).toMatchObject({ record_status: 'found', record: { id: lead.data.id } });
	// no consumer in the event: the credentials' consumer
	expect(recordFetches()[0]).toMatchObject({ status: 200, headers: { 'x-apideck-consumer-id': DEMO.consumerId } });
	expect(h.credentialReads() - before).toBe(1);
});
