/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What a user sees when a request breaks off or fails in a way that leaves it open whether Apideck
// acted on it: which Node.js code the error names, whether it says the create may have reached Apideck
// (and marks it so for Create or Update), a Delete whose first answer was lost, and a 500 exactly.
// Written against mutants StrykerJS found surviving in shared/transport.ts (see CONTRIBUTING.md,
// "Mutation testing").
//
// Most tests run workflows through n8n-core's engine against the sandbox. n8n 2.x always puts the
// Node.js code on the error's cause, on the cause's cause and in httpCode at once, so the other shapes
// the transport reads (n8n 1.x's wrapped error with the code only in httpCode, a bare Node.js error,
// a code only on the cause or on its cause) are given to apideckRequest directly, by a context whose
// request helper fails with that shape.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { apideckRequest, baseUrlOf, DEFAULT_RETRY, mayHaveApplied, type ApideckContext, type ApideckRequest } from '../../nodes/shared/transport/transport';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const CHECK_BASE_URL = 'Check the Base URL of the credentials and that the API is reachable from n8n.';
const MAY_HAVE_REACHED = 'The create request may have reached Apideck, so it was not sent again: check the CRM before re-running this item.';

const freshCompany = (): IDataObject => ctx.sandbox.seedRecords(DEMO.consumerId, 'companies', 1)[0] as IDataObject;
const companies = () => ctx.sandbox.records(DEMO.consumerId, 'companies');
/** [method, status the client got (0: none), status of the write when it took effect] */
const received = () => crmRequests(ctx).map((r) => [r.method, r.status, r.effectStatus]);

/** A Base URL where nothing listens: every connection is refused. */
async function refusingBaseUrl(): Promise<string> {
	const closed = http.createServer();
	await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
	const port = (closed.address() as AddressInfo).port;
	await new Promise((r) => closed.close(r));
	return `http://127.0.0.1:${port}`;
}

describe('a broken connection: whether the error says the request may have reached Apideck', () => {
	test('a read whose connection was reset: what to check, nothing about a create, not marked as maybe applied', async () => {
		ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'reset' } : undefined));
		const { error, items } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('co_000001'), requestOptions: { maxAttempts: 1 } });
		expect(items).toEqual([]);
		expect(error.message).toBe('Could not reach Apideck: connection reset');
		expect(error.description).toBe(CHECK_BASE_URL);
		expect(error.context.connectionError).toBe('ECONNRESET');
		expect(error.context.mayHaveApplied).toBeUndefined();
		expect(mayHaveApplied(error)).toBe(false);
		// the reason is Node.js's message, found on the error's cause, not n8n's generic text
		expect(error.errorResponse).toEqual({ reason: 'socket hang up' });
		expect(received()).toEqual([['GET', 0, undefined]]);
	});

	test('a create whose connection was reset: the note, and the error is marked as maybe applied', async () => {
		ctx.sandbox.intercept(({ method }) => (method === 'POST' ? { kind: 'reset' } : undefined));
		const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Reset Once Co', requestOptions: { maxAttempts: 3 } });
		expect(error.message).toBe('Could not reach Apideck: connection reset');
		expect(error.description).toBe(`${CHECK_BASE_URL} — ${MAY_HAVE_REACHED}`);
		expect(error.context.mayHaveApplied).toBe(true);
		expect(mayHaveApplied(error)).toBe(true);
		expect(received()).toEqual([['POST', 0, undefined]]);
	});

	test('a create whose connection was refused never reached Apideck: no note, not marked as maybe applied', async () => {
		const baseUrl = await refusingBaseUrl();
		const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Refused Co', requestOptions: { maxAttempts: 1 } }, { credentials: { ...ctx.credentials, baseUrl } });
		expect(error.message).toBe('Could not reach Apideck: connection refused');
		expect(error.description).toBe(CHECK_BASE_URL);
		expect(error.context.connectionError).toBe('ECONNREFUSED');
		expect(error.context.mayHaveApplied).toBeUndefined();
		expect(mayHaveApplied(error)).toBe(false);
	});
});

describe('an answered error is marked as maybe applied only for a create that met a 5xx', () => {
	test('a 404 on a read: not marked', async () => {
		const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('no-such-company'), requestOptions: { maxAttempts: 1 } });
		expect(error.httpCode).toBe('404');
		expect(error.context.mayHaveApplied).toBeUndefined();
		expect(mayHaveApplied(error)).toBe(false);
	});

	test('a 500 on a create: the note, marked, not sent again', async () => {
		ctx.sandbox.intercept(({ method }) => (method === 'POST' ? { kind: 'respond', status: 500, body: { status_code: 500, error: 'Server Error', type_name: 'UnexpectedError', message: 'Boom' } } : undefined));
		const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Five Hundred Co' });
		expect(error.message).toBe('UnexpectedError: Boom');
		expect(error.description).toBe(MAY_HAVE_REACHED);
		expect(error.context.mayHaveApplied).toBe(true);
		expect(received()).toEqual([['POST', 500, undefined]]);
	});
});

