/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Conformance: every sandbox response to the 40 CRM endpoints must validate against
 * Apideck's official crm.yml (10.3.6). Prism runs as a validating proxy in front of
 * the sandbox with --errors, so any response violation becomes a 500
 * application/problem+json with an `sl-violations` header.
 *
 * Run: npx jest --config jest.conformance.config.js
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { RESOURCE_DEFS, RESOURCES, type Field, type Resource } from '../../sandbox/schema';
import { specPath, startPrism, type PrismHandle } from './prism';

const HEADERS = {
	authorization: `Bearer ${DEMO.apiKey}`,
	'x-apideck-app-id': DEMO.appId,
	'x-apideck-consumer-id': DEMO.consumerId,
};

interface Reply {
	status: number;
	body: any;
	contentType: string;
	violations: string | null;
}

async function call(base: string, method: string, path: string, body?: unknown, headers = HEADERS): Promise<Reply> {
	const res = await fetch(base + path, {
		method,
		headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* keep text */
	}
	return {
		status: res.status,
		body: parsed,
		contentType: res.headers.get('content-type') ?? '',
		violations: res.headers.get('sl-violations'),
	};
}

/** A body with a valid value for every writable field of a resource, derived from the sandbox's schema table. */
function sample(f: Field, key: string): unknown {
	if (f.enum) return f.enum.includes('USD') ? 'USD' : f.enum[0];
	switch (f.type) {
		case 'string':
			return `${key} value`;
		case 'email':
			return 'someone@example.com';
		case 'date':
			return '2024-05-01';
		case 'date-time':
			return '2024-05-01T10:00:00.000Z';
		case 'number':
			return 42.5;
		case 'integer':
			return 3;
		case 'boolean':
			return true;
		case 'any':
			return 'custom value';
		case 'array':
			return f.items ? [sample(f.items, key)] : [];
		case 'object':
			return f.props ? fullBody(f.props) : {};
	}
}

function fullBody(fields: Record<string, Field>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, f] of Object.entries(fields)) {
		if (f.readOnly) continue;
		out[k] = sample(f, k);
	}
	return out;
}

function bodyFor(resource: Resource, n: number): Record<string, unknown> {
	const b = fullBody(RESOURCE_DEFS[resource].fields);
	if (resource === 'pipelines') b.id = `pl_conformance_${n}`;
	return b;
}

const LIST_QUERIES: Record<Resource, string[]> = {
	companies: ['?limit=5', '?filter[name]=a&sort[by]=name&sort[direction]=desc&raw=true', '?fields=id,name,addresses.city'],
	contacts: [
		'?limit=3&sort[by]=email&sort[direction]=asc',
		'?filter[first_name]=a&filter[last_name]=e&filter[name]=a&pass_through[search]=x',
		'?filter[email]=nobody@example.com&filter[phone_number]=555&filter[company_id]=co_000001',
		'?fields=id,name,emails.email',
	],
	leads: ['?limit=4&sort[by]=last_name', '?filter[name]=a&filter[first_name]=a&filter[last_name]=a&filter[email]=x@y.example'],
	opportunities: [
		'?sort[by]=monetary_amount&sort[direction]=desc',
		'?filter[title]=a&filter[status]=open&filter[company_id]=co_000001&filter[owner_id]=us_000001&filter[primary_contact_id]=ct_000001',
		'?filter[monetary_amount]=5000&filter[win_probability]=50',
	],
	activities: [
		'?sort[by]=updated_at&sort[direction]=desc&limit=7',
		'?filter[company_id]=co_000001&filter[owner_id]=us_000001&filter[contact_id]=ct_000001&filter[updated_since]=2024-03-01T00:00:00.000Z',
	],
	notes: ['?limit=2&raw=true'],
	pipelines: ['?fields=id,name,stages.name'],
	users: ['?limit=2', '?fields=id,emails'],
};

