/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Bad input fails before any request, naming the field; API errors become NodeApiErrors carrying
// Apideck's type, message and detail; continue-on-fail keeps the other items going.
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

async function expectInputError(parameters: Record<string, unknown>, field: RegExp) {
	const { error, items } = await run(ctx, parameters as any);
	expect(items).toEqual([]);
	expect(error).toBeDefined();
	// the engine wraps a node's own errors in NodeApiError; no HTTP status means no request answered it
	expect(error.httpCode ?? 'none').toBe('none');
	expect(error.message).toMatch(field);
	expect(error.description).toBeTruthy();
	expect(crmRequests(ctx)).toHaveLength(0);
	return error;
}

describe('bad input: a clear error naming the field, and no request', () => {
	test('an empty or whitespace ID', async () => {
		await expectInputError({ resource: 'company', operation: 'get', companyId: byId('   ') }, /^Company ID: is empty/);
		await expectInputError({ resource: 'lead', operation: 'delete', leadId: byId('={{ "" }}') }, /^Lead ID: is empty/);
	});

	test('a limit outside 1..200', async () => {
		await expectInputError({ resource: 'company', operation: 'getAll', returnAll: false, limit: '={{ 500 }}' }, /^Limit: 500 is out of range/);
		await expectInputError({ resource: 'company', operation: 'getAll', returnAll: false, limit: 0 }, /^Limit: 0 is out of range/);
	});

	test('an enum value outside the documented list, from an expression', async () => {
		const error = await expectInputError(
			{ resource: 'contact', operation: 'create', contactName: 'X', contactFields: { gender: '={{ "robot" }}' } },
			/^Additional Fields → Gender: unknown value "robot"/,
		);
		expect(error.description).toMatch(/male, female, unisex/);
		await expectInputError(
			{ resource: 'activity', operation: 'create', activityType: '={{ "party" }}' },
			/^Type: unknown value "party"/,
		);
		await expectInputError(
			{ resource: 'company', operation: 'getAll', returnAll: true, companySort: { by: '={{ "shoe_size" }}' } },
			/^Sort → Sort By: unknown value "shoe_size"/,
		);
	});

	test('invalid JSON in a JSON-valued input', async () => {
		await expectInputError(
			{ resource: 'company', operation: 'create', companyName: 'X', companyFields: { customFields: { values: [{ id: 'cf_1', valueType: 'json', jsonValue: '{not json' }] } } },
			/^Additional Fields → Custom Fields #1 → Value \(JSON\): invalid JSON/,
		);
	});

	test('a custom field without an ID', async () => {
		await expectInputError(
			{ resource: 'lead', operation: 'create', leadName: 'X', leadCompanyName: 'Y', leadFields: { customFields: { values: [{ id: ' ', valueType: 'string', stringValue: 'v' }] } } },
			/^Additional Fields → Custom Fields #1 → Field: is required/,
		);
	});

	test('an Update with no fields', async () => {
		await expectInputError({ resource: 'note', operation: 'update', noteId: byId('n1'), noteFields: {} }, /^Update Fields: nothing to send/);
	});

	test('a missing required field on Create', async () => {
		await expectInputError({ resource: 'company', operation: 'create', companyName: '  ' }, /^Name: is required/);
		await expectInputError({ resource: 'user', operation: 'create', userEmails: {} }, /^Emails: is required/);
		await expectInputError(
			{ resource: 'contact', operation: 'create', contactName: 'X', contactFields: { emails: { values: [{ email: '', type: 'work' }] } } },
			/^Additional Fields → Emails #1 → Email: is required/,
		);
	});

	test('a date that is not a date', async () => {
		await expectInputError(
			{ resource: 'opportunity', operation: 'create', opportunityTitle: 'T', opportunityPrimaryContactId: byId('c1'), opportunityFields: { closeDate: 'next tuesday' } },
			/^Additional Fields → Close Date: "next tuesday" is not a date/,
		);
	});
});

