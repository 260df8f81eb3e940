/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Custom fields by name, through n8n-core's engine against the sandbox: the Field picker lists the CRM
// connection's custom fields from Apideck Vault (as the editor calls it, through LoadOptionsContext), a
// Create and an Update write the picked field, and "Custom Fields as Properties" reads it back by name,
// in Get, Get Many and both triggers.
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { byId, DEMO, nodeType, run, useSandbox } from '../helpers/node';
import { pickerContext, setConnectionEnabled } from '../helpers/vault';
import { startPollHarness } from '../poll/harness';
import { startTriggerHarness } from '../trigger/harness';

const ctx = useSandbox();
const search = async (parameters: IDataObject, filter?: string, credentials: IDataObject = {}): Promise<INodeListSearchResult> =>
	await nodeType.methods.listSearch.searchCustomFields.call(pickerContext(parameters as any, { ...(ctx.credentials as any), ...credentials }), filter);
const vaultRequests = () => ctx.sandbox.requests.filter((r) => r.path.startsWith('/vault/'));
const leadCreate = (extra: IDataObject = {}) => ({ resource: 'lead', operation: 'create', service: byId('hubspot'), ...extra });

describe('the Field picker', () => {
	test("lists the chosen connection's custom fields for the resource, by name, with the ID and a sample value", async () => {
		const { results } = await search(leadCreate());
		const definitions = ctx.sandbox.customFieldDefinitions('hubspot', 'leads');
		expect(results.map((r) => r.value)).toEqual(definitions.map((d) => d.id));
		expect(results.find((r) => r.value === 'hs_lead_source')).toEqual({
			name: 'Lead Source · hs_lead_source · e.g. Webinar',
			value: 'hs_lead_source',
			description: 'ID hs_lead_source · e.g. Webinar',
		});
		// two fields with one name are told apart by their IDs; a field without a name shows its ID
		expect(results.filter((r) => r.name.startsWith('Region')).map((r) => r.name)).toEqual(['Region · hs_region · e.g. EMEA', 'Region · region · e.g. Benelux']);
		expect(results.find((r) => r.value === 'hs_legacy_score')!.name).toBe('hs_legacy_score · e.g. 42');
		expect(vaultRequests().at(-1)!.path).toBe('/vault/connections/crm/hubspot/leads/custom-fields');
	});

	test('follows the Service and the resource: another connection has other fields', async () => {
		const pipedrive = await search({ resource: 'contact', operation: 'update', service: byId('pipedrive') });
		const label = (name: string) => name.split(' · ')[0];
		expect(pipedrive.results.map((r) => label(r.name))).toEqual(ctx.sandbox.customFieldDefinitions('pipedrive', 'contacts').map((d) => d.name));
		expect(pipedrive.results.map((r) => label(r.name))).toContain('Job Level');
		expect(vaultRequests().at(-1)!.path).toBe('/vault/connections/crm/pipedrive/contacts/custom-fields');
	});

	test('the search text narrows by name or ID', async () => {
		expect((await search(leadCreate(), 'budg')).results.map((r) => r.value)).toEqual(['budget']);
		expect((await search(leadCreate(), 'hs_lead')).results.map((r) => r.value)).toEqual(['hs_lead_source']);
		// not by the sample value
		expect((await search(leadCreate(), 'webinar')).results).toEqual([]);
	});

	test('no Service picked: the only CRM connection is used; with several, the list says to pick one', async () => {
		const many = await search({ resource: 'lead', operation: 'create' });
		expect(many.results).toEqual([{ name: 'Pick a Service at the top of the node first: this consumer has 2 CRM connections', value: '' }]);

		ctx.sandbox.intercept((req) =>
			req.path === '/vault/connections'
				? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', data: [{ id: 'crm+pipedrive', service_id: 'pipedrive', name: 'Pipedrive', unified_api: 'crm', enabled: true, state: 'callable' }] } }
				: undefined,
		);
		const one = await search({ resource: 'lead', operation: 'create' });
		expect(one.results.map((r) => r.value)).toEqual(ctx.sandbox.customFieldDefinitions('pipedrive', 'leads').map((d) => d.id));
	});

	test('no Service picked: a connection disabled in Vault does not count, the one left is used', async () => {
		const consumerId = 'fields-one-enabled';
		await setConnectionEnabled(ctx.sandbox, consumerId, 'hubspot', false);
		const { results } = await search({ resource: 'lead', operation: 'create' }, undefined, { consumerId });
		expect(results.map((r) => r.value)).toEqual(ctx.sandbox.customFieldDefinitions('pipedrive', 'leads').map((d) => d.id));
	});

	test.each([
		['a plan without custom fields (402)', () => ctx.sandbox.setCustomFieldsPlan(false), {}, "Your Apideck plan does not include custom fields: enter the field's ID instead (By ID)"],
		['a service the consumer has not connected (404)', () => undefined, { service: byId('salesforce') }, "Apideck found no salesforce connection with custom fields for leads: check the Service, or enter the field's ID (By ID)"],
		['a wrong API key (401)', () => undefined, { credentials: { apiKey: 'wrong-key' } }, 'Apideck refused the credentials: check the API Key and Application ID'],
	])('Vault errors show as a message in the list, not an empty list: %s', async (_what, arrange, extra: IDataObject, text) => {
		arrange();
		try {
			const { credentials, ...parameters } = extra as { credentials?: IDataObject };
			const { results } = await search(leadCreate(parameters), undefined, credentials);
			expect(results).toEqual([{ name: text, value: '' }]);
			expect(JSON.stringify(results)).not.toContain(DEMO.apiKey);
		} finally {
			ctx.sandbox.setCustomFieldsPlan(true);
		}
	});

	test('a resource without custom fields on the connection says so', async () => {
		const { results } = await search({ resource: 'activity', operation: 'create', service: byId('pipedrive') });
		expect(results).toEqual([{ name: 'The pipedrive connection has no custom fields for activities', value: '' }]);
	});
});

