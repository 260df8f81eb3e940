/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Small pure parts of the transport: Retry-After parsing and the back-off schedule, and how long the node
// waits before sending a failed request again (the random part of the back-off). And apideckRequest given
// failures of the shapes n8n 2.x's engine never produces (n8n 1.x's wrapped error with the code only in
// httpCode, a bare Node.js error, a code only on the cause or on its cause), by a context whose request
// helper fails with that shape: which Node.js code the error names, and which failures are sent again.
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import {
	apideckRequest,
	backoffDelay,
	baseUrlOf,
	DEFAULT_RETRY,
	mayHaveApplied,
	parseRetryAfter,
	rateLimitDelay,
	type ApideckContext,
	type ApideckRequest,
} from '../../nodes/shared/transport/transport';

test('Retry-After in seconds, fractional seconds and as an HTTP date', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	expect(parseRetryAfter('3', now)).toBe(3000);
	expect(parseRetryAfter('0.25', now)).toBe(250);
	expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
	expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0); // in the past: go now
	expect(parseRetryAfter(undefined, now)).toBeUndefined();
	expect(parseRetryAfter('soon', now)).toBeUndefined();
	expect(parseRetryAfter(['2'], now)).toBe(2000);
});

test('back-off grows exponentially with jitter and stays under the cap', () => {
	for (let attempt = 1; attempt <= 12; attempt++) {
		const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
		for (let i = 0; i < 50; i++) {
			const delay = backoffDelay(attempt, DEFAULT_RETRY);
			expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
	}
});

/** Requests one item sends against a permanent 429 within the budget, if every wait is as short as the jitter allows. */
function requestsWithin(budgetMs: number, retryAfterMs: number | undefined) {
	const random = jest.spyOn(Math, 'random').mockReturnValue(0);
	try {
		let waited = 0;
		let sent = 1;
		for (let consecutive = 1; ; consecutive++) {
			const wait = rateLimitDelay(consecutive, retryAfterMs, DEFAULT_RETRY);
			if (budgetMs <= 0 || waited + wait > budgetMs) return sent;
			waited += wait;
			sent++;
		}
	} finally {
		random.mockRestore();
	}
}

test('rate limits: a Retry-After above 0 is the wait, 0 or none backs off consecutive 429s, and the default budget allows at most 20 requests', () => {
	expect(rateLimitDelay(1, 0, DEFAULT_RETRY)).toBe(0);
	expect(rateLimitDelay(1, 3000, DEFAULT_RETRY)).toBe(3000);
	expect(rateLimitDelay(2, 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(50);
	expect(rateLimitDelay(5, 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(400);
	expect(rateLimitDelay(12, 0, DEFAULT_RETRY)).toBeGreaterThanOrEqual(30_000);
	// the API said when a slot frees: no back-off on top of it, however many 429s came before
	expect(rateLimitDelay(5, 10_000, DEFAULT_RETRY)).toBe(10_000);
	expect(rateLimitDelay(12, 250, DEFAULT_RETRY)).toBe(250);
	expect(rateLimitDelay(2, 1, DEFAULT_RETRY)).toBe(1);
	expect(rateLimitDelay(3, 120_000, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxDelayMs);
	expect(rateLimitDelay(40, 0, DEFAULT_RETRY)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
	// no Retry-After at all: back off from the first 429
	expect(rateLimitDelay(1, undefined, DEFAULT_RETRY)).toBeGreaterThanOrEqual(50);
	expect(requestsWithin(DEFAULT_RETRY.maxRateLimitWaitMs, 0)).toBeLessThanOrEqual(20);
	expect(requestsWithin(DEFAULT_RETRY.maxRateLimitWaitMs, undefined)).toBeLessThanOrEqual(20);
	expect(requestsWithin(0, 0)).toBe(1);
});

describe('the wait before a retry is a random point between half the step and the whole step', () => {
	afterEach(() => {
		jest.restoreAllMocks();
	});

	test.each([
		[0, 1, 250],
		[1, 1, 500],
		[0.5, 3, 1500],
		[1, 3, 2000],
		[1, 20, 60_000],
	])('random %p, attempt %p: %p ms', (random, attempt, expected) => {
		jest.spyOn(Math, 'random').mockReturnValue(random);
		expect(backoffDelay(attempt, DEFAULT_RETRY)).toBe(expected);
	});
});

// ---- apideckRequest given failures of the shapes n8n 2.x's engine never produces -------------------

const CHECK_BASE_URL = 'Check the Base URL of the credentials and that the API is reachable from n8n.';
const MAY_HAVE_REACHED = 'The create request may have reached Apideck, so it was not sent again: check the CRM before re-running this item.';

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
