/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What a user sees from the node's request executor: out-of-range Request Options and an unknown
// If Several Match fail before any request, naming the field and the values to use; an error item
// (On Error set to continue) never shows the API key; Fields left blank keeps Simplify; Get Many
// that reaches its Limit stops even if the next cursor repeats, and one that pages in a circle says
// after how many pages it stopped; Return Full Record reads back without raw data unless asked.
// Written against mutants StrykerJS found surviving (or not covered) in shared/execute.ts (see
// CONTRIBUTING.md, "Mutation testing").
import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const freshCompany = (): IDataObject => ctx.sandbox.seedRecords(DEMO.consumerId, 'companies', 1)[0] as IDataObject;

/** A run that fails on bad input: the error, and that no request reached the API. */
async function inputErrorOf(parameters: IDataObject, opts: { items?: IDataObject[] } = {}) {
	const { error, items } = await run(ctx, parameters as any, opts);
	expect(items).toEqual([]);
	expect(error).toBeDefined();
	expect(crmRequests(ctx)).toHaveLength(0);
	return error;
}

describe('Request Options out of range: an error naming the option and its range, and no request', () => {
	const getCompany = { resource: 'company', operation: 'get', companyId: byId('co_000001') };

	test('Max Attempts of 0', async () => {
		const error = await inputErrorOf({ ...getCompany, requestOptions: { maxAttempts: 0 } });
		expect(error.message).toBe('Request Options → Max Attempts: 0 is out of range');
		expect(error.description).toBe('Use a whole number from 1 to 20.');
	});

	test('Max Attempts of 21, from an expression', async () => {
		const error = await inputErrorOf({ ...getCompany, requestOptions: { maxAttempts: '={{ 21 }}' } });
		expect(error.message).toBe('Request Options → Max Attempts: 21 is out of range');
		expect(error.description).toBe('Use a whole number from 1 to 20.');
	});

	test('Max Concurrent Requests of 51', async () => {
		const error = await inputErrorOf({ ...getCompany, requestOptions: { maxConcurrency: 51 } });
		expect(error.message).toBe('Request Options → Max Concurrent Requests: 51 is out of range');
		expect(error.description).toBe('Use a whole number from 1 to 50.');
	});

	test('Max Rate-Limit Wait of 3601 seconds', async () => {
		const error = await inputErrorOf({ ...getCompany, requestOptions: { maxRateLimitWait: 3601 } });
		expect(error.message).toBe('Request Options → Max Rate-Limit Wait (Seconds): 3601 is out of range');
		expect(error.description).toBe('Use a number of seconds from 0 to 3600.');
	});

	test('the largest values allowed are accepted', async () => {
		const { error, items } = await run(ctx, { ...getCompany, companyId: byId(String(freshCompany().id)), requestOptions: { maxAttempts: 20, maxConcurrency: 50, maxRateLimitWait: 3600 } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});
});

describe('Create or Update with an unknown If Several Match', () => {
	const contactUpsert = (ifSeveralMatch: string) => ({
		resource: 'contact',
		operation: 'upsert',
		contactName: 'Ada',
		contactFields: { emails: { values: [{ email: 'ada@example.com', type: 'primary' }] } },
		options: { ifSeveralMatch },
	});

	test('fails before any request, naming the option and the values to use', async () => {
		const error = await inputErrorOf(contactUpsert('={{ "newest" }}'));
		expect(error.message).toBe('Options → If Several Match: unknown value "newest"');
		expect(error.description).toBe('Use one of: error, mostRecent.');
	});

	test('with On Error set to continue, the error item shows the value, but never the API key', async () => {
		const { raw, error } = await run(ctx, contactUpsert('={{ $json.choice }}') as any, { items: [{ choice: DEMO.apiKey }], continueOnFail: true });
		expect(error).toBeUndefined();
		expect(raw).toHaveLength(1);
		expect(raw[0].json).toEqual({
			error: 'Options → If Several Match: unknown value "[redacted]"',
			details: { description: 'Use one of: error, mostRecent.' },
		});
		expect(raw[0].pairedItem).toEqual({ item: 0 });
		expect(crmRequests(ctx)).toHaveLength(0);
	});
});

test('Get with Fields left blank (spaces) is still simplified', async () => {
	const company = freshCompany();
	const simplify = RESOURCES.find((r) => r.value === 'company')!.simplify!;
	const { items, error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId(String(company.id)), options: { fields: '   ' } });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	expect(Object.keys(items[0])).toEqual([...simplify]);
	expect(items[0].id).toBe(company.id);
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
