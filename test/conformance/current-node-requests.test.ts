/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Contract: every request the node sends for the resources of Apideck's current CRM API (List, Custom
 * Object Schema, Custom Object), and for the fields and filters the current API adds to the eight 10.3.6
 * resources, goes through n8n-core's engine to a Prism mock of crm-10.34.0.yml, which answers 422 (with
 * `sl-violations`) to a request that breaks the contract. A recorder in between keeps what the node sent.
 * Prism lets an undocumented filter[...] key through: query keys are checked with undocumentedQuery.
 */
import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { runNode } from '../helpers/engine';
import { nodeType } from '../helpers/node';
import { everyFieldParameters, everyFilterParameters } from '../helpers/samples';
import { loadSpec, undocumentedQuery } from '../helpers/spec';
import { specPath, startPrism, startRecorder, type PrismHandle, type Recorder, type SeenRequest } from './prism';

type Seen = SeenRequest;

let prism: PrismHandle;
let recorder: Recorder;
let baseUrl = '';
let seen: Seen[] = [];
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const def = (value: string) => RESOURCES.find((r) => r.value === value)!;

beforeAll(async () => {
	// errors off: Prism then answers with the spec's examples even where those break the spec themselves
	// (the example list's custom fields lack id and name), and still lists what is wrong with the
	// request in `sl-violations`
	prism = await startPrism('mock', specPath('crm-10.34.0.yml'), undefined, { errors: false });
	recorder = await startRecorder(() => prism.url);
	baseUrl = recorder.url;
	seen = recorder.seen;
}, 180_000);

afterAll(async () => {
	recorder?.close();
	await prism?.close();
});

/**
 * What Prism found wrong with the request. Prism also checks the answer it makes up from the spec's
 * examples, and crm-10.34.0.yml's example list has custom fields without id or name: that is the
 * spec's own example, not the node's request, so response findings are left out.
 */
function requestViolations(request: Seen): unknown[] {
	if (!request.violations) return [];
	return (JSON.parse(request.violations) as Array<{ location?: string[] }>).filter((v) => v.location?.[0] !== 'response');
}

/** Runs the node and fails on any request the spec refuses; returns what was sent. */
async function send(parameters: IDataObject): Promise<Seen[]> {
	seen.length = 0;
	const result = await runNode({
		nodeType,
		parameters: parameters as any,
		credentials: { apiKey: 'contract-key', appId: 'contract-app', consumerId: 'contract-consumer', baseUrl } as any,
	});
	expect(seen.length).toBeGreaterThanOrEqual(1);
	for (const request of seen) {
		if (requestViolations(request).length) throw new Error(`${request.method} ${request.url} breaks the spec: ${request.violations}`);
		expect(request.status).toBeLessThan(300);
	}
	expect(result.error).toBeUndefined();
	return [...seen];
}

const listOptions = { fields: 'id,name', raw: true, passThrough: { values: [{ key: 'search', value: 'x' }] } };

describe('List', () => {
	test('Get Many, Get and Get Members with their documented options are valid requests', async () => {
		const [many] = await send({ resource: 'list', operation: 'getAll', returnAll: false, limit: 5, options: listOptions });
		expect(new URL(many.url, baseUrl).pathname).toBe('/crm/lists');
		expect(new URL(many.url, baseUrl).searchParams.get('fields')).toBe('id,name');
		await send({ resource: 'list', operation: 'get', listId: byId('ls 1/2'), options: { fields: 'id', raw: true } });
		const [members] = await send({ resource: 'list', operation: 'getMembers', listId: byId('ls-1'), returnAll: false, limit: 3, options: listOptions });
		expect(new URL(members.url, baseUrl).pathname).toBe('/crm/lists/ls-1/members');
	});
});

describe('Custom Object Schema', () => {
	const schema = def('customObjectSchema');

	test('Create and Update with every field filled are valid requests and send every field', async () => {
		for (const operation of ['create', 'update'] as const) {
			const [request] = await send(everyFieldParameters(schema, operation));
			expect(request.method).toBe(operation === 'create' ? 'POST' : 'PATCH');
			expect(Object.keys(request.body).sort()).toEqual(schema.fields.map((f) => f.api).sort());
			expect(Object.keys(request.body.fields[0]).sort()).toEqual(['default_value', 'description', 'id', 'name', 'options', 'required', 'type']);
		}
	});

	test('Get Many, Get and Delete are valid requests', async () => {
		await send({ resource: 'customObjectSchema', operation: 'getAll', returnAll: false, limit: 2, options: { raw: true, passThrough: { values: [{ key: 'q', value: '1' }] } } });
		await send({ resource: 'customObjectSchema', operation: 'get', customObjectSchemaId: byId('cos_1'), options: { raw: true } });
		await send({ resource: 'customObjectSchema', operation: 'delete', customObjectSchemaId: byId('cos_1'), options: { raw: true } });
	});
});

