// Every operation against every kind of failure of its first request: what the sandbox received, what
// the user gets, and what the CRM holds afterwards. Reads, updates and deletes are sent again; a create
// never is once it may have reached Apideck (a 5xx, a connection that broke, a timeout).
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Interception } from '../../sandbox';
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
