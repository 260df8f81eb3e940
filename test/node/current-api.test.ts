/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The resources of Apideck's current CRM API — List, Custom Object Schema, Custom Object — through
// n8n-core's engine against the sandbox: round trips, the custom object's resource mapper, pickers,
// bad input, and the shared executor's pagination and retries.
import type { IDataObject, INodeParameters, ResourceMapperField } from 'n8n-workflow';

import { byId, crmRequests, DEMO, nodeType, run, useSandbox } from '../helpers/node';
import { pickerContext } from '../helpers/vault';

const ctx = useSandbox();

const current = () => ctx.sandbox.current(DEMO.consumerId);
const projectSchema = () => current().schemas.list.find((s) => s.name === 'project')!;
const writes = () => crmRequests(ctx).filter((r) => r.method !== 'GET');

/** A resource mapper value as the editor stores it. */
function mapped(value: IDataObject, mappingMode = 'defineBelow', schema: Partial<ResourceMapperField>[] = []): any {
	return { mappingMode, value, matchingColumns: [], schema, attemptToConvertTypes: false, convertFieldsToString: false };
}

const loadOptionsContext = (parameters: INodeParameters) => pickerContext(parameters, ctx.credentials as any);

describe('List', () => {
	test('Get Many with Limit and Fields, and Get', async () => {
		const { items, error } = await run(ctx, { resource: 'list', operation: 'getAll', returnAll: false, limit: 2, options: { fields: 'id,name,object_type' } });
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ id: expect.any(String), name: 'Newsletter subscribers', object_type: 'contacts' },
			{ id: expect.any(String), name: 'Enterprise accounts', object_type: 'companies' },
		]);
		const [request] = crmRequests(ctx);
		expect(`${request.method} ${request.path}`).toBe('GET /crm/lists');
		expect(request.query).toEqual({ limit: '2', fields: 'id,name,object_type' });

		const got = await run(ctx, { resource: 'list', operation: 'get', listId: byId(String(items[1].id)) });
		expect(got.items).toEqual([expect.objectContaining({ id: items[1].id, type: 'dynamic', is_dynamic: true })]);
	});

	test('Get Members with Return All follows the cursors and returns every member once, in order', async () => {
		const list = current().lists.list[0];
		const members = current().members.get(list.id)!;
		for (let i = 0; i < 450; i++) members.push({ id: `extra_${i}`, object_type: 'contacts' });
		const { items, error } = await run(ctx, { resource: 'list', operation: 'getMembers', listId: byId(list.id), returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.id)).toEqual(members.map((m) => m.id));
		const requests = crmRequests(ctx);
		expect(requests.map((r) => r.path)).toEqual(Array(Math.ceil(members.length / 200)).fill(`/crm/lists/${list.id}/members`));
		expect(requests.map((r) => r.query.limit)).toEqual(requests.map(() => '200'));

		const limited = await run(ctx, { resource: 'list', operation: 'getMembers', listId: byId(list.id), returnAll: false, limit: 7 });
		expect(limited.items).toHaveLength(7);
	});

	test('Get Members retries a 503 and a 429 with the shared executor', async () => {
		const list = current().lists.list[0];
		ctx.sandbox.setFaults({ seed: 5, rate429: 0.3, rate503: 0.3, retryAfter: '0' });
		const { items, error } = await run(ctx, { resource: 'list', operation: 'getMembers', listId: byId(list.id), returnAll: true, requestOptions: { maxAttempts: 20 } });
		ctx.sandbox.setFaults(null);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.id)).toEqual(current().members.get(list.id)!.map((m) => m.id));
		expect(crmRequests(ctx).some((r) => r.status >= 429)).toBe(true);
	});
});

