/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * Contract: every Webhook API and Vault request the package sends, against webhook.yml and vault.yml.
 * The trigger's webhookMethods run through n8n-core's HookContext (test/trigger/harness.ts), the
 * credential test through RoutingNode, the Service picker through LoadOptionsContext. Their requests
 * reach the sandbox through Prism proxies of the two specs, which refuse a request that breaks its spec
 * (422, application/problem+json, nothing forwarded) and flag a response that does; a recorder in
 * between keeps what was sent. A proxy rather than a mock: the trigger's flows depend on what Apideck
 * holds (adoption, update, replacement), which a stateless mock cannot play.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/shared/definitions/events';
import { DEMO } from '../../sandbox';
import { nodeType } from '../helpers/node';
import { pickerContext, testCredentials } from '../helpers/vault';
import { startTriggerHarness, type TriggerHarness } from '../trigger/harness';
import { specPath, startPrism, type PrismHandle } from './prism';

interface Seen {
	method: string;
	path: string;
	body: any;
	status: number;
	problem: string | null;
}

const seen: Seen[] = [];
/** every request of the file, for the coverage check at the end */
const all: Seen[] = [];
let recorder: http.Server;
let recorderUrl = '';
let webhookPrism: PrismHandle;
let vaultPrism: PrismHandle;
let h: TriggerHarness;

beforeAll(async () => {
	recorder = http.createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const raw = Buffer.concat(chunks);
		const path = req.url ?? '';
		const prism = path.startsWith('/webhook/') ? webhookPrism : path.startsWith('/vault/') ? vaultPrism : undefined;
		const record: Seen = { method: req.method!, path, body: raw.length ? JSON.parse(raw.toString()) : undefined, status: 0, problem: null };
		seen.push(record);
		all.push(record);
		if (!prism) {
			record.status = 404;
			record.problem = 'not a Webhook API or Vault path';
			res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not covered by this test"}');
			return;
		}
		const upstream = await fetch(`${prism.url}${path}`, {
			method: req.method,
			headers: Object.fromEntries(
				Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
			) as Record<string, string>,
			body: raw.length ? raw : undefined,
		});
		const text = await upstream.text();
		const type = upstream.headers.get('content-type') ?? 'application/json';
		record.status = upstream.status;
		const violations = upstream.headers.get('sl-violations');
		if (violations || type.includes('problem+json')) record.problem = `${violations ?? ''} ${text.slice(0, 2000)}`.trim();
		res.writeHead(upstream.status, { 'content-type': type }).end(text);
	});
	await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
	recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;

	// All 18 events: the note events are the ones whose spelling the spec fixes.
	h = await startTriggerHarness({ events: [...EVENT_TYPES], credentials: { baseUrl: recorderUrl } });
	[webhookPrism, vaultPrism] = await Promise.all([
		startPrism('proxy', specPath('webhook.yml'), h.sandbox.url),
		startPrism('proxy', specPath('vault.yml'), h.sandbox.url),
	]);
}, 180_000);

afterAll(async () => {
	await Promise.all([webhookPrism?.close(), vaultPrism?.close()]);
	await h?.close();
	await new Promise<void>((r) => (recorder ? recorder.close(() => r()) : r()));
});

beforeEach(async () => {
	// Nothing at Apideck, nothing stored: each flow sets up its own state through the sandbox directly.
	for (const w of h.sandbox.subscriptions()) await h.api('DELETE', `/webhook/webhooks/${w.id}`);
	delete h.staticData().webhookId;
	h.node.parameters.events = [...EVENT_TYPES];
	seen.length = 0;
});

/** The requests of the flow, checked: each one valid and answered as the spec says. */
function calls(): string[] {
	for (const r of seen) {
		if (r.problem) throw new Error(`${r.method} ${r.path} breaks the spec (${r.status}): ${r.problem}`);
	}
	return seen.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')} ${r.status}`);
}

