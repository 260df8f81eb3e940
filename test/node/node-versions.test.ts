/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Node version 1.1 (issue #24, defect 6): on version 1, Update Fields shared its parameter name with
// Create's Additional Fields (and a custom object's Update mapper with Create's), so switching Contact from
// Create to Update kept Create's emails and a run wrote them over the record. From 1.1 Update has names of
// its own; workflows saved at 1 keep the shared names and send what they always sent. Checked with n8n's
// own parameter resolution (NodeHelpers.getNodeParameters, which the editor and the engine's Workflow
// use to keep only what is shown) and through n8n-core's WorkflowExecute against the sandbox.
import { NodeHelpers, type IDataObject, type INode, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import { RESOURCES } from '../../nodes/shared/resources';
import { OWN_UPDATE_NAMES_FROM, operationsOf, parameterNames } from '../../nodes/shared/definitions/resource';
import { byId, crmRequests, DEMO, nodeType, run, useSandbox } from '../helpers/node';
import { pickerContext } from '../helpers/vault';

const ctx = useSandbox();
const description = nodeType.description as INodeTypeDescription;

const node = (typeVersion: number, parameters: INodeParameters): INode => ({
	id: 'n',
	name: 'Apideck CRM',
	type: 'apideckCrm',
	typeVersion,
	position: [0, 0],
	parameters,
	credentials: { apideckCrmApi: { id: 'c', name: 'c' } },
});

// n8n-workflow 1.83 (n8n 1.85, see test:compat) takes no node type description in these two functions
const takesDescription = NodeHelpers.getNodeParameters.length >= 7;
const helpers = NodeHelpers as any;

/** The parameters n8n keeps for a node: defaults added (returnDefaults) or not (as saved), hidden ones dropped. */
function resolved(typeVersion: number, parameters: INodeParameters, returnDefaults = true): INodeParameters {
	const at = node(typeVersion, parameters);
	return (
		takesDescription
			? helpers.getNodeParameters(description.properties, parameters, returnDefaults, false, at, description)
			: helpers.getNodeParameters(description.properties, parameters, returnDefaults, false, at)
	) as INodeParameters;
}

/** Names of the top-level parameters shown for these values on this version. */
function shown(typeVersion: number, parameters: INodeParameters): string[] {
	const values = resolved(typeVersion, parameters);
	const at = node(typeVersion, values);
	const displayed = (p: (typeof description.properties)[number]) =>
		takesDescription ? helpers.displayParameter(values, p, at, description) : helpers.displayParameter(values, p, at);
	return [...new Set(description.properties.filter(displayed).map((p) => p.name))];
}

const EMAIL = { emails: { values: [{ email: 'ada@example.com', type: 'work' }] } };
const createContact: INodeParameters = { resource: 'contact', operation: 'create', contactName: 'Ada Lovelace', contactFields: EMAIL };

test('the node offers versions 1 and 1.1; new nodes get 1.1, the first with names of its own for Update', () => {
	expect(description.version).toEqual([1, 1.1]);
	expect(description.defaultVersion).toBe(1.1);
	expect(OWN_UPDATE_NAMES_FROM).toBe(1.1);
});

describe('switching Contact from Create (an email under Additional Fields) to Update, as n8n resolves the parameters', () => {
	test('1.1: Update Fields starts empty, and Create\'s emails are dropped, also from what is saved', () => {
		const values = resolved(1.1, { ...createContact, operation: 'update' });
		expect(values.contactUpdateFields).toEqual({});
		expect(values).not.toHaveProperty('contactFields');
		const saved = resolved(1.1, { ...createContact, operation: 'update' }, false);
		expect(JSON.stringify(saved)).not.toContain('ada@example.com');
	});

	test('1 (workflows saved before 1.1): Update Fields still shows Create\'s values, as it always did', () => {
		const values = resolved(1, { ...createContact, operation: 'update' });
		expect(values.contactFields).toMatchObject(EMAIL);
		expect(values).not.toHaveProperty('contactUpdateFields');
	});

	test('1.1: switching back to Create does not bring Update Fields\' values into Additional Fields', () => {
		const values = resolved(1.1, { resource: 'contact', operation: 'create', contactName: 'Ada', contactUpdateFields: { title: 'Countess' } });
		expect(values.contactFields).toEqual({});
		expect(values).not.toHaveProperty('contactUpdateFields');
	});
});

describe('every resource with Update: on 1.1 nothing shown for Update carries over from Create or Create or Update', () => {
	const withUpdate = RESOURCES.filter((def) => operationsOf(def).includes('update'));
	// shared on purpose: the connection, the selectors, the object of a custom object, and Options
	// (Include Full Response, Include Raw Data, Return Full Record: how to answer, not what to write), and
	// the Request Options n8n adds to every declarative node
	const common = (def: (typeof RESOURCES)[number]) => ['service', 'resource', 'operation', 'options', 'requestOptions', ...(def.scope ? [parameterNames(def).scope] : [])];

	test.each(withUpdate.map((def) => [def.value, def] as const))('%s', (_name, def) => {
		const names = parameterNames(def);
		const creating = ['create', 'upsert'].filter((op) => operationsOf(def).includes(op));
		for (const op of creating) {
			const onCreate = shown(1.1, { resource: def.value, operation: op });
			const onUpdate = shown(1.1, { resource: def.value, operation: 'update' });
			expect([op, onUpdate.filter((n) => onCreate.includes(n)).sort()]).toEqual([op, common(def).sort()]);
			// version 1 keeps the names saved workflows use
			const onUpdateV1 = shown(1, { resource: def.value, operation: 'update' });
			expect(onUpdateV1.filter((n) => shown(1, { resource: def.value, operation: op }).includes(n))).toContain(def.mapped ? names.mapped : names.fields);
		}
		const onUpdate = shown(1.1, { resource: def.value, operation: 'update' });
		if (def.fields.length) expect(onUpdate).toContain(names.updateFields);
		if (def.mapped) expect(onUpdate).toContain(names.updateMapped);
		expect(shown(1, { resource: def.value, operation: 'update' })).not.toContain(names.updateFields);
	});
});

describe('runs through WorkflowExecute', () => {
	const line = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

	async function newContact() {
		const { items, error } = await run(ctx, { resource: 'contact', operation: 'create', contactName: 'Ada Lovelace', contactFields: { emails: { values: [{ email: 'ada@old.example', type: 'work' }] } } });
		expect(error).toBeUndefined();
		ctx.sandbox.resetRequests();
		return String(items[0].id);
	}
	const record = (id: string) => ctx.sandbox.records(DEMO.consumerId, 'contacts').find((r: any) => r.id === id);

	test('1.1: Update sends only Update Fields; an Additional Fields value left in the saved node is not sent', async () => {
		const id = await newContact();
		const { items, error } = await run(
			ctx,
			{ resource: 'contact', operation: 'update', contactId: byId(id), contactFields: EMAIL, contactUpdateFields: { name: 'Ada King', title: 'Countess' } },
			{ typeVersion: 1.1 },
		);
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		expect(requests.map(line)).toEqual([`PATCH /crm/contacts/${id}`]);
		expect(requests[0].body).toEqual({ name: 'Ada King', title: 'Countess' });
		expect(items).toEqual([{ id }]);
		expect(record(id).emails).toEqual([expect.objectContaining({ email: 'ada@old.example' })]);
	});

	test('1.1: Update Fields saved under the old name are not read: nothing to send, nothing sent', async () => {
		const { error } = await run(ctx, { resource: 'contact', operation: 'update', contactId: byId('ct_1'), contactFields: { title: 'Countess' } }, { typeVersion: 1.1 });
		expect(error?.message).toMatch(/^Update Fields: nothing to send/);
		expect(crmRequests(ctx)).toEqual([]);
	});

	test('1: a saved workflow\'s Update (Update Fields under contactFields) sends the same request as before', async () => {
		const id = await newContact();
		const { items, error } = await run(ctx, {
			resource: 'contact',
			operation: 'update',
			contactId: byId(id),
			contactFields: { name: 'Ada King', title: 'Countess', ...EMAIL },
			// a 1.1 name means nothing on version 1
			contactUpdateFields: { department: 'Mathematics' },
		});
		expect(error).toBeUndefined();
		const requests = crmRequests(ctx);
		expect(requests.map(line)).toEqual([`PATCH /crm/contacts/${id}`]);
		expect(requests[0].body).toEqual({ name: 'Ada King', title: 'Countess', emails: [{ email: 'ada@example.com', type: 'work' }] });
		expect(items).toEqual([{ id }]);
	});

	test('1: a required field left out of Update Fields is still read from the record and kept', async () => {
		const id = await newContact();
		await run(ctx, { resource: 'contact', operation: 'update', contactId: byId(id), contactFields: { title: 'Countess' } });
		const requests = crmRequests(ctx);
		expect(requests.map(line)).toEqual([`GET /crm/contacts/${id}`, `PATCH /crm/contacts/${id}`]);
		expect(requests[1].body).toEqual({ name: 'Ada Lovelace', title: 'Countess' });
	});

	test('Create sends the same request on both versions', async () => {
		const parameters: INodeParameters = { resource: 'contact', operation: 'create', contactName: 'Same Request', contactFields: { ...EMAIL, title: 'Countess' } };
		const sent = [];
		for (const typeVersion of [1, 1.1]) {
			ctx.sandbox.resetRequests();
			const { error } = await run(ctx, parameters, { typeVersion });
			expect(error).toBeUndefined();
			const [request] = crmRequests(ctx);
			sent.push({ line: line(request), query: request.query, body: request.body });
		}
		expect(sent[0]).toEqual({ line: 'POST /crm/contacts', query: {}, body: { name: 'Same Request', title: 'Countess', emails: [{ email: 'ada@example.com', type: 'work' }] } });
		expect(sent[1]).toEqual(sent[0]);
	});

	test('1.1: Create or Update still takes the email to match on from Additional Fields', async () => {
		const consumerId = `versions-${Date.now()}`;
		const credentials = { ...ctx.credentials, consumerId };
		const parameters: INodeParameters = { resource: 'contact', operation: 'upsert', contactName: 'Ada Lovelace', contactFields: EMAIL };
		const first = await run(ctx, parameters, { typeVersion: 1.1, credentials });
		const second = await run(ctx, { ...parameters, contactFields: { ...EMAIL, title: 'Countess' } }, { typeVersion: 1.1, credentials });
		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect([first.items[0].operation, second.items[0].operation]).toEqual(['created', 'updated']);
		const records = ctx.sandbox.records(consumerId, 'contacts');
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ name: 'Ada Lovelace', title: 'Countess' });
	});

	test('1.1: Custom Object Schema\'s Update reads its own Update Fields', async () => {
		const created = await run(ctx, { resource: 'customObjectSchema', operation: 'create', customObjectSchemaFields: { name: 'versioned', description: 'from Create' } }, { typeVersion: 1.1 });
		const id = String(created.items[0].id);
		ctx.sandbox.resetRequests();
		const { error } = await run(
			ctx,
			{ resource: 'customObjectSchema', operation: 'update', customObjectSchemaId: byId(id), customObjectSchemaFields: { description: 'stale' }, customObjectSchemaUpdateFields: { visible: false } },
			{ typeVersion: 1.1 },
		);
		expect(error).toBeUndefined();
		const patch = crmRequests(ctx).find((r) => r.method === 'PATCH')!;
		expect(patch.body).toEqual({ visible: false });
		await run(ctx, { resource: 'customObjectSchema', operation: 'delete', customObjectSchemaId: byId(id) });
	});

	describe('a custom object\'s Update mapper', () => {
		const schema = () => ctx.sandbox.current(DEMO.consumerId).schemas.list.find((s: any) => s.name === 'project')!;
		const object = () => byId(String(schema().id));
		const mapped = (value: IDataObject): any => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false });
		let id = '';

		beforeAll(async () => {
			const { items, error } = await run(ctx, { resource: 'customObject', operation: 'create', customObjectObjectId: object(), customObjectValues: mapped({ project_name: 'Versioned', stage: 'running' }) });
			expect(error).toBeUndefined();
			id = String(items[0].id);
		});

		test('1.1: only the Update mapper\'s fields are sent; Create\'s mapped values left in the node are not', async () => {
			const { error } = await run(
				ctx,
				{
					resource: 'customObject',
					operation: 'update',
					customObjectObjectId: object(),
					customObjectId: byId(id),
					customObjectValues: mapped({ project_name: 'Stale', stage: 'running' }),
					customObjectUpdateValues: mapped({ stage: 'done' }),
				},
				{ typeVersion: 1.1 },
			);
			expect(error).toBeUndefined();
			expect(crmRequests(ctx).find((r) => r.method === 'PATCH')!.body).toEqual({ fields: [{ name: 'stage', value: 'done' }] });
		});

		test('1: the mapper saved under customObjectValues is sent as before', async () => {
			const { error } = await run(ctx, { resource: 'customObject', operation: 'update', customObjectObjectId: object(), customObjectId: byId(id), customObjectValues: mapped({ stage: 'running' }) });
			expect(error).toBeUndefined();
			expect(crmRequests(ctx).find((r) => r.method === 'PATCH')!.body).toEqual({ fields: [{ name: 'stage', value: 'running' }] });
		});
	});

	test('1.1: the Stage picker of an opportunity\'s Update lists the stages of the pipeline under Update Fields', async () => {
		const pipeline = ctx.sandbox.records(DEMO.consumerId, 'pipelines').find((p: any) => p.stages?.length) as any;
		const parameters: INodeParameters = { resource: 'opportunity', operation: 'update', opportunityUpdateFields: { pipelineId: byId(pipeline.id) } };
		const context = pickerContext(parameters, ctx.credentials as any, { type: 'apideckCrm', name: 'Apideck CRM', nodeType, typeVersion: 1.1 });
		const { results } = await nodeType.methods.listSearch.searchStages.call(context);
		expect(results.map((r) => r.value)).toEqual(pipeline.stages.map((s: any) => s.id));
		expect(crmRequests(ctx).at(-1)!.path).toBe(`/crm/pipelines/${pipeline.id}`);
	});
});
