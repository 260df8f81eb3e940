import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { admin, api, AUTH, listAll, receiver } from './helpers';


describe('direct state access and admin endpoints', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(() => sb.close());

	test('demo data is deterministic across starts', async () => {
		const again = await startSandbox();
		try {
			expect(again.records(DEMO.consumerId, 'contacts')).toEqual(sb.records(DEMO.consumerId, 'contacts'));
			expect(again.records(DEMO.otherConsumerId, 'companies').map((r) => r.name)).toEqual(
				sb.records(DEMO.otherConsumerId, 'companies').map((r) => r.name),
			);
		} finally {
			await again.close();
		}
		const empty = await startSandbox({ seed: false });
		try {
			expect(empty.records(DEMO.consumerId, 'companies')).toEqual([]);
			expect(empty.seedRecords('x', 'users', 2)).toHaveLength(2);
		} finally {
			await empty.close();
		}
	});

	test('seedRecords adds records visible through the API, per service', async () => {
		const made = sb.seedRecords('seeded-consumer', 'opportunities', 30, 'pipedrive') as { id: string }[];
		expect(made).toHaveLength(30);
		expect(sb.records('seeded-consumer', 'opportunities', 'pipedrive').map((r) => r.id)).toEqual(made.map((r) => r.id));
		expect(sb.records('seeded-consumer', 'opportunities')).toEqual([]);
		const { records } = await listAll(sb, '/crm/opportunities?limit=200', { consumer: 'seeded-consumer', service: 'pipedrive' });
		expect(records).toHaveLength(30);
		expect(() => sb.records('seeded-consumer', 'opportunities', 'nope')).toThrow(/nope/);
	});

	test('admin: health, seed, records, requests, reset, deliveries, webhooks', async () => {
		const h = await admin(sb, 'GET', '/_sandbox/health');
		expect(h.body).toMatchObject({ status: 'ok', url: sb.url, services: ['hubspot', 'pipedrive'] });

		const seeded = await admin(sb, 'POST', '/_sandbox/seed', { consumerId: 'admin-consumer', resource: 'contacts', count: 12 });
		expect(seeded.body).toMatchObject({ seeded: 12, total: 12 });
		expect(seeded.body.ids).toHaveLength(12);
		const bad = await admin(sb, 'POST', '/_sandbox/seed', { consumerId: 'x', resource: 'widgets', count: 1 });
		expect(bad.status).toBe(400);
		const recs = await admin(sb, 'GET', '/_sandbox/records?consumerId=admin-consumer&resource=contacts');
		expect(recs.body.data).toHaveLength(12);

		sb.resetRequests();
		await api(sb, 'GET', '/crm/contacts?limit=1', { consumer: 'admin-consumer' });
		const reqs = await admin(sb, 'GET', '/_sandbox/requests');
		expect(reqs.body.data).toHaveLength(1);
		expect(reqs.body.data[0]).toMatchObject({ path: '/crm/contacts', status: 200 });
		await admin(sb, 'POST', '/_sandbox/reset-requests');
		expect(sb.requests).toHaveLength(0);

		const rx = await receiver();
		try {
			await api(sb, 'POST', '/webhook/webhooks', {
				consumer: null,
				body: { unified_api: 'crm', status: 'enabled', delivery_url: rx.url, events: ['crm.contact.created'] },
			});
			await api(sb, 'POST', '/crm/contacts', { body: { name: 'Admin Hook' } });
			await sb.waitForDeliveries();
			const d = await admin(sb, 'GET', '/_sandbox/deliveries');
			expect(d.body.data.map((x: { eventType: string }) => x.eventType)).toEqual([
				'apideck.subscription.created',
				'crm.contact.created',
			]);
			const w = await admin(sb, 'GET', '/_sandbox/webhooks');
			expect(w.body.data[0]).toMatchObject({ app_id: DEMO.appId, delivery_url: rx.url });
			expect(JSON.stringify(w.body)).not.toContain(DEMO.apiKey);
		} finally {
			await rx.close();
		}
		expect((await admin(sb, 'GET', '/_sandbox/nothing')).status).toBe(404);
	});

	test('large lists stay fast: 10,000 records at limit=200', async () => {
		sb.seedRecords('bulk', 'contacts', 10_000);
		const t0 = Date.now();
		const { records, pages } = await listAll(sb, '/crm/contacts?limit=200', { consumer: 'bulk' });
		expect(records).toHaveLength(10_000);
		expect(pages).toBe(50);
		expect(new Set(records.map((r) => r.id)).size).toBe(10_000);
		expect(Date.now() - t0).toBeLessThan(5_000);
	});
});

describe('lifecycle', () => {
	test('close() ends pending retries and connections promptly', async () => {
		const sb = await startSandbox({ webhookRetryDelaysMs: [60_000] });
		const rx = await receiver([200, 500, 500]);
		try {
			await api(sb, 'POST', '/webhook/webhooks', {
				consumer: null,
				body: { unified_api: 'crm', status: 'enabled', delivery_url: rx.url, events: ['crm.company.created'] },
			});
			await api(sb, 'POST', '/crm/companies', { body: { name: 'Will retry later' } });
			await expect(sb.waitForDeliveries(200)).rejects.toThrow(/pending/);
			const t0 = Date.now();
			await sb.close();
			await sb.close(); // idempotent
			expect(Date.now() - t0).toBeLessThan(1_000);
			await expect(sb.waitForDeliveries(10)).resolves.toBeUndefined();
			await expect(fetch(`${sb.url}/_sandbox/health`, { headers: AUTH })).rejects.toThrow();
		} finally {
			await rx.close();
		}
	});

	test('custom api keys map to apps', async () => {
		const sb = await startSandbox({ apiKeys: { k1: 'a1' }, seed: false });
		try {
			const ok = await api(sb, 'GET', '/crm/companies', { auth: { authorization: 'Bearer k1', 'x-apideck-app-id': 'a1' } });
			expect(ok.status).toBe(200);
			expect((await api(sb, 'GET', '/crm/companies')).status).toBe(401);
		} finally {
			await sb.close();
		}
	});
});
