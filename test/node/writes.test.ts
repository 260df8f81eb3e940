/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Update without re-mapping the required fields, and Return Full Record on Create and Update, through
// n8n-core's engine against the sandbox: which requests go out, and what the user gets. Return Full
// Record reads the record back without raw data unless Include Raw Data asks for it.
import type { IDataObject } from 'n8n-workflow';

import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const line = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

async function newOpportunity() {
	const { items } = await run(ctx, {
		resource: 'opportunity',
		operation: 'create',
		opportunityTitle: 'Big deal',
		opportunityPrimaryContactId: byId('ct_keep'),
		opportunityFields: { monetaryAmount: 1000 },
	});
	ctx.sandbox.resetRequests();
	return items[0].id as string;
}

describe('Update keeps the required fields it is not given', () => {
	test('both required fields of an opportunity are read once and sent with their current values', async () => {
		const id = await newOpportunity();
		const { items, error } = await run(ctx, { resource: 'opportunity', operation: 'update', opportunityId: byId(id), opportunityFields: { monetaryAmount: 2500 } });
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		expect(requests.map(line)).toEqual([`GET /crm/opportunities/${id}`, `PATCH /crm/opportunities/${id}`]);
		expect(requests[1].body).toEqual({ title: 'Big deal', primary_contact_id: 'ct_keep', monetary_amount: 2500 });
		expect(items).toEqual([{ id }]);
	});

	test('one given, one left out: only the one left out comes from the record', async () => {
		const id = await newOpportunity();
		await run(ctx, { resource: 'opportunity', operation: 'update', opportunityId: byId(id), opportunityFields: { title: 'Bigger deal', winProbability: 60 } });
		const requests = crmRequests(ctx);
		expect(requests.map(line)).toEqual([`GET /crm/opportunities/${id}`, `PATCH /crm/opportunities/${id}`]);
		expect(requests[1].body).toEqual({ title: 'Bigger deal', primary_contact_id: 'ct_keep', win_probability: 60 });
	});

	test('a required field whose expression gives nothing keeps its value too', async () => {
		const id = await newOpportunity();
		await run(ctx, { resource: 'opportunity', operation: 'update', opportunityId: byId(id), opportunityFields: { title: '={{ $json.missing }}', primaryContactId: byId('ct_new'), status: 'won' } });
		const requests = crmRequests(ctx);
		expect(requests.map(line)).toEqual([`GET /crm/opportunities/${id}`, `PATCH /crm/opportunities/${id}`]);
		expect(requests[1].body).toEqual({ title: 'Big deal', primary_contact_id: 'ct_new', status: 'won' });
	});

	test('the read uses the same service and the same retries as the update', async () => {
		const created = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Piped Co', service: byId('pipedrive') });
		const id = created.items[0].id as string;
		ctx.sandbox.resetRequests();
		ctx.sandbox.intercept(({ method, seen }) => (method === 'GET' && seen === 0 ? { kind: 'respond', status: 503, body: { status_code: 503, error: 'Service Unavailable', type_name: 'ServiceUnavailable', message: 'Busy' } } : undefined));

		const { error } = await run(ctx, { resource: 'company', operation: 'update', companyId: byId(id), service: byId('pipedrive'), companyFields: { industry: 'Pipes' } });

		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		expect(requests.map((r) => `${line(r)} ${r.status}`)).toEqual([`GET /crm/companies/${id} 503`, `GET /crm/companies/${id} 200`, `PATCH /crm/companies/${id} 200`]);
		for (const r of requests) expect(r.headers['x-apideck-service-id']).toBe('pipedrive');
		expect(requests[2].body).toEqual({ name: 'Piped Co', industry: 'Pipes' });
	});

	test('a record that does not exist: the read fails with Apideck\'s error and nothing is written', async () => {
		const { error } = await run(ctx, { resource: 'contact', operation: 'update', contactId: byId('ct_gone'), contactFields: { title: 'CEO' } });
		expect(error?.message).toMatch(/^EntityNotFoundError/);
		expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts/ct_gone']);
	});

	test('a record without a value to keep: an error naming the field, and no update', async () => {
		ctx.sandbox.intercept(({ method }) => (method === 'GET' ? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', service: 'hubspot', resource: 'leads', operation: 'one', data: { id: 'ld_1', name: 'No Company' } } } : undefined));
		const { error } = await run(ctx, { resource: 'lead', operation: 'update', leadId: byId('ld_1'), leadFields: { status: 'new' } });
		expect(error?.message).toBe('Update Fields → Company Name: the lead has no company name to keep');
		expect(error?.description).toBe('Add Company Name under Update Fields: Apideck requires it on every update.');
		expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/leads/ld_1']);
	});

	test('a user\'s emails are kept as the record has them, only their writable parts', async () => {
		const created = await run(ctx, { resource: 'user', operation: 'create', userEmails: { values: [{ email: 'keep@example.com', type: 'work' }, { email: 'too@example.com', type: 'personal' }] } });
		const id = created.items[0].id as string;
		ctx.sandbox.resetRequests();
		const { error } = await run(ctx, { resource: 'user', operation: 'update', userId: byId(id), userFields: { title: 'Boss' } });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx)[1].body).toEqual({ emails: [{ email: 'keep@example.com', type: 'work' }, { email: 'too@example.com', type: 'personal' }], title: 'Boss' });
	});
});