describe('Custom Object Schema: create → get → update → get many → delete', () => {
	let id = '';

	test('Create sends every field, nested options included, and returns the schema', async () => {
		const { items, error } = await run(ctx, {
			resource: 'customObjectSchema',
			operation: 'create',
			customObjectSchemaFields: {
				name: 'invoice',
				description: 'Invoices kept in the CRM',
				visible: true,
				active: true,
				fields: {
					values: [
						{ name: 'number', type: 'string', required: true },
						{ name: 'amount', type: 'currency', description: 'Total' },
						{ name: 'status', type: 'select', defaultValue: 'draft', options: { values: [{ value: 'draft', label: 'Draft' }, { value: 'sent' }] } },
					],
				},
			},
		});
		expect(error).toBeUndefined();
		const [request] = crmRequests(ctx);
		expect(`${request.method} ${request.path}`).toBe('POST /crm/custom-object-schemas');
		expect(request.body).toEqual({
			name: 'invoice',
			description: 'Invoices kept in the CRM',
			visible: true,
			active: true,
			fields: [
				{ name: 'number', type: 'string', required: true },
				{ name: 'amount', type: 'currency', description: 'Total', required: false },
				{ name: 'status', type: 'select', required: false, default_value: 'draft', options: [{ value: 'draft', label: 'Draft' }, { value: 'sent' }] },
			],
		});
		expect(items[0]).toMatchObject({ name: 'invoice', fields: [{ name: 'number' }, { name: 'amount' }, { name: 'status' }] });
		id = String(items[0].id);
	});

	test('Get returns it', async () => {
		const { items } = await run(ctx, { resource: 'customObjectSchema', operation: 'get', customObjectSchemaId: byId(id) });
		expect(items[0]).toMatchObject({ id, name: 'invoice', description: 'Invoices kept in the CRM' });
		expect(crmRequests(ctx).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /crm/custom-object-schemas/${id}`]);
	});

	test('Update sends only the update fields', async () => {
		const { items, error } = await run(ctx, { resource: 'customObjectSchema', operation: 'update', customObjectSchemaId: byId(id), customObjectSchemaFields: { visible: false } });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx)[0].body).toEqual({ visible: false });
		expect(items).toEqual([{ id }]);
		expect(current().schemas.byId.get(id)!.visible).toBe(false);
	});

	test('Get Many returns the consumer\'s schemas', async () => {
		const { items } = await run(ctx, { resource: 'customObjectSchema', operation: 'getAll', returnAll: true });
		expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(['project', 'vehicle', 'invoice']));
	});

	test('Delete removes it', async () => {
		const { items } = await run(ctx, { resource: 'customObjectSchema', operation: 'delete', customObjectSchemaId: byId(id) });
		expect(items).toEqual([{ id, deleted: true }]);
		expect(current().schemas.byId.has(id)).toBe(false);
	});
});

describe('Custom Object: create → get → update → get many → delete, fields mapped from the schema', () => {
	let id = '';
	const object = () => byId(String(projectSchema().id));

	test('Create sends the mapped fields as text, typed by the schema', async () => {
		const { items, error } = await run(ctx, {
			resource: 'customObject',
			operation: 'create',
			customObjectObjectId: object(),
			customObjectValues: mapped({
				project_name: '={{ $json.title }}',
				budget: 1500.5,
				seats: '12',
				start_date: '2025-04-01T00:00:00',
				kickoff_at: '2025-04-02T09:30:00.000Z',
				billable: false,
				stage: 'running',
				channels: '={{ ["email", "chat"] }}',
				contact_email: 'pm@example.com',
				contact_phone: '',
			}),
			customObjectFields: { name: 'Launch' },
		}, { items: [{ title: 'Launch plan' }] });
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		// the schema is read once, then the record is created
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /crm/custom-object-schemas/${projectSchema().id}`, `POST /crm/custom-objects/${projectSchema().id}`]);
		expect(requests[1].body).toEqual({
			name: 'Launch',
			fields: [
				{ name: 'project_name', value: 'Launch plan' },
				{ name: 'budget', value: '1500.5' },
				{ name: 'seats', value: '12' },
				{ name: 'start_date', value: '2025-04-01' },
				{ name: 'kickoff_at', value: '2025-04-02T09:30:00.000Z' },
				{ name: 'billable', value: 'false' },
				{ name: 'stage', value: 'running' },
				{ name: 'channels', value: 'email;chat' },
				{ name: 'contact_email', value: 'pm@example.com' },
			],
		});
		id = String(items[0].id);
	});

	test('Create: a field left untouched in the mapper is sent as the mapper shows it (a boolean shown off is not sent as the schema default "true")', async () => {
		const schema = projectSchema();
		expect((schema.fields as any[]).find((f) => f.name === 'billable')).toMatchObject({ type: 'boolean', default_value: 'true' });
		const { fields } = await nodeType.methods.resourceMapping.getCustomObjectFields.call(
			loadOptionsContext({ resource: 'customObject', operation: 'create', customObjectObjectId: object() }),
		);
		// n8n 2.41's resource mapper fills an untouched field with its defaultValue (a boolean without one:
		// false); its switch shows on only for the value true
		const untouched = (f: ResourceMapperField) => (f.defaultValue === undefined ? (f.type === 'boolean' ? false : null) : f.defaultValue);
		const billable = fields.find((f) => f.id === 'billable')!;
		const shownOn = untouched(billable) === true;
		ctx.sandbox.resetRequests();
		const value: IDataObject = Object.fromEntries(fields.map((f) => [f.id, untouched(f) as any]));
		const { items, error } = await run(ctx, { resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ ...value, project_name: 'Untouched' }) });
		expect(error).toBeUndefined();
		const sent = (crmRequests(ctx).find((r) => r.method === 'POST')!.body.fields as Array<{ name: string; value: string }>).find((f) => f.name === 'billable');
		// the record is not one the next tests count
		await run(ctx, { resource: 'customObject', operation: 'delete', customObjectObjectId: object(), customObjectId: byId(String(items[0].id)) });
		expect(sent?.value).toBe(String(shownOn));
	});

	test('Get returns the record', async () => {
		const { items } = await run(ctx, { resource: 'customObject', operation: 'get', customObjectObjectId: object(), customObjectId: byId(id) });
		expect(items[0]).toMatchObject({ id, name: 'Launch' });
		expect(items[0].fields).toContainEqual({ name: 'channels', value: 'email;chat' });
		expect(crmRequests(ctx).map((r) => r.path)).toEqual([`/crm/custom-objects/${projectSchema().id}/${id}`]);
	});

	test('Update sends only the mapped fields', async () => {
		const { items, error } = await run(ctx, {
			resource: 'customObject',
			operation: 'update',
			customObjectObjectId: object(),
			customObjectId: byId(id),
			customObjectValues: mapped({ stage: 'done', seats: null }, 'defineBelow', [{ id: 'seats', removed: true }]),
		});
		expect(error).toBeUndefined();
		const patch = crmRequests(ctx).find((r) => r.method === 'PATCH')!;
		expect(patch.path).toBe(`/crm/custom-objects/${projectSchema().id}/${id}`);
		expect(patch.body).toEqual({ fields: [{ name: 'stage', value: 'done' }] });
		expect(items).toEqual([{ id }]);
	});

	test('Update maps automatically from the input item\'s properties named like the fields', async () => {
		const { error } = await run(ctx, {
			resource: 'customObject',
			operation: 'update',
			customObjectObjectId: object(),
			customObjectId: byId(id),
			customObjectValues: mapped({}, 'autoMapInputData'),
		}, { items: [{ seats: 30, billable: true, id: 'not-a-field', unrelated: 'x' }] });
		expect(error).toBeUndefined();
		expect(crmRequests(ctx).find((r) => r.method === 'PATCH')!.body).toEqual({ fields: [{ name: 'seats', value: '30' }, { name: 'billable', value: 'true' }] });
	});

	test('Get Many returns the object\'s records, with Limit and Fields', async () => {
		const { items } = await run(ctx, { resource: 'customObject', operation: 'getAll', customObjectObjectId: object(), returnAll: false, limit: 50, options: { fields: 'id,name' } });
		expect(items.map((i) => i.name)).toEqual(['Website relaunch', 'CRM migration', 'Support rollout', 'Launch']);
		for (const item of items) expect(Object.keys(item).sort()).toEqual(['id', 'name']);
		expect(crmRequests(ctx)[0].query).toEqual({ limit: '50', fields: 'id,name' });
	});

	test('Delete removes it', async () => {
		const { items } = await run(ctx, { resource: 'customObject', operation: 'delete', customObjectObjectId: object(), customObjectId: byId(id) });
		expect(items).toEqual([{ id, deleted: true }]);
		expect(current().objects.get(String(projectSchema().id))!.byId.has(id)).toBe(false);
	});

	test('the schema is read once per run, however many items are written', async () => {
		const input = Array.from({ length: 25 }, (_, i) => ({ title: `Bulk ${i}` }));
		const { items, error } = await run(ctx, { resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: '={{ $json.title }}' }) }, { items: input });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(25);
		const requests = crmRequests(ctx);
		expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1);
		expect(requests.filter((r) => r.method === 'POST')).toHaveLength(25);
	});
});

