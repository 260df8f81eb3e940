/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Every operation against every kind of failure of its first request: what the sandbox received, what
// the user gets, and what the CRM holds afterwards. Reads, updates and deletes are sent again; a create
// never is once it may have reached Apideck (a 5xx, a connection that broke, a timeout). Whether the error
// says so and is marked as maybe applied (a reset or a 5xx on a create: yes; a refused connection, a 404
// on a read: no), what Create or Update does after a failed create of the same key, and a Delete whose
// first attempt may have deleted the record.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Interception } from '../../sandbox';
import { mayHaveApplied } from '../../nodes/shared/transport/transport';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

// n8n's Request Options → Timeout, small so that an answer that never comes fails fast
const TIMEOUT_MS = 1500;
const requestOptions = { timeout: TIMEOUT_MS, maxAttempts: 3 };

const FAILURES = {
	'503': {
		kind: 'respond',
		status: 503,
		body: { status_code: 503, error: 'Service Unavailable', type_name: 'ConnectorExecutionError', message: 'Connector unavailable' },
	},
	'reset before the write': { kind: 'reset' },
	'reset after the write': { kind: 'reset', afterEffect: true },
	timeout: { kind: 'hang' },
} satisfies Record<string, Interception>;
type Failure = keyof typeof FAILURES;

/** The first request with this method fails as given; every other one is answered by the sandbox. */
function failFirst(method: string, failure: Failure) {
	ctx.sandbox.intercept((req) => (req.method === method && req.seen === 0 ? FAILURES[failure] : undefined));
}

const freshCompany = (): IDataObject => ctx.sandbox.seedRecords(DEMO.consumerId, 'companies', 1)[0] as IDataObject;
const companies = () => ctx.sandbox.records(DEMO.consumerId, 'companies');
/** [method, status the client got (0: none), status of the write when it took effect] */
const received = () => crmRequests(ctx).map((r) => [r.method, r.status, r.effectStatus]);

const failures = Object.keys(FAILURES) as Failure[];
/** what the sandbox did with the failed first request: a write took effect only after "reset after the write" */
const firstStatus = (failure: Failure) => (failure === '503' ? 503 : 0);

describe.each(failures)('first request fails: %s', (failure) => {
	test('Get is sent again and returns the record', async () => {
		const company = freshCompany();
		failFirst('GET', failure);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId(String(company.id)), simplify: false, requestOptions });
		expect(error).toBeUndefined();
		expect(items).toEqual([company]);
		expect(received()).toEqual([
			['GET', firstStatus(failure), failure === 'reset after the write' ? 200 : undefined],
			['GET', 200, undefined],
		]);
	});

	test('Get Many is sent again for the same page and returns it once', async () => {
		failFirst('GET', failure);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'getAll', returnAll: false, limit: 3, requestOptions });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.id)).toEqual(companies().slice(0, 3).map((c: IDataObject) => c.id));
		expect(crmRequests(ctx).map((r) => [r.method, r.path, r.query.limit])).toEqual([
			['GET', '/crm/companies', '3'],
			['GET', '/crm/companies', '3'],
		]);
	});

	test('Create is not sent again: the item fails and says the record may exist', async () => {
		const name = `Once only (${failure})`;
		failFirst('POST', failure);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'create', companyName: name, requestOptions });
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			{
				'503': 'ConnectorExecutionError: Connector unavailable',
				'reset before the write': 'Could not reach Apideck: connection reset',
				'reset after the write': 'Could not reach Apideck: connection reset',
				timeout: 'Could not reach Apideck: timed out',
			}[failure],
		);
		expect(error?.description).toMatch(/may have reached Apideck, so it was not sent again: check the CRM before re-running this item\.$/);
		expect(received()).toEqual([['POST', firstStatus(failure), failure === 'reset after the write' ? 201 : undefined]]);
		// the create took effect exactly when the sandbox carried it out, and never twice
		expect(companies().filter((c: IDataObject) => c.name === name)).toHaveLength(failure === 'reset after the write' ? 1 : 0);
	});

	test('Update is sent again and updates the record once more, to the same values', async () => {
		const company = freshCompany();
		failFirst('PATCH', failure);
		const { items, error } = await run(ctx, {
			resource: 'company',
			operation: 'update',
			companyId: byId(String(company.id)),
			companyFields: { name: `Renamed (${failure})`, industry: 'Retries' },
			requestOptions,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id: company.id });
		expect(received()).toEqual([
			['PATCH', firstStatus(failure), failure === 'reset after the write' ? 200 : undefined],
			['PATCH', 200, undefined],
		]);
		expect(companies().find((c: IDataObject) => c.id === company.id)).toMatchObject({ name: `Renamed (${failure})`, industry: 'Retries' });
	});

	test('Delete is sent again and reports the record deleted, also when the first attempt already deleted it', async () => {
		const company = freshCompany();
		failFirst('DELETE', failure);
		const { items, error } = await run(ctx, { resource: 'company', operation: 'delete', companyId: byId(String(company.id)), requestOptions });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ id: company.id, deleted: true }]);
		expect(received()).toEqual(
			failure === 'reset after the write'
				? [
						['DELETE', 0, 200],
						['DELETE', 404, undefined],
					]
				: [
						['DELETE', firstStatus(failure), undefined],
						['DELETE', 200, undefined],
					],
		);
		expect(companies().some((c: IDataObject) => c.id === company.id)).toBe(false);
	});
});

describe('when every attempt fails', () => {
	const always = (method: string, failure: Failure) => ctx.sandbox.intercept((req) => (req.method === method ? FAILURES[failure] : undefined));
	const cases: Array<[string, string, () => INodeParameters]> = [
		['Get', 'GET', () => ({ resource: 'company', operation: 'get', companyId: byId('co_000001') })],
		['Get Many', 'GET', () => ({ resource: 'company', operation: 'getAll', returnAll: true })],
		['Update', 'PATCH', () => ({ resource: 'company', operation: 'update', companyId: byId('co_000001'), companyFields: { name: 'X' } })],
		['Delete', 'DELETE', () => ({ resource: 'company', operation: 'delete', companyId: byId('co_000002') })],
	];
	for (const [name, method, parameters] of cases) {
		test(`${name}: Max Attempts requests, then an error that counts them`, async () => {
			always(method, '503');
			const { error } = await run(ctx, { ...parameters(), requestOptions: { maxAttempts: 3 } });
			expect(error?.httpCode).toBe('503');
			expect(error?.message).toBe('ConnectorExecutionError: Connector unavailable (after 3 attempts)');
			// a failed read or update is safe to re-run: nothing says it may have reached Apideck
			expect(error?.description ?? '').not.toMatch(/may have reached/);
			expect(received()).toEqual([
				[method, 503, undefined],
				[method, 503, undefined],
				[method, 503, undefined],
			]);
		});
	}

	test('a broken connection on a read: Max Attempts requests, then "connection reset"', async () => {
		always('GET', 'reset before the write');
		const { error } = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('co_000001'), requestOptions: { maxAttempts: 2 } });
		expect(error?.message).toBe('Could not reach Apideck: connection reset (after 2 attempts)');
		expect(error?.context?.connectionError).toBe('ECONNRESET');
		expect(received()).toEqual([
			['GET', 0, undefined],
			['GET', 0, undefined],
		]);
	});
});

const CHECK_BASE_URL = 'Check the Base URL of the credentials and that the API is reachable from n8n.';
const MAY_HAVE_REACHED = 'The create request may have reached Apideck, so it was not sent again: check the CRM before re-running this item.';

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
		const consumerId = `failed-create-${++consumers}-${Date.now()}`;
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
