/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The sandbox's endpoints of Apideck's current CRM API (crm-10.34.0.yml): lists and members,
// custom object schemas, and custom objects whose schema decides what a record accepts.
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { api, listAll } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());

const project = () => sb.current(DEMO.consumerId).schemas.list.find((s) => s.name === 'project')!;

describe('lists', () => {
	test('demo lists page with cursors, project fields, and return their members', async () => {
		const { records, pages } = await listAll(sb, '/crm/lists?limit=2');
		expect(pages).toBe(2);
		expect(records.map((l) => l.name)).toEqual(['Newsletter subscribers', 'Enterprise accounts', 'Hot leads']);
		const projected = await api(sb, 'GET', '/crm/lists?fields=id,name');
		expect(Object.keys(projected.body.data[0]).sort()).toEqual(['id', 'name']);

		const list = records[0];
		const one = await api(sb, 'GET', `/crm/lists/${list.id}?raw=true`);
		expect(one.body).toMatchObject({ resource: 'lists', operation: 'one', data: { id: list.id, type: 'static', object_type: 'contacts' } });
		expect(one.body._raw).toMatchObject({ Id: list.id });

		const members = await listAll(sb, `/crm/lists/${list.id}/members?limit=5`);
		expect(members.records.length).toBe(list.record_count);
		const contactIds = new Set(sb.records(DEMO.consumerId, 'contacts').map((c) => c.id));
		for (const m of members.records) {
			expect(contactIds.has(m.id)).toBe(true);
			expect(m.object_type).toBe('contacts');
		}
	});

	test('lists are read-only, scoped to the connection, and have no filters', async () => {
		expect((await api(sb, 'POST', '/crm/lists', { body: { name: 'x' } })).status).toBe(405);
		expect((await api(sb, 'GET', '/crm/lists?filter[name]=x')).body.type_name).toBe('UnsupportedFiltersError');
		const hub = sb.current(DEMO.consumerId).lists.list[0].id;
		const other = await api(sb, 'GET', `/crm/lists/${hub}`, { service: 'pipedrive' });
		expect(other.status).toBe(404);
		expect((await api(sb, 'GET', '/crm/lists/nope/members')).status).toBe(404);
	});
});

describe('custom object schemas', () => {
	test('create → get → update → delete, with field ids assigned and kept', async () => {
		const created = await api(sb, 'POST', '/crm/custom-object-schemas', {
			body: { name: 'ticket', description: 'Support tickets', fields: [{ name: 'subject', type: 'string', required: true }, { name: 'severity', type: 'select', options: [{ value: 'low' }, { value: 'high', label: 'High' }] }], visible: true },
		});
		expect(created.status).toBe(201);
		expect(created.body.resource).toBe('custom-object-schemas');
		const id = created.body.data.id;
		expect(created.body.data.fields.map((f: any) => f.id)).toEqual([expect.stringMatching(/^fld_/), expect.stringMatching(/^fld_/)]);
		const subjectId = created.body.data.fields[0].id;

		const updated = await api(sb, 'PATCH', `/crm/custom-object-schemas/${id}`, { body: { fields: [{ name: 'subject', type: 'string', required: true }, { name: 'opened_at', type: 'datetime' }] } });
		expect(updated.status).toBe(200);
		expect(updated.body.data).toEqual({ id });
		const got = await api(sb, 'GET', `/crm/custom-object-schemas/${id}`);
		expect(got.body.data.fields.map((f: any) => f.name)).toEqual(['subject', 'opened_at']);
		expect(got.body.data.fields[0].id).toBe(subjectId);
		expect(got.body.data.description).toBe('Support tickets');

		expect((await api(sb, 'DELETE', `/crm/custom-object-schemas/${id}`)).body.data).toEqual({ id });
		expect((await api(sb, 'GET', `/crm/custom-object-schemas/${id}`)).status).toBe(404);
		expect((await api(sb, 'GET', `/crm/custom-objects/${id}`)).status).toBe(404);
	});

	test('bad schemas: missing name → 422, unknown types, properties and duplicate fields → 400', async () => {
		const noName = await api(sb, 'POST', '/crm/custom-object-schemas', { body: { description: 'x' } });
		expect(noName.status).toBe(422);
		expect(noName.body.detail).toContain("'name' is required");
		const bad = await api(sb, 'POST', '/crm/custom-object-schemas', {
			body: { name: 'x', colour: 'red', fields: [{ name: 'a', type: 'money' }, { name: 'a' }, { name: 'b', type: 'integer', default_value: 'many' }] },
		});
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toContain("'colour' is not a known property");
		expect(bad.body.detail).toContain("'fields[0].type' 'money' is not an allowed value");
		expect(bad.body.detail).toContain("'fields[1].name' 'a' is used by another field");
		expect(bad.body.detail).toContain("'fields[2].default_value' 'many' is not an integer");
		const readOnly = await api(sb, 'PATCH', `/crm/custom-object-schemas/${project().id}`, { body: { created_at: '2024-01-01T00:00:00Z' } });
		expect(readOnly.status).toBe(400);
		expect(readOnly.body.detail).toContain('read-only');
	});
});

