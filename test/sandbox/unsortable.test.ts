/**
 * sb.setUnsortable / POST /_sandbox/unsortable: a connector that cannot sort some resources, as
 * Apideck reports it (400 UnsupportedSortFieldError) when the downstream CRM has no sorting.
 */
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { admin, api, listAll } from './helpers';


const SORTED = 'sort[by]=created_at&sort[direction]=desc&limit=200';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(() => sb.close());
afterEach(() => {
	sb.setUnsortable('hubspot', null);
	sb.setUnsortable('pipedrive', null);
});

describe('sb.setUnsortable', () => {
	test('a sorted list of an unsortable resource → 400 UnsupportedSortFieldError naming connector and resource', async () => {
		sb.setUnsortable('hubspot', ['leads', 'activities']);
		for (const resource of ['leads', 'activities']) {
			for (const qs of [SORTED, 'sort[by]=updated_at', 'sort[direction]=asc', 'sort[by]=name&limit=3']) {
				const r = await api(sb, 'GET', `/crm/${resource}?${qs}`);
				expect(r.status).toBe(400);
				expect(r.body).toEqual({
					status_code: 400,
					error: 'Bad Request',
					type_name: 'UnsupportedSortFieldError',
					message: expect.any(String),
					detail: expect.stringContaining(resource),
					ref: expect.stringContaining('unsupportedsortfielderror'),
				});
				expect(r.body.detail).toContain('HubSpot');
				expect(r.body.detail).toContain('hubspot');
			}
		}
		expect(sb.requests.at(-1)).toMatchObject({ path: '/crm/activities', status: 400 });
	});

	test('everything else keeps working', async () => {
		sb.setUnsortable('hubspot', ['leads', 'activities']);
		// no sort: all pages
		const leads = await listAll(sb, '/crm/leads?limit=7');
		expect(leads.records).toHaveLength(sb.records(DEMO.consumerId, 'leads').length);
		// activities' updated_since filter without sort
		const since = '2024-03-01T00:00:00.000Z';
		const recent = await listAll(sb, `/crm/activities?filter[updated_since]=${since}&limit=5`);
		expect(recent.records.length).toBe(
			sb.records(DEMO.consumerId, 'activities').filter((a) => Date.parse(a.updated_at) >= Date.parse(since)).length,
		);
		// single records and writes
		expect((await api(sb, 'GET', `/crm/leads/${leads.records[0].id}`)).status).toBe(200);
		expect((await api(sb, 'POST', '/crm/leads', { body: { name: 'Still', company_name: 'Writable' } })).status).toBe(201);
		// other resources on the same connection
		expect((await api(sb, 'GET', `/crm/contacts?${SORTED}`)).status).toBe(200);
		// the same resource on the other connection
		expect((await api(sb, 'GET', `/crm/leads?${SORTED}`, { service: 'pipedrive' })).status).toBe(200);
		// every consumer of that service is affected
		expect((await api(sb, 'GET', `/crm/leads?${SORTED}`, { consumer: DEMO.otherConsumerId })).status).toBe(400);
		expect((await api(sb, 'GET', `/crm/leads?${SORTED}`, { consumer: 'brand-new-consumer' })).status).toBe(400);
		// the default connection is hubspot: an explicit header behaves the same
		expect((await api(sb, 'GET', `/crm/leads?${SORTED}`, { service: 'hubspot' })).status).toBe(400);
	});

	test('null or [] switches it off; a new call replaces the service’s set', async () => {
		sb.setUnsortable('pipedrive', ['contacts']);
		expect((await api(sb, 'GET', `/crm/contacts?${SORTED}`, { service: 'pipedrive' })).status).toBe(400);
		sb.setUnsortable('pipedrive', ['companies']);
		expect((await api(sb, 'GET', `/crm/contacts?${SORTED}`, { service: 'pipedrive' })).status).toBe(200);
		expect((await api(sb, 'GET', `/crm/companies?${SORTED}`, { service: 'pipedrive' })).status).toBe(400);
		sb.setUnsortable('pipedrive', []);
		expect((await api(sb, 'GET', `/crm/companies?${SORTED}`, { service: 'pipedrive' })).status).toBe(200);
		sb.setUnsortable('pipedrive', ['companies']);
		sb.setUnsortable('pipedrive', null);
		const r = await api(sb, 'GET', `/crm/companies?${SORTED}`, { service: 'pipedrive' });
		expect(r.status).toBe(200);
		expect(r.body.data).toHaveLength(sb.records(DEMO.consumerId, 'companies', 'pipedrive').length);
	});

	test('bad arguments throw', () => {
		expect(() => sb.setUnsortable('salesforce', ['leads'])).toThrow(/serviceId/);
		expect(() => sb.setUnsortable('hubspot', ['widgets' as 'leads'])).toThrow(/widgets/);
		expect(() => sb.setUnsortable('hubspot', 'leads' as never)).toThrow(/resources/);
	});
});

describe('POST /_sandbox/unsortable', () => {
	test('sets, reads and clears; answers the whole setting in data', async () => {
		const set = await admin(sb, 'POST', '/_sandbox/unsortable', { serviceId: 'hubspot', resources: ['opportunities', 'companies'] });
		expect(set.status).toBe(200);
		expect(set.body.data).toEqual({ hubspot: ['companies', 'opportunities'] });
		await admin(sb, 'POST', '/_sandbox/unsortable', { serviceId: 'pipedrive', resources: ['leads'] });
		expect((await admin(sb, 'GET', '/_sandbox/unsortable')).body.data).toEqual({
			hubspot: ['companies', 'opportunities'],
			pipedrive: ['leads'],
		});
		const r = await api(sb, 'GET', '/crm/opportunities?sort[by]=updated_at&sort[direction]=desc');
		expect(r.status).toBe(400);
		expect(r.body.type_name).toBe('UnsupportedSortFieldError');

		const cleared = await admin(sb, 'POST', '/_sandbox/unsortable', { serviceId: 'hubspot', resources: null });
		expect(cleared.body.data).toEqual({ pipedrive: ['leads'] });
		expect((await admin(sb, 'POST', '/_sandbox/unsortable', { serviceId: 'pipedrive', resources: [] })).body.data).toEqual({});
		expect((await api(sb, 'GET', '/crm/opportunities?sort[by]=updated_at&sort[direction]=desc')).status).toBe(200);
	});

	test('bad bodies → 400 RequestValidationError', async () => {
		for (const bad of [{ serviceId: 'nope', resources: ['leads'] }, { serviceId: 'hubspot', resources: ['widgets'] }, { resources: ['leads'] }, [1], null]) {
			const r = await admin(sb, 'POST', '/_sandbox/unsortable', bad);
			expect(r.status).toBe(400);
			expect(r.body.type_name).toBe('RequestValidationError');
		}
		expect((await admin(sb, 'GET', '/_sandbox/unsortable')).body.data).toEqual({});
	});
});
