/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Vault's custom fields in the sandbox (vault.yml customFieldsAll) and custom field values on CRM records.
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { UNIFIED_APIS } from '../../sandbox/customFields';
import { loadSpec, resolveSchema } from '../helpers/spec';
import { api, AUTH } from './helpers';

const cf = (service: string, resource: string, query = '') => `/vault/connections/crm/${service}/${resource}/custom-fields${query}`;
const ERROR_KEYS = ['detail', 'error', 'message', 'ref', 'status_code', 'type_name'];
const HEX40 = /^[0-9a-f]{40}$/;
const MAIN = ['leads', 'contacts', 'companies', 'opportunities'];

describe('Vault custom fields', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(() => sb.close());
	afterEach(() => sb.setCustomFieldsPlan(true));

	describe('definitions', () => {
		test('hubspot leads: snake_case ids, labels, a name used twice and one left empty', async () => {
			const r = await api(sb, 'GET', cf('hubspot', 'leads'));
			expect(r.status).toBe(200);
			expect(Object.keys(r.body).sort()).toEqual(['data', 'status', 'status_code']);
			expect(r.body).toMatchObject({ status_code: 200, status: 'OK' });
			expect(r.body.data.map((f: any) => [f.id, f.name])).toEqual([
				['hs_lead_source', 'Lead Source'],
				['budget', 'Budget'],
				['newsletter_opt_in', 'Newsletter Opt-In'],
				['hs_region', 'Region'],
				['region', 'Region'],
				['hs_legacy_score', ''],
			]);
			expect(r.body.data[0]).toEqual({
				id: 'hs_lead_source',
				name: 'Lead Source',
				description: 'Where the lead first came from',
				value: 'Webinar',
				finder: '$.properties.hs_lead_source',
			});
			// sample values of several JSON types
			expect(r.body.data.map((f: any) => typeof f.value)).toEqual(['string', 'number', 'boolean', 'string', 'string', 'string']);
			expect(r.body.data).toEqual(sb.customFieldDefinitions('hubspot', 'leads'));
		});

		test('pipedrive leads: 40-hex ids and other names than hubspot', async () => {
			const r = await api(sb, 'GET', cf('pipedrive', 'leads'));
			expect(r.status).toBe(200);
			expect(r.body.data.map((f: any) => f.name)).toEqual(['Deal Size', 'Referral Partner', 'Decision Deadline']);
			for (const f of r.body.data) {
				expect(f.id).toMatch(HEX40);
				expect(f.finder).toBe(`$['${f.id}']`);
			}
			expect(r.body.data[0].id).toBe('9d5792ba426df9d88781c0ad2175e9a09a4ebf80');
		});

		test('at least three fields for the main resources on both demo services, told apart by id and name', async () => {
			for (const resource of MAIN) {
				const hub = (await api(sb, 'GET', cf('hubspot', resource))).body.data as any[];
				const pd = (await api(sb, 'GET', cf('pipedrive', resource))).body.data as any[];
				expect(hub.length).toBeGreaterThanOrEqual(3);
				expect(pd.length).toBeGreaterThanOrEqual(3);
				expect(hub.every((f) => /^[a-z][a-z0-9_]*$/.test(f.id) && f.finder === `$.properties.${f.id}`)).toBe(true);
				expect(pd.every((f) => HEX40.test(f.id))).toBe(true);
				const hubNames = new Set(hub.map((f) => f.name));
				expect(pd.filter((f) => hubNames.has(f.name))).toEqual([]);
				expect(new Set(pd.map((f) => f.id)).size).toBe(pd.length);
				expect(new Set(hub.map((f) => f.id)).size).toBe(hub.length);
			}
		});

		test('fewer or none for the other resources: 200 with data []', async () => {
			expect((await api(sb, 'GET', cf('hubspot', 'activities'))).body.data.map((f: any) => f.id)).toEqual(['hs_meeting_outcome']);
			for (const [service, resource] of [
				['pipedrive', 'activities'],
				['hubspot', 'notes'],
				['pipedrive', 'notes'],
				['hubspot', 'pipelines'],
				['pipedrive', 'users'],
			]) {
				const r = await api(sb, 'GET', cf(service, resource));
				expect([service, resource, r.status, r.body]).toEqual([service, resource, 200, { status_code: 200, status: 'OK', data: [] }]);
			}
		});

		test('only the collision and the empty name are edge cases; everything else is unique and labelled', () => {
			const all = ['hubspot', 'pipedrive'].flatMap((s) =>
				['leads', 'contacts', 'companies', 'opportunities', 'activities', 'notes', 'pipelines', 'users'].map((r) => ({
					s,
					r,
					defs: sb.customFieldDefinitions(s, r),
				})),
			);
			const dupes = all.flatMap(({ s, r, defs }) =>
				defs.filter((d, i) => defs.findIndex((o) => o.name === d.name) !== i).map((d) => `${s}/${r}/${d.name}`),
			);
			expect(dupes).toEqual(['hubspot/leads/Region']);
			const empty = all.flatMap(({ s, r, defs }) => defs.filter((d) => !d.name).map((d) => `${s}/${r}/${d.id}`));
			expect(empty).toEqual(['hubspot/leads/hs_legacy_score']);
		});

		test('deterministic across starts; the helper hands out copies; unknown service or resource give []', async () => {
			const again = await startSandbox({ seed: false });
			try {
				const a = await api(again, 'GET', cf('pipedrive', 'companies'), { consumer: 'someone' });
				// a consumer seen for the first time has no connections yet, as in GET /vault/connections
				expect(a.status).toBe(404);
				again.seedRecords('someone', 'users', 1);
				const b = await api(again, 'GET', cf('pipedrive', 'companies'), { consumer: 'someone' });
				expect(b.body).toEqual((await api(sb, 'GET', cf('pipedrive', 'companies'))).body);
			} finally {
				await again.close();
			}
			const copy = sb.customFieldDefinitions('hubspot', 'leads');
			copy[0].name = 'changed';
			copy.pop();
			expect(sb.customFieldDefinitions('hubspot', 'leads')).toHaveLength(6);
			expect((await api(sb, 'GET', cf('hubspot', 'leads'))).body.data[0].name).toBe('Lead Source');
			expect(sb.customFieldDefinitions('salesforce', 'leads')).toEqual([]);
			expect(sb.customFieldDefinitions('hubspot', 'lead')).toEqual([]);
			expect(sb.customFieldDefinitions('__proto__', 'leads')).toEqual([]);
		});

		test('entries fit vault.yml GetCustomFieldsResponse / CustomFieldFinder; UNIFIED_APIS is its UnifiedApiId enum', async () => {
			const spec = loadSpec('vault.yml');
			const finder = resolveSchema(spec, spec.components.schemas.CustomFieldFinder);
			expect(finder.additionalProperties).toBe(false);
			const allowed = Object.keys(finder.properties);
			const response = resolveSchema(spec, spec.components.schemas.GetCustomFieldsResponse);
			for (const service of ['hubspot', 'pipedrive'])
				for (const resource of MAIN) {
					const { body } = await api(sb, 'GET', cf(service, resource));
					for (const k of response.required) expect(body).toHaveProperty(k);
					expect(Number.isInteger(body.status_code)).toBe(true);
					for (const f of body.data) {
						expect(Object.keys(f).filter((k) => !allowed.includes(k))).toEqual([]);
						expect(typeof f.id).toBe('string');
						expect(typeof f.finder).toBe('string');
						expect(f.name === null || typeof f.name === 'string').toBe(true);
						expect(f.description === null || typeof f.description === 'string').toBe(true);
					}
				}
			expect([...UNIFIED_APIS].sort()).toEqual([...spec.components.schemas.UnifiedApiId.enum].sort());
			const op = spec.paths['/vault/connections/{unified_api}/{service_id}/{resource}/custom-fields'].get;
			expect(op.operationId).toBe('customFieldsAll');
			expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '402', '404', '422', 'default']);
		});
	});

	describe('custom field values on records', () => {
		test('a created record keeps its custom fields; known ids get the connector name, others stay as sent', async () => {
			const body = {
				name: 'Ada Aalto',
				company_name: 'Blue Harbor Labs',
				custom_fields: [
					{ id: 'hs_lead_source', value: 'Referral' },
					{ id: 'budget', name: 'my label', value: 1200 },
					{ id: 'hs_legacy_score', value: '7' },
					{ id: 'cf_unknown', name: 'Kept', value: { nested: [1, 2] } },
					{ id: 'region', value: null },
				],
			};
			const created = await api(sb, 'POST', '/crm/leads', { body });
			expect(created.status).toBe(201);
			const got = await api(sb, 'GET', `/crm/leads/${created.body.data.id}`);
			expect(got.body.data.custom_fields).toEqual([
				{ id: 'hs_lead_source', name: 'Lead Source', value: 'Referral' },
				{ id: 'budget', name: 'Budget', value: 1200 },
				{ id: 'hs_legacy_score', name: '', value: '7' },
				{ id: 'cf_unknown', name: 'Kept', value: { nested: [1, 2] } },
				{ id: 'region', name: 'Region', value: null },
			]);
			// the list returns the same entries
			const listed = await api(sb, 'GET', `/crm/leads?limit=200&filter[name]=Ada Aalto`);
			expect(listed.body.data.find((l: any) => l.id === created.body.data.id).custom_fields).toEqual(got.body.data.custom_fields);
		});

		test('PATCH merges by id: sent ids replace their entry, new ids are appended, the rest is kept', async () => {
			const id = (
				await api(sb, 'POST', '/crm/contacts', {
					body: { name: 'Merge Me', custom_fields: [{ id: 'hs_persona', value: 'Champion' }, { id: 'preferred_channel', value: 'phone' }] },
				})
			).body.data.id;
			const patched = await api(sb, 'PATCH', `/crm/contacts/${id}`, {
				body: {
					custom_fields: [
						{ id: 'preferred_channel', value: 'sms' },
						{ id: 'hs_linkedin_connections', value: 120 },
						{ id: null, name: 'no id', value: 'x' },
					],
				},
			});
			expect(patched.status).toBe(200);
			const after = (await api(sb, 'GET', `/crm/contacts/${id}`)).body.data.custom_fields;
			expect(after).toEqual([
				{ id: 'hs_persona', name: 'Persona', value: 'Champion' },
				{ id: 'preferred_channel', name: 'Preferred Channel', value: 'sms' },
				{ id: 'hs_linkedin_connections', name: 'LinkedIn Connections', value: 120 },
				{ id: null, name: 'no id', value: 'x' },
			]);
			// an empty list and a PATCH without custom_fields leave them alone; null clears a value
			await api(sb, 'PATCH', `/crm/contacts/${id}`, { body: { custom_fields: [] } });
			await api(sb, 'PATCH', `/crm/contacts/${id}`, { body: { title: 'CTO' } });
			expect((await api(sb, 'GET', `/crm/contacts/${id}`)).body.data.custom_fields).toEqual(after);
			await api(sb, 'PATCH', `/crm/contacts/${id}`, {
				body: { custom_fields: [{ id: 'hs_persona', value: null }, { id: 'hs_persona', value: 'Buyer' }] },
			});
			expect((await api(sb, 'GET', `/crm/contacts/${id}`)).body.data.custom_fields[0]).toEqual({ id: 'hs_persona', name: 'Persona', value: 'Buyer' });
		});

		test('names come from the record’s own connector; validation stays as crm.yml has it', async () => {
			const pd = await api(sb, 'POST', '/crm/companies', {
				service: 'pipedrive',
				body: {
					name: 'Hash Corp',
					custom_fields: [
						{ id: 'a564db24782bc22865623cc6d14ad94176d6be6d', value: 'Silver' },
						{ id: 'hs_ideal_customer_profile', value: 'tier_2' },
					],
				},
			});
			const stored = (await api(sb, 'GET', `/crm/companies/${pd.body.data.id}`, { service: 'pipedrive' })).body.data.custom_fields;
			expect(stored).toEqual([
				{ id: 'a564db24782bc22865623cc6d14ad94176d6be6d', name: 'Customer Tier', value: 'Silver' },
				{ id: 'hs_ideal_customer_profile', value: 'tier_2' },
			]);
			// id is required (a missing required field is a 422 in the sandbox); unknown properties are refused;
			// notes have no custom_fields in crm.yml
			expect((await api(sb, 'POST', '/crm/companies', { body: { name: 'x', custom_fields: [{ value: 1 }] } })).status).toBe(422);
			expect((await api(sb, 'POST', '/crm/companies', { body: { name: 'x', custom_fields: [{ id: 'a', type: 't' }] } })).status).toBe(400);
			expect((await api(sb, 'POST', '/crm/notes', { body: { title: 'n', custom_fields: [{ id: 'a', value: 1 }] } })).status).toBe(400);
			expect((await api(sb, 'PATCH', `/crm/companies/${pd.body.data.id}`, { service: 'pipedrive', body: { custom_fields: null } })).status).toBe(400);
		});

		test('in-process createRecord / updateRecord name and merge the same way', () => {
			const rec = sb.createRecord(DEMO.consumerId, 'opportunities', {
				title: 'In-process deal',
				primary_contact_id: sb.records(DEMO.consumerId, 'contacts')[0].id,
				custom_fields: [{ id: 'competitor', value: 'Pipedrive' }],
			});
			expect(rec.custom_fields).toEqual([{ id: 'competitor', name: 'Main Competitor', value: 'Pipedrive' }]);
			const upd = sb.updateRecord(DEMO.consumerId, 'opportunities', rec.id, { custom_fields: [{ id: 'hs_deal_source', value: 'Inbound' }] });
			expect(upd.custom_fields).toEqual([
				{ id: 'competitor', name: 'Main Competitor', value: 'Pipedrive' },
				{ id: 'hs_deal_source', name: 'Deal Source', value: 'Inbound' },
			]);
		});
	});

	describe('resource_id', () => {
		test("values are the record's own, null where it has none; unlisted ids are not shown", async () => {
			const id = (
				await api(sb, 'POST', '/crm/leads', {
					body: {
						name: 'Valued Lead',
						company_name: 'Quiet Summit Group',
						custom_fields: [
							{ id: 'budget', value: 9000 },
							{ id: 'newsletter_opt_in', value: false },
							{ id: 'region', value: ['NL', 'BE'] },
							{ id: 'not_defined', value: 'hidden' },
						],
					},
				})
			).body.data.id;
			const r = await api(sb, 'GET', cf('hubspot', 'leads', `?resource_id=${id}`));
			expect(r.status).toBe(200);
			expect(r.body.data.map((f: any) => [f.id, f.value])).toEqual([
				['hs_lead_source', null],
				['budget', 9000],
				['newsletter_opt_in', false],
				['hs_region', null],
				['region', ['NL', 'BE']],
				['hs_legacy_score', null],
			]);
			// names, descriptions and finders as without resource_id
			const plain = (await api(sb, 'GET', cf('hubspot', 'leads'))).body.data;
			expect(r.body.data.map(({ value: _v, ...rest }: any) => rest)).toEqual(plain.map(({ value: _v, ...rest }: any) => rest));
			// after a PATCH the value follows
			await api(sb, 'PATCH', `/crm/leads/${id}`, { body: { custom_fields: [{ id: 'budget', value: 9500 }] } });
			expect((await api(sb, 'GET', cf('hubspot', 'leads', `?resource_id=${id}`))).body.data[1].value).toBe(9500);
		});

		test('a seeded record without custom field values: every value null', async () => {
			const [rec] = sb.records(DEMO.consumerId, 'companies', 'pipedrive');
			const r = await api(sb, 'GET', cf('pipedrive', 'companies', `?resource_id=${rec.id}`));
			expect(r.status).toBe(200);
			expect(r.body.data.map((f: any) => f.value)).toEqual([null, null, null]);
			// a resource without custom fields still checks the record
			const [note] = sb.records(DEMO.consumerId, 'notes');
			expect((await api(sb, 'GET', cf('hubspot', 'notes', `?resource_id=${note.id}`))).body.data).toEqual([]);
			expect((await api(sb, 'GET', cf('hubspot', 'notes', '?resource_id=nt_missing'))).status).toBe(404);
		});

		test('an unknown record is a 404; an empty or repeated resource_id a 400', async () => {
			const pipedriveLead = sb.records(DEMO.consumerId, 'leads', 'pipedrive')[0];
			const cases: [string, number, string][] = [
				[cf('hubspot', 'leads', '?resource_id=ld_nope'), 404, 'EntityNotFoundError'],
				[cf('hubspot', 'leads', `?resource_id=${pipedriveLead.id}`), 404, 'EntityNotFoundError'],
				[cf('hubspot', 'leads', '?resource_id='), 400, 'RequestValidationError'],
				[cf('hubspot', 'leads', '?resource_id=a&resource_id=b'), 400, 'RequestValidationError'],
			];
			for (const [path, status, type] of cases) {
				const r = await api(sb, 'GET', path);
				expect([path, r.status, r.body.type_name]).toEqual([path, status, type]);
				expect(Object.keys(r.body).sort()).toEqual(ERROR_KEYS);
			}
			expect((await api(sb, 'GET', cf('pipedrive', 'leads', `?resource_id=${pipedriveLead.id}`))).status).toBe(200);
		});
	});

	describe('errors', () => {
		test('auth, consumer header, unified API, connection, resource, method', async () => {
			const cases: [string, string, Parameters<typeof api>[3], number, string][] = [
				['GET', cf('hubspot', 'leads'), { auth: {} }, 401, 'UnauthorizedError'],
				['GET', cf('hubspot', 'leads'), { auth: { authorization: 'Bearer wrong', 'x-apideck-app-id': DEMO.appId } }, 401, 'UnauthorizedError'],
				['GET', cf('hubspot', 'leads'), { auth: { authorization: AUTH.authorization } }, 401, 'UnauthorizedError'],
				['GET', cf('hubspot', 'leads'), { auth: { ...AUTH, 'x-apideck-app-id': 'other-app' } }, 401, 'UnauthorizedError'],
				['GET', cf('hubspot', 'leads'), { consumer: null }, 400, 'RequestHeadersValidationError'],
				['GET', '/vault/connections/nope/hubspot/leads/custom-fields', {}, 400, 'RequestValidationError'],
				['GET', '/vault/connections/hris/hubspot/leads/custom-fields', {}, 404, 'ConnectionNotFoundError'],
				['GET', cf('salesforce', 'leads'), {}, 404, 'ConnectionNotFoundError'],
				['GET', cf('zoho-crm', 'contacts'), {}, 404, 'ConnectionNotFoundError'],
				['GET', cf('not-a-crm', 'leads'), {}, 404, 'ConnectorNotFoundError'],
				['GET', cf('hubspot', 'leads'), { consumer: 'never-seen-consumer' }, 404, 'ConnectionNotFoundError'],
				['GET', cf('hubspot', 'widgets'), {}, 404, 'EntityNotFoundError'],
				['GET', cf('hubspot', 'lead'), {}, 404, 'EntityNotFoundError'],
				['POST', cf('hubspot', 'leads'), { body: {} }, 405, 'RequestValidationError'],
			];
			for (const [method, path, opts, status, type] of cases) {
				const r = await api(sb, method, path, opts);
				expect([method, path, r.status, r.body.type_name]).toEqual([method, path, status, type]);
				expect(Object.keys(r.body).sort()).toEqual(ERROR_KEYS);
				expect(r.body.status_code).toBe(status);
				expect(typeof r.body.detail).toBe('string');
				expect(r.body.ref).toBe(`https://developers.apideck.com/errors#${type.toLowerCase()}`);
			}
			// the API key never shows up
			const bad = await api(sb, 'GET', cf('hubspot', 'leads'), { auth: { authorization: 'Bearer sekrit-key', 'x-apideck-app-id': DEMO.appId } });
			expect(JSON.stringify(bad.body)).not.toContain('sekrit-key');
			// other-consumer has both connections too (it has no pipedrive records, but the connection exists)
			expect((await api(sb, 'GET', cf('pipedrive', 'leads'), { consumer: DEMO.otherConsumerId })).status).toBe(200);
		});

		test('requests are recorded like any API request', async () => {
			sb.resetRequests();
			await api(sb, 'GET', cf('hubspot', 'contacts', '?resource_id=ct_x'));
			expect(sb.requests).toHaveLength(1);
			expect(sb.requests[0]).toMatchObject({
				method: 'GET',
				path: '/vault/connections/crm/hubspot/contacts/custom-fields',
				query: { resource_id: 'ct_x' },
				status: 404,
			});
			expect(sb.requests[0].headers.authorization).toBe('Bearer [redacted]');
		});
	});

	describe('the plan switch', () => {
		test('sb.setCustomFieldsPlan(false) makes the endpoint answer 402 until switched back', async () => {
			sb.setCustomFieldsPlan(false);
			const r = await api(sb, 'GET', cf('hubspot', 'leads'));
			expect(r.status).toBe(402);
			expect(r.body).toEqual({
				status_code: 402,
				error: 'Payment Required',
				type_name: 'PaymentRequiredError',
				message: 'Payment Required',
				detail: expect.any(String),
				ref: 'https://developers.apideck.com/errors#paymentrequirederror',
			});
			// after authentication and the consumer header, before anything about the path
			expect((await api(sb, 'GET', cf('hubspot', 'leads'), { auth: {} })).status).toBe(401);
			expect((await api(sb, 'GET', cf('hubspot', 'leads'), { consumer: null })).status).toBe(400);
			expect((await api(sb, 'GET', cf('salesforce', 'widgets', '?resource_id=x'))).status).toBe(402);
			// nothing else is affected
			expect((await api(sb, 'GET', '/vault/connections')).status).toBe(200);
			expect((await api(sb, 'GET', '/crm/leads?limit=1')).status).toBe(200);
			sb.setCustomFieldsPlan(true);
			expect((await api(sb, 'GET', cf('hubspot', 'leads'))).status).toBe(200);
			expect(() => sb.setCustomFieldsPlan('no' as unknown as boolean)).toThrow(/setCustomFieldsPlan: 400/);
		});

		test('admin: GET and POST /_sandbox/custom-fields-plan', async () => {
			const admin = async (method: string, body?: string) => {
				const r = await fetch(`${sb.url}/_sandbox/custom-fields-plan`, {
					method,
					headers: body === undefined ? {} : { 'content-type': 'application/json' },
					body,
				});
				return { status: r.status, body: (await r.json()) as any };
			};
			expect(await admin('GET')).toEqual({ status: 200, body: { data: { enabled: true } } });
			expect(await admin('POST', JSON.stringify({ enabled: false }))).toEqual({ status: 200, body: { data: { enabled: false } } });
			expect((await api(sb, 'GET', cf('pipedrive', 'contacts'))).status).toBe(402);
			for (const bad of ['', 'null', '[]', '{"enabled":"false"}', '{}', 'nope']) {
				const r = await admin('POST', bad);
				expect([bad, r.status, r.body.type_name]).toEqual([bad, 400, 'RequestValidationError']);
			}
			expect((await admin('GET')).body.data.enabled).toBe(false);
			expect((await admin('DELETE')).status).toBe(405);
			expect(await admin('POST', JSON.stringify({ enabled: true }))).toEqual({ status: 200, body: { data: { enabled: true } } });
			expect((await api(sb, 'GET', cf('pipedrive', 'contacts'))).status).toBe(200);
			// admin calls are not recorded
			expect(sb.requests.some((q) => q.path.startsWith('/_sandbox'))).toBe(false);
		});

		test('the switch belongs to one sandbox', async () => {
			const other = await startSandbox();
			try {
				sb.setCustomFieldsPlan(false);
				expect((await api(other, 'GET', cf('hubspot', 'leads'))).status).toBe(200);
				expect((await api(sb, 'GET', cf('hubspot', 'leads'))).status).toBe(402);
			} finally {
				await other.close();
			}
		});
	});
});
