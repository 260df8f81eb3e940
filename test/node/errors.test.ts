/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Bad input fails before any request, naming the field; API errors become NodeApiErrors carrying
// Apideck's type, message and detail; continue-on-fail keeps the other items going. And errors the API
// answers oddly: an HTML error page becomes a readable message (its text, without tags, style sheets or
// scripts), an empty body says "Request failed", the description names Apideck's detail, the hint and
// the reference in that order, and a broken connection says what to check.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

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

// ---- errors the API answers oddly (an HTML page, an empty body) and a broken connection ------------

const getCompanyById = (id = 'co_000001') => ({ resource: 'company', operation: 'get', companyId: byId(id), requestOptions: { maxAttempts: 1 } });

/** The sandbox answers every CRM request with this HTML page (a proxy's or a firewall's error page). */
function htmlPage(status: number, text: string) {
	ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'respond', status, text } : undefined));
}

// A gateway's block page: a title with a run of spaces, a style sheet and scripts, and text split by tags.
const BLOCK_PAGE = [
	'<!DOCTYPE html>',
	'<html>',
	'<head>',
	'  <title>403   Forbidden</title>',
	'  <style type="text/css">body { color: red; margin: 0 }</style>',
	'  <script type="text/javascript">var blocked = true; track("x")</script>',
	'</head>',
	'<body><h1>Access denied</h1><p>Request blocked by the gateway.</p>Ray<script>x</script>ID 42</body>',
	'</html>',
].join('\n');
const BLOCK_TEXT = '403 Forbidden Access denied Request blocked by the gateway. Ray ID 42';

describe('an HTML error page becomes a readable message', () => {
	test('the page\'s text, without tags, style sheets or scripts, and "HTTP <status>" for the type', async () => {
		htmlPage(403, BLOCK_PAGE);
		const { error, items } = await run(ctx, getCompanyById());
		expect(items).toEqual([]);
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(`HTTP 403: ${BLOCK_TEXT}`);
		expect(error.context.apideck).toEqual({ status: 403, type_name: 'HTTP 403', message: BLOCK_TEXT, detail: null, ref: null });
		// the error response n8n receives keeps the page as it came, with the HTTP status
		expect(error.errorResponse).toEqual({ status_code: 403, body: BLOCK_PAGE });
	});

	test('a long page: the message keeps its first 300 characters, the error response its first 2,000', async () => {
		const sentence = 'The upstream server did not answer in time. ';
		const page = `<html><body><p>${sentence.repeat(60)}</p></body></html>`;
		htmlPage(504, page);
		const { error } = await run(ctx, getCompanyById());
		const text = sentence.repeat(60).trim();
		expect(error.message).toBe(`HTTP 504: ${text.slice(0, 300)}`);
		expect(error.errorResponse).toEqual({ status_code: 504, body: page.slice(0, 2000) });
	});

	test('a plain-text body is kept as it is, "<" and all', async () => {
		htmlPage(400, 'limit < 10 and offset >= 0 required');
		const { error } = await run(ctx, getCompanyById());
		expect(error.message).toBe('HTTP 400: limit < 10 and offset >= 0 required');
	});

	test('an error with no body says "Request failed"', async () => {
		ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'respond', status: 409, body: {} } : undefined));
		const { error } = await run(ctx, getCompanyById());
		expect(error.message).toBe('HTTP 409: Request failed');
		expect(error.httpCode).toBe('409');
	});

	test('Apideck\'s own status_code is kept in the error response', async () => {
		ctx.sandbox.intercept(({ path }) =>
			path.startsWith('/crm/') ? { kind: 'respond', status: 422, body: { status_code: 400, type_name: 'RequestValidationError', message: 'Invalid request', detail: 'name is too long' } } : undefined,
		);
		const { error } = await run(ctx, getCompanyById());
		expect(error.message).toBe('RequestValidationError: Invalid request');
		expect(error.errorResponse).toEqual({ status_code: 400, type_name: 'RequestValidationError', message: 'Invalid request', detail: 'name is too long' });
	});
});

describe('the description names Apideck\'s detail, the hint and the reference, in that order', () => {
	test('a 404', async () => {
		const { error } = await run(ctx, getCompanyById('no-such-company'));
		expect(error.description).toBe(
			"No company with id 'no-such-company' in this connection — Check the ID, and that the record belongs to the selected consumer and service. — Reference: https://developers.apideck.com/errors#entitynotfounderror",
		);
	});
});

describe('a broken connection', () => {
	test('a create whose connection was reset: what to check, then that it may have reached Apideck', async () => {
		ctx.sandbox.intercept(({ method }) => (method === 'POST' ? { kind: 'reset' } : undefined));
		const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Reset Co' });
		expect(error.message).toBe('Could not reach Apideck: connection reset');
		expect(error.description).toBe(
			'Check the Base URL of the credentials and that the API is reachable from n8n. — The create request may have reached Apideck, so it was not sent again: check the CRM before re-running this item.',
		);
		expect(error.context.connectionError).toBe('ECONNRESET');
		expect(crmRequests(ctx)).toHaveLength(1);
	});

	test('a server that does not speak HTTP: "connection failed", with the reason in the error response', async () => {
		const garbage = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
		await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
		try {
			const baseUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
			const { error } = await run(ctx, getCompanyById(), { credentials: { ...ctx.credentials, baseUrl } });
			expect(error.message).toBe('Could not reach Apideck: connection failed');
			expect(error.description).toBe('Check the Base URL of the credentials and that the API is reachable from n8n.');
			// Node.js's parser error, e.g. HPE_INVALID_CONSTANT / "Parse Error: Expected HTTP/"; n8n-core 1.122
			// (npm run test:compat) hands it on as ECONNERROR
			expect(error.context.connectionError).toMatch(/^(HPE_[A-Z_]+|ECONNERROR)$/);
			expect(error.errorResponse).toEqual({ reason: expect.stringMatching(/Parse Error/) });
		} finally {
			garbage.close();
		}
	});
});
