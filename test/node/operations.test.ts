/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Get, Get Many, Create, Update and Delete of each of the 8 resources of the 10.3.6 reference run through
// n8n-core's engine against the sandbox; each test checks what the sandbox received and what the
// node returned. Update runs on node version 1 (Update Fields named like Additional Fields) and 1.1 (its
// own name, see node-versions.test.ts).
//
// And what a user sees of Get Many's Filters and Sort, of Options → Pass-Through Query Parameters and of
// the operation menu: a blank filter, an empty Sort By or Direction sends nothing for it; a number filter
// that is not a number, a date filter that is not a date, an unknown Sort By or Direction and a
// pass-through parameter without a key fail before any request, naming the field and saying how to fix
// it; Company and Contact offer Create or Update.
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { company } from '../../nodes/shared/resources/company';
import { contact } from '../../nodes/shared/resources/contact';
import { opportunity } from '../../nodes/shared/resources/opportunity';
import type { ResourceDefinition } from '../../nodes/shared/definitions/resource';
import { prepareRequest } from '../../nodes/ApideckCrm/executor/prepare';
import { byId, crmRequests, DEMO, nodeType, run, useSandbox } from '../helpers/node';

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

// ---- Get Many's Filters and Sort, Pass-Through Query Parameters, and the operation menu ---------------
//
// Most of these run workflows through n8n-core's engine against the sandbox. A pass-through key or a
// filter value that is undefined or null (an expression that gives nothing) is given to the preSend
// steps of the node's own routing directly, with a context that only hands out the parameters.

const PASS_THROUGH_FIX = 'Enter the name of the parameter the CRM expects, or remove the entry.';

/** The error of a run that must fail on bad input: no items, no HTTP status, no request sent. */
async function inputErrorOf(parameters: INode['parameters']) {
	const { error, items } = await run(ctx, parameters);
	expect(items).toEqual([]);
	expect(error).toBeDefined();
	expect(error.httpCode ?? 'none').toBe('none');
	expect(crmRequests(ctx)).toHaveLength(0);
	return error;
}

/** The query string of the one request a successful run sent, and the items the run returned. */
async function sent(parameters: INode['parameters']) {
	const { error, items } = await run(ctx, parameters);
	expect(error).toBeUndefined();
	const requests = crmRequests(ctx);
	expect(requests).toHaveLength(1);
	return { query: requests[0].query as IDataObject, items };
}

/** The query string of the one request a successful run sent. */
const querySent = async (parameters: INode['parameters']) => (await sent(parameters)).query;

/**
 * A resource's operation selector in the node's description. (Read from the description the node built
 * when it loaded, not rebuilt here: code that only runs while the module loads stays out of Stryker's
 * per-test coverage, see CONTRIBUTING.md.)
 */
const operationSelector = (def: ResourceDefinition) =>
	nodeType.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(def.value))!;

/** The preSend steps n8n runs for one operation of a resource, from the node's routing. */
function preSendOf(def: ResourceDefinition, operation: string) {
	const selector = operationSelector(def);
	const option = (selector.options as INodePropertyOptions[]).find((o) => o.value === operation);
	return option!.routing!.send!.preSend! as Array<(this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>>;
}

/** Runs an operation's preSend steps with the given parameters, as n8n and the executor would for the first item. */
async function requestBuilt(def: ResourceDefinition, operation: string, parameters: IDataObject): Promise<IHttpRequestOptions> {
	const node = { id: 'n1', name: 'Apideck CRM', type: 'apideckCrm', typeVersion: 1, position: [0, 0], parameters } as INode;
	const context = {
		getNode: () => node,
		getItemIndex: () => 0,
		getTimezone: () => 'UTC',
		continueOnFail: () => false,
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IExecuteSingleFunctions;
	let request: IHttpRequestOptions = { url: def.path, method: 'GET' };
	for (const step of preSendOf(def, operation)) request = await step.call(context, request);
	// the node's steps run when the executor admits the item (prepare.ts)
	request = await prepareRequest(context, request);
	return request;
}

describe('Get Many: a blank filter sends nothing for it', () => {
	test('a filter left empty or only spaces: no filter[...] in the request, the records come back', async () => {
		for (const name of ['', '   ']) {
			ctx.sandbox.resetRequests();
			const { query, items } = await sent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companyFilters: { name } });
			expect(query.filter).toBeUndefined();
			expect(items).toHaveLength(3);
		}
	});

	test('a filter whose expression gives null or nothing: no filter[...] in the request', async () => {
		for (const name of [null, undefined]) {
			const request = await requestBuilt(company, 'getAll', { returnAll: false, limit: 3, companyFilters: { name } });
			// (the page size is the executor's: preSend builds only the filters and sort)
			expect(request.qs).toEqual({});
		}
	});
});

