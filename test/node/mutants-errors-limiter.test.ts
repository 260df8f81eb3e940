/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What a user sees of errors the API answers oddly (an HTML page, an empty body, a broken connection),
// of the error items Continue On Fail gives for them, of a Base URL that would leave its path, and how
// a run's limiter shares its slots and pauses. Written against mutants StrykerJS found surviving in
// shared/errors.ts, limiter.ts and paths.ts (see CONTRIBUTING.md, "Mutation testing").
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { Limiter, withLimiter } from '../../nodes/shared/transport/limiter';
import { isSafeSegment } from '../../nodes/shared/transport/paths';
import { byId, crmRequests, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const getCompany = (id = 'co_000001') => ({ resource: 'company', operation: 'get', companyId: byId(id), requestOptions: { maxAttempts: 1 } });

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
		const { error, items } = await run(ctx, getCompany());
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
		const { error } = await run(ctx, getCompany());
		const text = sentence.repeat(60).trim();
		expect(error.message).toBe(`HTTP 504: ${text.slice(0, 300)}`);
		expect(error.errorResponse).toEqual({ status_code: 504, body: page.slice(0, 2000) });
	});

	test('a plain-text body is kept as it is, "<" and all', async () => {
		htmlPage(400, 'limit < 10 and offset >= 0 required');
		const { error } = await run(ctx, getCompany());
		expect(error.message).toBe('HTTP 400: limit < 10 and offset >= 0 required');
	});

	test('an error with no body says "Request failed"', async () => {
		ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'respond', status: 409, body: {} } : undefined));
		const { error } = await run(ctx, getCompany());
		expect(error.message).toBe('HTTP 409: Request failed');
		expect(error.httpCode).toBe('409');
	});

	test('Apideck\'s own status_code is kept in the error response', async () => {
		ctx.sandbox.intercept(({ path }) =>
			path.startsWith('/crm/') ? { kind: 'respond', status: 422, body: { status_code: 400, type_name: 'RequestValidationError', message: 'Invalid request', detail: 'name is too long' } } : undefined,
		);
		const { error } = await run(ctx, getCompany());
		expect(error.message).toBe('RequestValidationError: Invalid request');
		expect(error.errorResponse).toEqual({ status_code: 400, type_name: 'RequestValidationError', message: 'Invalid request', detail: 'name is too long' });
	});
});

describe('the description names Apideck\'s detail, the hint and the reference, in that order', () => {
	test('a 404', async () => {
		const { error } = await run(ctx, getCompany('no-such-company'));
		expect(error.description).toBe(
			"No company with id 'no-such-company' in this connection — Check the ID, and that the record belongs to the selected consumer and service. — Reference: https://developers.apideck.com/errors#entitynotfounderror",
		);
	});
});

describe('Continue On Fail: error items carry only what is known', () => {
	test('an HTML page: the status, type and message, and no detail, reference, code or description', async () => {
		htmlPage(403, BLOCK_PAGE);
		const { items, error } = await run(ctx, getCompany(), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ error: `HTTP 403: ${BLOCK_TEXT}`, details: { httpCode: '403', type: 'HTTP 403', message: BLOCK_TEXT } }]);
		expect(Object.keys(items[0].details as IDataObject).sort()).toEqual(['httpCode', 'message', 'type']);
	});

	test('a reset connection: the code and what to check, and no HTTP status', async () => {
		ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'reset' } : undefined));
		const { items, error } = await run(ctx, getCompany(), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ error: 'Could not reach Apideck: connection reset', details: { code: 'ECONNRESET', description: 'Check the Base URL of the credentials and that the API is reachable from n8n.' } },
		]);
		expect(Object.keys(items[0].details as IDataObject).sort()).toEqual(['code', 'description']);
		expect(crmRequests(ctx)).toHaveLength(1);
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
			const { error } = await run(ctx, getCompany(), { credentials: { ...ctx.credentials, baseUrl } });
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