describe('write by the picked field, read back by name', () => {
	const fieldsOf = (record: IDataObject) => record.custom_fields as IDataObject[];

	test('Create and Update a lead with a field picked from the list; Get and Get Many with Custom Fields as Properties', async () => {
		const picked = (await search(leadCreate())).results.find((r) => r.name.startsWith('Lead Source'))!;
		const created = await run(ctx, {
			...leadCreate(),
			leadName: 'Ada Lovelace',
			leadCompanyName: 'Analytical Engines',
			leadFields: { customFields: { values: [{ id: { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name }, valueType: 'string', stringValue: 'Webinar' }] } },
		});
		expect(created.error).toBeUndefined();
		const id = String(created.items[0].id);
		const post = ctx.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/crm/leads').at(-1)!;
		expect(post.body.custom_fields).toEqual([{ id: 'hs_lead_source', value: 'Webinar' }]);

		const updated = await run(ctx, {
			resource: 'lead',
			operation: 'update',
			service: byId('hubspot'),
			leadId: byId(id),
			leadFields: { customFields: { values: [{ id: byId('budget'), valueType: 'number', numberValue: 42000 }] } },
		});
		expect(updated.error).toBeUndefined();

		const got = await run(ctx, { resource: 'lead', operation: 'get', service: byId('hubspot'), leadId: byId(id), simplify: false, options: { customFieldsByName: true } });
		expect(got.error).toBeUndefined();
		expect(got.items[0].custom_fields_by_name).toEqual(expect.objectContaining({ 'Lead Source': 'Webinar', Budget: 42000 }));
		expect(fieldsOf(got.items[0])).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'hs_lead_source', value: 'Webinar' })]));

		// Simplify keeps it; without the option nothing changes for existing workflows
		const simplified = await run(ctx, { resource: 'lead', operation: 'get', service: byId('hubspot'), leadId: byId(id), options: { customFieldsByName: true } });
		expect(simplified.items[0].custom_fields_by_name).toEqual(got.items[0].custom_fields_by_name);
		expect(simplified.items[0].custom_fields).toBeUndefined();
		const plain = await run(ctx, { resource: 'lead', operation: 'get', service: byId('hubspot'), leadId: byId(id), simplify: false });
		expect(plain.items[0]).not.toHaveProperty('custom_fields_by_name');

		const many = await run(ctx, { resource: 'lead', operation: 'getAll', service: byId('hubspot'), returnAll: true, options: { customFieldsByName: true } });
		expect(many.error).toBeUndefined();
		expect(many.items.every((i) => typeof i.custom_fields_by_name === 'object')).toBe(true);
		expect(many.items.find((i) => i.id === id)!.custom_fields_by_name).toEqual(got.items[0].custom_fields_by_name);
	});

	test('fields sharing a name, or without one, come by their IDs', async () => {
		const created = await run(ctx, {
			...leadCreate(),
			leadName: 'Grace Hopper',
			leadCompanyName: 'Navy',
			leadFields: {
				customFields: {
					values: [
						{ id: byId('hs_region'), valueType: 'string', stringValue: 'EMEA' },
						{ id: byId('region'), valueType: 'string', stringValue: 'Benelux' },
						{ id: byId('hs_legacy_score'), valueType: 'string', stringValue: '42' },
						{ id: byId('newsletter_opt_in'), valueType: 'boolean', booleanValue: true },
					],
				},
			},
		});
		const got = await run(ctx, { resource: 'lead', operation: 'get', service: byId('hubspot'), leadId: byId(String(created.items[0].id)), options: { customFieldsByName: true } });
		expect(got.items[0].custom_fields_by_name).toEqual({ hs_region: 'EMEA', region: 'Benelux', hs_legacy_score: '42', 'Newsletter Opt-In': true });
	});

	test('a custom field ID stored before the Field was a picker (plain text) is still sent', async () => {
		const created = await run(ctx, {
			...leadCreate(),
			leadName: 'Old Workflow',
			leadCompanyName: 'Legacy',
			leadFields: { customFields: { values: [{ id: 'budget', valueType: 'number', numberValue: 7 }] } },
		});
		expect(created.error).toBeUndefined();
		const post = ctx.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/crm/leads').at(-1)!;
		expect(post.body.custom_fields).toEqual([{ id: 'budget', value: 7 }]);
	});
});

