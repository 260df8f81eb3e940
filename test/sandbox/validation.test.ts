/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { api } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());

const expectError = (r: { status: number; body: any }, status: number, field: string) => {
	expect(r.status).toBe(status);
	expect(Object.keys(r.body).sort()).toEqual(['detail', 'error', 'message', 'ref', 'status_code', 'type_name']);
	expect(r.body.status_code).toBe(status);
	expect(r.body.type_name).toBe('RequestValidationError');
	expect(r.body.detail).toContain(field);
};

describe('required fields → 422', () => {
	test.each([
		['companies', {}, 'name'],
		['companies', { name: '' }, 'name'],
		['contacts', { first_name: 'Ada' }, 'name'],
		['contacts', { name: null }, 'name'],
		['leads', { name: 'Ada' }, 'company_name'],
		['leads', { company_name: 'X' }, 'name'],
		['opportunities', { title: 'Deal' }, 'primary_contact_id'],
		['opportunities', { primary_contact_id: 'ct_1' }, 'title'],
		['activities', { title: 'Call' }, 'type'],
		['pipelines', { stages: [] }, 'name'],
		['users', { first_name: 'Ada' }, 'emails'],
		['users', { emails: [] }, 'emails'],
		['companies', { name: 'X', emails: [{ type: 'work' }] }, 'emails[0].email'],
	])('POST /crm/%s %j → 422 naming %s', async (resource, body, field) => {
		const before = sb.records(DEMO.consumerId, resource as 'companies').length;
		expectError(await api(sb, 'POST', `/crm/${resource}`, { body }), 422, field);
		expect(sb.records(DEMO.consumerId, resource as 'companies').length).toBe(before);
	});

	test('notes have no required field', async () => {
		expect((await api(sb, 'POST', '/crm/notes', { body: {} })).status).toBe(201);
	});

	test('PATCH takes a partial body but cannot clear a required field', async () => {
		const id = sb.records(DEMO.consumerId, 'leads')[0].id;
		expect((await api(sb, 'PATCH', `/crm/leads/${id}`, { body: { status: 'qualified' } })).status).toBe(200);
		expectError(await api(sb, 'PATCH', `/crm/leads/${id}`, { body: { company_name: null } }), 422, 'company_name');
	});
});

describe('types and enums → 400', () => {
	test.each([
		['companies', { name: 'X', currency: 'DOLLARS' }, 'currency'],
		['companies', { name: 'X', emails: [{ email: 'a@b.example', type: 'home' }] }, 'emails[0].type'],
		['companies', { name: 'X', emails: [{ email: 'not-an-email' }] }, 'emails[0].email'],
		['companies', { name: 'X', phone_numbers: [{ number: '1', type: 'pager' }] }, 'phone_numbers[0].type'],
		['companies', { name: 'X', addresses: [{ type: 'moon' }] }, 'addresses[0].type'],
		['companies', { name: 'X', websites: [{ url: 'https://x', type: 'blog' }] }, 'websites[0].type'],
		['companies', { name: 'X', bank_accounts: [{ account_type: 'piggy' }] }, 'bank_accounts[0].account_type'],
		['companies', { name: 'X', birthday: '01/02/2000' }, 'birthday'],
		['companies', { name: 'X', tags: 'vip' }, 'tags'],
		['companies', { name: 42 }, 'name'],
		['contacts', { name: 'X', type: 'friend' }, 'type'],
		['contacts', { name: 'X', gender: 'robot' }, 'gender'],
		['contacts', { name: 'X', active: 'yes' }, 'active'],
		['leads', { name: 'X', company_name: 'Y', monetary_amount: '100' }, 'monetary_amount'],
		['opportunities', { title: 'X', primary_contact_id: 'c', close_date: 'soon' }, 'close_date'],
		['activities', { type: 'party' }, 'type'],
		['activities', { type: 'call', show_as: 'maybe' }, 'show_as'],
		['activities', { type: 'meeting', attendees: [{ name: 'A', status: 'perhaps' }] }, 'attendees[0].status'],
		['activities', { type: 'call', duration_seconds: -5 }, 'duration_seconds'],
		['activities', { type: 'call', duration_seconds: 1.5 }, 'duration_seconds'],
		['activities', { type: 'call', recurrent: null }, 'recurrent'],
		['users', { emails: [{ email: 'a@b.example' }], addresses: [{ city: 1 }] }, 'addresses[0].city'],
	])('POST /crm/%s %j → 400 naming %s', async (resource, body, field) => {
		expectError(await api(sb, 'POST', `/crm/${resource}`, { body }), 400, field);
	});

	test('unknown and read-only properties are rejected (documented choice)', async () => {
		expectError(await api(sb, 'POST', '/crm/companies', { body: { name: 'X', colour: 'red' } }), 400, 'colour');
		expectError(await api(sb, 'POST', '/crm/companies', { body: { name: 'X', id: 'mine' } }), 400, 'id');
		expectError(await api(sb, 'POST', '/crm/contacts', { body: { name: 'X', created_at: '2024-01-01T00:00:00Z' } }), 400, 'created_at');
		expectError(
			await api(sb, 'PATCH', `/crm/opportunities/${sb.records(DEMO.consumerId, 'opportunities')[0].id}`, {
				body: { expected_revenue: 5 },
			}),
			400,
			'expected_revenue',
		);
	});

	test('body must be a JSON object', async () => {
		expectError(await api(sb, 'POST', '/crm/companies', { body: [{ name: 'X' }] }), 400, 'body');
		expectError(await api(sb, 'POST', '/crm/companies', { body: '{not json' }), 400, 'JSON');
		expectError(await api(sb, 'POST', '/crm/companies', { body: 'null' }), 400, 'body');
	});

	test('a full, valid record with nested objects is accepted and round-trips', async () => {
		const body = {
			name: 'Jane Doe',
			first_name: 'Jane',
			last_name: 'Doe',
			type: 'customer',
			gender: 'female',
			emails: [{ email: 'jane@doe.example', type: 'work' }],
			phone_numbers: [{ number: '+1 555 0100', type: 'mobile' }],
			addresses: [{ type: 'office', line1: '1 Main St', city: 'Ghent', country: 'BE' }],
			websites: [{ url: 'https://doe.example', type: 'work' }],
			social_links: [{ url: 'https://x.example/jane', type: 'x' }],
			custom_fields: [{ id: 'cf_1', value: ['a', 'b'] }],
			tags: ['vip'],
			current_balance: 12.5,
			active: true,
		};
		const r = await api(sb, 'POST', '/crm/contacts', { body });
		expect(r.status).toBe(201);
		const got = (await api(sb, 'GET', `/crm/contacts/${r.body.data.id}`)).body.data;
		expect(got).toMatchObject(body);
	});
});