describe('Create or Update after a failed create of the same key', () => {
	let consumers = 0;
	const freshConsumer = () => {
		const consumerId = `mutants-transport-${++consumers}-${Date.now()}`;
		return { consumerId, credentials: { ...ctx.credentials, consumerId } };
	};
	const contactUpsert = {
		resource: 'contact',
		operation: 'upsert',
		contactName: '={{ $json.name }}',
		contactFields: { emails: { values: [{ email: '={{ $json.email }}', type: 'primary' }] } },
	};
	const input = [1, 2].map((n) => ({ name: `Grace ${n}`, email: 'grace@example.com' }));

	test('a create Apideck refused (400) did nothing: the next item of that key creates the contact', async () => {
		const { consumerId, credentials } = freshConsumer();
		ctx.sandbox.intercept(({ method, seen }) =>
			method === 'POST' && seen === 0
				? { kind: 'respond', status: 400, body: { status_code: 400, error: 'Bad Request', type_name: 'RequestValidationError', message: 'Invalid request', detail: 'name is not allowed' } }
				: undefined,
		);
		const { raw, error } = await run(ctx, contactUpsert, { items: input, credentials, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(raw[0].json.error).toBe('RequestValidationError: Invalid request');
		expect(raw[1].json.error).toBeUndefined();
		const records = ctx.sandbox.records(consumerId, 'contacts');
		expect(records.map((r: IDataObject) => r.name)).toEqual(['Grace 2']);
		expect(crmRequests(ctx).filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([400, 201]);
	});

	test('a create whose connection was reset may have reached Apideck: the next item of that key does not create', async () => {
		const { consumerId, credentials } = freshConsumer();
		ctx.sandbox.intercept(({ method, seen }) => (method === 'POST' && seen === 0 ? { kind: 'reset' } : undefined));
		const { raw, error } = await run(ctx, contactUpsert, { items: input, credentials, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(raw[0].json).toEqual({ error: 'Could not reach Apideck: connection reset', details: { code: 'ECONNRESET', description: `${CHECK_BASE_URL} — ${MAY_HAVE_REACHED}` } });
		expect(raw[1].json.error).toBe("An earlier item's create of this contact may have reached the CRM, so it was not created again");
		expect(ctx.sandbox.records(consumerId, 'contacts')).toHaveLength(0);
		expect(crmRequests(ctx).filter((r) => r.method === 'POST')).toHaveLength(1);
	});
});

describe('a Delete whose first attempt may have deleted the record', () => {
	test('its answer was lost: Include Full Response shows the answer the node makes up, exactly', async () => {
		const company = freshCompany();
		ctx.sandbox.intercept(({ method, seen }) => (method === 'DELETE' && seen === 0 ? { kind: 'reset', afterEffect: true } : undefined));
		const { items, error } = await run(ctx, {
			resource: 'company',
			operation: 'delete',
			companyId: byId(String(company.id)),
			options: { fullResponse: true },
			requestOptions: { maxAttempts: 2 },
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([{ status_code: 200, data: {}, meta: { deleted_earlier: true } }]);
		expect(received()).toEqual([
			['DELETE', 0, 200],
			['DELETE', 404, undefined],
		]);
	});

	test('a 500 exactly after the delete took effect: sent again, and the 404 then means deleted', async () => {
		const company = freshCompany();
		ctx.sandbox.intercept(({ method, seen }) =>
			method === 'DELETE' && seen === 0
				? { kind: 'respond', status: 500, body: { status_code: 500, error: 'Server Error', type_name: 'UnexpectedError', message: 'Boom' }, afterEffect: true }
				: undefined,
		);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'delete', companyId: byId(String(company.id)), requestOptions: { maxAttempts: 2 } });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ id: company.id, deleted: true }]);
		expect(received()).toEqual([
			['DELETE', 500, 200],
			['DELETE', 404, undefined],
		]);
		expect(companies().some((c: IDataObject) => c.id === company.id)).toBe(false);
	});
});

test('a read answered 500 exactly is sent again', async () => {
	const company = freshCompany();
	ctx.sandbox.intercept(({ method, seen }) =>
		method === 'GET' && seen === 0 ? { kind: 'respond', status: 500, body: { status_code: 500, error: 'Server Error', type_name: 'UnexpectedError', message: 'Boom' } } : undefined,
	);
	const { items, error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId(String(company.id)), simplify: false, requestOptions: { maxAttempts: 2 } });
	expect(error).toBeUndefined();
	expect(items).toEqual([company]);
	expect(received()).toEqual([
		['GET', 500, undefined],
		['GET', 200, undefined],
	]);
});

// ---- apideckRequest given failures of the shapes n8n 2.x's engine never produces -------------------

const NODE: INode = { id: 'n', name: 'Apideck CRM', type: 'apideckCrm', typeVersion: 1, position: [0, 0], parameters: {} };

interface Answer {
	statusCode: number;
	body: unknown;
	headers?: IDataObject;
}

/** A context whose request helper fails or answers as given, one entry per attempt, and records what was sent. */
function contextFailing(outcomes: Array<{ fail: unknown } | Answer>) {
	const sent: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiKey: 'sk_unit_secret', appId: 'app', consumerId: 'consumer', baseUrl: 'http://apideck.test' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				const outcome = outcomes[sent.length - 1];
				if (outcome === undefined) throw new Error('more requests than expected');
				if ('fail' in outcome) throw outcome.fail;
				return { headers: {}, ...outcome };
			},
		},
	} as unknown as ApideckContext;
	return { context, sent };
}