describe('a Base URL with a "." or ".." segment', () => {
	for (const [suffix, segment] of [
		['/.', '.'],
		['/%2e%2e/', '..'],
	] as const) {
		test(`"${suffix}": refused before any request, naming the path`, async () => {
			const { error, items } = await run(ctx, getCompany(), { credentials: { ...ctx.credentials, baseUrl: `${ctx.sandbox.url}${suffix}` } });
			expect(items).toEqual([]);
			const path = `${suffix.replace(/\/+$/, '')}/crm/companies/co_000001`;
			expect(error.message).toBe(`Request path: "${path}" holds a "${segment}" segment`);
			expect(error.description).toBe('Check the Base URL of the credentials and the IDs. "." and ".." are not IDs: they would address another endpoint.');
			expect(ctx.sandbox.requests).toEqual([]);
		});
	}
});

describe('isSafeSegment (the trigger\'s check of an event\'s record ID)', () => {
	test('empty, "." and ".." are not IDs; anything else is', () => {
		expect(isSafeSegment('')).toBe(false);
		expect(isSafeSegment('.')).toBe(false);
		expect(isSafeSegment('..')).toBe(false);
		expect(isSafeSegment('co_1')).toBe(true);
		expect(isSafeSegment('...')).toBe(true);
	});
});

/** Lets every pending promise callback run. */
const settle = async () => await new Promise<void>((r) => setImmediate(r));

describe('the limiter', () => {
	test('waiters get a slot in the order they came; a retry goes first', async () => {
		const limiter = new Limiter(1);
		await limiter.acquire(false);
		const order: string[] = [];
		void limiter.acquire(false).then(() => order.push('first'));
		void limiter.acquire(false).then(() => order.push('second'));
		void limiter.acquire(true).then(() => order.push('retry'));
		for (let i = 0; i < 3; i++) {
			limiter.release();
			await settle();
		}
		expect(order).toEqual(['retry', 'first', 'second']);
	});

	test('a shorter pause never shortens a longer one', async () => {
		jest.useFakeTimers();
		try {
			const limiter = new Limiter(2);
			const now = Date.now();
			limiter.pauseUntil(now + 10_000);
			limiter.pauseUntil(now + 1_000);
			let through = false;
			const done = limiter.acquire(false).then(() => {
				through = true;
			});
			await jest.advanceTimersByTimeAsync(9_000);
			expect(through).toBe(false);
			await jest.advanceTimersByTimeAsync(1_000);
			await done;
			expect(through).toBe(true);
		} finally {
			jest.useRealTimers();
		}
	});

	test('a run\'s limiter is shared while anyone uses it, and a later run with the same key starts afresh', async () => {
		const key = 'execution-1:node-1';
		let open!: () => void;
		const gate = new Promise<void>((r) => (open = r));
		// B holds the only slot
		const b = withLimiter(key, 1, async (limiter) => {
			await limiter.acquire(false);
			await gate;
			limiter.release();
		});
		// A used the same limiter and is done while B still holds its slot
		await withLimiter(key, 1, async () => undefined);
		// C comes later: it must wait for B's slot
		let cIn = false;
		const c = withLimiter(key, 1, async (limiter) => {
			await limiter.acquire(false);
			cIn = true;
			limiter.release();
		});
		await settle();
		expect(cIn).toBe(false);
		open();
		await Promise.all([b, c]);
		expect(cIn).toBe(true);
		// everyone is done: the next user of the key gets a limiter with its own maximum
		const admitted = await withLimiter(key, 3, async (limiter) => {
			let n = 0;
			const all = [1, 2, 3].map(async () => {
				await limiter.acquire(false);
				n++;
			});
			await settle();
			const seen = n;
			for (let i = 0; i < 3; i++) {
				limiter.release();
				await settle();
			}
			await Promise.all(all);
			return seen;
		});
		expect(admitted).toBe(3);
	});
});
