/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Rate limits, transient failures and bulk runs: nothing lost, nothing duplicated, and a create is
// never sent twice when it may already have reached the API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { byId, crmRequests, DEMO, rateLimited, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

test('Return All of 2,100 records with 10% 429 and 2% 503 returns every record once, in order', async () => {
	const consumerId = 'bulk-list-consumer';
	ctx.sandbox.seedRecords(consumerId, 'contacts', 2100);
	const expected = ctx.sandbox.records(consumerId, 'contacts').map((r: any) => r.id);
	ctx.sandbox.setFaults({ seed: 7, rate429: 0.1, rate503: 0.02, retryAfter: '0' });

	const { items, error } = await run(ctx, { resource: 'contact', operation: 'getAll', returnAll: true }, { credentials: { ...ctx.credentials, consumerId } });

	expect(error).toBeUndefined();
	expect(items.map((i) => i.id)).toEqual(expected);
	const requests = crmRequests(ctx);
	const failed = requests.filter((r) => r.status !== 200);
	const ok = requests.filter((r) => r.status === 200);
	expect(failed.length).toBeGreaterThan(0); // the faults really happened
	expect(failed.some((r) => r.status === 429)).toBe(true);
	expect(ok).toHaveLength(Math.ceil(2100 / 200));
	// every page was fetched once: the successful requests walk distinct cursors
	const cursors = ok.map((r) => r.query.cursor ?? '');
	expect(new Set(cursors).size).toBe(cursors.length);
	// a retried page asked for the same cursor again
	for (const f of failed) expect(cursors).toContain(f.query.cursor ?? '');
});

test('500 creates under a rate limit with 429s injected: exactly 500 new records, none duplicated', async () => {
	const consumerId = 'bulk-create-consumer';
	ctx.sandbox.setFaults({ seed: 3, rate429: 0.05, retryAfter: '0', rateLimitPerSecond: 400 });
	const input = Array.from({ length: 500 }, (_, i) => ({ name: `Bulk Lead ${i}`, company: `Company ${i}` }));

	const { items, error } = await run(
		ctx,
		{ resource: 'lead', operation: 'create', leadName: '={{ $json.name }}', leadCompanyName: '={{ $json.company }}', requestOptions: { maxConcurrency: 10, maxAttempts: 10 } },
		{ items: input, credentials: { ...ctx.credentials, consumerId } },
	);

	expect(error).toBeUndefined();
	expect(items).toHaveLength(500);
	const names = ctx.sandbox.records(consumerId, 'leads').map((r: any) => r.name);
	expect(names).toHaveLength(500);
	expect(new Set(names).size).toBe(500);
	expect(crmRequests(ctx).some((r) => r.status === 429)).toBe(true);
});

test('an ambiguous 5xx on create fails that item clearly and is never retried, so nothing is duplicated', async () => {
	const consumerId = 'ambiguous-consumer';
	ctx.sandbox.setFaults({ seed: 11, ambiguous5xxOnWriteRate: 0.2 });
	const input = Array.from({ length: 60 }, (_, i) => ({ name: `Deal Company ${i}` }));

	const { raw, error } = await run(
		ctx,
		{ resource: 'company', operation: 'create', companyName: '={{ $json.name }}' },
		{ items: input, continueOnFail: true, credentials: { ...ctx.credentials, consumerId } },
	);

	expect(error).toBeUndefined();
	const posts = crmRequests(ctx).filter((r) => r.method === 'POST');
	expect(posts).toHaveLength(60); // one request per item: no POST was sent twice
	const failedItems = raw.filter((i) => i.json.error);
	expect(failedItems.length).toBe(posts.filter((r) => r.status >= 500).length);
	expect(failedItems.length).toBeGreaterThan(0);
	for (const item of failedItems) expect((item.json.details as IDataObject).description).toMatch(/may have reached Apideck/);
	const names = ctx.sandbox.records(consumerId, 'companies').map((r: any) => r.name);
	expect(new Set(names).size).toBe(names.length);
	expect(names).toHaveLength(60); // the ambiguous ones were created once, never twice
});

test('reads are retried on 503 and the error says how many attempts were made', async () => {
	ctx.sandbox.setFaults({ rate503: 1 });
	const { error } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 5, requestOptions: { maxAttempts: 3 } });
	expect(error.name).toBe('NodeApiError');
	expect(error.httpCode).toBe('503');
	expect(error.message).toBe('ConnectorExecutionError: Connector unavailable (after 3 attempts)');
	expect(crmRequests(ctx)).toHaveLength(3);
});

