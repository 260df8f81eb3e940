/**
 * The sandbox's Vault custom fields (vault.yml `customFieldsAll`,
 * GET /vault/connections/{unified_api}/{service_id}/{resource}/custom-fields) through Prism's validating
 * proxy with --errors: every request must fit the operation, and every answer the response the spec
 * documents for its status (200 GetCustomFieldsResponse, 400, 401, 402, 404). The sandbox makes no 422 here.
 */
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { specPath, startPrism, type PrismHandle } from './prism';

const H = {
	authorization: `Bearer ${DEMO.apiKey}`,
	'x-apideck-app-id': DEMO.appId,
	'x-apideck-consumer-id': DEMO.consumerId,
};
const cf = (api: string, service: string, resource: string, query = '') =>
	`/vault/connections/${api}/${service}/${resource}/custom-fields${query}`;

describe('vault custom fields conform to vault.yml', () => {
	let sb: Sandbox;
	let prism: PrismHandle;

	beforeAll(async () => {
		sb = await startSandbox();
		prism = await startPrism('proxy', specPath('vault.yml'), sb.url);
	}, 120_000);

	afterAll(async () => {
		await prism?.close();
		await sb?.close();
	});

	afterEach(() => sb.setCustomFieldsPlan(true));

	/** Sends through Prism; fails on any violation Prism reports, and checks the sandbox answered it. */
	async function conform(path: string, headers: Record<string, string> = H) {
		const before = sb.requests.length;
		const res = await fetch(prism.url + path, { headers });
		const text = await res.text();
		const violations = res.headers.get('sl-violations');
		if (violations || (res.headers.get('content-type') ?? '').includes('problem+json'))
			throw new Error(`GET ${path} → ${res.status}\n${violations}\n${text.slice(0, 1000)}\n${prism.output().slice(-2000)}`);
		expect(sb.requests.length).toBe(before + 1);
		return { status: res.status, body: JSON.parse(text) };
	}

	test('200: lists per service and resource, an empty list, values of one record', async () => {
		const hub = await conform(cf('crm', 'hubspot', 'leads'));
		expect(hub.status).toBe(200);
		expect(hub.body.data.map((f: { name: string }) => f.name)).toContain('Newsletter Opt-In');
		const pd = await conform(cf('crm', 'pipedrive', 'opportunities'));
		expect(pd.body.data[0].id).toMatch(/^[0-9a-f]{40}$/);
		for (const resource of ['contacts', 'companies', 'activities'])
			expect((await conform(cf('crm', 'hubspot', resource))).status).toBe(200);
		expect((await conform(cf('crm', 'hubspot', 'notes'))).body.data).toEqual([]);

		const lead = sb.createRecord(DEMO.consumerId, 'leads', {
			name: 'Conformance Lead',
			company_name: 'Prism Works',
			custom_fields: [
				{ id: 'budget', value: 4200 },
				{ id: 'region', value: ['NL', 'BE'] },
				{ id: 'newsletter_opt_in', value: { nested: true } },
			],
		});
		const one = await conform(cf('crm', 'hubspot', 'leads', `?resource_id=${encodeURIComponent(lead.id)}`));
		expect(one.status).toBe(200);
		expect(one.body.data.find((f: { id: string }) => f.id === 'budget').value).toBe(4200);
		expect(one.body.data.find((f: { id: string }) => f.id === 'hs_lead_source').value).toBeNull();
	});

	test('400: an unknown unified API, an empty resource_id', async () => {
		const r = await conform(cf('nope', 'hubspot', 'leads'));
		expect([r.status, r.body.type_name]).toEqual([400, 'RequestValidationError']);
		const empty = await conform(cf('crm', 'hubspot', 'leads', '?resource_id='));
		expect([empty.status, empty.body.type_name]).toEqual([400, 'RequestValidationError']);
		// (a request without x-apideck-consumer-id breaks the operation itself: Prism refuses it before the sandbox)
	});

	test('401: an unknown API key, a mismatched application id', async () => {
		const key = await conform(cf('crm', 'hubspot', 'leads'), { ...H, authorization: 'Bearer not-the-key' });
		expect([key.status, key.body.type_name]).toEqual([401, 'UnauthorizedError']);
		const app = await conform(cf('crm', 'hubspot', 'leads'), { ...H, 'x-apideck-app-id': 'another-app' });
		expect(app.status).toBe(401);
	});

	test('402: a plan without custom fields', async () => {
		sb.setCustomFieldsPlan(false);
		const r = await conform(cf('crm', 'pipedrive', 'leads'));
		expect([r.status, r.body.type_name]).toEqual([402, 'PaymentRequiredError']);
	});

	test('404: a connector not connected, an unknown connector, another unified API, an unknown resource or record', async () => {
		const cases: [string, string][] = [
			[cf('crm', 'salesforce', 'leads'), 'ConnectionNotFoundError'],
			[cf('crm', 'not-a-crm', 'leads'), 'ConnectorNotFoundError'],
			[cf('hris', 'hubspot', 'leads'), 'ConnectionNotFoundError'],
			[cf('crm', 'hubspot', 'widgets'), 'EntityNotFoundError'],
			[cf('crm', 'hubspot', 'contacts', '?resource_id=ct_missing'), 'EntityNotFoundError'],
		];
		for (const [path, type] of cases) {
			const r = await conform(path);
			expect([path, r.status, r.body.type_name]).toEqual([path, 404, type]);
		}
		const stranger = await conform(cf('crm', 'hubspot', 'leads'), { ...H, 'x-apideck-consumer-id': 'nobody-yet' });
		expect(stranger.status).toBe(404);
	});
});
