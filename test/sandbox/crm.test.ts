/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { api, AUTH, listAll } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());

describe('envelope and pagination', () => {
	test('list envelope, meta and links', async () => {
		const r = await api(sb, 'GET', '/crm/companies?limit=5');
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			status_code: 200,
			status: 'OK',
			service: 'hubspot',
			resource: 'companies',
			operation: 'all',
		});
		expect(r.body.data).toHaveLength(5);
		expect(r.body.meta.items_on_page).toBe(5);
		expect(r.body.meta.cursors.previous).toBeNull();
		expect(typeof r.body.meta.cursors.next).toBe('string');
		expect(r.body.links.current).toBe(`${sb.url}/crm/companies?limit=5`);
		expect(r.body.links.next).toContain(`cursor=${encodeURIComponent(r.body.meta.cursors.next)}`);
		const rec = r.body.data[0];
		expect(rec.id).toMatch(/^co_/);
		expect(rec.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	test('cursor pagination over three pages returns every record once', async () => {
		const total = sb.records(DEMO.consumerId, 'companies').length;
		expect(total).toBe(45);
		const { records, pages } = await listAll(sb, '/crm/companies?limit=20');
		expect(pages).toBe(3);
		expect(records).toHaveLength(total);
		expect(new Set(records.map((r) => r.id)).size).toBe(total);
		expect(records.map((r) => r.id)).toEqual(sb.records(DEMO.consumerId, 'companies').map((r) => r.id));
	});

	test('links.next can be followed as is; previous cursor goes back', async () => {
		const p1 = await api(sb, 'GET', '/crm/contacts?limit=25');
		const p2 = (await fetch(p1.body.links.next, { headers: { ...AUTH, 'x-apideck-consumer-id': DEMO.consumerId } }).then((x) =>
			x.json(),
		)) as any;
		expect(p2.data[0].id).not.toBe(p1.body.data[0].id);
		expect(p2.meta.cursors.previous).toBeTruthy();
		const back = await api(sb, 'GET', `/crm/contacts?limit=25&cursor=${encodeURIComponent(p2.meta.cursors.previous)}`);
		expect(back.body.data.map((x: { id: string }) => x.id)).toEqual(p1.body.data.map((x: { id: string }) => x.id));
	});

	test('default limit is 20 and the demo data is in place', async () => {
		const r = await api(sb, 'GET', '/crm/contacts');
		expect(r.body.data).toHaveLength(20);
		const counts = Object.fromEntries(
			(['companies', 'contacts', 'leads', 'opportunities', 'activities', 'notes', 'pipelines', 'users'] as const).map((res) => [
				res,
				sb.records(DEMO.consumerId, res).length,
			]),
		);
		expect(counts).toEqual({ companies: 45, contacts: 60, leads: 30, opportunities: 25, activities: 40, notes: 20, pipelines: 3, users: 5 });
		expect(sb.records(DEMO.consumerId, 'pipelines')[0].stages.length).toBeGreaterThan(2);
	});

	test.each(['0', '201', 'x', '1.5', '-1'])('limit=%s → 400 naming limit', async (limit) => {
		const r = await api(sb, 'GET', `/crm/companies?limit=${limit}`);
		expect(r.status).toBe(400);
		expect(r.body).toMatchObject({ status_code: 400, type_name: 'RequestValidationError' });
		expect(r.body.detail).toContain('limit');
	});

	test('limit=1 and limit=200 are accepted', async () => {
		expect((await api(sb, 'GET', '/crm/companies?limit=1')).body.data).toHaveLength(1);
		expect((await api(sb, 'GET', '/crm/companies?limit=200')).body.data).toHaveLength(45);
	});

	test('a cursor from another resource or garbage → 400 InvalidCursorError', async () => {
		const p = await api(sb, 'GET', '/crm/contacts?limit=2');
		const r = await api(sb, 'GET', `/crm/companies?cursor=${encodeURIComponent(p.body.meta.cursors.next)}`);
		expect(r.status).toBe(400);
		expect(r.body.type_name).toBe('InvalidCursorError');
		expect((await api(sb, 'GET', '/crm/companies?cursor=%%%')).status).toBe(400);
	});
});

describe('filters, sort, fields, raw', () => {
	test('companies filter[name] (case-insensitive contains)', async () => {
		const target = sb.records(DEMO.consumerId, 'companies')[7];
		const word = String(target.name).split(' ')[1].toUpperCase();
		const { records } = await listAll(sb, `/crm/companies?filter[name]=${encodeURIComponent(word)}&limit=200`);
		expect(records.map((r) => r.id)).toContain(target.id);
		for (const r of records) expect(r.name.toUpperCase()).toContain(word);
	});

	test('contacts filters: name, first_name, last_name, email, phone_number, company_id', async () => {
		const all = sb.records(DEMO.consumerId, 'contacts');
		const c = all.find((x) => x.company_id);
		const q = async (qs: string) => (await listAll(sb, `/crm/contacts?limit=200&${qs}`)).records;

		expect((await q(`filter[email]=${encodeURIComponent(c.emails[0].email.toUpperCase())}`)).map((x) => x.id)).toEqual([c.id]);
		const byCompany = await q(`filter[company_id]=${c.company_id}`);
		expect(byCompany.length).toBe(all.filter((x) => x.company_id === c.company_id).length);
		expect(byCompany.every((x) => x.company_id === c.company_id)).toBe(true);
		const byFirst = await q(`filter[first_name]=${c.first_name}`);
		expect(byFirst.length).toBeGreaterThan(0);
		expect(byFirst.every((x) => x.first_name.toLowerCase().includes(c.first_name.toLowerCase()))).toBe(true);
		const byLast = await q(`filter[last_name]=${encodeURIComponent(c.last_name)}`);
		expect(byLast.map((x) => x.id)).toContain(c.id);
		const byName = await q(`filter[name]=${encodeURIComponent(c.name)}`);
		expect(byName.map((x) => x.id)).toContain(c.id);
		const digits = c.phone_numbers[0].number.replace(/\D/g, '').slice(-7);
		expect((await q(`filter[phone_number]=${digits}`)).map((x) => x.id)).toContain(c.id);
		// combined filters are ANDed
		expect(await q(`filter[first_name]=${c.first_name}&filter[company_id]=nope`)).toEqual([]);
	});

	test('leads filters: name, first_name, last_name, email', async () => {
		const l = sb.records(DEMO.consumerId, 'leads')[3];
		for (const qs of [
			`filter[name]=${encodeURIComponent(l.name)}`,
			`filter[first_name]=${l.first_name}`,
			`filter[last_name]=${encodeURIComponent(l.last_name)}`,
			`filter[email]=${encodeURIComponent(l.emails[0].email)}`,
		]) {
			const { records } = await listAll(sb, `/crm/leads?limit=200&${qs}`);
			expect(records.map((x) => x.id)).toContain(l.id);
		}
	});

	test('opportunities filters: title, status, monetary_amount, win_probability, company_id, owner_id, primary_contact_id', async () => {
		const all = sb.records(DEMO.consumerId, 'opportunities');
		const o = all.find((x) => x.company_id && x.primary_contact_id && x.owner_id);
		const cases: [string, (x: any) => boolean][] = [
			[`filter[title]=${encodeURIComponent(o.title.slice(0, 6))}`, (x) => x.title.toLowerCase().includes(o.title.slice(0, 6).toLowerCase())],
			[`filter[status]=${o.status.toUpperCase()}`, (x) => x.status === o.status],
			[`filter[monetary_amount]=${o.monetary_amount}`, (x) => x.monetary_amount === o.monetary_amount],
			[`filter[win_probability]=${o.win_probability}`, (x) => x.win_probability === o.win_probability],
			[`filter[company_id]=${o.company_id}`, (x) => x.company_id === o.company_id],
			[`filter[owner_id]=${o.owner_id}`, (x) => x.owner_id === o.owner_id],
			[`filter[primary_contact_id]=${o.primary_contact_id}`, (x) => x.primary_contact_id === o.primary_contact_id],
		];
		for (const [qs, pred] of cases) {
			const { records } = await listAll(sb, `/crm/opportunities?limit=200&${qs}`);
			expect(records.map((x) => x.id)).toContain(o.id);
			expect(records.length).toBe(all.filter(pred).length);
		}
		const bad = await api(sb, 'GET', '/crm/opportunities?filter[monetary_amount]=lots');
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toContain('monetary_amount');
	});

	test('activities filters: company_id, owner_id, contact_id, updated_since', async () => {
		const all = sb.records(DEMO.consumerId, 'activities');
		const a = all.find((x) => x.company_id && x.contact_id && x.owner_id);
		for (const f of ['company_id', 'owner_id', 'contact_id']) {
			const { records } = await listAll(sb, `/crm/activities?limit=200&filter[${f}]=${a[f]}`);
			expect(records.length).toBe(all.filter((x) => x[f] === a[f]).length);
		}
		const since = [...all].map((x) => x.updated_at).sort()[30];
		const { records } = await listAll(sb, `/crm/activities?limit=200&filter[updated_since]=${since}`);
		expect(records.length).toBe(all.filter((x) => x.updated_at >= since).length);
		expect(records.length).toBe(10);
		const bad = await api(sb, 'GET', '/crm/activities?filter[updated_since]=yesterday');
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toContain('updated_since');
	});

	test('unknown filter or sort values → 400 naming them', async () => {
		const f = await api(sb, 'GET', '/crm/companies?filter[color]=red');
		expect(f.status).toBe(400);
		expect(f.body.type_name).toBe('UnsupportedFiltersError');
		expect(f.body.detail).toContain('filter[color]');
		// (notes have filter[title] in Apideck's current API: pipelines have no filter in either contract)
		const n = await api(sb, 'GET', '/crm/pipelines?filter[name]=x');
		expect(n.status).toBe(400);
		expect(n.body.detail).toContain('this resource has no filters');
		const s = await api(sb, 'GET', '/crm/companies?sort[by]=industry');
		expect(s.status).toBe(400);
		expect(s.body.type_name).toBe('UnsupportedSortFieldError');
		expect(s.body.detail).toContain('industry');
		const d = await api(sb, 'GET', '/crm/companies?sort[by]=name&sort[direction]=sideways');
		expect(d.status).toBe(400);
		expect(d.body.detail).toContain('sort[direction]');
	});

	test.each([
		['companies', 'name', (r: any) => r.name.toLowerCase()],
		['contacts', 'email', (r: any) => r.emails[0].email.toLowerCase()],
		['leads', 'last_name', (r: any) => r.last_name.toLowerCase()],
		['opportunities', 'monetary_amount', (r: any) => r.monetary_amount],
		['activities', 'updated_at', (r: any) => r.updated_at],
	])('%s sort[by]=%s both directions', async (resource, by, key) => {
		const asc = (await listAll(sb, `/crm/${resource}?limit=200&sort[by]=${by}&sort[direction]=asc`)).records.map(key);
		const desc = (await listAll(sb, `/crm/${resource}?limit=200&sort[by]=${by}&sort[direction]=desc`)).records.map(key);
		const sorted = [...asc].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		expect(asc).toEqual(sorted);
		expect(desc).toEqual([...sorted].reverse());
		expect(asc.length).toBe(sb.records(DEMO.consumerId, resource as 'companies').length);
	});

	test('sorted pagination stays consistent across pages', async () => {
		const { records, pages } = await listAll(sb, '/crm/contacts?limit=7&sort[by]=name&sort[direction]=desc');
		expect(pages).toBe(9);
		expect(new Set(records.map((r) => r.id)).size).toBe(60);
	});

	test('fields projection with dot paths', async () => {
		const r = await api(sb, 'GET', '/crm/companies?limit=2&fields=id,name,addresses.city,emails.email');
		for (const c of r.body.data) {
			expect(Object.keys(c).sort()).toEqual(['addresses', 'emails', 'id', 'name']);
			expect(Object.keys(c.addresses[0])).toEqual(['city']);
			expect(Object.keys(c.emails[0])).toEqual(['email']);
		}
		const one = await api(sb, 'GET', `/crm/companies/${r.body.data[0].id}?fields=name`);
		expect(one.body.data).toEqual({ name: r.body.data[0].name });
	});

	test('raw=true adds _raw to the envelope; pass_through is accepted', async () => {
		const r = await api(sb, 'GET', '/crm/companies?limit=2&raw=true&pass_through[search]=x');
		expect(r.status).toBe(200);
		expect(r.body._raw).toHaveLength(2);
		expect(r.body._raw[0]).toMatchObject({ id: r.body.data[0].id, properties: { name: r.body.data[0].name } });
		const one = await api(sb, 'GET', `/crm/contacts/${r.body.data[0].id}?raw=true`);
		expect(one.status).toBe(404);
		const plain = await api(sb, 'GET', '/crm/companies?limit=1');
		expect(plain.body._raw).toBeUndefined();
		const pd = await api(sb, 'GET', '/crm/companies?limit=1&raw=true', { service: 'pipedrive' });
		expect(pd.body._raw[0]).toHaveProperty('add_time');
	});
});

describe('CRUD', () => {
	test('create → get → patch merges → delete → 404', async () => {
		const created = await api(sb, 'POST', '/crm/companies', {
			body: { name: 'Sandbox Test BV', industry: 'Testing', websites: [{ url: 'https://t.example', type: 'primary' }] },
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ status_code: 201, status: 'Created', operation: 'add', resource: 'companies', service: 'hubspot' });
		const id = created.body.data.id;
		expect(Object.keys(created.body.data)).toEqual(['id']);

		const got = await api(sb, 'GET', `/crm/companies/${id}`);
		expect(got.body.operation).toBe('one');
		expect(got.body.data).toMatchObject({ id, name: 'Sandbox Test BV', industry: 'Testing', deleted: false, interaction_count: 0 });
		expect(got.body.data.created_at).toBe(got.body.data.updated_at);

		await new Promise((r) => setTimeout(r, 5));
		const patched = await api(sb, 'PATCH', `/crm/companies/${id}`, { body: { industry: 'QA' } });
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ operation: 'update', data: { id } });
		const after = (await api(sb, 'GET', `/crm/companies/${id}`)).body.data;
		expect(after).toMatchObject({ name: 'Sandbox Test BV', industry: 'QA' });
		expect(after.websites).toHaveLength(1);
		expect(after.updated_at > after.created_at).toBe(true);

		const del = await api(sb, 'DELETE', `/crm/companies/${id}`);
		expect(del.body).toMatchObject({ status_code: 200, operation: 'delete', data: { id } });
		const gone = await api(sb, 'GET', `/crm/companies/${id}`);
		expect(gone.status).toBe(404);
		expect(gone.body).toMatchObject({ status_code: 404, error: 'Not Found', type_name: 'EntityNotFoundError' });
		expect(gone.body.detail).toContain(id);
		expect(typeof gone.body.ref).toBe('string');
		expect((await api(sb, 'PATCH', `/crm/companies/${id}`, { body: { name: 'x' } })).status).toBe(404);
		expect((await api(sb, 'DELETE', `/crm/companies/${id}`)).status).toBe(404);
	});

	test('server-set fields: opportunity expected_revenue, activity duration_minutes, pipeline stage ids, user password hidden', async () => {
		const opp = await api(sb, 'POST', '/crm/opportunities', {
			body: { title: 'Deal', primary_contact_id: 'ct_000100', monetary_amount: 1000, win_probability: 25 },
		});
		expect((await api(sb, 'GET', `/crm/opportunities/${opp.body.data.id}`)).body.data.expected_revenue).toBe(250);
		const act = await api(sb, 'POST', '/crm/activities', { body: { type: 'call', duration_seconds: 600 } });
		expect((await api(sb, 'GET', `/crm/activities/${act.body.data.id}`)).body.data.duration_minutes).toBe(10);
		const pl = await api(sb, 'POST', '/crm/pipelines', { body: { name: 'New', stages: [{ name: 'A' }, { name: 'B' }] } });
		const stages = (await api(sb, 'GET', `/crm/pipelines/${pl.body.data.id}`)).body.data.stages;
		expect(stages.every((s: { id: string }) => typeof s.id === 'string')).toBe(true);
		const u = await api(sb, 'POST', '/crm/users', { body: { emails: [{ email: 'new@x.example' }], password: 'secret' } });
		const user = (await api(sb, 'GET', `/crm/users/${u.body.data.id}`)).body.data;
		expect(user.password).toBeUndefined();
		expect(JSON.stringify((await api(sb, 'GET', '/crm/users?limit=200')).body)).not.toContain('secret');
	});

	test('unknown route and method → JSON errors', async () => {
		const r = await api(sb, 'GET', '/crm/widgets');
		expect(r.status).toBe(404);
		const m = await api(sb, 'PUT', '/crm/companies');
		expect(m.status).toBe(405);
	});
});

