/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The credential test as n8n runs it for declarative credentials: the credential's test request goes
// through RoutingNode with the entered values, and n8n's credential tester turns the outcome and the
// credential's rules into the message shown (credentialTestVerdict replays n8n 2.41.1's tester).
import { DEMO, useSandbox } from '../helpers/node';
import { credentialTestVerdict, testCredentials } from '../helpers/vault';

const ctx = useSandbox();

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
	expect(await credentialTestVerdict(ctx.credentials as any)).toEqual({ status: 'OK', message: 'Connection successful!' });
});

test.each([
	['API key', { apiKey: 'wrong-key' }, 'Invalid API key', 'Check the API Key'],
	['application ID', { appId: 'wrong-app' }, 'does not match the application of this API key', 'Check the Application ID'],
])("a wrong %s fails with Apideck's detail and names the field to check", async (_what, override, detail, field) => {
	const verdict = await credentialTestVerdict({ ...(ctx.credentials as any), ...override });
	expect(ctx.sandbox.requests.at(-1)!.status).toBe(401);
	expect(verdict.status).toBe('Error');
	expect(verdict.message).toContain(detail);
	expect(verdict.message).toContain(field);
	expect(JSON.stringify(verdict)).not.toContain(DEMO.apiKey);
});

test('a 401 with a detail the node does not know names both fields', async () => {
	ctx.sandbox.intercept(({ path }) =>
		path.startsWith('/vault/') ? { kind: 'respond', status: 401, body: { status_code: 401, error: 'Unauthorized', detail: 'Key revoked' } } : undefined,
	);
	const verdict = await credentialTestVerdict(ctx.credentials as any);
	expect(verdict.status).toBe('Error');
	expect(verdict.message).toMatch(/401 Unauthorized.*Check the API Key and the Application ID/);
});

test('other failures still fail the test, with their HTTP reason as before', async () => {
	ctx.sandbox.intercept(({ path }) =>
		path.startsWith('/vault/') ? { kind: 'respond', status: 403, body: { status_code: 403, error: 'Forbidden', detail: 'x' } } : undefined,
	);
	expect(await credentialTestVerdict(ctx.credentials as any)).toEqual({ status: 'Error', message: 'Forbidden' });
	// a proxy's error page, not Apideck's: no list of connections
	ctx.sandbox.intercept(({ path }) => (path.startsWith('/vault/') ? { kind: 'respond', status: 502, text: '<html>Bad Gateway</html>' } : undefined));
	const verdict = await credentialTestVerdict(ctx.credentials as any);
	expect(verdict.status).toBe('Error');
	expect(verdict.message).toMatch(/Base URL/);
});

test('the credential test fails when the consumer ID is missing', async () => {
	const verdict = await credentialTestVerdict({ ...(ctx.credentials as any), consumerId: '' });
	expect(verdict.status).toBe('Error');
});

test('a consumer ID with no CRM connection in Vault fails the test with a message that says so', async () => {
	const { items, error } = await testCredentials({ ...(ctx.credentials as any), consumerId: 'mistyped-consumer' });
	expect(error).toBeUndefined();
	expect(items[0].data).toEqual([]);
	const verdict = await credentialTestVerdict({ ...(ctx.credentials as any), consumerId: 'mistyped-consumer' });
	expect(verdict.status).toBe('Error');
	expect(verdict.message).toMatch(/no CRM connection.*Check the Consumer ID/);
});
