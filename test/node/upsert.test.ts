/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Create or Update (contact, lead, company) through n8n-core's engine against the sandbox: the lookup,
// the create or the update it leads to, several matches, and items of one run with the same key
// sent at once creating one record, never two.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { crmRequests, rateLimited, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

let consumers = 0;
/** A consumer of its own per test, so the records it ends with can be counted exactly. */
function freshConsumer() {
	const consumerId = `upsert-${++consumers}-${Date.now()}`;
	return { consumerId, credentials: { ...ctx.credentials, consumerId } };
}

const contactUpsert = (extra: IDataObject = {}): INodeParameters => ({
	resource: 'contact',
	operation: 'upsert',
	contactName: '={{ $json.name }}',
	contactFields: { emails: { values: [{ email: '={{ $json.email }}', type: 'primary' }] }, title: '={{ $json.title }}' },
	...extra,
});

const line = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

test('no match: one lookup by the email, then the create; the output says created', async () => {
	const { consumerId, credentials } = freshConsumer();
	const { items, error } = await run(ctx, contactUpsert(), { items: [{ name: 'Ada Lovelace', email: 'Ada@Example.com', title: 'Countess' }], credentials });

	expect(error).toBeUndefined();
	const requests = crmRequests(ctx);
	expect(requests.map(line)).toEqual(['GET /crm/contacts', 'POST /crm/contacts']);
	expect(requests[0].query).toMatchObject({ filter: { email: 'Ada@Example.com' }, limit: '200' });
	expect(requests[1].body).toEqual({ name: 'Ada Lovelace', title: 'Countess', emails: [{ email: 'Ada@Example.com', type: 'primary' }] });
	const records = ctx.sandbox.records(consumerId, 'contacts');
	expect(records).toHaveLength(1);
	expect(items).toEqual([{ id: records[0].id, operation: 'created' }]);
});

test('one match: the record that has the email (any case) is updated, nothing is created', async () => {
	const { consumerId, credentials } = freshConsumer();
	await run(ctx, contactUpsert(), { items: [{ name: 'Ada Lovelace', email: 'ada@example.com', title: 'Countess' }], credentials });
	const [existing] = ctx.sandbox.records(consumerId, 'contacts');
	ctx.sandbox.resetRequests();

	const { items, error } = await run(ctx, contactUpsert(), { items: [{ name: 'Ada King', email: 'ADA@example.COM', title: 'Mathematician' }], credentials });

	expect(error).toBeUndefined();
	expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts', `PATCH /crm/contacts/${existing.id}`]);
	expect(items).toEqual([{ id: existing.id, operation: 'updated' }]);
	const records = ctx.sandbox.records(consumerId, 'contacts');
	expect(records).toHaveLength(1);
	expect(records[0]).toMatchObject({ name: 'Ada King', title: 'Mathematician' });
});

test('several matches: an error that lists their IDs and writes nothing; the option updates the most recently updated', async () => {
	const { consumerId, credentials } = freshConsumer();
	// two contacts with one email, made with plain Creates
	for (const name of ['Twin One', 'Twin Two']) {
		await run(ctx, { resource: 'contact', operation: 'create', contactName: name, contactFields: { emails: { values: [{ email: 'twin@example.com' }] } } }, { credentials });
	}
	const twins = ctx.sandbox.records(consumerId, 'contacts');
	// the first one was changed last
	await run(ctx, { resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: twins[0].id }, contactFields: { title: 'Touched' } }, { credentials });
	ctx.sandbox.resetRequests();

	const failed = await run(ctx, contactUpsert(), { items: [{ name: 'Twin', email: 'twin@example.com', title: 'X' }], credentials });
	expect(failed.error?.message).toBe(`Match By Email: 2 contacts have "twin@example.com" (IDs ${twins[0].id}, ${twins[1].id})`);
	expect(failed.error?.description).toMatch(/If Several Match/);
	expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts']);
	ctx.sandbox.resetRequests();

	const { items, error } = await run(ctx, contactUpsert({ options: { ifSeveralMatch: 'mostRecent' } }), { items: [{ name: 'Twin', email: 'twin@example.com', title: 'Chosen' }], credentials });
	expect(error).toBeUndefined();
	expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts', `PATCH /crm/contacts/${twins[0].id}`]);
	expect(items).toEqual([{ id: twins[0].id, operation: 'updated' }]);
	expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(2);
});

