/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Hostile input and a misbehaving API: IDs that would leave their path, an API that echoes the key,
// retries after a write that worked, cursors that cycle, and dates without an offset. Request Options out
// of range and an unknown If Several Match fail before any request, naming the field and the values to
// use, and the error item they give (On Error set to continue) never shows the API key.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { parameterNames } from '../../nodes/shared/definitions/resource';
import { everyFieldParameters } from '../helpers/samples';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const KEY = 'sk_live_9f2c7e11d4a84b0fa7c3_distinctive';
const ctx = useSandbox({ apiKeys: { [DEMO.apiKey]: DEMO.appId, [KEY]: DEMO.appId } });
const creds = () => ({ ...ctx.credentials, apiKey: KEY });

/** Every string reachable from a value, non-enumerable properties (Error message, stack) included. */
function everything(value: unknown, seen = new Set<unknown>()): string {
	if (typeof value === 'string') return value;
	if (value === null || typeof value !== 'object' || seen.has(value)) return String(value ?? '');
	seen.add(value);
	return Object.getOwnPropertyNames(value)
		.map((k) => `${k}:${everything((value as Record<string, unknown>)[k], seen)}`)
		.join('|');
}

describe('an ID is always one path segment', () => {
	const operations = ['get', 'update', 'delete'] as const;
	// the 8 resources of the 10.3.6 reference (the current API's ones are covered in their own tests)
	for (const def of RESOURCES.filter((r) => !r.currentApi)) {
		for (const operation of operations) {
			test(`${def.singular} → ${operation}: "." and ".." are refused before any request`, async () => {
				for (const id of ['.', '..', ' .. ']) {
					const parameters = {
						...(operation === 'update' ? everyFieldParameters(def, 'update') : {}),
						resource: def.value,
						operation,
						[parameterNames(def).id]: byId(id),
					} as INodeParameters;
					const { error, items } = await run(ctx, parameters);
					expect(items).toEqual([]);
					expect(error?.message).toBe(`${def.singular} ID: "${id.trim()}" is not an ID`);
					expect(error?.description).toMatch(/another endpoint/);
				}
				expect(crmRequests(ctx)).toEqual([]);
			});
		}
	}

	test('an ID with "/", a space, "?", "#" or "%2e" stays in its one segment', async () => {
		const ids = ['a/b', 'a b', 'a?b=1', 'a#b', '%2e', '../companies'];
		for (const id of ids) {
			const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId(id) });
			expect(error?.httpCode).toBe('404');
		}
		expect(crmRequests(ctx).map((r) => `${r.method} ${r.path}`)).toEqual(ids.map((id) => `GET /crm/companies/${encodeURIComponent(id)}`));
	});
});

describe('the API key never reaches an item, an error or the stored run, even when Apideck echoes it', () => {
	const echo = (status: number, make: (key: string) => { body?: IDataObject; text?: string; headers?: Record<string, string> }) =>
		ctx.sandbox.intercept(({ apiKey, path }) => (path.startsWith('/crm/') ? { kind: 'respond', status, ...make(apiKey) } : undefined));
	const apideckError = (status: number, type: string, key: string): IDataObject => ({
		status_code: status,
		error: 'Error',
		type_name: type,
		message: `Invalid API key ${key}`,
		detail: { headers: { authorization: `Bearer ${key}`, 'x-apideck-app-id': DEMO.appId }, note: `key=${key}` },
		ref: `https://developers.apideck.com/errors#${key}`,
	});
	const cases: Array<[string, () => void, INodeParameters]> = [
		['400', () => echo(400, (k) => ({ body: apideckError(400, 'RequestValidationError', k) })), { resource: 'company', operation: 'get', companyId: byId('co_1') }],
		['422', () => echo(422, (k) => ({ body: apideckError(422, 'UnprocessableEntityError', k) })), { resource: 'contact', operation: 'update', contactId: byId('ct_1'), contactFields: { name: 'X' } }],
		['HTML 500', () => echo(500, (k) => ({ text: `<html><body><h1>500</h1><p>upstream said Authorization: Bearer ${k}</p></body></html>` })), { resource: 'lead', operation: 'getAll', returnAll: true }],
		['exhausted 429', () => echo(429, (k) => ({ body: apideckError(429, 'RateLimitError', k), headers: { 'retry-after': '0' } })), { resource: 'note', operation: 'get', noteId: byId('nt_1'), requestOptions: { maxRateLimitWait: 0 } }],
		['create 500', () => echo(500, (k) => ({ body: apideckError(500, 'ConnectorExecutionError', k) })), { resource: 'company', operation: 'create', companyName: 'Leaky' }],
	];
	for (const [name, arrange, parameters] of cases) {
		for (const continueOnFail of [false, true]) {
			test(`${name}, Continue On Fail ${continueOnFail ? 'on' : 'off'}`, async () => {
				arrange();
				const result = await run(ctx, parameters, { credentials: creds(), continueOnFail });
				// with Continue On Fail the error is the item (error-items.test.ts)
				const error = continueOnFail ? result.items[0] : result.error;
				expect(continueOnFail ? error?.error : error).toBeDefined();
				expect(everything(error)).not.toContain(KEY);
				expect(everything(result.run)).not.toContain(KEY);
				expect(JSON.stringify(result.run)).not.toContain(KEY);
				expect(everything(result.raw)).not.toContain(KEY);
				// what the key was replaced with is still readable
				expect(everything(error)).toMatch(/\[redacted\]/);
			});
		}
	}
});