describe('the editor: field mapper and pickers', () => {
	test('the resource mapper returns the chosen object\'s fields with their types', async () => {
		const schema = projectSchema();
		const context = loadOptionsContext({ resource: 'customObject', operation: 'create', customObjectObjectId: byId(String(schema.id)) });
		const { fields } = await nodeType.methods.resourceMapping.getCustomObjectFields.call(context);
		const byName = Object.fromEntries(fields.map((f) => [f.id, f]));
		expect(fields.map((f) => f.id)).toEqual((schema.fields as any[]).map((f) => f.name));
		expect(byName.project_name).toMatchObject({ displayName: 'project_name', type: 'string', required: true, display: true });
		expect(byName.budget.type).toBe('number');
		expect(byName.seats.type).toBe('number');
		expect(byName.start_date.type).toBe('dateTime');
		expect(byName.billable).toMatchObject({ type: 'boolean', required: false, defaultValue: true });
		expect(byName.stage).toMatchObject({ type: 'options', options: [{ name: 'Planned', value: 'planned' }, { name: 'Running', value: 'running' }, { name: 'Done', value: 'done' }] });
		expect(byName.channels.type).toBe('array');
		expect(crmRequests(ctx).at(-1)!.path).toBe(`/crm/custom-object-schemas/${schema.id}`);

		// on Update nothing is required: only the fields the user adds are sent
		const update = loadOptionsContext({ resource: 'customObject', operation: 'update', customObjectObjectId: byId(String(schema.id)) });
		const forUpdate = await nodeType.methods.resourceMapping.getCustomObjectFields.call(update);
		expect(forUpdate.fields.every((f) => !f.required)).toBe(true);

		// without an object there is nothing to load, and nothing is asked
		ctx.sandbox.resetRequests();
		const none = await nodeType.methods.resourceMapping.getCustomObjectFields.call(loadOptionsContext({ resource: 'customObject', operation: 'create' }));
		expect(none.fields).toEqual([]);
		expect(none.emptyFieldsNotice).toMatch(/Choose an object/);
		expect(crmRequests(ctx)).toHaveLength(0);
	});

	test('Create and Update before an object is chosen: the editor shows only the notice, no "no fields" error', () => {
		// n8n 2.41's editor (resource mapper's mapping-mode selector) shows the noFieldsError, or its own
		// "No fields found" text, whenever the field list is empty, unless typeOptions.resourceMapper
		// .hideNoDataError is set; the emptyFieldsNotice is shown either way.
		const mappers = nodeType.description.properties.filter((p) => p.type === 'resourceMapper' && p.displayOptions?.show?.resource?.includes('customObject'));
		// Update's mapper twice: under Create's name on node version 1, its own from 1.1
		expect(mappers.map((p) => [p.name, p.displayOptions?.show?.operation])).toEqual([
			['customObjectValues', ['create']],
			['customObjectValues', ['update']],
			['customObjectUpdateValues', ['update']],
		]);
		for (const p of mappers) {
			expect(p.typeOptions?.resourceMapper).toMatchObject({ hideNoDataError: true });
			expect(p.typeOptions?.resourceMapper?.noFieldsError).toBeUndefined();
		}
	});

	test('pickers list the lists, the schemas, and the records of the chosen object', async () => {
		const search = nodeType.methods.listSearch;
		const lists = await search.searchLists.call(loadOptionsContext({ resource: 'list' }), 'hot');
		expect(lists.results).toEqual([{ name: 'Hot leads (leads)', value: current().lists.list[2].id }]);
		const schemas = await search.searchCustomObjectSchemas.call(loadOptionsContext({ resource: 'customObject' }));
		expect(schemas.results.map((r) => r.name)).toEqual(expect.arrayContaining(['project', 'vehicle']));
		const vehicle = current().schemas.list.find((s) => s.name === 'vehicle')!;
		const records = await search.searchCustomObjects.call(loadOptionsContext({ resource: 'customObject', operation: 'get', customObjectObjectId: byId(String(vehicle.id)) }));
		expect(records.results.map((r) => r.name)).toEqual(['plate: AB-123-C', 'Van']);
		expect(crmRequests(ctx).at(-1)!.path).toBe(`/crm/custom-objects/${vehicle.id}`);
		await expect(search.searchCustomObjects.call(loadOptionsContext({ resource: 'customObject', operation: 'get' }))).rejects.toThrow(/^Object: is empty/);
	});
});