test('100 items with 20 distinct emails sent at once: exactly 20 contacts created and 80 updates, no duplicate', async () => {
	const { consumerId, credentials } = freshConsumer();
	const input = Array.from({ length: 100 }, (_, i) => ({ name: `Person ${i % 20}`, email: `person${i % 20}@example.com`, title: `Version ${Math.floor(i / 20)}` }));

	const { items, error } = await run(ctx, contactUpsert({ requestOptions: { maxConcurrency: 10 } }), { items: input, credentials });

	expect(error).toBeUndefined();
	const records = ctx.sandbox.records(consumerId, 'contacts');
	expect(records).toHaveLength(20);
	const emails = records.map((r: any) => r.emails[0].email);
	expect(new Set(emails).size).toBe(20);
	// every contact ended with the last version of its items (items of one key ran in order)
	for (const r of records) expect(r.title).toBe('Version 4');

	const requests = crmRequests(ctx);
	const count = (l: string) => requests.filter((r) => line(r).startsWith(l)).length;
	expect(count('GET /crm/contacts')).toBe(20); // one lookup per email; later items knew the record
	expect(count('POST /crm/contacts')).toBe(20);
	expect(count('PATCH /crm/contacts/')).toBe(80);
	expect(requests).toHaveLength(120);

	expect(items).toHaveLength(100);
	expect(items.filter((i) => i.operation === 'created')).toHaveLength(20);
	expect(items.filter((i) => i.operation === 'updated')).toHaveLength(80);
	const idByEmail = new Map(records.map((r: any) => [r.emails[0].email, r.id]));
	items.forEach((item, i) => expect(item.id).toBe(idByEmail.get(input[i].email)));
	// the first item of each email created it
	items.forEach((item, i) => expect(item.operation).toBe(i < 20 ? 'created' : 'updated'));
});

test('items of one key do not rely on the API listing a record it just created', async () => {
	const { consumerId, credentials } = freshConsumer();
	// a CRM whose search index lags: every list comes back empty
	ctx.sandbox.intercept(({ method, path }) =>
		method === 'GET' && path === '/crm/contacts' ? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', service: 'hubspot', resource: 'contacts', operation: 'all', data: [], meta: { items_on_page: 0, cursors: { previous: null, current: null, next: null } } } } : undefined,
	);
	const input = Array.from({ length: 30 }, (_, i) => ({ name: `Lagging ${i % 3}`, email: `lag${i % 3}@example.com`, title: `v${i}` }));

	const { items, error } = await run(ctx, contactUpsert(), { items: input, credentials });

	expect(error).toBeUndefined();
	expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(3);
	expect(items.filter((i) => i.operation === 'created')).toHaveLength(3);
	expect(crmRequests(ctx).filter((r) => r.method === 'GET')).toHaveLength(3);
});

test('an ambiguous failure of the create is not retried; later items of that key never create a second record', async () => {
	const { consumerId, credentials } = freshConsumer();
	// the first POST takes effect, then its answer is lost in a 500
	ctx.sandbox.intercept(({ method, seen }) => (method === 'POST' && seen === 0 ? { kind: 'respond', status: 500, body: { status_code: 500, error: 'Server Error', type_name: 'ConnectorExecutionError', message: 'Upstream timeout' }, afterEffect: true } : undefined));
	const input = [1, 2, 3].map((n) => ({ name: 'Grace', email: 'grace@example.com', title: `Try ${n}` }));

	const { raw } = await run(ctx, contactUpsert(), { items: input, credentials, continueOnFail: true });

	expect(raw[0].json.error).toMatch(/ConnectorExecutionError/);
	expect((raw[0].json.details as IDataObject).description).toMatch(/may have reached Apideck, so it was not sent again/);
	// the later items found the record the lost create had made, and updated it
	expect(raw.slice(1).map((i) => i.json.operation)).toEqual(['updated', 'updated']);
	const records = ctx.sandbox.records(consumerId, 'contacts');
	expect(records).toHaveLength(1);
	expect(records[0].title).toBe('Try 3');
	expect(crmRequests(ctx).filter((r) => r.method === 'POST')).toHaveLength(1);
});

test('an ambiguous create whose record is not listed: later items of that key refuse to create rather than risk a duplicate', async () => {
	const { consumerId, credentials } = freshConsumer();
	// the first POST fails with a 503 that did nothing, but the node cannot know that
	ctx.sandbox.intercept(({ method, seen }) => (method === 'POST' && seen === 0 ? { kind: 'respond', status: 503, body: { status_code: 503, error: 'Service Unavailable', type_name: 'ServiceUnavailable', message: 'Try later' } } : undefined));
	const input = [1, 2].map((n) => ({ name: 'Hedy', email: 'hedy@example.com', title: `Try ${n}` }));

	const { raw } = await run(ctx, contactUpsert(), { items: input, credentials, continueOnFail: true });

	expect((raw[0].json.details as IDataObject).description).toMatch(/may have reached Apideck/);
	expect(raw[1].json.error).toBe("An earlier item's create of this contact may have reached the CRM, so it was not created again");
	expect((raw[1].json.details as IDataObject).description).toMatch(/No contact with email "hedy@example.com" is listed yet/);
	expect(crmRequests(ctx).filter((r) => r.method === 'POST')).toHaveLength(1);
	expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(0);
});

