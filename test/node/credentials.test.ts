/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The credential test as n8n runs it for declarative credentials: the credential's test request
// goes through RoutingNode with the entered values.
import { ApideckCrmApi } from '../../credentials/ApideckCrmApi.credentials';
import { DEMO, useSandbox } from '../helpers/node';
import { testCredentials } from '../helpers/vault';

const ctx = useSandbox();

/** lodash's get for a dotted path, as n8n's credential tester reads a rule's key */
const get = (value: unknown, path: string) => path.split('.').reduce<any>((v, k) => v?.[k], value);

test('the credential test passes with good values, listing the CRM connections in Vault', async () => {
	const { items, error } = await testCredentials({ ...(ctx.credentials as any), baseUrl: `${ctx.sandbox.url}/` });
	expect(error).toBeUndefined();
	const request = ctx.sandbox.requests.at(-1)!;
	expect(`${request.method} ${request.path}`).toBe('GET /vault/connections');
	expect(request.query.api).toBe('crm');
	// the sandbox accepted the key (it records the header redacted)
	expect(request.status).toBe(200);
	expect(request.headers.authorization).toMatch(/^Bearer /);
	expect(request.headers['x-apideck-app-id']).toBe(DEMO.appId);
	expect(request.headers['x-apideck-consumer-id']).toBe(DEMO.consumerId);
	expect((items[0].data as any[]).map((c) => c.service_id)).toEqual(expect.arrayContaining(['hubspot', 'pipedrive']));
});

test.each([
	['API key', { apiKey: 'wrong-key' }],
	['application ID', { appId: 'wrong-app' }],
])('the credential test fails with a clear message on a wrong %s', async (_what, override) => {
	const { error } = await testCredentials({ ...(ctx.credentials as any), ...override });
	expect(error).toBeDefined();
	expect(`${error.message} ${error.description ?? ''}`).toMatch(/authori[sz]|credentials|Unauthorized/i);
	expect(JSON.stringify(error)).not.toContain(DEMO.apiKey);
});

test('the credential test fails when the consumer ID is missing', async () => {
	const { error } = await testCredentials({ ...(ctx.credentials as any), consumerId: '' });
	expect(error).toBeDefined();
});

test('a consumer ID with no CRM connection in Vault fails the test with a message that says so', async () => {
	const { items, error } = await testCredentials({ ...(ctx.credentials as any), consumerId: 'mistyped-consumer' });
	expect(error).toBeUndefined();
	expect(items[0].data).toEqual([]);
	// n8n's credential tester applies the credential's rules to the first item of the test request
	const rules = new ApideckCrmApi().test.rules ?? [];
	const failed = rules.find((r) => r.type === 'responseSuccessBody' && get(items[0], r.properties.key) === r.properties.value);
	expect(failed?.properties.message).toMatch(/no CRM connection/);
	// with the right consumer the rule lets the test pass
	const good = await testCredentials(ctx.credentials as any);
	expect(rules.some((r) => r.type === 'responseSuccessBody' && get(good.items[0], r.properties.key) === r.properties.value)).toBe(false);
});