describe('Custom Object', () => {
	const object = { customObjectObjectId: byId('cos_12345') };
	// Prism answers the schema read with the spec's example: one required text field, project_name
	const values = { mappingMode: 'defineBelow', value: { project_name: 'Contract project' }, matchingColumns: [], schema: [] };

	test('Create and Update with mapped fields, a name and a pass-through body are valid requests', async () => {
		for (const operation of ['create', 'update'] as const) {
			const requests = await send({
				resource: 'customObject',
				operation,
				...object,
				...(operation === 'update' ? { customObjectId: byId('co_1') } : {}),
				customObjectValues: values,
				customObjectFields: everyFieldParameters(def('customObject'), 'create').customObjectFields,
			});
			expect(requests.map((r) => `${r.method} ${new URL(r.url, baseUrl).pathname}`)).toEqual([
				'GET /crm/custom-object-schemas/cos_12345',
				`${operation === 'create' ? 'POST' : 'PATCH'} /crm/custom-objects/cos_12345${operation === 'update' ? '/co_1' : ''}`,
			]);
			expect(requests[1].body).toMatchObject({ name: 'name sample', fields: [{ name: 'project_name', value: 'Contract project' }] });
			expect(requests[1].body.pass_through[0].service_id).toBeTruthy();
		}
	});

	test('Get Many, Get and Delete are valid requests', async () => {
		await send({ resource: 'customObject', operation: 'getAll', ...object, returnAll: false, limit: 2, options: listOptions });
		await send({ resource: 'customObject', operation: 'get', ...object, customObjectId: byId('co_1'), options: { raw: true } });
		await send({ resource: 'customObject', operation: 'delete', ...object, customObjectId: byId('co_1'), options: { raw: true } });
	});
});

// the eight 10.3.6 resources with what the current API adds to them (marked `currentApi`): every field and
// every filter filled, the additions included (their 10.3.6 requests are checked against crm.yml in
// node-requests.test.ts, without the additions)
describe.each(RESOURCES.filter((r) => !r.currentApi).map((r) => [r.value, r] as const))("%s with the current API's fields and filters", (_name, resource) => {
	const added = resource.fields.filter((f) => f.currentApi).map((f) => f.api);

	test('Create and Update with every field filled, the additions included, are valid requests and send every field', async () => {
		expect(added).toContain('pass_through');
		for (const operation of ['create', 'update'] as const) {
			const [request] = await send(everyFieldParameters(resource, operation, [], { currentApi: true }));
			expect(request.method).toBe(operation === 'create' ? 'POST' : 'PATCH');
			expect(Object.keys(request.body).sort()).toEqual(resource.fields.map((f) => f.api).sort());
			expect(request.body.pass_through).toEqual([
				{ service_id: 'service_id sample', operation_id: 'operation_id sample', extend_object: { a: 1 }, extend_paths: [{ path: 'path sample', value: { a: 1 } }] },
			]);
			if (request.body.addresses) expect(request.body.addresses[0].line5).toBe('line5 sample');
			if (request.body.location_address) expect(request.body.location_address.line5).toBe('line5 sample');
			if (request.body.bank_accounts) expect(request.body.bank_accounts[0].country).toBe('US');
		}
	});

	const filters = resource.filters.filter((f) => f.currentApi).map((f) => `filter[${f.api}]`);
	if (filters.length) {
		test('Get Many with every filter, the additions included, is a valid request whose every key crm-10.34.0.yml documents', async () => {
			const requests = await send(everyFilterParameters(resource, { currentApi: true }));
			// pass_through[...] (Options → Pass-Through Query Parameters) is a free-form object: any key is documented
			const undocumented = (spec: string, url: URL) => undocumentedQuery(loadSpec(spec), url.pathname, url.searchParams).filter((k) => !k.startsWith('pass_through['));
			for (const request of requests) {
				const url = new URL(request.url, baseUrl);
				expect(url.searchParams.get('pass_through[search]')).toBe('x');
				expect([request.url, undocumented('crm-10.34.0.yml', url)]).toEqual([request.url, []]);
			}
			const first = new URL(requests[0].url, baseUrl);
			for (const f of resource.filters) expect(first.searchParams.has(`filter[${f.api}]`)).toBe(true);
			// the ones crm.yml lacks are exactly those marked as the current API's
			expect(undocumented('crm.yml', first).sort()).toEqual([...filters].sort());
		});
	}
});

test('the contract check can fail: a custom object whose value is not text is flagged by the mock', async () => {
	seen.length = 0;
	await fetch(`${baseUrl}/crm/custom-objects/cos_1`, {
		method: 'POST',
		headers: { authorization: 'Bearer k', 'x-apideck-app-id': 'a', 'x-apideck-consumer-id': 'c', 'content-type': 'application/json' },
		body: JSON.stringify({ fields: [{ name: 'budget', value: 12 }] }),
	});
	expect(requestViolations(seen[0])).toEqual([expect.objectContaining({ location: ['request', 'body', 'fields', '0', 'value'] })]);
	await fetch(`${baseUrl}/crm/lists?limit=500`, { headers: { authorization: 'Bearer k', 'x-apideck-app-id': 'a', 'x-apideck-consumer-id': 'c' } });
	expect(requestViolations(seen[1])).toEqual([expect.objectContaining({ location: ['request', 'query', 'limit'] })]);
});