test('a create is not retried on a 503', async () => {
	ctx.sandbox.setFaults({ rate503: 1 });
	const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Once', requestOptions: { maxAttempts: 5 } });
	expect(error.httpCode).toBe('503');
	expect(crmRequests(ctx)).toHaveLength(1);
});

test('429s do not use up Max Attempts: a create waits out Retry-After until the rate-limit budget is spent', async () => {
	ctx.sandbox.setFaults({ rate429: 1, retryAfter: '0.1' });
	const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Patient Co', requestOptions: { maxAttempts: 1, maxRateLimitWait: 2 } });
	expect(error.httpCode).toBe('429');
	const sent = crmRequests(ctx).length;
	// Retry-After 0.1 s is the wait each time: 20 waits fit the 2 s budget, so 21 requests
	expect(sent).toBe(21);
	expect(error.message).toBe(`ConnectorRateLimitError: Connector Rate Limit Error (after ${sent} attempts, ${sent} rate-limited)`);
	expect(error.description).toMatch(/Max Rate-Limit Wait/);
	expect(error.description).toMatch(/Max Concurrent Requests/);
	expect(error.description).toMatch(/Batching/);
	expect(error.description).not.toMatch(/Max Attempts/);
	expect(ctx.sandbox.records(DEMO.consumerId, 'companies').some((r: any) => r.name === 'Patient Co')).toBe(false);
});

test('an API answering "429, Retry-After: 0" forever is not hammered: consecutive 429s back off exponentially', async () => {
	ctx.sandbox.setFaults({ rate429: 1, retryAfter: '0' });
	const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('co_000001'), requestOptions: { maxRateLimitWait: 2.5 } });
	expect(error.httpCode).toBe('429');
	const sent = crmRequests(ctx);
	// waits 0, 0.05–0.1, 0.1–0.2, 0.2–0.4, 0.4–0.8, 0.8–1.6 s: 6 or 7 requests in 2.5 s, not hundreds
	expect(sent.length).toBeGreaterThanOrEqual(6);
	expect(sent.length).toBeLessThanOrEqual(7);
	// and the gaps between them grow
	const at = sent.map((r) => r.at!);
	expect(at[5] - at[4]).toBeGreaterThan(at[2] - at[1]);
});

test('an API asking for short waits forever gets at most 100 requests per item, whatever the budget', async () => {
	ctx.sandbox.setFaults({ rate429: 1, retryAfter: '0.01' });
	const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('co_000001') });
	expect(error.httpCode).toBe('429');
	expect(crmRequests(ctx)).toHaveLength(100);
});

test('a blind 429 after a run of 429s with Retry-After waits a short back-off, not one grown on the others', async () => {
	// ten 429s asking 0.05 s, then one without Retry-After, then the answer
	ctx.sandbox.intercept(({ method, seen }) => {
		if (method !== 'POST' || seen > 10) return undefined;
		return rateLimited(seen < 10 ? '0.05' : undefined);
	});
	const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Not stalled' });
	expect(error).toBeUndefined();
	expect(items[0].id).toBeTruthy();
	const at = crmRequests(ctx).map((r) => r.at!);
	expect(at).toHaveLength(12);
	// the first blind 429 backs off 0.05-0.1 s; counted with the ten before it, 30-60 s
	expect(at[11] - at[10]).toBeGreaterThanOrEqual(45);
	expect(at[11] - at[10]).toBeLessThan(300);
});

test('a blind 429 right after a precise one counts from one again: 429 (0), 429 (0), 429 (0.05 s), 429 (0), then the answer; the last retry goes at once', async () => {
	const retryAfter = ['0', '0', '0.05', '0'];
	ctx.sandbox.intercept(({ method, seen }) => (method !== 'POST' || seen >= retryAfter.length ? undefined : rateLimited(retryAfter[seen])));
	const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Counted afresh' });
	expect(error).toBeUndefined();
	expect(items[0].id).toBeTruthy();
	const at = crmRequests(ctx).map((r) => r.at!);
	expect(at).toHaveLength(5);
	// counted with the two blind 429s before the precise one, it would back off 0.1-0.2 s
	expect(at[4] - at[3]).toBeLessThan(60);
});

