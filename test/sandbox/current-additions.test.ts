/**
 * The sandbox and what Apideck's current CRM API (crm-10.34.0.yml) adds to the eight resources: the
 * added body fields are accepted, stored and returned (pass_through, write-only, is accepted and never
 * returned), checked as strictly as the 10.3.6 ones, and the added filters are applied.
 */
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { api, listAll } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());

const passThrough = [
	{ service_id: 'hubspot', operation_id: 'contactsAdd', extend_object: { hs_custom: 'x' }, extend_paths: [{ path: '$.properties.note', value: { a: [1, 2] } }] },
	{ service_id: 'pipedrive' },
];

describe('body fields', () => {
	test('a contact with opportunity IDs, an address line 5 and a pass-through body: stored and returned, pass_through excepted', async () => {
		const created = await api(sb, 'POST', '/crm/contacts', {
			body: { name: 'Current Contact', opportunity_ids: ['op_1', 'op_2'], addresses: [{ line1: 'Main St 1', line5: 'Attn: Finance' }], pass_through: passThrough },
		});
		expect(created.status).toBe(201);
		const got = await api(sb, 'GET', `/crm/contacts/${created.body.data.id}`);
		expect(got.body.data).toMatchObject({ opportunity_ids: ['op_1', 'op_2'], addresses: [{ line1: 'Main St 1', line5: 'Attn: Finance' }] });
		expect(got.body.data).not.toHaveProperty('pass_through');
		const listed = await api(sb, 'GET', `/crm/contacts?limit=200&raw=true`);
		expect(JSON.stringify(listed.body)).not.toContain('contactsAdd');
	});

	test.each([
		['leads', { name: 'L', company_name: 'C', owner_name: 'Ada Owner', contact_id: 'ct_1' }, { owner_name: 'Ada Owner', contact_id: 'ct_1' }],
		['notes', { title: 'N', activity_id: 'ac_1' }, { activity_id: 'ac_1' }],
		['users', { emails: [{ email: 'u@example.com' }], name: 'Una User' }, { name: 'Una User' }],
		['companies', { name: 'Co', bank_accounts: [{ iban: 'DE02', country: 'DE' }] }, { bank_accounts: [{ iban: 'DE02', country: 'DE' }] }],
		['pipelines', { name: 'P', stages: [{ name: 'Old', archived: true }] }, { stages: [{ name: 'Old', archived: true }] }],
		['activities', { type: 'call', location_address: { city: 'Ghent', line5: 'Back door' } }, { location_address: { city: 'Ghent', line5: 'Back door' } }],
		['opportunities', { title: 'T', primary_contact_id: 'ct_1' }, { title: 'T' }],
	])('%s: the added fields and pass_through are accepted on create and update; the fields come back', async (resource, body, back) => {
		const created = await api(sb, 'POST', `/crm/${resource}`, { body: { ...body, pass_through: passThrough } });
		expect([created.status, created.body.detail]).toEqual([201, undefined]);
		const id = created.body.data.id;
		const updated = await api(sb, 'PATCH', `/crm/${resource}/${id}`, { body: { ...body, pass_through: [{ service_id: 'hubspot', extend_object: {} }] } });
		expect([updated.status, updated.body.detail]).toEqual([200, undefined]);
		const got = await api(sb, 'GET', `/crm/${resource}/${id}`);
		expect(got.body.data).toMatchObject(back);
		expect(got.body.data).not.toHaveProperty('pass_through');
	});

	test.each([
		[{ pass_through: [{ operation_id: 'x' }] }, "'pass_through[0].service_id' is required", 422],
		[{ pass_through: [{ service_id: 'hubspot', extra: 1 }] }, "'pass_through[0].extra' is not a known property", 400],
		[{ pass_through: [{ service_id: 'hubspot', extend_paths: [{ path: '$.a' }] }] }, "'pass_through[0].extend_paths[0].value' is required", 422],
		[{ pass_through: [{ service_id: 'hubspot', extend_object: 'text' }] }, "'pass_through[0].extend_object' must be an object", 400],
		[{ pass_through: { service_id: 'hubspot' } }, "'pass_through' must be an array", 400],
		[{ opportunity_ids: 'op_1' }, "'opportunity_ids' must be an array", 400],
		[{ addresses: [{ line6: 'x' }] }, "'addresses[0].line6' is not a known property", 400],
	])('checked as strictly as the 10.3.6 fields: %j', async (extra, message, status) => {
		const r = await api(sb, 'POST', '/crm/contacts', { body: { name: 'Strict', ...extra } });
		expect(r.status).toBe(status);
		expect(r.body.detail).toContain(message);
	});

	test('a bank account country is two letters', async () => {
		const r = await api(sb, 'POST', '/crm/companies', { body: { name: 'Co', bank_accounts: [{ country: 'DEU' }] } });
		expect(r.status).toBe(400);
		expect(r.body.detail).toContain("'bank_accounts[0].country' must have at most 2 characters");
	});
});

