/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Get, Get Many, Create, Update and Delete of each of the 8 resources of the 10.3.6 reference run through
// n8n-core's engine against the sandbox; each test checks what the sandbox received and what the
// node returned. Update runs on node version 1 (Update Fields named like Additional Fields) and 1.1 (its
// own name, see node-versions.test.ts).
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

/** Each resource's own parameters are named after it: companyName, companyFields, companyId, … */
const own = (resource: string, key: string) => `${resource}${key.charAt(0).toUpperCase()}${key.slice(1)}`;
const required = (c: Case) => Object.fromEntries(Object.entries(c.required).map(([k, v]) => [own(c.resource, k), v]));

interface Case {
	resource: string;
	path: string;
	/** top-level parameters of Create (and Update) */
	required: IDataObject;
	/** what those parameters put in the body */
	requiredBody: IDataObject;
	additionalFields: IDataObject;
	additionalBody: IDataObject;
	updateFields: IDataObject;
	updateBody: IDataObject;
	/** a field of the record that shows the update took */
	check: (record: IDataObject) => unknown;
	checkValue: unknown;
}

const cases: Case[] = [
	{
		resource: 'company',
		path: '/crm/companies',
		required: { name: 'Acme Rockets' },
		requiredBody: { name: 'Acme Rockets' },
		additionalFields: { industry: 'Aerospace', currency: 'EUR', tags: ['space', 'b2b'] },
		additionalBody: { industry: 'Aerospace', currency: 'EUR', tags: ['space', 'b2b'] },
		updateFields: { status: 'Customer' },
		updateBody: { status: 'Customer' },
		check: (r) => r.status,
		checkValue: 'Customer',
	},
	{
		resource: 'contact',
		path: '/crm/contacts',
		required: { name: 'Ada Lovelace' },
		requiredBody: { name: 'Ada Lovelace' },
		additionalFields: { type: 'customer', gender: 'female', emails: { values: [{ email: 'ada@example.com', type: 'work' }] } },
		additionalBody: { type: 'customer', gender: 'female', emails: [{ email: 'ada@example.com', type: 'work' }] },
		updateFields: { title: 'Countess' },
		updateBody: { title: 'Countess' },
		check: (r) => r.title,
		checkValue: 'Countess',
	},
	{
		resource: 'lead',
		path: '/crm/leads',
		required: { name: 'Grace Hopper', companyName: 'Navy' },
		requiredBody: { name: 'Grace Hopper', company_name: 'Navy' },
		additionalFields: { monetaryAmount: 5000, currency: 'USD', leadSource: 'Website' },
		additionalBody: { monetary_amount: 5000, currency: 'USD', lead_source: 'Website' },
		updateFields: { status: 'Qualified' },
		updateBody: { status: 'Qualified' },
		check: (r) => r.status,
		checkValue: 'Qualified',
	},
	{
		resource: 'opportunity',
		path: '/crm/opportunities',
		required: { title: 'Big deal', primaryContactId: byId('c-1') },
		requiredBody: { title: 'Big deal', primary_contact_id: 'c-1' },
		additionalFields: { monetaryAmount: 75000, winProbability: 40, closeDate: '2026-12-31T00:00:00' },
		additionalBody: { monetary_amount: 75000, win_probability: 40, close_date: '2026-12-31' },
		updateFields: { winProbability: 80 },
		updateBody: { win_probability: 80 },
		check: (r) => r.win_probability,
		checkValue: 80,
	},
	{
		resource: 'activity',
		path: '/crm/activities',
		required: { type: 'meeting' },
		requiredBody: { type: 'meeting' },
		additionalFields: { title: 'Kick-off', allDayEvent: false, startDatetime: '2026-01-05T09:00:00.000Z', showAs: 'busy' },
		additionalBody: { title: 'Kick-off', all_day_event: false, start_datetime: '2026-01-05T09:00:00.000Z', show_as: 'busy' },
		updateFields: { done: true },
		updateBody: { done: true },
		check: (r) => r.done,
		checkValue: true,
	},
	{
		resource: 'note',
		path: '/crm/notes',
		required: {},
		requiredBody: {},
		additionalFields: { title: 'Call notes', content: 'Wants a demo', active: true },
		additionalBody: { title: 'Call notes', content: 'Wants a demo', active: true },
		updateFields: { content: 'Demo booked' },
		updateBody: { content: 'Demo booked' },
		check: (r) => r.content,
		checkValue: 'Demo booked',
	},
	{
		resource: 'pipeline',
		path: '/crm/pipelines',
		required: { name: 'Enterprise' },
		requiredBody: { name: 'Enterprise' },
		additionalFields: { currency: 'GBP', stages: { values: [{ name: 'Qualified', value: 'QUALIFIED', winProbability: 20, displayOrder: 1 }] } },
		additionalBody: { currency: 'GBP', stages: [{ name: 'Qualified', value: 'QUALIFIED', win_probability: 20, display_order: 1 }] },
		updateFields: { displayOrder: 3 },
		updateBody: { display_order: 3 },
		check: (r) => r.display_order,
		checkValue: 3,
	},
	{
		resource: 'user',
		path: '/crm/users',
		required: { emails: { values: [{ email: 'new.user@example.com', type: 'work' }] } },
		requiredBody: { emails: [{ email: 'new.user@example.com', type: 'work' }] },
		additionalFields: { firstName: 'New', lastName: 'User', department: 'Sales' },
		additionalBody: { first_name: 'New', last_name: 'User', department: 'Sales' },
		updateFields: { department: 'Marketing' },
		updateBody: { department: 'Marketing' },
		check: (r) => r.department,
		checkValue: 'Marketing',
	},
];