describe('API errors', () => {
	test('404 becomes a NodeApiError with Apideck\'s type, message and status', async () => {
		const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('does-not-exist') });
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/^EntityNotFoundError: /);
		expect(error.context.apideck).toMatchObject({ status: 404, type_name: 'EntityNotFoundError' });
		expect(crmRequests(ctx)).toHaveLength(1); // no retry on a 404
	});

	test('a wrong API key gives UnauthorizedError and the key appears nowhere', async () => {
		const badKey = 'sk_live_this-key-is-wrong-12345';
		const { error } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 1 }, { credentials: { ...ctx.credentials, apiKey: badKey } });
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toMatch(/Unauthorized/);
		expect(error.description).toMatch(/credentials/);
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause })).not.toContain(badKey);
	});

	test('with continue-on-fail the bad item yields an error item and the others succeed', async () => {
		const existing = ctx.sandbox.records(DEMO.consumerId, 'companies').slice(0, 2).map((r: any) => r.id);
		const { items, raw, error } = await run(
			ctx,
			{ resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}') },
			{ items: [{ id: existing[0] }, { id: '' }, { id: 'missing-id' }, { id: existing[1] }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(raw).toHaveLength(4);
		expect(items[0].id).toBe(existing[0]);
		// bad input: an error item too, paired with its input, and no Error object on it
		expect(items[1]).toEqual({ error: 'Company ID: is empty', details: { description: expect.stringMatching(/Pick a company/) } });
		expect(raw.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(raw[1].error).toBeUndefined();
		// an API error: an item with the message and Apideck's details (error-items.test.ts)
		expect(items[2]).toMatchObject({ error: expect.stringMatching(/EntityNotFoundError/), details: { httpCode: '404' } });
		expect(items[3].id).toBe(existing[1]);
		// the empty ID sent nothing; the three others were sent
		expect(crmRequests(ctx)).toHaveLength(3);
	});
});

describe('API errors, as n8n stores them', () => {
	const getCompany = { resource: 'company', operation: 'get', companyId: byId('co_000001'), requestOptions: { maxAttempts: 1 } };
	const answer = (status: number, body: unknown) =>
		ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'respond', status, body } : undefined));

	test('Apideck\'s detail null: the description is the hint alone, without a "null"', async () => {
		answer(404, { status_code: 404, error: 'Not Found', type_name: 'EntityNotFoundError', message: 'Unknown company', detail: null });
		const { error } = await run(ctx, getCompany as any);
		expect(error.message).toBe('EntityNotFoundError: Unknown company');
		expect(error.description).toBe('Check the ID, and that the record belongs to the selected consumer and service.');
		expect(error.context.apideck.detail).toBeNull();
	});

	test('the error serialises with its own fields only (the marks that keep its HTTP status are hidden)', async () => {
		const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('does-not-exist') });
		expect(error.httpCode).toBe('404');
		expect(Object.keys(error)).not.toEqual(expect.arrayContaining(['isAxiosError']));
		expect(Object.keys(error)).not.toEqual(expect.arrayContaining(['response']));
		const stored = JSON.parse(JSON.stringify(error));
		expect(stored.isAxiosError).toBeUndefined();
		expect(stored.response).toBeUndefined();
		expect(stored.httpCode).toBe('404');
	});

	test('an API key of four characters that Apideck echoes is redacted too', async () => {
		const key = 'k3y9';
		answer(401, { status_code: 401, error: 'Unauthorized', type_name: 'UnauthorizedError', message: `Invalid API key ${key}`, detail: `Bearer ${key} was refused; key ${key}` });
		const { error } = await run(ctx, getCompany as any, { credentials: { ...ctx.credentials, apiKey: key } });
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('UnauthorizedError: Invalid API key [redacted]');
		expect(JSON.stringify({ message: error.message, description: error.description, context: error.context })).not.toContain(key);
	});
});