const policy = (maxAttempts: number) => ({ ...DEFAULT_RETRY, maxAttempts, baseDelayMs: 1, maxDelayMs: 5 });
const createCompany: ApideckRequest = { method: 'POST', url: '/crm/companies', body: { name: 'Unit Co' } };
const getCompanyRequest: ApideckRequest = { method: 'GET', url: '/crm/companies/co_1' };

async function failureOf(promise: Promise<unknown>): Promise<any> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('the request did not fail');
}

describe('the Node.js code of a broken connection, wherever the error carries it', () => {
	test('only on the cause (no nested cause, no httpCode): named, with the cause\'s message as the reason', async () => {
		const { context, sent } = contextFailing([{ fail: { message: 'The connection to the server was closed unexpectedly', cause: { code: 'ECONNRESET', message: 'socket hang up' } } }]);
		const error = await failureOf(apideckRequest(context, createCompany, policy(3)));
		expect(error.message).toBe('Could not reach Apideck: connection reset');
		expect(error.context.connectionError).toBe('ECONNRESET');
		expect(error.errorResponse).toEqual({ reason: 'socket hang up' });
		expect(error.description).toBe(`${CHECK_BASE_URL} — ${MAY_HAVE_REACHED}`);
		expect(sent).toHaveLength(1);
	});

	test('only on the error itself (a bare Node.js error): a refused create is sent again', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
		const { context, sent } = contextFailing([{ fail: refused }, { fail: refused }]);
		const error = await failureOf(apideckRequest(context, createCompany, policy(2)));
		expect(error.message).toBe('Could not reach Apideck: connection refused (after 2 attempts)');
		expect(error.context.connectionError).toBe('ECONNREFUSED');
		expect(error.errorResponse).toEqual({ reason: 'connect ECONNREFUSED 10.0.0.1:443' });
		expect(error.description).toBe(CHECK_BASE_URL);
		expect(mayHaveApplied(error)).toBe(false);
		expect(sent).toHaveLength(2);
	});

	test('only on the cause\'s cause: named, and a host not found is retried for a create', async () => {
		const lookup = { message: 'request failed', cause: { message: 'getaddrinfo ENOTFOUND apideck.test', cause: { code: 'ENOTFOUND' } } };
		const { context, sent } = contextFailing([{ fail: lookup }, { fail: lookup }]);
		const error = await failureOf(apideckRequest(context, createCompany, policy(2)));
		expect(error.message).toBe('Could not reach Apideck: host not found (after 2 attempts)');
		expect(error.context.connectionError).toBe('ENOTFOUND');
		expect(error.errorResponse).toEqual({ reason: 'getaddrinfo ENOTFOUND apideck.test' });
		expect(sent).toHaveLength(2);
	});

	test('n8n 1.x: a NodeApiError without a cause, the code in httpCode', async () => {
		const wrapped = { message: 'The service refused the connection - perhaps it is offline', httpCode: 'ECONNREFUSED' };
		const { context, sent } = contextFailing([{ fail: wrapped }, { fail: wrapped }]);
		const error = await failureOf(apideckRequest(context, createCompany, policy(2)));
		expect(error.message).toBe('Could not reach Apideck: connection refused (after 2 attempts)');
		expect(error.context.connectionError).toBe('ECONNREFUSED');
		expect(error.errorResponse).toEqual({ reason: 'The service refused the connection - perhaps it is offline' });
		expect(sent).toHaveLength(2);
	});

	test("n8n 1.x: the reason is Node.js's message kept in `messages`, not n8n's generic text", async () => {
		// the shape n8n-core 1.122 throws for a reset connection; entries that are not a message are passed over
		const wrapped = {
			message: 'The connection to the server was closed unexpectedly, perhaps it is offline.',
			messages: [{ code: 1 }, '', 'socket hang up', 'later'],
			httpCode: 'ECONNRESET',
		};
		const { context } = contextFailing([{ fail: wrapped }]);
		const error = await failureOf(apideckRequest(context, getCompanyRequest, policy(1)));
		expect(error.message).toBe('Could not reach Apideck: connection reset');
		expect(error.errorResponse).toEqual({ reason: 'socket hang up' });
		const { context: noMessages } = contextFailing([{ fail: { ...wrapped, messages: 'socket hang up' } }]);
		const generic = await failureOf(apideckRequest(noMessages, getCompanyRequest, policy(1)));
		expect(generic.errorResponse).toEqual({ reason: 'The connection to the server was closed unexpectedly, perhaps it is offline.' });
	});

	test.each([
		['an HTTP parser code', 'HPE_INVALID_CONSTANT'],
		['a code with a digit', 'ERR_HTTP2_STREAM_ERROR'],
		['an HTTP status', '502'],
	])('n8n 1.x: an httpCode that is not an E… code (%s) is not taken for one: "ECONNERROR"', async (_name, httpCode) => {
		const { context, sent } = contextFailing([{ fail: { message: 'something broke', httpCode } }]);
		const error = await failureOf(apideckRequest(context, getCompanyRequest, policy(1)));
		expect(error.message).toBe('Could not reach Apideck: connection failed');
		expect(error.context.connectionError).toBe('ECONNERROR');
		expect(error.description).toBe(CHECK_BASE_URL);
		expect(sent).toHaveLength(1);
	});

	test('no code and no message anywhere: "ECONNERROR" and "connection failed"', async () => {
		const { context } = contextFailing([{ fail: {} }]);
		const error = await failureOf(apideckRequest(context, getCompanyRequest, policy(1)));
		expect(error.message).toBe('Could not reach Apideck: connection failed');
		expect(error.context.connectionError).toBe('ECONNERROR');
		expect(error.errorResponse).toEqual({ reason: 'connection failed' });
	});

	test('a helper that throws null still gives a connection error, not a TypeError', async () => {
		const { context } = contextFailing([{ fail: null }]);
		const error = await failureOf(apideckRequest(context, getCompanyRequest, policy(1)));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Could not reach Apideck: connection failed');
		expect(error.context.connectionError).toBe('ECONNERROR');
		expect(error.errorResponse).toEqual({ reason: 'connection failed' });
	});
});