describe('bad input: a clear error naming the field, and nothing written', () => {
	async function expectInputError(parameters: Record<string, unknown>, field: RegExp, opts: { reads?: number } = {}) {
		ctx.sandbox.resetRequests();
		const { error, items } = await run(ctx, parameters as any);
		expect(items).toEqual([]);
		expect(error).toBeDefined();
		expect(error.httpCode ?? 'none').toBe('none');
		expect(error.message).toMatch(field);
		expect(error.description).toBeTruthy();
		expect(writes()).toHaveLength(0);
		// only the object's schema may have been read, to know the field types
		expect(crmRequests(ctx).length).toBe(opts.reads ?? 0);
		return error;
	}
	const object = () => byId(String(projectSchema().id));

	test('empty, "." and ".." IDs never reach a path', async () => {
		await expectInputError({ resource: 'customObject', operation: 'getAll', customObjectObjectId: byId(' '), returnAll: true }, /^Object: is empty/);
		await expectInputError({ resource: 'customObject', operation: 'delete', customObjectObjectId: byId('..'), customObjectId: byId('x') }, /^Object: "\.\." is not an ID/);
		await expectInputError({ resource: 'customObject', operation: 'delete', customObjectObjectId: object(), customObjectId: byId('.') }, /^Custom Object ID: "\." is not an ID/);
		await expectInputError({ resource: 'list', operation: 'getMembers', listId: byId('..'), returnAll: true }, /^List ID: "\.\." is not an ID/);
		await expectInputError({ resource: 'customObjectSchema', operation: 'get', customObjectSchemaId: byId(' ') }, /^Custom Object Schema ID: is empty/);
	});

	test('a limit out of range on Get Members', async () => {
		await expectInputError({ resource: 'list', operation: 'getMembers', listId: byId('ls_1'), returnAll: false, limit: 500 }, /^Limit: 500 is out of range/);
	});

	test('mapped values that do not fit the schema', async () => {
		const error = await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'X', stage: 'someday' }) }, /^Fields → stage: unknown value "someday"/, { reads: 1 });
		expect(error.description).toMatch(/planned, running, done/);
		await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'X', seats: 2.5 }) }, /^Fields → seats: 2.5 is not a whole number/, { reads: 1 });
		await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'X', budget: 'lots' }) }, /^Fields → budget: "lots" is not a number/, { reads: 1 });
		await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'X', contact_email: 'nobody' }) }, /^Fields → contact_email: "nobody" is not an email address/, { reads: 1 });
		await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'X', channels: 'email;fax' }) }, /^Fields → channels: unknown value "fax"/, { reads: 1 });
		await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'X', start_date: 'soon' }) }, /^Fields → start_date: "soon" is not a date/, { reads: 1 });
	});

	test('a required field left empty on Create, a field the object no longer has, an Update with nothing to send', async () => {
		await expectInputError({ resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: '  ', seats: 3 }) }, /^Fields → project_name: is required/, { reads: 1 });
		await expectInputError({ resource: 'customObject', operation: 'update', customObjectObjectId: object(), customObjectId: byId('r1'), customObjectValues: mapped({ colour: 'red' }) }, /^Fields → colour: the object has no such field/, { reads: 1 });
		await expectInputError({ resource: 'customObject', operation: 'update', customObjectObjectId: object(), customObjectId: byId('r1'), customObjectValues: mapped({}) }, /^Fields: nothing to send/, { reads: 1 });
		await expectInputError({ resource: 'customObjectSchema', operation: 'update', customObjectSchemaId: byId('s1'), customObjectSchemaFields: {} }, /^Update Fields: nothing to send/);
	});

	test('schema fields: unknown type, a field without a name', async () => {
		await expectInputError({ resource: 'customObjectSchema', operation: 'create', customObjectSchemaFields: { name: 'x', fields: { values: [{ name: 'a', type: '={{ "money" }}' }] } } }, /^Additional Fields → Fields #1 → Type: unknown value "money"/);
		await expectInputError({ resource: 'customObjectSchema', operation: 'create', customObjectSchemaFields: { name: 'x', fields: { values: [{ name: '', type: 'string' }] } } }, /^Additional Fields → Fields #1 → Name: is required/);
	});
});