describe('Get Many: a number filter', () => {
	test('a number typed as text is sent as that number', async () => {
		const query = await querySent({ resource: 'opportunity', operation: 'getAll', returnAll: true, opportunityFilters: { monetaryAmount: '={{ " 5e3 " }}' } });
		expect(query.filter).toEqual({ monetary_amount: '5000' });
	});

	test('a number is sent as it is', async () => {
		const request = await requestBuilt(opportunity, 'getAll', { returnAll: true, opportunityFilters: { winProbability: 40 } });
		expect(request.qs).toEqual({ 'filter[win_probability]': 40 });
	});

	test('text that is not a number: the error names the filter and asks for a number, nothing is sent', async () => {
		const error = await inputErrorOf({ resource: 'opportunity', operation: 'getAll', returnAll: true, opportunityFilters: { monetaryAmount: '={{ "lots" }}' } });
		expect(error.message).toBe('Filters → Monetary Amount: is not a number');
		expect(error.description).toBe('Enter a number.');
	});
});

describe('Get Many: a date filter', () => {
	test('a date and time is sent in UTC', async () => {
		const query = await querySent({ resource: 'activity', operation: 'getAll', returnAll: true, activityFilters: { updatedSince: '2020-01-02T03:04:05+02:00' } });
		expect(query.filter).toEqual({ updated_since: '2020-01-02T01:04:05.000Z' });
	});

	test('text that is not a date: the error quotes it and asks for an ISO 8601 date, nothing is sent', async () => {
		const error = await inputErrorOf({ resource: 'activity', operation: 'getAll', returnAll: true, activityFilters: { updatedSince: '={{ "next tuesday" }}' } });
		expect(error.message).toBe('Filters → Updated Since: "next tuesday" is not a date');
		expect(error.description).toBe('Use an ISO 8601 date and time.');
	});
});

describe('Get Many: Sort', () => {
	test('only a direction: sort[direction] is sent, no sort[by]', async () => {
		const query = await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { direction: 'desc' } });
		expect(query.sort).toEqual({ direction: 'desc' });
	});

	test('an empty Sort By from an expression: only the direction is sent', async () => {
		const query = await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { by: '={{ "" }}', direction: 'asc' } });
		expect(query.sort).toEqual({ direction: 'asc' });
	});

	test('only a field, or an empty direction: sort[by] is sent, no sort[direction]', async () => {
		expect((await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { by: 'name' } })).sort).toEqual({ by: 'name' });
		ctx.sandbox.resetRequests();
		expect((await querySent({ resource: 'company', operation: 'getAll', returnAll: false, limit: 3, companySort: { by: 'name', direction: '={{ "" }}' } })).sort).toEqual({ by: 'name' });
	});

	test('an unknown Sort By: the error lists the fields the resource sorts by', async () => {
		const error = await inputErrorOf({ resource: 'company', operation: 'getAll', returnAll: true, companySort: { by: '={{ "shoe_size" }}' } });
		expect(error.message).toBe('Sort → Sort By: unknown value "shoe_size"');
		expect(error.description).toBe('Use one of: created_at, updated_at, name.');
	});

	test('an unknown direction: the error quotes it and names asc and desc, nothing is sent', async () => {
		const error = await inputErrorOf({ resource: 'company', operation: 'getAll', returnAll: true, companySort: { by: 'name', direction: '={{ "sideways" }}' } });
		expect(error.message).toBe('Sort → Direction: unknown value "sideways"');
		expect(error.description).toBe('Use asc or desc.');
	});
});

describe('Options → Pass-Through Query Parameters', () => {
	test('a key with spaces around it is sent trimmed', async () => {
		const query = await querySent({
			resource: 'company',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			options: { passThrough: { values: [{ key: '  search ', value: 'acme' }] } },
		});
		expect(query.pass_through).toEqual({ search: 'acme' });
	});

	test('an empty or blank key: the error names the entry by its number, nothing is sent', async () => {
		for (const key of ['', '   ']) {
			ctx.sandbox.resetRequests();
			const error = await inputErrorOf({
				resource: 'company',
				operation: 'getAll',
				returnAll: true,
				options: { passThrough: { values: [{ key: 'search', value: 'acme' }, { key, value: 'x' }] } },
			});
			expect(error.message).toBe('Options → Pass-Through Query Parameters #2 → Key: is empty');
			expect(error.description).toBe(PASS_THROUGH_FIX);
		}
	});

	test('an entry without any key (an expression gave nothing): the same error', async () => {
		for (const key of [undefined, null]) {
			await expect(requestBuilt(company, 'get', { companyId: { __rl: true, mode: 'id', value: 'co_1' }, options: { passThrough: { values: [{ key, value: 'x' }] } } })).rejects.toMatchObject({
				message: 'Options → Pass-Through Query Parameters #1 → Key: is empty',
				description: PASS_THROUGH_FIX,
			});
		}
	});
});

describe('Create or Update is offered for the resources that have it', () => {
	test('Company and Contact list Create or Update among their operations', () => {
		for (const def of [company, contact]) {
			const options = operationSelector(def).options as INodePropertyOptions[];
			expect(options.map((o) => o.value)).toEqual(['create', 'upsert', 'delete', 'get', 'getAll', 'update']);
			expect(options.map((o) => o.name)).toEqual(['Create', 'Create or Update', 'Delete', 'Get', 'Get Many', 'Update']);
			const matchBy = nodeType.description.properties.find((p: INodeProperties) => p.name === `${def.value}MatchBy`);
			expect(matchBy?.displayOptions).toEqual({ show: { resource: [def.value], operation: ['upsert'] } });
		}
	});
});
