/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
/**
 * The sandbox's Webhook API and Vault connections responses against webhook.yml and
 * vault.yml (10.3.6), through Prism proxies with --errors.
 * Known, deliberate deviation: a subscription whose validation ping failed carries
 * disabled_reason 'delivery_url_validation_failed', which the 10.3.6 enum lacks.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, startSandbox, type Sandbox } from '../../sandbox';
import { specPath, startPrism, type PrismHandle } from './prism';

const H = {
	authorization: `Bearer ${DEMO.apiKey}`,
	'x-apideck-app-id': DEMO.appId,
	'x-apideck-consumer-id': DEMO.consumerId,
	'content-type': 'application/json',
};

describe('webhook and vault responses conform to webhook.yml / vault.yml', () => {
	let sb: Sandbox;
	let webhookPrism: PrismHandle;
	let vaultPrism: PrismHandle;
	let hook: http.Server;
	let hookUrl: string;

	beforeAll(async () => {
		sb = await startSandbox({ webhookRetryDelaysMs: [10] });
		hook = http.createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{}');
			});
		});
		await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
		hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
		[webhookPrism, vaultPrism] = await Promise.all([
			startPrism('proxy', specPath('webhook.yml'), sb.url),
			startPrism('proxy', specPath('vault.yml'), sb.url),
		]);
	}, 120_000);

	afterAll(async () => {
		await Promise.all([webhookPrism?.close(), vaultPrism?.close()]);
		await sb?.close();
		await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
	});

	async function conform(base: string, method: string, path: string, body?: unknown) {
		const before = sb.requests.length;
		const res = await fetch(base + path, { method, headers: H, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await res.text();
		const violations = res.headers.get('sl-violations');
		if (violations || (res.headers.get('content-type') ?? '').includes('problem+json'))
			throw new Error(`${method} ${path} → ${res.status}\n${violations}\n${text.slice(0, 1000)}`);
		expect(sb.requests.length).toBe(before + 1);
		return { status: res.status, body: JSON.parse(text) };
	}

	test('webhook subscriptions: create, list, get, update, delete', async () => {
		const created = await conform(webhookPrism.url, 'POST', '/webhook/webhooks', {
			unified_api: 'crm',
			status: 'enabled',
			delivery_url: hookUrl,
			events: ['crm.lead.created', 'crm.notes.updated'],
			description: 'conformance',
		});
		expect(created.status).toBe(201);
		const id = created.body.data.id;
		await conform(webhookPrism.url, 'GET', '/webhook/webhooks?limit=10');
		await conform(webhookPrism.url, 'GET', `/webhook/webhooks/${id}`);
		await conform(webhookPrism.url, 'PATCH', `/webhook/webhooks/${id}`, { status: 'disabled', events: ['crm.company.deleted'] });
		const del = await conform(webhookPrism.url, 'DELETE', `/webhook/webhooks/${id}`);
		expect(del.body.data.id).toBe(id);
		const missing = await conform(webhookPrism.url, 'GET', `/webhook/webhooks/${id}`);
		expect(missing.status).toBe(404);
	});

	test('vault connections: list and one', async () => {
		const list = await conform(vaultPrism.url, 'GET', '/vault/connections?api=crm');
		expect(list.body.data).toHaveLength(2);
		await conform(vaultPrism.url, 'GET', '/vault/connections/crm/hubspot');
	});

	test('vault connections: disabled with PATCH, still listed with enabled false, enabled again', async () => {
		const off = await conform(vaultPrism.url, 'PATCH', '/vault/connections/crm/pipedrive', { enabled: false });
		expect(off.body.data).toMatchObject({ service_id: 'pipedrive', enabled: false });
		const list = await conform(vaultPrism.url, 'GET', '/vault/connections?api=crm');
		expect(list.body.data.map((c: { service_id: string; enabled: boolean }) => [c.service_id, c.enabled])).toEqual([
			['hubspot', true],
			['pipedrive', false],
		]);
		const on = await conform(vaultPrism.url, 'PATCH', '/vault/connections/crm/pipedrive', { enabled: true });
		expect(on.body.data.enabled).toBe(true);
	});
});