test('a 429 on the create is retried (the API did nothing) and creates one record', async () => {
	const { consumerId, credentials } = freshConsumer();
	ctx.sandbox.intercept(({ method, seen }) => (method === 'POST' && seen === 0 ? rateLimited('0') : undefined));

	const { items, error } = await run(ctx, contactUpsert(), { items: [{ name: 'Radia', email: 'radia@example.com', title: 'Engineer' }], credentials });

	expect(error).toBeUndefined();
	expect(items[0].operation).toBe('created');
	expect(crmRequests(ctx).filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([429, 201]);
	expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(1);
});

test('a lookup whose cursor comes back writes nothing: "no match" could not be trusted', async () => {
	const { consumerId, credentials } = freshConsumer();
	ctx.sandbox.intercept(({ method, path }) =>
		method === 'GET' && path === '/crm/contacts' ? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', service: 'hubspot', resource: 'contacts', operation: 'all', data: [], meta: { items_on_page: 0, cursors: { previous: null, current: null, next: 'same-cursor' } } } } : undefined,
	);
	const { error } = await run(ctx, contactUpsert(), { items: [{ name: 'Loop', email: 'loop@example.com', title: 'x' }], credentials });
	expect(error?.message).toBe('Apideck returned a page cursor it had already returned');
	expect(error?.description).toBe('Create or Update could not read every contact that matches, so nothing was written. Try again later.');
	expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts', 'GET /crm/contacts']);
	expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(0);
});

test('company by name: only an exact name (any case) matches, not one that merely contains it', async () => {
	const { consumerId, credentials } = freshConsumer();
	await run(ctx, { resource: 'company', operation: 'create', companyName: 'Acme Rockets' }, { credentials });
	ctx.sandbox.resetRequests();

	const first = await run(ctx, { resource: 'company', operation: 'upsert', companyName: 'Acme', companyFields: { industry: 'Explosives' } }, { credentials });
	expect(first.error).toBeUndefined();
	expect(first.items[0].operation).toBe('created');
	const [lookup] = crmRequests(ctx);
	expect(lookup.query.filter).toEqual({ name: 'Acme' });

	const second = await run(ctx, { resource: 'company', operation: 'upsert', companyName: 'ACME', companyFields: { industry: 'Anvils' } }, { credentials });
	expect(second.items[0]).toEqual({ id: first.items[0].id, operation: 'updated' });
	const companies = ctx.sandbox.records(consumerId, 'companies');
	expect(companies.map((c: any) => c.name).sort()).toEqual(['ACME', 'Acme Rockets']);
	expect(companies.find((c: any) => c.id === first.items[0].id).industry).toBe('Anvils');
});

test('the primary email is the one matched on, wherever it sits in the list', async () => {
	const { consumerId, credentials } = freshConsumer();
	const existing = ctx.sandbox.createRecord(consumerId, 'contacts', { name: 'Ada Lovelace', emails: [{ email: 'ada@example.com', type: 'primary' }] });
	ctx.sandbox.resetRequests();

	const emails = { values: [{ email: 'countess@work.example', type: 'work' }, { email: 'ADA@example.com', type: 'primary' }] };
	const { items, error } = await run(ctx, { resource: 'contact', operation: 'upsert', contactName: 'Ada King', contactFields: { emails } }, { credentials });

	expect(error).toBeUndefined();
	expect(crmRequests(ctx)[0].query.filter).toEqual({ email: 'ADA@example.com' });
	expect(items).toEqual([{ id: existing.id, operation: 'updated' }]);
	expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(1);
});

test('Match By phone number: the same digits written another way are the same number, not a new contact', async () => {
	const { consumerId, credentials } = freshConsumer();
	const existing = ctx.sandbox.createRecord(consumerId, 'contacts', { name: 'Grace Hopper', phone_numbers: [{ number: '+15550100000', type: 'mobile' }] });
	const other = ctx.sandbox.createRecord(consumerId, 'contacts', { name: 'Grace Other', phone_numbers: [{ number: '+1 555 010 0000 99', type: 'mobile' }] });
	ctx.sandbox.resetRequests();

	const phoneNumbers = { values: [{ number: '+1 (555) 010-0000', type: 'mobile' }] };
	const { items, error } = await run(ctx, { resource: 'contact', operation: 'upsert', contactName: 'Grace Hopper', contactMatchBy: 'phone_number', contactFields: { phoneNumbers, title: 'Rear Admiral' } }, { credentials });

	expect(error).toBeUndefined();
	// the API's digit search also lists the longer number; only the record with exactly these digits is updated
	expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts', `PATCH /crm/contacts/${existing.id}`]);
	expect(items).toEqual([{ id: existing.id, operation: 'updated' }]);
	const records = ctx.sandbox.records(consumerId, 'contacts');
	expect(records).toHaveLength(2);
	expect(records.find((r: any) => r.id === existing.id).title).toBe('Rear Admiral');
	expect(records.find((r: any) => r.id === other.id).title).toBeUndefined();
});

test('lead by email, and Match By another text filter (last name)', async () => {
	const { consumerId, credentials } = freshConsumer();
	const lead = (email: string, extra: IDataObject = {}): INodeParameters => ({
		resource: 'lead',
		operation: 'upsert',
		leadName: 'Katherine Johnson',
		leadCompanyName: 'NASA',
		leadFields: { emails: { values: [{ email }] }, lastName: 'Johnson' },
		...extra,
	});
	const created = await run(ctx, lead('kj@nasa.gov'), { credentials });
	const updated = await run(ctx, lead('kj@nasa.gov', { leadFields: { emails: { values: [{ email: 'kj@nasa.gov' }] }, lastName: 'Johnson', status: 'qualified' } }), { credentials });
	expect(created.items[0].operation).toBe('created');
	expect(updated.items[0]).toEqual({ id: created.items[0].id, operation: 'updated' });
	ctx.sandbox.resetRequests();

	const byLastName = await run(ctx, lead('other@nasa.gov', { leadMatchBy: 'last_name' }), { credentials });
	expect(byLastName.items[0]).toEqual({ id: created.items[0].id, operation: 'updated' });
	expect(crmRequests(ctx)[0].query.filter).toEqual({ last_name: 'Johnson' });
	expect(ctx.sandbox.records(consumerId, 'leads')).toHaveLength(1);
});

test('Return Full Record: the record after the write, with the operation', async () => {
	const { credentials } = freshConsumer();
	const { items, error } = await run(ctx, contactUpsert({ options: { returnFullRecord: true } }), { items: [{ name: 'Mary Jackson', email: 'mary@example.com', title: 'Engineer' }], credentials });
	expect(error).toBeUndefined();
	expect(crmRequests(ctx).map(line)).toEqual(['GET /crm/contacts', 'POST /crm/contacts', `GET /crm/contacts/${items[0].id}`]);
	expect(items[0]).toMatchObject({ name: 'Mary Jackson', title: 'Engineer', emails: [{ email: 'mary@example.com', type: 'primary' }], created_at: expect.any(String), operation: 'created' });
});

test('Include Full Response: Apideck\'s envelope, its operation saying created or updated', async () => {
	const { credentials } = freshConsumer();
	const once = await run(ctx, contactUpsert({ options: { fullResponse: true } }), { items: [{ name: 'Dorothy', email: 'dorothy@example.com', title: 'A' }], credentials });
	const twice = await run(ctx, contactUpsert({ options: { fullResponse: true } }), { items: [{ name: 'Dorothy', email: 'dorothy@example.com', title: 'B' }], credentials });
	expect(once.items[0]).toMatchObject({ status_code: 201, resource: expect.any(String), data: { id: expect.any(String) }, operation: 'created' });
	expect(twice.items[0]).toMatchObject({ status_code: 200, data: { id: once.items[0].data && (once.items[0].data as IDataObject).id }, operation: 'updated' });
});

describe('bad input fails before any request, naming the field', () => {
	test('nothing to match on', async () => {
		const { error } = await run(ctx, { resource: 'contact', operation: 'upsert', contactName: 'No Email' });
		expect(error?.message).toBe('Match By Email: the contact has no email to match on');
		expect(error?.description).toBe('Enter it under Additional Fields → Emails, or match by another field.');
		expect(crmRequests(ctx)).toEqual([]);
	});

	test('an unknown Match By (from an expression)', async () => {
		const { error } = await run(ctx, { resource: 'contact', operation: 'upsert', contactName: 'X', contactMatchBy: '={{ "company_id" }}' });
		expect(error?.message).toBe('Match By: unknown value "company_id"');
		expect(error?.description).toBe('Use one of: name, first_name, last_name, email, phone_number.');
		expect(crmRequests(ctx)).toEqual([]);
	});

	test('an empty required field', async () => {
		const { error } = await run(ctx, { resource: 'lead', operation: 'upsert', leadName: 'X', leadCompanyName: ' ', leadFields: { emails: { values: [{ email: 'x@example.com' }] } } });
		expect(error?.message).toBe('Company Name: is required');
		expect(crmRequests(ctx)).toEqual([]);
	});
});