describe('API errors', () => {
	test('the API\'s 422 and 404 become NodeApiErrors carrying its type and detail', async () => {
		const noName = await run(ctx, { resource: 'customObjectSchema', operation: 'create', customObjectSchemaFields: { description: 'nameless' } });
		expect(noName.error.name).toBe('NodeApiError');
		expect(noName.error.httpCode).toBe('422');
		expect(noName.error.context.apideck).toMatchObject({ type_name: 'RequestValidationError', detail: expect.stringContaining("'name' is required") });
		const missing = await run(ctx, { resource: 'customObject', operation: 'get', customObjectObjectId: byId('cos_missing'), customObjectId: byId('x') });
		expect(missing.error.httpCode).toBe('404');
		expect(missing.error.message).toMatch(/^EntityNotFoundError/);
	});

	test('a create is not retried after an ambiguous 503', async () => {
		ctx.sandbox.setFaults({ seed: 1, ambiguous5xxOnWriteRate: 1, paths: '^/crm/custom-objects/' });
		const before = current().objects.get(String(projectSchema().id))!.list.length;
		const { error } = await run(ctx, { resource: 'customObject', operation: 'create', customObjectObjectId: byId(String(projectSchema().id)), customObjectValues: mapped({ project_name: 'Once' }) });
		ctx.sandbox.setFaults(null);
		expect(error.httpCode).toBe('503');
		expect(error.description).toMatch(/check the CRM/);
		expect(writes()).toHaveLength(1);
		expect(current().objects.get(String(projectSchema().id))!.list.length).toBe(before + 1);
	});
});