describe('sandbox responses conform to crm.yml (Prism proxy --errors)', () => {
	let sb: Sandbox;
	let prism: PrismHandle;

	beforeAll(async () => {
		sb = await startSandbox();
		prism = await startPrism('proxy', specPath(), sb.url);
	}, 120_000);

	afterAll(async () => {
		await prism?.close();
		await sb?.close();
	});

	/** Fails on a Prism violation and checks that the answer came from the sandbox, not from Prism. */
	async function conform(method: string, path: string, body?: unknown): Promise<Reply> {
		const before = sb.requests.length;
		const r = await call(prism.url, method, path, body);
		const problem = r.contentType.includes('problem+json') || r.violations;
		if (problem) {
			throw new Error(
				`${method} ${path} → ${r.status}\nsl-violations: ${r.violations}\nbody: ${JSON.stringify(r.body).slice(0, 2000)}`,
			);
		}
		expect(sb.requests.length).toBe(before + 1); // forwarded to the sandbox
		expect(r.contentType).toMatch(/^application\/json/);
		return r;
	}

	test('the check can fail: Prism reports a broken response', async () => {
		const bad = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ status_code: 200, status: 'OK', data: [{ id: 1, unknown_field: true }] }));
		});
		await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
		const badPrism = await startPrism('proxy', specPath(), `http://127.0.0.1:${(bad.address() as AddressInfo).port}`);
		try {
			const r = await call(badPrism.url, 'GET', '/crm/companies');
			expect(r.status).toBe(500);
			expect(r.contentType).toContain('application/problem+json');
			expect(r.violations).toBeTruthy();
			const v = JSON.parse(r.violations as string) as { message: string }[];
			const text = v.map((x) => x.message).join('\n');
			expect(text).toMatch(/required property 'service'/);
			expect(text).toMatch(/additional properties/);
		} finally {
			await badPrism.close();
			await new Promise<void>((r) => bad.close(() => r()));
		}
	}, 120_000);

	test('the check can fail: a corrupted sandbox record is flagged', async () => {
		const [company] = sb.seedRecords(DEMO.consumerId, 'companies', 1) as { id: string }[];
		const stored = sb.records(DEMO.consumerId, 'companies').find((r) => r.id === company.id);
		stored.currency = 'NOT-A-CURRENCY';
		stored.surprise = 1;
		try {
			const r = await call(prism.url, 'GET', `/crm/companies/${company.id}`);
			expect(r.status).toBe(500);
			expect(r.violations).toMatch(/currency/);
			expect(r.violations).toMatch(/surprise/);
		} finally {
			delete stored.surprise;
			stored.currency = 'EUR';
		}
		await conform('GET', `/crm/companies/${company.id}`);
	});

	test.each(RESOURCES.map((r, i) => [r, i] as const))('%s: all five operations conform', async (resource, i) => {
		for (const q of LIST_QUERIES[resource]) {
			const r = await conform('GET', `/crm/${resource}${q}`);
			expect(r.status).toBe(200);
			expect(Array.isArray(r.body.data)).toBe(true);
		}
		// second page through the cursor
		const first = await conform('GET', `/crm/${resource}?limit=2`);
		if (first.body.meta.cursors.next) {
			const second = await conform('GET', `/crm/${resource}?limit=2&cursor=${encodeURIComponent(first.body.meta.cursors.next)}`);
			expect(second.body.meta.cursors.previous).toBeTruthy();
		}

		const created = await conform('POST', `/crm/${resource}?raw=true`, bodyFor(resource, i));
		expect(created.status).toBe(201);
		const id = created.body.data.id as string;

		const one = await conform('GET', `/crm/${resource}/${encodeURIComponent(id)}`);
		expect(one.body.data.id).toBe(id);
		await conform('GET', `/crm/${resource}/${encodeURIComponent(id)}?raw=true&fields=${RESOURCE_DEFS[resource].required.concat('id').join(',')}`);

		const updated = await conform('PATCH', `/crm/${resource}/${encodeURIComponent(id)}`, bodyFor(resource, i));
		expect(updated.status).toBe(200);

		const deleted = await conform('DELETE', `/crm/${resource}/${encodeURIComponent(id)}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body.data.id).toBe(id);
	}, 60_000);

	test('every seeded demo record conforms (all pages, both connections, both consumers)', async () => {
		const combos: [string, string][] = [
			[DEMO.consumerId, 'hubspot'],
			[DEMO.consumerId, 'pipedrive'],
			[DEMO.otherConsumerId, 'hubspot'],
		];
		for (const [consumer, service] of combos) {
			for (const resource of RESOURCES) {
				let cursor: string | null = null;
				let seen = 0;
				do {
					const q: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
					const before = sb.requests.length;
					const r = await call(prism.url, 'GET', `/crm/${resource}${q}`, undefined, {
						...HEADERS,
						'x-apideck-consumer-id': consumer,
						'x-apideck-service-id': service,
					} as typeof HEADERS);
					if (r.violations || r.status !== 200) throw new Error(`${consumer}/${service}/${resource}: ${r.status} ${r.violations}`);
					expect(sb.requests.length).toBe(before + 1);
					seen += r.body.data.length;
					cursor = r.body.meta.cursors.next;
				} while (cursor);
				expect(seen).toBe(sb.records(consumer, resource, service).length);
			}
		}
	});

	test('404 for an unknown id conforms', async () => {
		for (const resource of RESOURCES) {
			const r = await conform('GET', `/crm/${resource}/does-not-exist`);
			expect(r.status).toBe(404);
			expect(r.body.type_name).toBe('EntityNotFoundError');
		}
		const del = await conform('DELETE', '/crm/companies/does-not-exist');
		expect(del.status).toBe(404);
		const patch = await conform('PATCH', '/crm/notes/does-not-exist', { title: 'x' });
		expect(patch.status).toBe(404);
	});

	test('422 for a required field without a value conforms', async () => {
		const r = await conform('POST', '/crm/leads', { name: 'Someone', company_name: null });
		expect(r.status).toBe(422);
		expect(r.body.detail).toContain('company_name');
		const c = await conform('POST', '/crm/contacts', { name: null });
		expect(c.status).toBe(422);
	});

	test('400 for a foreign cursor conforms', async () => {
		const r = await conform('GET', '/crm/companies?cursor=bm90LWEtY3Vyc29y');
		expect(r.status).toBe(400);
		expect(r.body.type_name).toBe('InvalidCursorError');
	});

	// ---- what a polling trigger reads: newest first, by created_at or updated_at ----------------

	const POLLED = ['companies', 'contacts', 'leads', 'opportunities', 'activities'] as const;

	test.each(POLLED.flatMap((r) => (['created_at', 'updated_at'] as const).map((by) => [r, by] as const)))(
		'%s sorted by %s desc (limit=200, then cursor pages) conforms',
		async (resource, by) => {
			const all = await conform('GET', `/crm/${resource}?sort[by]=${by}&sort[direction]=desc&limit=200`);
			expect(all.status).toBe(200);
			const times = (all.body.data as Record<string, string>[]).map((r) => Date.parse(r[by]));
			expect(times.length).toBe(sb.records(DEMO.consumerId, resource).length);
			expect(times).toEqual([...times].sort((a, b) => b - a));
			// the same view through cursors
			let cursor: string | null = null;
			const paged: string[] = [];
			do {
				const page: Reply = await conform(
					'GET',
					`/crm/${resource}?sort[by]=${by}&sort[direction]=desc&limit=17${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
				);
				paged.push(...(page.body.data as { id: string }[]).map((r) => r.id));
				cursor = page.body.meta.cursors.next;
			} while (cursor);
			expect(paged).toEqual((all.body.data as { id: string }[]).map((r) => r.id));
		},
	);

	test('a connector that cannot sort: the 400 UnsupportedSortFieldError conforms; unsorted reads still do', async () => {
		sb.setUnsortable('hubspot', [...POLLED]);
		try {
			for (const resource of POLLED) {
				for (const by of ['created_at', 'updated_at']) {
					const r = await conform('GET', `/crm/${resource}?sort[by]=${by}&sort[direction]=desc&limit=200`);
					expect(r.status).toBe(400);
					expect(r.body.type_name).toBe('UnsupportedSortFieldError');
					expect(r.body.detail).toContain(resource);
				}
				expect((await conform('GET', `/crm/${resource}?limit=200`)).status).toBe(200);
			}
			const since = await conform('GET', '/crm/activities?filter[updated_since]=2024-03-01T00:00:00.000Z&limit=200');
			expect(since.status).toBe(200);
		} finally {
			sb.setUnsortable('hubspot', null);
		}
		expect((await conform('GET', '/crm/leads?sort[by]=created_at&sort[direction]=desc')).status).toBe(200);
	});

	test('second-precision timestamps (2026-12-06T19:00:05Z) conform as date-time', async () => {
		const consumer = 'conformance-seconds';
		const headers = { ...HEADERS, 'x-apideck-consumer-id': consumer } as unknown as typeof HEADERS;
		const fixedMs = Date.UTC(2026, 11, 6, 19, 0, 5, 987);
		sb.setClock({ fixedMs, precision: 'second' });
		try {
			const contact = sb.createRecord(consumer, 'contacts', { name: 'Seconds Contact' });
			const pipeline = sb.records(DEMO.consumerId, 'pipelines')[0];
			const bodies: Record<(typeof POLLED)[number], Record<string, unknown>> = {
				companies: { name: 'Seconds Co' },
				contacts: { name: 'Seconds Person' },
				leads: { name: 'Seconds Lead', company_name: 'Seconds Co' },
				opportunities: { title: 'Seconds Deal', primary_contact_id: contact.id, pipeline_id: pipeline.id, pipeline_stage_id: pipeline.stages[0].id },
				activities: { type: 'meeting', title: 'Seconds Meeting' },
			};
			for (const resource of POLLED) {
				const before = sb.requests.length;
				const created = await call(prism.url, 'POST', `/crm/${resource}`, bodies[resource], headers);
				expect(created.violations).toBeNull();
				expect(created.status).toBe(201);
				expect(sb.requests.length).toBe(before + 1);
				sb.setClock({ fixedMs: fixedMs + 60_000, precision: 'second' });
				sb.updateRecord(consumer, resource, created.body.data.id, {});
				sb.setClock({ fixedMs, precision: 'second' });
				for (const path of [
					`/crm/${resource}/${created.body.data.id}`,
					`/crm/${resource}?sort[by]=created_at&sort[direction]=desc&limit=200`,
					`/crm/${resource}?sort[by]=updated_at&sort[direction]=desc&limit=200`,
				]) {
					const r = await call(prism.url, 'GET', path, undefined, headers);
					if (r.violations || r.status !== 200) throw new Error(`GET ${path} → ${r.status}\nsl-violations: ${r.violations}`);
					const rows = Array.isArray(r.body.data) ? r.body.data : [r.body.data];
					const rec = rows.find((x: { id: string }) => x.id === created.body.data.id);
					// leads: crm.yml pins their timestamps to the millisecond form, so the sandbox prints .000Z there
					const f = (hms: string) => (resource === 'leads' ? `2026-12-06T${hms}.000Z` : `2026-12-06T${hms}Z`);
					expect(rec).toMatchObject({ created_at: f('19:00:05'), updated_at: f('19:01:05') });
					if (resource === 'opportunities') expect(rec.date_stage_changed).toBe('2026-12-06T19:00:05Z');
				}
			}
			// the check can fail: a timestamp that is not an RFC 3339 date-time is flagged
			const stored = sb.records(consumer, 'companies')[0];
			const good = stored.created_at;
			stored.created_at = '2026-12-06 19:00:05';
			try {
				const r = await call(prism.url, 'GET', `/crm/companies/${stored.id}`, undefined, headers);
				expect(r.status).toBe(500);
				expect(r.violations).toMatch(/created_at/);
				expect(r.violations).toMatch(/date-time/);
			} finally {
				stored.created_at = good;
			}
			// why leads print .000Z: their contract pins the millisecond form, so a lead with `…:05Z` would not conform
			const lead = sb.records(consumer, 'leads')[0];
			const leadGood = lead.created_at;
			lead.created_at = '2026-12-06T19:00:05Z';
			try {
				const r = await call(prism.url, 'GET', `/crm/leads/${lead.id}`, undefined, headers);
				expect(r.status).toBe(500);
				expect(r.violations).toMatch(/created_at/);
				expect(r.violations).toMatch(/pattern/);
			} finally {
				lead.created_at = leadGood;
			}
		} finally {
			sb.setClock(null);
		}
	});

	test('a client error that Prism rejects itself never reaches the sandbox', async () => {
		// a sanity check of the harness: Prism validates requests too
		const before = sb.requests.length;
		const r = await call(prism.url, 'GET', '/crm/companies?limit=0');
		expect(r.status).toBeGreaterThanOrEqual(400);
		expect(r.contentType).toContain('problem+json');
		expect(sb.requests.length).toBe(before);
	});
});