describe('Return Full Record', () => {
	test('Create: one GET after the POST, and the whole record comes out', async () => {
		const { items, error } = await run(ctx, { resource: 'lead', operation: 'create', leadName: 'Full Lead', leadCompanyName: 'Full Co', leadFields: { leadSource: 'Web' }, options: { returnFullRecord: true } });
		expect(error).toBeUndefined();
		const id = items[0].id as string;
		expect(crmRequests(ctx).map(line)).toEqual(['POST /crm/leads', `GET /crm/leads/${id}`]);
		expect(items[0]).toMatchObject({ id, name: 'Full Lead', company_name: 'Full Co', lead_source: 'Web', created_at: expect.any(String), updated_at: expect.any(String) });
	});

	test('Update: one GET after the PATCH shows the change', async () => {
		const id = await newOpportunity();
		const { items } = await run(ctx, { resource: 'opportunity', operation: 'update', opportunityId: byId(id), opportunityFields: { title: 'Renamed', primaryContactId: byId('ct_keep'), status: 'lost' }, options: { returnFullRecord: true } });
		expect(crmRequests(ctx).map(line)).toEqual([`PATCH /crm/opportunities/${id}`, `GET /crm/opportunities/${id}`]);
		expect(items[0]).toMatchObject({ id, title: 'Renamed', status: 'lost', monetary_amount: 1000 });
	});

	test('with Include Raw Data and Include Full Response: the read carries raw and the envelope comes out', async () => {
		const { items } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Raw Co', options: { returnFullRecord: true, raw: true, fullResponse: true } });
		const [post, get] = crmRequests(ctx);
		expect(post.query.raw).toBe('true');
		expect(get.query.raw).toBe('true');
		expect(items[0]).toMatchObject({ status_code: 200, operation: 'one', data: { name: 'Raw Co' }, _raw: expect.any(Object) });
	});

	test('off (the default): only Apideck\'s answer, no extra request', async () => {
		const { items } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Lean Co' });
		expect(crmRequests(ctx).map(line)).toEqual(['POST /crm/companies']);
		expect(Object.keys(items[0])).toEqual(['id']);
	});

	test('a read that fails after a create says the record was created, so the item is not re-run blindly', async () => {
		ctx.sandbox.intercept(({ method }) => (method === 'GET' ? { kind: 'respond', status: 404, body: { status_code: 404, error: 'Not Found', type_name: 'EntityNotFoundError', message: 'Unknown company' } } : undefined));
		const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Half Co', options: { returnFullRecord: true } });
		const created = ctx.sandbox.records(DEMO.consumerId, 'companies').find((c: any) => c.name === 'Half Co');
		expect(created).toBeDefined();
		expect(error?.message).toMatch(/^EntityNotFoundError/);
		expect(error?.description).toMatch(new RegExp(`^The company was created \\(ID ${created.id}\\); only reading it back failed, so don't re-run this item to write it again\\.`));
		expect(crmRequests(ctx).filter((r) => r.method === 'POST')).toHaveLength(1);
	});
});

describe('Return Full Record and Include Raw Data', () => {
	test('off: the record read back carries no raw data', async () => {
		const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Read Back Co', options: { returnFullRecord: true, fullResponse: true } });
		expect(error).toBeUndefined();
		expect((items[0].data as IDataObject).name).toBe('Read Back Co');
		expect(items[0]).not.toHaveProperty('_raw');
		const read = crmRequests(ctx).filter((r) => r.method === 'GET');
		expect(read).toHaveLength(1);
		expect(read[0].query).toEqual({});
	});

	test('on: the record read back carries the CRM\'s raw data', async () => {
		const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Raw Read Back Co', options: { returnFullRecord: true, fullResponse: true, raw: true } });
		expect(error).toBeUndefined();
		expect((items[0].data as IDataObject).name).toBe('Raw Read Back Co');
		expect(items[0]).toHaveProperty('_raw');
		expect(crmRequests(ctx).filter((r) => r.method === 'GET').map((r) => r.query)).toEqual([{ raw: 'true' }]);
	});
});
