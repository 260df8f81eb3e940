/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import { DEMO, startSandbox, type FaultOptions, type Sandbox } from '../../sandbox';
import { api } from './helpers';

async function statuses(sb: Sandbox, n: number, method = 'GET', path = '/crm/companies?limit=1'): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const r = await api(sb, method, path, method === 'POST' ? { body: { title: `n${i}` } } : {});
		out.push(r.status);
	}
	return out;
}

describe('fault injection', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(() => sb.close());
	afterEach(() => sb.setFaults(null));

	test('same seed → same sequence; another seed → another sequence', async () => {
		const faults: FaultOptions = { seed: 42, rate429: 0.3, rate503: 0.2 };
		sb.setFaults(faults);
		const a = await statuses(sb, 40);
		sb.setFaults(faults);
		const b = await statuses(sb, 40);
		expect(a).toEqual(b);
		expect(a.filter((s) => s === 429).length).toBeGreaterThan(3);
		expect(a.filter((s) => s === 503).length).toBeGreaterThan(2);
		expect(a.filter((s) => s === 200).length).toBeGreaterThan(10);

		const other = await startSandbox({ faults });
		try {
			expect(await statuses(other, 40)).toEqual(a);
		} finally {
			await other.close();
		}
		sb.setFaults({ ...faults, seed: 7 });
		expect(await statuses(sb, 40)).not.toEqual(a);
	});

	test('429 carries Retry-After (default 1, custom, or none) and an Apideck error body', async () => {
		sb.setFaults({ rate429: 1 });
		const r = await api(sb, 'GET', '/crm/companies');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('1');
		expect(r.body).toMatchObject({ status_code: 429, error: 'Too Many Requests', type_name: 'ConnectorRateLimitError' });
		sb.setFaults({ rate429: 1, retryAfter: '0.25' });
		expect((await api(sb, 'GET', '/crm/companies')).headers.get('retry-after')).toBe('0.25');
		sb.setFaults({ rate429: 1, retryAfter: null });
		expect((await api(sb, 'GET', '/crm/companies')).headers.get('retry-after')).toBeNull();
	});

	test('503 happens before any effect', async () => {
		const before = sb.records(DEMO.consumerId, 'notes').length;
		sb.setFaults({ rate503: 1 });
		const r = await api(sb, 'POST', '/crm/notes', { body: { title: 'never' } });
		expect(r.status).toBe(503);
		expect(r.body.status_code).toBe(503);
		const id = sb.records(DEMO.consumerId, 'notes')[0].id;
		expect((await api(sb, 'DELETE', `/crm/notes/${id}`)).status).toBe(503);
		sb.setFaults(null);
		expect(sb.records(DEMO.consumerId, 'notes').length).toBe(before);
	});

	test('ambiguous 5xx on writes: the write takes effect, the answer is 503; reads are untouched', async () => {
		sb.setFaults({ ambiguous5xxOnWriteRate: 1 });
		const before = sb.records(DEMO.consumerId, 'notes').length;
		const r = await api(sb, 'POST', '/crm/notes', { body: { title: 'ambiguous one' } });
		expect(r.status).toBe(503);
		const after = sb.records(DEMO.consumerId, 'notes');
		expect(after.length).toBe(before + 1);
		expect(after[after.length - 1].title).toBe('ambiguous one');
		expect((await api(sb, 'GET', '/crm/notes?limit=1')).status).toBe(200);
		const id = after[0].id;
		expect((await api(sb, 'PATCH', `/crm/notes/${id}`, { body: { title: 'changed' } })).status).toBe(503);
		expect(sb.records(DEMO.consumerId, 'notes')[0].title).toBe('changed');
	});

	test('rate limit: more than N requests per rolling second → 429 with a fractional Retry-After', async () => {
		sb.setFaults({ rateLimitPerSecond: 5 });
		const results = await Promise.all(Array.from({ length: 8 }, () => api(sb, 'GET', '/crm/users?limit=1')));
		const limited = results.filter((r) => r.status === 429);
		expect(results.filter((r) => r.status === 200)).toHaveLength(5);
		expect(limited).toHaveLength(3);
		const ra = Number(limited[0].headers.get('retry-after'));
		expect(ra).toBeGreaterThan(0);
		expect(ra).toBeLessThanOrEqual(1);
		await new Promise((res) => setTimeout(res, ra * 1000 + 20));
		expect((await api(sb, 'GET', '/crm/users?limit=1')).status).toBe(200);
	});

	test('paths: faults only on matching paths; /_sandbox is never faulted; delays apply', async () => {
		sb.setFaults({ rate503: 1, paths: '^/vault/' });
		expect((await api(sb, 'GET', '/crm/companies?limit=1')).status).toBe(200);
		expect((await api(sb, 'GET', '/vault/connections')).status).toBe(503);
		sb.setFaults({ rate503: 1 });
		expect((await api(sb, 'GET', '/vault/connections')).status).toBe(200); // default: /crm/ only
		expect((await fetch(`${sb.url}/_sandbox/health`)).status).toBe(200);

		sb.setFaults({ delayMs: 150 });
		const t0 = Date.now();
		expect((await api(sb, 'GET', '/crm/companies?limit=1')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	test('POST /_sandbox/faults sets faults over HTTP', async () => {
		const set = await fetch(`${sb.url}/_sandbox/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rate429: 1, retryAfter: '2' }),
		});
		expect(set.status).toBe(200);
		const r = await api(sb, 'GET', '/crm/leads');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('2');
		await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: 'null' });
		expect((await api(sb, 'GET', '/crm/leads')).status).toBe(200);
	});
});
