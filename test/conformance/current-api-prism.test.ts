/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Conformance of the sandbox's endpoints from Apideck's current CRM API (lists, list members, custom
 * object schemas, custom objects) against crm-10.34.0.yml: Prism runs as a validating proxy with
 * --errors in front of the sandbox, so a request or response that breaks the spec becomes an
 * application/problem+json answer with an `sl-violations` header.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { specPath, startPrism, type PrismHandle } from './prism';

const SPEC = 'crm-10.34.0.yml';
const HEADERS: Record<string, string> = {
	authorization: `Bearer ${DEMO.apiKey}`,
	'x-apideck-app-id': DEMO.appId,
	'x-apideck-consumer-id': DEMO.consumerId,
};

interface Reply {
	status: number;
	body: any;
	contentType: string;
	violations: string | null;
}

async function call(base: string, method: string, path: string, body?: unknown, headers = HEADERS): Promise<Reply> {
	const res = await fetch(base + path, {
		method,
		headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* keep text */
	}
	return { status: res.status, body: parsed, contentType: res.headers.get('content-type') ?? '', violations: res.headers.get('sl-violations') };
}

describe(`sandbox responses of the current API conform to ${SPEC} (Prism proxy --errors)`, () => {
	let sb: Sandbox;
	let prism: PrismHandle;

	beforeAll(async () => {
		sb = await startSandbox();
		prism = await startPrism('proxy', specPath(SPEC), sb.url);
	}, 180_000);

	afterAll(async () => {
		await prism?.close();
		await sb?.close();
	});

	async function conform(method: string, path: string, body?: unknown, headers = HEADERS): Promise<Reply> {
		const before = sb.requests.length;
		const r = await call(prism.url, method, path, body, headers);
		if (r.contentType.includes('problem+json') || r.violations) {
			throw new Error(`${method} ${path} → ${r.status}\nsl-violations: ${r.violations}\nbody: ${JSON.stringify(r.body).slice(0, 2000)}`);
		}
		expect(sb.requests.length).toBe(before + 1); // answered by the sandbox, not by Prism
		return r;
	}

	/** Every page of a list, each one checked. */
	async function pages(path: string, headers = HEADERS): Promise<any[]> {
		const out: any[] = [];
		let cursor: string | null = null;
		do {
			const sep = path.includes('?') ? '&' : '?';
			const r: Reply = await conform('GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path, undefined, headers);
			expect(r.status).toBe(200);
			out.push(...r.body.data);
			cursor = r.body.meta.cursors.next;
		} while (cursor);
		return out;
	}

	test('the check can fail: a list without its required name is flagged', async () => {
		const bad = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ status_code: 200, status: 'OK', service: 'x', resource: 'lists', operation: 'all', data: [{ id: 'l1', kind: 'static' }] }));
		});
		await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
		const badPrism = await startPrism('proxy', specPath(SPEC), `http://127.0.0.1:${(bad.address() as AddressInfo).port}`);
		try {
			const r = await call(badPrism.url, 'GET', '/crm/lists');
			expect(r.status).toBe(500);
			expect(r.violations).toMatch(/name/);
			expect(r.violations).toMatch(/additional properties/);
		} finally {
			await badPrism.close();
			await new Promise<void>((r) => bad.close(() => r()));
		}
	}, 180_000);

	test('the check can fail: a corrupted custom object record is flagged', async () => {
		const schema = sb.current(DEMO.consumerId).schemas.list.find((s) => s.name === 'vehicle')!;
		const record = sb.current(DEMO.consumerId).objects.get(String(schema.id))!.list[0];
		const fields = record.fields;
		record.fields = [{ name: 'mileage', value: 42000 }];
		record.colour = 'red';
		try {
			const r = await call(prism.url, 'GET', `/crm/custom-objects/${schema.id}/${record.id}`);
			expect(r.status).toBe(500);
			expect(r.violations).toMatch(/value/);
			expect(r.violations).toMatch(/colour/);
		} finally {
			record.fields = fields;
			delete record.colour;
		}
		await conform('GET', `/crm/custom-objects/${schema.id}/${record.id}`);
	});

	test('lists, one list and its members, every page and every demo connection', async () => {
		const connections: Array<[string, string]> = [
			[DEMO.consumerId, 'hubspot'],
			[DEMO.consumerId, 'pipedrive'],
			[DEMO.otherConsumerId, 'hubspot'],
		];
		for (const [consumer, service] of connections) {
			const headers = { ...HEADERS, 'x-apideck-consumer-id': consumer, 'x-apideck-service-id': service };
			const lists = await pages('/crm/lists?limit=2&raw=true', headers);
			expect(lists.length).toBe(sb.current(consumer, service).lists.list.length);
			for (const list of lists) {
				await conform('GET', `/crm/lists/${list.id}?raw=true`, undefined, headers);
				const members = await pages(`/crm/lists/${list.id}/members?limit=3&raw=true`, headers);
				expect(members.length).toBe(list.record_count);
			}
		}
		await conform('GET', '/crm/lists?fields=id,name,type&pass_through[search]=x');
		const first = sb.current(DEMO.consumerId).lists.list[0];
		await conform('GET', `/crm/lists/${first.id}?fields=id,name`);
		await conform('GET', `/crm/lists/${first.id}/members?fields=id`);
	});

	test('custom object schemas: list, create, get, update, delete', async () => {
		const all = await pages('/crm/custom-object-schemas?limit=1&raw=true');
		expect(all.length).toBeGreaterThan(0);
		const created = await conform('POST', '/crm/custom-object-schemas?raw=true', {
			name: 'conformance',
			description: 'every field type',
			fields: ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'currency', 'email', 'phone', 'reference', 'select', 'multiselect'].map((type) => ({
				name: `f_${type}`,
				description: `a ${type}`,
				type,
				required: type === 'string',
				options: type.endsWith('select') ? [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] : null,
				default_value: type === 'boolean' ? 'false' : null,
			})),
			visible: false,
			active: true,
			pass_through: [{ service_id: 'hubspot', extend_object: { x: 1 }, extend_paths: [{ path: '$.a', value: 1 }] }],
		});
		expect(created.status).toBe(201);
		const id = created.body.data.id;
		await conform('GET', `/crm/custom-object-schemas/${id}?raw=true`);
		expect((await conform('PATCH', `/crm/custom-object-schemas/${id}?raw=true`, { description: 'changed', fields: [{ name: 'f_string', type: 'string' }] })).status).toBe(200);
		expect((await conform('DELETE', `/crm/custom-object-schemas/${id}?raw=true`)).status).toBe(200);
		expect((await conform('GET', `/crm/custom-object-schemas/${id}`)).status).toBe(404);
	});

	test('custom objects: every demo record, create, get, update, delete', async () => {
		for (const schema of sb.current(DEMO.consumerId).schemas.list) {
			const records = await pages(`/crm/custom-objects/${schema.id}?limit=2&raw=true`);
			expect(records.length).toBe(sb.current(DEMO.consumerId).objects.get(String(schema.id))?.list.length ?? 0);
			for (const r of records) await conform('GET', `/crm/custom-objects/${schema.id}/${r.id}?raw=true`);
		}
		const project = sb.current(DEMO.consumerId).schemas.list.find((s) => s.name === 'project')!;
		const created = await conform('POST', `/crm/custom-objects/${project.id}?raw=true`, {
			name: 'Conformance',
			fields: [
				{ name: 'project_name', value: 'Conformance' },
				{ name: 'seats', value: '4' },
				{ name: 'kickoff_at', value: '2025-02-03T10:00:00.000Z' },
			],
			pass_through: [{ service_id: 'hubspot', extend_object: {} }],
		});
		expect(created.status).toBe(201);
		const id = created.body.data.id;
		await conform('GET', `/crm/custom-objects/${project.id}/${id}`);
		await conform('GET', `/crm/custom-objects/${project.id}?fields=id,name`);
		expect((await conform('PATCH', `/crm/custom-objects/${project.id}/${id}?raw=true`, { fields: [{ name: 'seats', value: '5' }] })).status).toBe(200);
		expect((await conform('DELETE', `/crm/custom-objects/${project.id}/${id}?raw=true`)).status).toBe(200);
	});

	test('errors conform: 404, 400 for an ill-typed value, 422 for a missing required field', async () => {
		expect((await conform('GET', '/crm/lists/nope')).status).toBe(404);
		expect((await conform('GET', '/crm/lists/nope/members')).status).toBe(404);
		expect((await conform('GET', '/crm/custom-object-schemas/nope')).status).toBe(404);
		expect((await conform('GET', '/crm/custom-objects/nope/also-nope')).status).toBe(404);
		const project = sb.current(DEMO.consumerId).schemas.list.find((s) => s.name === 'project')!;
		const bad = await conform('POST', `/crm/custom-objects/${project.id}`, { fields: [{ name: 'project_name', value: 'X' }, { name: 'seats', value: 'three' }] });
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toContain('seats');
		const missing = await conform('POST', `/crm/custom-objects/${project.id}`, { fields: [{ name: 'seats', value: '3' }] });
		expect(missing.status).toBe(422);
		expect((await conform('GET', '/crm/lists?cursor=bm90LWEtY3Vyc29y')).body.type_name).toBe('InvalidCursorError');
	});
});