test('a Delete refused, then answered 404: the refused attempt never reached Apideck, so the 404 stands', async () => {
	const { context, sent } = contextFailing([
		{ fail: { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } } },
		{ statusCode: 404, body: { status_code: 404, type_name: 'EntityNotFoundError', message: 'Unknown company', detail: "No company with id 'co_1' in this connection" } },
	]);
	const error = await failureOf(apideckRequest(context, { method: 'DELETE', url: '/crm/companies/co_1' }, policy(2)));
	expect(error.httpCode).toBe('404');
	expect(error.message).toBe('EntityNotFoundError: Unknown company (after 2 attempts)');
	expect(sent.map((o) => [o.method, o.url])).toEqual([
		['DELETE', 'http://apideck.test/crm/companies/co_1'],
		['DELETE', 'http://apideck.test/crm/companies/co_1'],
	]);
});

test('mayHaveApplied: only an error whose context says true', () => {
	expect(mayHaveApplied(null)).toBe(false);
	expect(mayHaveApplied(undefined)).toBe(false);
	expect(mayHaveApplied(new Error('x'))).toBe(false);
	expect(mayHaveApplied({ context: { mayHaveApplied: 'true' } })).toBe(false);
	expect(mayHaveApplied({ context: { mayHaveApplied: true } })).toBe(true);
});

test('baseUrlOf: Apideck\'s own URL when the credentials give none, without trailing slashes otherwise', async () => {
	const withCredentials = (credentials: IDataObject) => ({ getCredentials: async () => credentials }) as unknown as ApideckContext;
	expect(await baseUrlOf(withCredentials({ apiKey: 'k' }))).toBe('https://unify.apideck.com');
	expect(await baseUrlOf(withCredentials({ apiKey: 'k', baseUrl: '' }))).toBe('https://unify.apideck.com');
	expect(await baseUrlOf(withCredentials({ apiKey: 'k', baseUrl: 'http://proxy.test/apideck//' }))).toBe('http://proxy.test/apideck');
});