describe('filters', () => {
	const all = async (resource: string, query = '') => (await listAll(sb, `/crm/${resource}?limit=200${query}`)).records;

	test.each(['companies', 'contacts', 'notes'])('%s: created_since and updated_since keep the records at or after the moment', async (resource) => {
		const records = await all(resource);
		const created = records.map((r) => r.created_at as string).sort();
		const middle = created[Math.floor(created.length / 2)];
		const since = await all(resource, `&filter[created_since]=${encodeURIComponent(middle)}`);
		expect(since.map((r) => r.id).sort()).toEqual(records.filter((r) => Date.parse(r.created_at) >= Date.parse(middle)).map((r) => r.id).sort());
		expect(since.length).toBeGreaterThan(0);
		expect(since.length).toBeLessThan(records.length);
		const updated = records.map((r) => r.updated_at as string).sort();
		const u = updated[Math.floor(updated.length / 2)];
		const changed = await all(resource, `&filter[updated_since]=${encodeURIComponent(u)}`);
		expect(changed.map((r) => r.id).sort()).toEqual(records.filter((r) => Date.parse(r.updated_at) >= Date.parse(u)).map((r) => r.id).sort());
		const bad = await api(sb, 'GET', `/crm/${resource}?filter[created_since]=yesterday`);
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toContain('filter[created_since]');
	});

	test('activities: type matches exactly', async () => {
		const records = await all('activities');
		const type = records[0].type as string;
		const got = await all('activities', `&filter[type]=${type}`);
		expect(got.map((r) => r.id)).toEqual(records.filter((r) => r.type === type).map((r) => r.id));
		expect(got.length).toBeLessThan(records.length);
		expect(await all('activities', `&filter[type]=${type.toUpperCase()}`)).toEqual([]);
	});

	test.each(['contacts', 'notes'])('%s: owner_id matches exactly', async (resource) => {
		const records = await all(resource);
		const owner = records.find((r) => r.owner_id)!.owner_id as string;
		const got = await all(resource, `&filter[owner_id]=${owner}`);
		expect(got.map((r) => r.id)).toEqual(records.filter((r) => r.owner_id === owner).map((r) => r.id));
		expect(got.length).toBeLessThan(records.length);
	});

	test('notes: title matches part of the title, without case', async () => {
		const records = await all('notes');
		const word = (records[0].title as string).split(' ')[0];
		const got = await all('notes', `&filter[title]=${encodeURIComponent(word.toUpperCase())}`);
		expect(got.map((r) => r.id)).toEqual(records.filter((r) => (r.title as string).toLowerCase().includes(word.toLowerCase())).map((r) => r.id));
		expect(got.length).toBeGreaterThan(0);
	});

	test('leads: phone_number matches by digits', async () => {
		const records = await all('leads');
		const number = records[0].phone_numbers[0].number as string;
		const got = await all('leads', `&filter[phone_number]=${encodeURIComponent(number)}`);
		expect(got.map((r) => r.id)).toContain(records[0].id);
		expect(got.length).toBeLessThan(records.length);
	});

	test('users: email matches an address exactly, name the full name (or first and last name)', async () => {
		const records = await all('users');
		const user = records[1];
		const email = user.emails[0].email as string;
		expect((await all('users', `&filter[email]=${encodeURIComponent(email.toUpperCase())}`)).map((r) => r.id)).toEqual([user.id]);
		expect((await all('users', `&filter[name]=${encodeURIComponent(`${user.first_name} ${user.last_name}`)}`)).map((r) => r.id)).toEqual([user.id]);
		const named = await api(sb, 'POST', '/crm/users', { body: { emails: [{ email: 'named@example.com' }], name: 'Grace Named', first_name: 'X', last_name: 'Y' } });
		expect((await all('users', '&filter[name]=grace named')).map((r) => r.id)).toEqual([named.body.data.id]);
		expect(await all('users', '&filter[name]=X Y')).toEqual([]);
	});

	test('a filter neither contract has is still refused', async () => {
		const r = await api(sb, 'GET', '/crm/users?filter[status]=active');
		expect(r.status).toBe(400);
		expect(r.body.detail).toContain('supported: email, name');
		expect(sb.records(DEMO.consumerId, 'users').length).toBeGreaterThan(0);
	});
});