describe('retries tell the truth', () => {
	test('a Delete whose first attempt worked but lost its answer reports the record as deleted', async () => {
		const [company] = ctx.sandbox.records(DEMO.consumerId, 'companies');
		ctx.sandbox.intercept(({ method, seen }) => (method === 'DELETE' && seen === 0 ? { kind: 'reset', afterEffect: true } : undefined));
		const { items, error } = await run(ctx, { resource: 'company', operation: 'delete', companyId: byId(company.id) });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ id: company.id, deleted: true }]);
		expect(crmRequests(ctx).map((r) => [r.method, r.status, r.effectStatus])).toEqual([
			['DELETE', 0, 200],
			['DELETE', 404, undefined],
		]);
		expect(ctx.sandbox.records(DEMO.consumerId, 'companies').some((c: any) => c.id === company.id)).toBe(false);
	});

	test('a Delete of a record that never existed is still a 404 error', async () => {
		const { error } = await run(ctx, { resource: 'company', operation: 'delete', companyId: byId('no-such-company') });
		expect(error?.httpCode).toBe('404');
		expect(crmRequests(ctx)).toHaveLength(1);
	});

	test('a 404 after a 429 is not taken for an earlier success (a 429 means nothing happened)', async () => {
		ctx.sandbox.intercept(({ method, seen }) => (method === 'DELETE' && seen === 0 ? { kind: 'respond', status: 429, headers: { 'retry-after': '0' }, body: {} } : undefined));
		const { error } = await run(ctx, { resource: 'company', operation: 'delete', companyId: byId('no-such-company') });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toMatch(/\(after 2 attempts, 1 rate-limited\)$/);
	});

	test('Return All that meets a cursor it already followed stops with an error within 3 requests', async () => {
		const page = (next: string) => ({
			status_code: 200,
			status: 'OK',
			service: 'hubspot',
			resource: 'contacts',
			operation: 'all',
			data: [{ id: `ct_${next}` }],
			meta: { items_on_page: 1, cursors: { previous: null, current: null, next } },
		});
		ctx.sandbox.intercept(({ method, query }) => {
			if (method !== 'GET') return undefined;
			// A → B → A → B …
			return { kind: 'respond', status: 200, body: page(query.cursor === 'A' ? 'B' : 'A') };
		});
		const { error, items } = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(items).toEqual([]);
		expect(error?.message).toBe('Apideck returned a page cursor it had already returned');
		expect(error?.description).toMatch(/incomplete/);
		expect(crmRequests(ctx).map((r) => r.query.cursor ?? '')).toEqual(['', 'A', 'B']);
	});
});

describe('date-times without an offset are read in the workflow time zone', () => {
	const processTz = process.env.TZ;
	beforeAll(() => {
		process.env.TZ = 'Asia/Tokyo'; // the n8n process's zone, different from the workflow's
	});
	afterAll(() => {
		process.env.TZ = processTz;
	});

	test('an activity start in New York time is sent as that instant; a value with an offset is kept', async () => {
		const { error } = await run(
			ctx,
			{ resource: 'activity', operation: 'create', activityType: 'meeting', activityFields: { startDatetime: '2026-03-01T10:00:00', endDatetime: '2026-03-01T11:00:00+01:00' } },
			{ timezone: 'America/New_York' },
		);
		expect(error).toBeUndefined();
		expect(crmRequests(ctx)[0].body).toMatchObject({ start_datetime: '2026-03-01T15:00:00.000Z', end_datetime: '2026-03-01T10:00:00.000Z' });
	});

	test('the Updated Since filter too', async () => {
		await run(ctx, { resource: 'activity', operation: 'getAll', returnAll: false, limit: 1, activityFilters: { updatedSince: '2026-07-01T00:00:00' } }, { timezone: 'Europe/Berlin' });
		expect(crmRequests(ctx)[0].query.filter).toEqual({ updated_since: '2026-06-30T22:00:00.000Z' });
	});

	test('a date-only field keeps the date as written', async () => {
		await run(ctx, { resource: 'contact', operation: 'create', contactName: 'Born', contactFields: { birthday: '1990-05-17T23:30:00' } }, { timezone: 'Pacific/Auckland' });
		expect(crmRequests(ctx)[0].body).toMatchObject({ birthday: '1990-05-17' });
	});

	test('a JavaScript Date from an expression is a date-time too (it comes from the expression engine\'s own realm)', async () => {
		const { error } = await run(
			ctx,
			{ resource: 'activity', operation: 'create', activityType: 'meeting', activityFields: { startDatetime: "={{ new Date('2026-03-01T15:00:00Z') }}" } },
			{ timezone: 'America/New_York' },
		);
		expect(error).toBeUndefined();
		expect(crmRequests(ctx)[0].body).toMatchObject({ start_datetime: '2026-03-01T15:00:00.000Z' });
	});

	test.each([
		['a date-time in the workflow zone', '1990-05-17T20:30:00'],
		['a date-time with its offset', '1990-05-17T20:30:00-07:00'],
		['a JavaScript Date from an expression', "={{ new Date('1990-05-18T03:30:00Z') }}"],
		['a millisecond timestamp from an expression', "={{ Date.parse('1990-05-18T03:30:00Z') }}"],
	])('a date-only field in a zone behind UTC keeps the local date, not the next day in UTC: %s', async (_what, birthday) => {
		// 20:30 in Los Angeles on the 17th is the 18th in UTC and in the process's Tokyo
		const { error } = await run(ctx, { resource: 'contact', operation: 'create', contactName: 'Born', contactFields: { birthday } }, { timezone: 'America/Los_Angeles' });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx)[0].body).toMatchObject({ birthday: '1990-05-17' });
	});
});

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
