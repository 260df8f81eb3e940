// A record ID is one path segment, whatever it holds: every operation on a record sends it
// percent-encoded, so "/", " ", "?", "#" and "%" never change where the request goes. A Base URL with a
// "." or ".." segment is refused before any request, and "", "." and ".." are never taken for an ID.
import type { INodeParameters } from 'n8n-workflow';

import { isSafeSegment } from '../../nodes/shared/transport/paths';
import { byId, crmRequests, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const IDS = ['a/b', 'a b', 'a?b=1', 'a#b', '50%', '../companies', 'ü/é'];

const operations: Array<[string, string, (id: string) => INodeParameters]> = [
	['Get', 'GET', (id) => ({ resource: 'company', operation: 'get', companyId: byId(id) })],
	['Update', 'PATCH', (id) => ({ resource: 'company', operation: 'update', companyId: byId(id), companyFields: { name: 'Same', industry: 'X' } })],
	['Delete', 'DELETE', (id) => ({ resource: 'company', operation: 'delete', companyId: byId(id) })],
];

describe.each(operations)('%s', (_name, method, parameters) => {
	test('sends the ID as one encoded segment, and Apideck answers for exactly that ID', async () => {
		for (const id of IDS) {
			const { error } = await run(ctx, parameters(id));
			expect([id, error?.httpCode]).toEqual([id, '404']);
		}
		expect(crmRequests(ctx).map((r) => `${r.method} ${r.path}`)).toEqual(IDS.map((id) => `${method} /crm/companies/${encodeURIComponent(id)}`));
	});
});

test("a list's members and a custom object's records: both IDs of the path are one segment each", async () => {
	await run(ctx, { resource: 'list', operation: 'getMembers', listId: byId('l/1 #x'), returnAll: true });
	await run(ctx, { resource: 'customObject', operation: 'get', customObjectObjectId: byId('obj/1?'), customObjectId: byId('rec #2') });
	expect(crmRequests(ctx).map((r) => r.path)).toEqual(['/crm/lists/l%2F1%20%23x/members', '/crm/custom-objects/obj%2F1%3F/rec%20%232']);
});

const getCompany = (id = 'co_000001') => ({ resource: 'company', operation: 'get', companyId: byId(id), requestOptions: { maxAttempts: 1 } });

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
