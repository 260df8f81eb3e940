// One poll reads the credentials once. n8n decrypts a poll's credentials in a workflow of their own, and under
// its default `vm` expression engine each read costs a fresh expression isolate (see bench/flows.mjs).
import { DEMO } from '../../sandbox';
import { startPollHarness, type PollHarness } from './harness';

let h: PollHarness;
afterEach(async () => {
	await h?.close();
});

test('a poll that lists new leads and emits them reads the credentials once, for its request and its items', async () => {
	h = await startPollHarness({ parameters: { resource: 'lead', event: 'created' } });
	await h.activate();
	h.sandbox.createRecord(DEMO.consumerId, 'leads', { name: 'Ada', company_name: 'Acme' });
	h.sandbox.createRecord(DEMO.consumerId, 'leads', { name: 'Grace', company_name: 'Acme' });
	h.takeRequests();
	const before = h.credentialReads();

	const items = await h.poll();

	expect(items?.map((i) => (i.record as { name: string }).name)).toEqual(['Ada', 'Grace']);
	expect(items?.[0]).toMatchObject({ consumer_id: DEMO.consumerId, entity_url: expect.stringContaining(`${h.sandbox.url}/crm/leads/`) });
	expect(h.takeRequests().map((r) => r.status)).toEqual([200]);
	expect(h.credentialReads() - before).toBe(1);
});