test('a precise Retry-After is followed as given, not stretched: six 429s in a row asking 0.2 s each are retried every 0.2 s', async () => {
	ctx.sandbox.intercept(({ method, seen }) =>
		method !== 'POST' || seen >= 6
			? undefined
			: rateLimited('0.2'),
	);
	const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'On cue' });
	expect(error).toBeUndefined();
	expect(items[0].id).toBeTruthy();
	const at = crmRequests(ctx).map((r) => r.at!);
	expect(at).toHaveLength(7);
	// backing off on top of it would wait 0.4–0.8 s and then 0.8–1.6 s before the last two
	for (let i = 1; i < at.length; i++) {
		expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(190);
		expect(at[i] - at[i - 1]).toBeLessThan(380);
	}
});

test('Max Rate-Limit Wait 0: a 429 is not retried', async () => {
	ctx.sandbox.setFaults({ rate429: 1, retryAfter: '0' });
	const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'No wait', requestOptions: { maxRateLimitWait: 0 } });
	expect(error.httpCode).toBe('429');
	expect(error.message).toBe('ConnectorRateLimitError: Connector Rate Limit Error');
	expect(crmRequests(ctx)).toHaveLength(1);
});

test('a 503 after a 429 on a create says what happened: 2 attempts, 1 rate-limited, not sent again', async () => {
	ctx.sandbox.intercept(({ method, seen }) =>
		method !== 'POST' ? undefined : seen === 0 ? rateLimited('0') : { kind: 'respond', status: 503, body: { status_code: 503, error: 'Service Unavailable', type_name: 'ConnectorExecutionError', message: 'Service unavailable' } },
	);
	const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Twice' });
	expect(error.message).toBe('ConnectorExecutionError: Service unavailable (after 2 attempts, 1 rate-limited)');
	expect(error.description).toMatch(/may have reached Apideck/);
	expect(crmRequests(ctx)).toHaveLength(2);
});

test('a create that meets 429s is sent again and created exactly once', async () => {
	ctx.sandbox.setFaults({ seed: 5, rate429: 0.6, retryAfter: '0' });
	const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Persistent Co', requestOptions: { maxAttempts: 1 } });
	expect(error).toBeUndefined();
	const posts = crmRequests(ctx);
	expect(posts.at(-1)!.status).toBe(201);
	expect(posts.slice(0, -1).every((r) => r.status === 429)).toBe(true);
	expect(ctx.sandbox.records(DEMO.consumerId, 'companies').filter((r: any) => r.name === 'Persistent Co').map((r: any) => r.id)).toEqual([items[0].id]);
});

test('a refused connection is retried, for a create too, and then reported with the attempt count', async () => {
	const closed = http.createServer();
	await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
	const port = (closed.address() as AddressInfo).port;
	await new Promise((r) => closed.close(r));
	const { error } = await run(ctx, { resource: 'company', operation: 'create', companyName: 'Nowhere', requestOptions: { maxAttempts: 2 } }, { credentials: { ...ctx.credentials, baseUrl: `http://127.0.0.1:${port}` } });
	expect(error.message).toBe('Could not reach Apideck: connection refused (after 2 attempts)');
	expect(error.context.connectionError).toBe('ECONNREFUSED');
});

test('many items never have more than Max Concurrent Requests in flight (default 5)', async () => {
	let inFlight = 0;
	let peak = 0;
	const proxy = http.createServer(async (req, res) => {
		inFlight++;
		peak = Math.max(peak, inFlight);
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const upstream = await fetch(`${ctx.sandbox.url}${req.url}`, {
			method: req.method,
			headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as any,
			body: chunks.length ? Buffer.concat(chunks) : undefined,
		});
		const text = await upstream.text();
		inFlight--;
		res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
	});
	await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
	try {
		ctx.sandbox.setFaults({ delayMs: 20, delayRate: 1 });
		const ids = ctx.sandbox.records(DEMO.consumerId, 'companies').slice(0, 30).map((r: any) => ({ id: r.id }));
		const baseUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
		const { items, error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('={{ $json.id }}') }, { items: ids, credentials: { ...ctx.credentials, baseUrl } });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.id)).toEqual(ids.map((i) => i.id));
		expect(peak).toBe(5);
	} finally {
		proxy.close();
	}
});