describe('auth and tenancy', () => {
	test('missing or wrong key, wrong app → 401 UnauthorizedError; key never echoed', async () => {
		const noKey = await api(sb, 'GET', '/crm/companies', { auth: { 'x-apideck-app-id': DEMO.appId } });
		expect(noKey.status).toBe(401);
		expect(noKey.body).toMatchObject({ status_code: 401, type_name: 'UnauthorizedError' });
		const wrongKey = await api(sb, 'GET', '/crm/companies', { auth: { authorization: 'Bearer nope-key', 'x-apideck-app-id': DEMO.appId } });
		expect(wrongKey.status).toBe(401);
		expect(JSON.stringify(wrongKey.body)).not.toContain('nope-key');
		const wrongApp = await api(sb, 'GET', '/crm/companies', { auth: { ...AUTH, 'x-apideck-app-id': 'other-app' } });
		expect(wrongApp.status).toBe(401);
		expect(wrongApp.body.detail).toContain('x-apideck-app-id');
		const noApp = await api(sb, 'GET', '/crm/companies', { auth: { authorization: AUTH.authorization } });
		expect(noApp.status).toBe(401);
		// recorded requests never hold the key
		expect(JSON.stringify(sb.requests)).not.toContain(DEMO.apiKey);
	});

	test('missing consumer id → 400 naming the header', async () => {
		const r = await api(sb, 'GET', '/crm/companies', { consumer: null });
		expect(r.status).toBe(400);
		expect(r.body.detail).toContain('x-apideck-consumer-id');
	});

	test('another consumer cannot list or get a record', async () => {
		const created = await api(sb, 'POST', '/crm/leads', { body: { name: 'Private Lead', company_name: 'Secret Co' } });
		const id = created.body.data.id;
		const other = await listAll(sb, '/crm/leads?limit=200', { consumer: DEMO.otherConsumerId });
		expect(other.records.map((r) => r.id)).not.toContain(id);
		expect(other.records).toHaveLength(2);
		expect((await api(sb, 'GET', `/crm/leads/${id}`, { consumer: DEMO.otherConsumerId })).status).toBe(404);
		expect((await api(sb, 'PATCH', `/crm/leads/${id}`, { consumer: DEMO.otherConsumerId, body: { name: 'x' } })).status).toBe(404);
		expect((await api(sb, 'DELETE', `/crm/leads/${id}`, { consumer: DEMO.otherConsumerId })).status).toBe(404);
		// a brand-new consumer starts empty
		const fresh = await api(sb, 'GET', '/crm/leads', { consumer: 'brand-new-consumer' });
		expect(fresh.body.data).toEqual([]);
		expect(fresh.body.meta.cursors.next).toBeNull();
	});

	test('service ids select separate data; default is hubspot; unknown service → 4xx naming it', async () => {
		const hs = await listAll(sb, '/crm/companies?limit=200', { service: 'hubspot' });
		const def = await listAll(sb, '/crm/companies?limit=200');
		const pd = await listAll(sb, '/crm/companies?limit=200', { service: 'pipedrive' });
		expect(def.records.map((r) => r.id)).toEqual(hs.records.map((r) => r.id));
		expect(pd.records).toHaveLength(5);
		const pdIds = new Set(pd.records.map((r) => r.id));
		expect(hs.records.some((r) => pdIds.has(r.id))).toBe(false);
		const r = await api(sb, 'GET', '/crm/companies', { service: 'pipedrive' });
		expect(r.body.service).toBe('pipedrive');
		expect((await api(sb, 'GET', `/crm/companies/${pd.records[0].id}`)).status).toBe(404);

		const unknown = await api(sb, 'GET', '/crm/companies', { service: 'no-such-crm' });
		expect(unknown.status).toBeGreaterThanOrEqual(400);
		expect(unknown.status).toBeLessThan(500);
		expect(unknown.body.detail).toContain('no-such-crm');
		const notConnected = await api(sb, 'GET', '/crm/companies', { service: 'salesforce' });
		expect(notConnected.status).toBe(400);
		expect(notConnected.body.type_name).toBe('ConnectionNotFoundError');
		expect(notConnected.body.detail).toContain('salesforce');
	});

	test('vault connections', async () => {
		const r = await api(sb, 'GET', '/vault/connections?api=crm');
		expect(r.status).toBe(200);
		expect(r.body.data.map((c: { service_id: string }) => c.service_id)).toEqual(['hubspot', 'pipedrive']);
		expect(r.body.data[0]).toMatchObject({
			id: 'crm+hubspot',
			service_id: 'hubspot',
			name: 'HubSpot',
			unified_api: 'crm',
			state: 'callable',
			enabled: true,
		});
		expect((await api(sb, 'GET', '/vault/connections?api=hris')).body.data).toEqual([]);
		expect((await api(sb, 'GET', '/vault/connections/crm/pipedrive')).body.data.service_id).toBe('pipedrive');
		expect((await api(sb, 'GET', '/vault/connections/crm/salesforce')).status).toBe(404);
		expect((await api(sb, 'GET', '/vault/connections', { consumer: null })).status).toBe(400);
		expect((await api(sb, 'GET', '/vault/connections', { auth: { 'x-apideck-app-id': DEMO.appId } })).status).toBe(401);
	});

	test('vault connections: PATCH switches one off for that consumer only; bad bodies are refused and change nothing', async () => {
		const consumer = 'vault-switch';
		const enabledOf = async (c: string) =>
			Object.fromEntries((await api(sb, 'GET', '/vault/connections?api=crm', { consumer: c })).body.data.map((x: any) => [x.service_id, x.enabled]));
		sb.records(consumer, 'companies');
		for (const body of ['not json', [], { enabled: 'no' }]) {
			const bad = await api(sb, 'PATCH', '/vault/connections/crm/pipedrive', { consumer, body });
			expect(bad.status).toBe(400);
			expect(bad.body.type_name).toBe('RequestValidationError');
		}
		expect(await enabledOf(consumer)).toEqual({ hubspot: true, pipedrive: true });

		const off = await api(sb, 'PATCH', '/vault/connections/crm/pipedrive', { consumer, body: { enabled: false } });
		expect([off.status, off.body.data.enabled]).toEqual([200, false]);
		expect(await enabledOf(consumer)).toEqual({ hubspot: true, pipedrive: false });
		expect(await enabledOf(DEMO.consumerId)).toEqual({ hubspot: true, pipedrive: true });
		expect((await api(sb, 'PATCH', '/vault/connections/crm/salesforce', { consumer, body: { enabled: false } })).status).toBe(404);
		expect((await api(sb, 'PATCH', '/vault/connections', { consumer, body: { enabled: false } })).status).toBe(405);
	});
});

describe('recording', () => {
	test('requests are recorded with parsed deepObject query, redacted auth and status', async () => {
		sb.resetRequests();
		await api(sb, 'GET', '/crm/contacts?filter[name]=Ada&sort[by]=name&limit=3');
		await api(sb, 'POST', '/crm/notes', { body: { title: 'hello' } });
		await fetch(`${sb.url}/_sandbox/health`);
		expect(sb.requests).toHaveLength(2);
		const [get, post] = sb.requests;
		expect(get).toMatchObject({
			method: 'GET',
			path: '/crm/contacts',
			query: { filter: { name: 'Ada' }, sort: { by: 'name' }, limit: '3' },
			rawQuery: 'filter[name]=Ada&sort[by]=name&limit=3',
			status: 200,
		});
		expect(get.headers.authorization).toBe('Bearer [redacted]');
		expect(get.headers['x-apideck-consumer-id']).toBe(DEMO.consumerId);
		expect(post).toMatchObject({ method: 'POST', body: { title: 'hello' }, status: 201 });
	});
});
