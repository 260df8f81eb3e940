/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Contract: the node's requests against Apideck's official spec. Every Create and Update with every
 * field filled, every Get Many with every filter and sort, and Get/Delete go through n8n-core's
 * engine to a Prism mock of crm.yml, which answers 422 (with `sl-violations`) to any request that
 * breaks the contract. A recorder in between keeps what the node sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { nodeType } from '../helpers/node';
import { runNode } from '../helpers/engine';
import { everyFieldParameters, everyFilterParameters, sampled } from '../helpers/samples';
import { specPath, startPrism, startRecorder, type PrismHandle, type Recorder, type SeenRequest } from './prism';

type Seen = SeenRequest;

let prism: PrismHandle;
let recorder: Recorder;
let baseUrl = '';
let seen: Seen[] = [];

beforeAll(async () => {
	prism = await startPrism('mock', specPath());
	recorder = await startRecorder(() => prism.url);
	baseUrl = recorder.url;
	seen = recorder.seen;
}, 180_000);

afterAll(async () => {
	recorder?.close();
	await prism?.close();
});

async function send(parameters: IDataObject) {
	seen.length = 0;
	const result = await runNode({
		nodeType,
		parameters: parameters as any,
		credentials: { apiKey: 'contract-key', appId: 'contract-app', consumerId: 'contract-consumer', baseUrl } as any,
	});
	// Get Many may ask for a second page: Prism's canned list has fewer records than the limit
	expect(seen.length).toBeGreaterThanOrEqual(1);
	for (const request of seen) {
		if (request.violations) throw new Error(`${request.method} ${request.url} breaks the spec: ${request.violations}`);
		expect(request.status).toBeLessThan(300);
	}
	expect(result.error).toBeUndefined();
	return seen[0];
}

// the resources of Apideck's current API, and the current API's fields and filters on these (left out of the
// samples here: `sampled`), are checked against crm-10.34.0.yml in current-node-requests.test.ts
describe.each(RESOURCES.filter((r) => !r.currentApi).map((r) => [r.value, r] as const))('%s', (_name, def) => {
	test('Create with every field filled is a valid request and sends every field', async () => {
		const request = await send(everyFieldParameters(def, 'create'));
		expect(Object.keys(request.body).sort()).toEqual(sampled(def.fields).map((f) => f.api).sort());
	});

	test('Update with every field filled is a valid request and sends every field', async () => {
		const request = await send(everyFieldParameters(def, 'update'));
		expect(request.method).toBe('PATCH');
		expect(Object.keys(request.body).sort()).toEqual(sampled(def.fields).map((f) => f.api).sort());
	});

	const required = def.fields.filter((f) => f.required).map((f) => f.api);
	if (required.length) test('Update without the required fields: the GET of the record and the PATCH with its current values are valid', async () => {
		await send(everyFieldParameters(def, 'update', required));
		expect(seen.map((r) => r.method)).toEqual(['GET', 'PATCH']);
		for (const api of required) expect(seen[1].body).toHaveProperty(api);
	});

	test('Create and Update with Return Full Record: the write and the GET after it are valid', async () => {
		for (const operation of ['create', 'update'] as const) {
			await send({ ...everyFieldParameters(def, operation), options: { returnFullRecord: true, raw: true } });
			expect(seen.map((r) => r.method)).toEqual([operation === 'create' ? 'POST' : 'PATCH', 'GET']);
		}
	});

	if (def.upsert) {
		test('Create or Update: the lookup, the create (no match) and the update (a match) are valid', async () => {
			// Prism answers every list with the spec's example record: match its value, or miss it
			const listed = await fetch(`${baseUrl}${def.path}`, { headers: { authorization: 'Bearer k', 'x-apideck-app-id': 'a', 'x-apideck-consumer-id': 'c' } });
			const example = ((await listed.json()) as { data: IDataObject[] }).data[0];
			const params = everyFieldParameters(def, 'upsert');
			const withMatch = (value: string) => {
				const out = JSON.parse(JSON.stringify(params));
				if (def.upsert!.matchBy === 'email') out[`${def.value}Fields`].emails = { values: [{ email: value, type: 'primary' }] };
				else out[`${def.value}${def.upsert!.matchBy.charAt(0).toUpperCase()}${def.upsert!.matchBy.slice(1)}`] = value;
				return out;
			};
			const exampleValue = String(def.upsert!.matchBy === 'email' ? (example.emails as IDataObject[])[0].email : example[def.upsert!.matchBy]);

			// the lookup reads both pages of Prism's list (see the recorder), then writes
			await send({ ...withMatch('nobody-listed@example.com'), options: { returnFullRecord: true } });
			expect(seen.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'GET']);
			const lookup = new URL(seen[1].url, baseUrl).searchParams;
			expect(lookup.get(`filter[${def.upsert!.matchBy}]`)).toBe('nobody-listed@example.com');
			expect(lookup.get('cursor')).toBeTruthy();
			expect(Object.keys(seen[2].body).sort()).toEqual(sampled(def.fields).map((f) => f.api).sort());

			await send(withMatch(exampleValue));
			expect(seen.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([`GET ${def.path}`, `GET ${def.path}`, `PATCH ${def.path}/${String(example.id)}`]);
			expect(Object.keys(seen[2].body).sort()).toEqual(sampled(def.fields).map((f) => f.api).sort());
		});
	}

	test('Get Many with every filter, sort and option is a valid request', async () => {
		const request = await send(everyFilterParameters(def));
		const query = new URL(request.url, baseUrl).searchParams;
		for (const f of sampled(def.filters)) expect(query.has(`filter[${f.api}]`)).toBe(true);
		if (def.sortBy) expect(query.get('sort[by]')).toBe(def.sortBy[def.sortBy.length - 1]);
	});

	test('Get and Delete are valid requests', async () => {
		await send({ resource: def.value, operation: 'get', [`${def.value}Id`]: { __rl: true, mode: 'id', value: 'abc-123' }, options: { fields: 'id', raw: true } });
		await send({ resource: def.value, operation: 'delete', [`${def.value}Id`]: { __rl: true, mode: 'id', value: 'abc-123' } });
	});
});

test('the contract check can fail: a request that breaks the spec is refused by the mock', async () => {
	seen.length = 0;
	const response = await fetch(`${baseUrl}/crm/companies?limit=500`, {
		headers: { authorization: 'Bearer k', 'x-apideck-app-id': 'a', 'x-apideck-consumer-id': 'c' },
	});
	expect(response.status).toBe(422);
	expect(seen[0].violations).toMatch(/limit/);
});

test('the contract check can fail: a PATCH without the fields 10.3.6 requires on update is refused', async () => {
	seen.length = 0;
	const response = await fetch(`${baseUrl}/crm/contacts/123`, {
		method: 'PATCH',
		headers: { authorization: 'Bearer k', 'x-apideck-app-id': 'a', 'x-apideck-consumer-id': 'c', 'content-type': 'application/json' },
		body: JSON.stringify({ title: 'CEO' }),
	});
	expect(response.status).toBe(422);
	expect(seen[0].violations).toMatch(/name/);
});