describe('custom objects: the schema decides what a record accepts', () => {
	test('create → get → update → list → delete', async () => {
		const objectId = project().id;
		const created = await api(sb, 'POST', `/crm/custom-objects/${objectId}`, {
			body: { name: 'Data platform', fields: [{ name: 'project_name', value: 'Data platform' }, { name: 'budget', value: '12000.5' }, { name: 'channels', value: 'email;phone' }, { name: 'start_date', value: '2025-01-31' }] },
		});
		expect(created.status).toBe(201);
		expect(created.body.resource).toBe('custom-objects');
		const id = created.body.data.id;
		const got = await api(sb, 'GET', `/crm/custom-objects/${objectId}/${id}`);
		// defaults of the schema fill what was not given
		expect(got.body.data.fields).toEqual(
			expect.arrayContaining([{ name: 'project_name', value: 'Data platform' }, { name: 'billable', value: 'true' }, { name: 'stage', value: 'planned' }]),
		);
		await api(sb, 'PATCH', `/crm/custom-objects/${objectId}/${id}`, { body: { fields: [{ name: 'stage', value: 'running' }, { name: 'budget', value: '' }] } });
		const after = (await api(sb, 'GET', `/crm/custom-objects/${objectId}/${id}`)).body.data.fields;
		expect(after).toContainEqual({ name: 'stage', value: 'running' });
		expect(after.find((f: any) => f.name === 'budget')).toBeUndefined();
		const all = await listAll(sb, `/crm/custom-objects/${objectId}?limit=2`);
		expect(all.records.map((r) => r.id)).toContain(id);
		expect((await api(sb, 'DELETE', `/crm/custom-objects/${objectId}/${id}`)).body.data).toEqual({ id });
		expect((await api(sb, 'GET', `/crm/custom-objects/${objectId}/${id}`)).status).toBe(404);
	});

	test('unknown fields and ill-typed values → 400; a missing required field → 422', async () => {
		const objectId = project().id;
		const bad = await api(sb, 'POST', `/crm/custom-objects/${objectId}`, {
			body: {
				fields: [
					{ name: 'project_name', value: 'X' },
					{ name: 'colour', value: 'red' },
					{ name: 'budget', value: 'lots' },
					{ name: 'seats', value: 2 },
					{ name: 'stage', value: 'someday' },
					{ name: 'kickoff_at', value: '2025-01-01' },
					{ name: 'contact_email', value: 'nobody' },
				],
			},
		});
		expect(bad.status).toBe(400);
		for (const part of ["'fields[1].name' 'colour' is not a field of custom object 'project'", "'fields[2].value' 'lots' is not a number", "'fields[3].value' must be a string (got number)", "'fields[4].value' 'someday' is not an allowed value", "'fields[5].value' '2025-01-01' is not an ISO 8601 date-time", "'fields[6].value' 'nobody' is not an e-mail address"]) {
			expect(bad.body.detail).toContain(part);
		}
		const missing = await api(sb, 'POST', `/crm/custom-objects/${objectId}`, { body: { name: 'No name field', fields: [{ name: 'seats', value: '3' }] } });
		expect(missing.status).toBe(422);
		expect(missing.body.detail).toContain("'fields.project_name' is required by the object");
		const record = sb.current(DEMO.consumerId).objects.get(objectId)!.list[0];
		const cleared = await api(sb, 'PATCH', `/crm/custom-objects/${objectId}/${record.id}`, { body: { fields: [{ name: 'project_name', value: '' }] } });
		expect(cleared.status).toBe(422);
		expect((await api(sb, 'POST', '/crm/custom-objects/cos_unknown', { body: { fields: [] } })).status).toBe(404);
	});
});