describe.each(cases.map((c) => [c.resource, c] as const))('%s', (_name, c) => {
	let createdId = '';

	test('Create sends the required and additional fields, and returns the new id', async () => {
		const { items, error } = await run(ctx, { resource: c.resource, operation: 'create', ...required(c), [own(c.resource, 'fields')]: c.additionalFields } as INodeParameters);
		expect(error).toBeUndefined();
		const [request] = crmRequests(ctx);
		expect(request.method).toBe('POST');
		expect(request.path).toBe(c.path);
		expect(request.body).toEqual({ ...c.requiredBody, ...c.additionalBody });
		expect(request.headers['x-apideck-consumer-id']).toBe(DEMO.consumerId);
		expect(items).toHaveLength(1);
		expect(typeof items[0].id).toBe('string');
		createdId = items[0].id as string;
	});

	test('Get returns the record (Simplify off: every field written comes back)', async () => {
		const { items, error } = await run(ctx, { resource: c.resource, operation: 'get', [own(c.resource, 'id')]: byId(createdId), simplify: false });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${c.path}/${createdId}`]);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id: createdId, ...c.requiredBody, ...c.additionalBody });
	});

	test('Update with the required fields under Update Fields sends one PATCH with those and the update fields', async () => {
		const { items, error } = await run(ctx, {
			resource: c.resource,
			operation: 'update',
			[own(c.resource, 'id')]: byId(createdId),
			[own(c.resource, 'fields')]: { ...c.required, ...c.updateFields },
		} as INodeParameters);
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${c.path}/${createdId}`]);
		expect(requests[0].body).toEqual({ ...c.requiredBody, ...c.updateBody });
		expect(items).toEqual([{ id: createdId }]);
		const record = ctx.sandbox.records(DEMO.consumerId, c.path.split('/')[2] as any).find((r: any) => r.id === createdId);
		expect(c.check(record)).toEqual(c.checkValue);
	});

	test('Update without the required fields keeps their current values: one GET, then the PATCH', async () => {
		const { items, error } = await run(ctx, {
			resource: c.resource,
			operation: 'update',
			[own(c.resource, 'id')]: byId(createdId),
			[own(c.resource, 'fields')]: c.updateFields,
		} as INodeParameters);
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		const needsRead = Object.keys(c.required).length > 0;
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([...(needsRead ? [`GET ${c.path}/${createdId}`] : []), `PATCH ${c.path}/${createdId}`]);
		// the required fields went out with the values the record has (those Create wrote)
		expect(requests[requests.length - 1].body).toEqual({ ...c.requiredBody, ...c.updateBody });
		expect(items).toEqual([{ id: createdId }]);
	});

	test('Update on node version 1.1 reads Update Fields under its own name; Additional Fields left in the node are not sent', async () => {
		const { items, error } = await run(
			ctx,
			{
				resource: c.resource,
				operation: 'update',
				[own(c.resource, 'id')]: byId(createdId),
				[own(c.resource, 'fields')]: c.additionalFields,
				[own(c.resource, 'updateFields')]: { ...c.required, ...c.updateFields },
			} as INodeParameters,
			{ typeVersion: 1.1 },
		);
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${c.path}/${createdId}`]);
		expect(requests[0].body).toEqual({ ...c.requiredBody, ...c.updateBody });
		expect(items).toEqual([{ id: createdId }]);
	});

	test('Get Many returns records, one item each, up to the limit', async () => {
		const { items, error } = await run(ctx, { resource: c.resource, operation: 'getAll', returnAll: false, limit: 2 });
		expect(error).toBeUndefined();
		const [request] = crmRequests(ctx);
		expect(`${request.method} ${request.path}`).toBe(`GET ${c.path}`);
		expect(request.query.limit).toBe('2');
		expect(items.length).toBeGreaterThan(0);
		expect(items.length).toBeLessThanOrEqual(2);
		for (const item of items) expect(typeof item.id).toBe('string');
	});

	test('Delete removes the record and returns { id, deleted: true }', async () => {
		const { items, error } = await run(ctx, { resource: c.resource, operation: 'delete', [own(c.resource, 'id')]: byId(createdId) });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx).map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${c.path}/${createdId}`]);
		expect(items).toEqual([{ id: createdId, deleted: true }]);
		const left = ctx.sandbox.records(DEMO.consumerId, c.path.split('/')[2] as any).filter((r: any) => r.id === createdId);
		expect(left).toHaveLength(0);
	});
});
