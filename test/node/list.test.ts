/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Get Many: cursor pagination, limits, filters, sort, options and the Service picker, as seen by
// the sandbox (query string, headers) and by the user (items). A Get Many that reaches its Limit stops
// even if the next cursor repeats one; one that pages in a circle says after how many pages it stopped.
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

test('Return All follows the cursors with limit=200 and returns every record exactly once, in order', async () => {
	const consumerId = 'pager-consumer';
	ctx.sandbox.seedRecords(consumerId, 'companies', 450);
	const expected = ctx.sandbox.records(consumerId, 'companies').map((r: any) => r.id);
	expect(expected).toHaveLength(450);

	const { items, error } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: true }, { credentials: { ...ctx.credentials, consumerId } });

	expect(error).toBeUndefined();
	expect(items.map((i) => i.id)).toEqual(expected);
	const requests = crmRequests(ctx);
	expect(requests).toHaveLength(3); // ceil(450 / 200)
	expect(requests.map((r) => r.query.limit)).toEqual(['200', '200', '200']);
	expect(requests[0].query.cursor).toBeUndefined();
	expect(requests[1].query.cursor).toBeTruthy();
	expect(requests[2].query.cursor).not.toBe(requests[1].query.cursor);
});

test('Limit asks for exactly that many and returns that many', async () => {
	const { items } = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: false, limit: 7 });
	expect(items).toHaveLength(7);
	const requests = crmRequests(ctx);
	expect(requests).toHaveLength(1);
	expect(requests[0].query.limit).toBe('7');
});

test('Filters and Sort are sent as filter[...] and sort[...] and narrow the result', async () => {
	const all = ctx.sandbox.records(DEMO.consumerId, 'contacts');
	const target = all.find((r: any) => r.emails?.[0]?.email) as any;
	const email = target.emails[0].email;

	const { items } = await run(ctx, {
		resource: 'contact',
		operation: 'getAll',
		returnAll: true,
		contactFilters: { email, companyId: byId(target.company_id ?? '') },
		contactSort: { by: 'name', direction: 'desc' },
		// the whole record: the filter matches any of a contact's emails, Simplify shows the primary one
		simplify: false,
	});

	const [request] = crmRequests(ctx);
	expect(request.query.filter).toMatchObject({ email });
	expect(request.query.sort).toEqual({ by: 'name', direction: 'desc' });
	expect(items.length).toBeGreaterThan(0);
	for (const item of items) expect((item.emails as any[]).some((e) => e.email === email)).toBe(true);
});

test('Sort orders the records both ways', async () => {
	const asc = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 200, companySort: { by: 'name', direction: 'asc' } });
	const desc = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 200, companySort: { by: 'name', direction: 'desc' } });
	const names = asc.items.map((i) => String(i.name));
	expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	expect(desc.items.map((i) => String(i.name))).toEqual([...names].reverse());
});

test('Options: fields, raw and pass-through parameters reach the API', async () => {
	const { items } = await run(ctx, {
		resource: 'company',
		operation: 'getAll',
		returnAll: false,
		limit: 3,
		options: { fields: 'id, name', raw: true, passThrough: { values: [{ key: 'search', value: 'acme' }] } },
	});
	const [request] = crmRequests(ctx);
	expect(request.query.fields).toBe('id,name');
	expect(request.query.raw).toBe('true');
	expect(request.query.pass_through).toEqual({ search: 'acme' });
	for (const item of items) expect(Object.keys(item).filter((k) => k !== '_raw').sort()).toEqual(['id', 'name']);
});

test('Include Full Response returns the envelope of each page', async () => {
	const { items } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 5, options: { fullResponse: true } });
	expect(items).toHaveLength(1);
	expect(items[0]).toMatchObject({ status_code: 200, resource: expect.any(String), meta: { items_on_page: 5 } });
	expect(items[0].data).toHaveLength(5);
});

test('Service sends x-apideck-service-id and reads that connection; empty sends none', async () => {
	const hub = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: true });
	const pipedrive = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: true, service: byId('pipedrive') });
	const [first, second] = crmRequests(ctx);
	expect(first.headers['x-apideck-service-id']).toBeUndefined();
	expect(second.headers['x-apideck-service-id']).toBe('pipedrive');
	const pipedriveIds = new Set(pipedrive.items.map((i) => i.id));
	expect(hub.items.some((i) => pipedriveIds.has(i.id))).toBe(false);
});

test('the credentials authenticate every request with the three Apideck headers', async () => {
	await run(ctx, { resource: 'user', operation: 'getAll', returnAll: false, limit: 1 });
	const [request] = crmRequests(ctx);
	// the sandbox accepted the key (it records the header redacted)
	expect(request.status).toBe(200);
	expect(request.headers.authorization).toMatch(/^Bearer /);
	expect(request.headers['x-apideck-app-id']).toBe(DEMO.appId);
	expect(request.headers['x-apideck-consumer-id']).toBe(DEMO.consumerId);
});

describe('Get Many and a cursor Apideck had already returned', () => {
	const page = (id: string, next: string) => ({
		status_code: 200,
		status: 'OK',
		service: 'hubspot',
		resource: 'companies',
		operation: 'all',
		data: [{ id, name: `Company ${id}` }],
		meta: { items_on_page: 1, cursors: { previous: null, current: null, next } },
	});

	test('the Limit is reached on the page that repeats a cursor: the records, no error', async () => {
		// first page → A, page A → A again: the second page already fills the Limit of 2
		ctx.sandbox.intercept(({ method, query }) =>
			method === 'GET' ? { kind: 'respond', status: 200, body: query.cursor === 'A' ? page('co_2', 'A') : page('co_1', 'A') } : undefined,
		);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 2, simplify: false });
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ id: 'co_1', name: 'Company co_1' },
			{ id: 'co_2', name: 'Company co_2' },
		]);
		expect(crmRequests(ctx).map((r) => r.query.cursor ?? '')).toEqual(['', 'A']);
	});

	test('Return All paging in a circle: the error says after how many pages it stopped', async () => {
		// first page → A, A → B, B → A
		ctx.sandbox.intercept(({ method, query }) =>
			method === 'GET' ? { kind: 'respond', status: 200, body: page(`co_${String(query.cursor ?? '0')}`, query.cursor === 'A' ? 'B' : 'A') } : undefined,
		);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: true });
		expect(items).toEqual([]);
		expect(error?.message).toBe('Apideck returned a page cursor it had already returned');
		expect(error?.description).toBe(
			'The pages would repeat forever, so Get Many stopped after 3 pages; the records read so far are incomplete or repeated and were not output. Try again later, or narrow the request with Filters.',
		);
		expect(crmRequests(ctx).map((r) => r.query.cursor ?? '')).toEqual(['', 'A', 'B']);
	});
});