const subscribe = (deliveryUrl: string, events: string[]) =>
	h.api('POST', '/webhook/webhooks', { unified_api: 'crm', status: 'enabled', delivery_url: deliveryUrl, events, description: 'set up by the test' }).then((r) => r.data);

const onNodeUrl = () => h.sandbox.subscriptions().filter((w) => w.delivery_url === h.deliveryUrl);

describe('the trigger\'s Webhook API requests conform to webhook.yml', () => {
	test('activation with no webhook registers one (list, create); a restart finds it (list); deactivation deletes it', async () => {
		expect((await h.activate()).existed).toBe(false);
		const id = h.staticData().webhookId as string;
		expect((await h.activate()).existed).toBe(true);
		expect(await h.deactivate()).toBe(true);

		expect(calls()).toEqual([
			'GET /webhook/webhooks 200',
			'POST /webhook/webhooks 201',
			'GET /webhook/webhooks 200',
			`DELETE /webhook/webhooks/${id} 200`,
		]);
		expect(seen[1].body.events).toHaveLength(18);
		expect(onNodeUrl()).toEqual([]);
	});

	test('a stored webhook removed at Apideck is asked for by ID (get, 404) and registered again; deleting a gone one is done', async () => {
		await h.activate();
		const gone = h.staticData().webhookId as string;
		await h.api('DELETE', `/webhook/webhooks/${gone}`);
		seen.length = 0;

		expect((await h.activate()).existed).toBe(false);
		const id = h.staticData().webhookId as string;
		await h.api('DELETE', `/webhook/webhooks/${id}`);
		expect(await h.deactivate()).toBe(true);

		expect(calls()).toEqual([
			'GET /webhook/webhooks 200',
			`GET /webhook/webhooks/${gone} 404`,
			'POST /webhook/webhooks 201',
			`DELETE /webhook/webhooks/${id} 404`,
		]);
	});

	test('static data lost: an identical webhook is adopted (list); a leftover with other events is updated (update)', async () => {
		const identical = await subscribe(h.deliveryUrl, ['crm.lead.created']);
		h.node.parameters.events = ['crm.lead.created'];
		expect((await h.activate()).existed).toBe(true);
		expect(h.staticData().webhookId).toBe(identical.id);

		delete h.staticData().webhookId;
		h.node.parameters.events = [...EVENT_TYPES];
		expect((await h.activate()).existed).toBe(true);

		expect(calls()).toEqual(['GET /webhook/webhooks 200', 'GET /webhook/webhooks 200', `PATCH /webhook/webhooks/${identical.id} 200`]);
		expect(Object.keys(seen[2].body)).toEqual(['events']);
		expect(onNodeUrl().map((w) => w.events.length)).toEqual([18]);
	});

	test('a disabled webhook and a duplicate on this URL are replaced (delete, create); deactivation without an ID lists and deletes', async () => {
		const disabled = await subscribe(h.deliveryUrl, ['crm.lead.created']);
		await h.api('PATCH', `/webhook/webhooks/${disabled.id}`, { status: 'disabled' });
		const duplicate = await subscribe(h.deliveryUrl, ['crm.lead.created']);
		await h.api('PATCH', `/webhook/webhooks/${duplicate.id}`, { status: 'disabled' });
		h.staticData().webhookId = disabled.id;

		expect((await h.activate()).existed).toBe(false);
		const id = h.staticData().webhookId as string;
		delete h.staticData().webhookId;
		expect(await h.deactivate()).toBe(true);

		const flow = calls();
		expect(flow.slice(0, 3).sort()).toEqual(
			['GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${disabled.id} 200`, `DELETE /webhook/webhooks/${duplicate.id} 200`].sort(),
		);
		expect(flow.slice(3)).toEqual(['POST /webhook/webhooks 201', 'GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${id} 200`]);
		expect(onNodeUrl()).toEqual([]);
	});

	test('"Listen for test event" registers and removes the test URL\'s webhook the same way', async () => {
		await h.activate({ isTest: true });
		const id = h.testStaticData()?.webhookId;
		await h.deactivate({ isTest: true });
		expect(calls()).toEqual(['GET /webhook/webhooks 200', 'POST /webhook/webhooks 201', `DELETE /webhook/webhooks/${id} 200`]);
		expect(seen[1].body.delivery_url).toBe(h.testDeliveryUrl);
	});
});

describe('the package\'s Vault requests conform to vault.yml', () => {
	const credentials = () =>
		({ apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: recorderUrl }) as ICredentialDataDecryptedObject;

	test('the credential test (list connections)', async () => {
		const { error } = await testCredentials({ ...(credentials() as Record<string, string>), baseUrl: `${recorderUrl}/` });
		expect(error).toBeUndefined();
		expect(calls()).toEqual(['GET /vault/connections 200']);
		expect(seen[0].path).toBe('/vault/connections?api=crm');
	});

	test('the Service picker (list connections)', async () => {
		const { results } = await nodeType.methods.listSearch.searchServices.call(pickerContext({ resource: 'company' }, credentials()));
		expect(results.map((r) => r.value)).toEqual(expect.arrayContaining(['hubspot', 'pipedrive']));
		expect(calls()).toEqual(['GET /vault/connections 200']);
		expect(seen[0].path).toBe('/vault/connections?api=crm');
	});

	test('the custom-field picker (a connection\'s custom fields; without a Service, list connections first)', async () => {
		const picked = await nodeType.methods.listSearch.searchCustomFields.call(
			pickerContext({ resource: 'lead', operation: 'create', service: { __rl: true, mode: 'id', value: 'hubspot' } }, credentials()),
		);
		expect(picked.results.map((r) => r.value)).toContain('hs_lead_source');
		expect(calls()).toEqual(['GET /vault/connections/crm/hubspot/leads/custom-fields 200']);

		seen.length = 0;
		const unpicked = await nodeType.methods.listSearch.searchCustomFields.call(pickerContext({ resource: 'contact', operation: 'create' }, credentials()));
		expect(unpicked.results).toEqual([expect.objectContaining({ value: '' })]);
		expect(calls()).toEqual(['GET /vault/connections 200']);
	});

	test('the custom-field picker on a plan without custom fields: a documented 402', async () => {
		h.sandbox.setCustomFieldsPlan(false);
		try {
			const { results } = await nodeType.methods.listSearch.searchCustomFields.call(
				pickerContext({ resource: 'company', operation: 'update', service: { __rl: true, mode: 'id', value: 'pipedrive' } }, credentials()),
			);
			expect(results[0].name).toContain('plan does not include custom fields');
			expect(calls()).toEqual(['GET /vault/connections/crm/pipedrive/companies/custom-fields 402']);
		} finally {
			h.sandbox.setCustomFieldsPlan(true);
		}
	});
});

test('the check can fail: a subscription to an event the spec does not list is refused before it reaches the sandbox', async () => {
	const before = h.sandbox.requests.length;
	const response = await fetch(`${recorderUrl}/webhook/webhooks`, {
		method: 'POST',
		headers: { authorization: `Bearer ${DEMO.apiKey}`, 'x-apideck-app-id': DEMO.appId, 'content-type': 'application/json' },
		body: JSON.stringify({ unified_api: 'crm', status: 'enabled', delivery_url: h.deliveryUrl, events: ['crm.note.updated'] }),
	});
	expect(response.status).toBe(422);
	expect(seen[0].problem).toMatch(/events/);
	expect(h.sandbox.requests.length).toBe(before);
});

test('every Webhook API operation the trigger uses was checked', () => {
	const operations = new Set(
		all
			.filter((r) => r.path.startsWith('/webhook/') && !r.problem)
			.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '').replace(/\/webhook\/webhooks\/[^/]+$/, '/webhook/webhooks/{id}')}`),
	);
	expect([...operations].sort()).toEqual(
		[
			'GET /webhook/webhooks',
			'POST /webhook/webhooks',
			'GET /webhook/webhooks/{id}',
			'PATCH /webhook/webhooks/{id}',
			'DELETE /webhook/webhooks/{id}',
		].sort(),
	);
});