describe('both triggers with Custom Fields as Properties', () => {
	test('the webhook trigger adds custom_fields_by_name to the fetched record', async () => {
		const h = await startTriggerHarness({ events: ['crm.lead.created'], options: { customFieldsByName: true } });
		try {
			await h.activate();
			await h.api('POST', '/crm/leads', { name: 'Katherine Johnson', company_name: 'NASA', custom_fields: [{ id: 'hs_lead_source', value: 'Referral' }] });
			await h.sandbox.waitForDeliveries();
			const [[item]] = h.runs();
			expect((item.record as IDataObject).custom_fields_by_name).toEqual(expect.objectContaining({ 'Lead Source': 'Referral' }));
		} finally {
			await h.close();
		}
	});

	test('the polling trigger adds it to each record', async () => {
		const h = await startPollHarness({ parameters: { resource: 'lead', event: 'created', options: { customFieldsByName: true } } });
		try {
			await h.activate();
			h.sandbox.createRecord(DEMO.consumerId, 'leads', { name: 'Mary Jackson', company_name: 'NASA', custom_fields: [{ id: 'hs_lead_source', value: 'Event' }] });
			const [item] = (await h.poll())!;
			expect((item.record as IDataObject).custom_fields_by_name).toEqual(expect.objectContaining({ 'Lead Source': 'Event' }));
		} finally {
			await h.close();
		}
	});
});
