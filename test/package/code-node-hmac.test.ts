/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The README's "Without this package: checking the signature in a Code node" shows the Code node a flow of
// n8n's own nodes needs to check Apideck's signature. This runs that exact block the way n8n's JS task
// runner runs "Run Once for Each Item" code (node:vm, the code as the body of an async function, `$json`,
// `$env`, `require` and `Buffer` in scope), against deliveries signed by this package's own signing code.
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as vm from 'node:vm';

import { computeSignature, decodeSignature, verifySignature } from '../../nodes/ApideckCrmTrigger/signature';

const root = resolve(__dirname, '../..');
const MARKER = '<!-- code-node-hmac -->';
const API_KEY = 'test-application-key';

/** The js block that follows the marker comment in README.md. */
function readmeCode(): string {
	const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
	const at = readme.indexOf(MARKER);
	if (at < 0) throw new Error(`README.md has no "${MARKER}" comment`);
	const block = /^\r?\n```js\r?\n([\s\S]*?)\r?\n```\r?\n/.exec(readme.slice(at + MARKER.length));
	if (!block) throw new Error(`README.md: no \`\`\`js block right after "${MARKER}"`);
	return block[1];
}

const code = readmeCode();

interface CodeNodeInput {
	headers?: Record<string, unknown>;
	body: unknown;
}

/**
 * Runs the block as n8n's task runner does (`module.exports = async function VmCodeWrapper() {…}()` in a
 * vm context); `require` gives crypto only, as with NODE_FUNCTION_ALLOW_BUILTIN=crypto.
 */
async function runCodeNode(json: CodeNodeInput, env: Record<string, string> = { APIDECK_API_KEY: API_KEY }): Promise<unknown> {
	const required: string[] = [];
	const context = vm.createContext({
		$json: json,
		$env: env,
		Buffer,
		module: { exports: {} as unknown },
		require: (name: string) => {
			required.push(name);
			if (name === 'crypto') return crypto;
			throw new Error(`Cannot find module '${name}' [not allowed]`);
		},
	});
	vm.runInContext(`module.exports = async function VmCodeWrapper() {${code}\n}()`, context);
	const result = await (context.module as { exports: Promise<unknown> }).exports;
	expect(required).toEqual(['crypto']);
	return result;
}

/** A CRM webhook delivery as n8n's Webhook node outputs it; nested objects with keys out of order, an array. */
function delivery() {
	return {
		payload: {
			occurred_at: '2025-03-04T10:15:00.000Z',
			event_type: 'crm.lead.created',
			unified_api: 'crm',
			service_id: 'hubspot',
			consumer_id: 'acme-consumer',
			event_id: 'evt_9f2c41',
			execution_attempt: 1,
			entity_type: 'lead',
			entity_id: 'lead_4711',
			entity_url: 'https://unify.apideck.com/crm/leads/lead_4711',
			lead: {
				name: 'Ada Lovelace',
				company_name: 'Analytical Engines Ltd',
				emails: [
					{ type: 'primary', email: 'ada@example.com' },
					{ type: 'work', email: 'ada@engines.example' },
				],
				address: { zip: '10115', city: 'Berlin', country: 'DE', line1: null },
				monetary_amount: 12500.5,
				tags: ['vip', 'inbound', 'newsletter'],
			},
		},
	};
}

/** The same data with every object's keys inserted in the opposite order. */
function reversedKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reversedKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.reverse()
			.map(([k, v]) => [k, reversedKeys(v)]),
	);
}

function headers(signature?: string): Record<string, unknown> {
	const h: Record<string, unknown> = {
		host: 'n8n.example.com',
		'user-agent': 'Apideck-Webhooks',
		'content-type': 'application/json',
		'x-apideck-event-type': 'crm.lead.created',
		'x-apideck-idempotency-key': 'evt_9f2c41',
	};
	if (signature !== undefined) h['x-apideck-signature'] = signature;
	return h;
}

const hex = (body: unknown, key = API_KEY) => computeSignature(body, key).toString('hex');
const base64 = (body: unknown, key = API_KEY) => computeSignature(body, key).toString('base64');
const INVALID = 'Invalid Apideck signature';

describe("README: checking Apideck's signature in a Code node", () => {
	test('the block reads the header the trigger reads, and checks with HMAC-SHA256', () => {
		const deliveryTs = readFileSync(resolve(root, 'nodes/ApideckCrmTrigger/delivery.ts'), 'utf8');
		expect(deliveryTs).toContain("header(ctx, 'x-apideck-signature')");
		expect(code).toContain("'x-apideck-signature'");
		expect(code).toContain("createHmac('sha256'");
		expect(code).toContain('timingSafeEqual');
	});

	test('a hex signature from the package passes and the body becomes the item', async () => {
		const body = delivery();
		await expect(runCodeNode({ headers: headers(hex(body)), body })).resolves.toEqual({ json: delivery() });
	});

	test('an upper-case hex signature and a "sha256=" prefix pass, as in the package', async () => {
		const body = delivery();
		for (const signature of [hex(body).toUpperCase(), `sha256=${hex(body)}`]) {
			expect(verifySignature(body, signature, API_KEY)).toBe(true);
			await expect(runCodeNode({ headers: headers(signature), body })).resolves.toEqual({ json: body });
		}
	});

	test('a base64 signature passes, as the package accepts it (also base64url, unpadded)', async () => {
		const body = delivery();
		const b64 = base64(body);
		const b64url = b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		expect(b64url).toMatch(/[-_]/); // the digest has a "+" or "/" for the base64url spelling to differ
		for (const signature of [b64, b64url]) {
			expect(decodeSignature(signature)).toEqual(computeSignature(body, API_KEY));
			await expect(runCodeNode({ headers: headers(signature), body })).resolves.toEqual({ json: body });
		}
	});

	test('a signature computed outside the package (openssl) passes', async () => {
		// test/trigger/golden.test.ts, first vector: printf '%s' '<canonical>' | openssl dgst -sha256 -hmac 'sandbox-api-key'
		const body = {
			payload: {
				occurred_at: '2025-01-01T10:00:00.000Z',
				event_type: 'crm.lead.created',
				entity_id: 'lead_123',
				consumer_id: 'demo-consumer',
				service_id: 'hubspot',
				execution_attempt: 1,
				event_id: 'evt_1',
				unified_api: 'crm',
				entity_type: 'lead',
				entity_url: 'https://unify.apideck.com/crm/leads/lead_123',
			},
		};
		const signature = 'ee4108fef49f369e916a614ff9f7017014d242595575f4a09661a406bd107983';
		await expect(runCodeNode({ headers: headers(signature), body }, { APIDECK_API_KEY: 'sandbox-api-key' })).resolves.toEqual({
			json: body,
		});
	});

	test('the key order of the received body does not matter', async () => {
		const signed = delivery();
		const received = reversedKeys(signed) as ReturnType<typeof delivery>;
		expect(JSON.stringify(received)).not.toBe(JSON.stringify(signed));
		expect(Object.keys(received.payload.lead.address)).toEqual(['line1', 'country', 'city', 'zip']);
		await expect(runCodeNode({ headers: headers(hex(signed)), body: received })).resolves.toEqual({ json: signed });
	});

	test('a body with one changed value is rejected', async () => {
		const signed = delivery();
		const changed = delivery();
		changed.payload.lead.address.city = 'Hamburg';
		await expect(runCodeNode({ headers: headers(hex(signed)), body: changed })).rejects.toThrow(INVALID);
		await expect(runCodeNode({ headers: headers(base64(signed)), body: changed })).rejects.toThrow(INVALID);
	});

	test('a body with an array in another order is rejected (arrays keep their order)', async () => {
		const signed = delivery();
		const reordered = delivery();
		reordered.payload.lead.tags.reverse();
		expect(verifySignature(reordered, hex(signed), API_KEY)).toBe(false);
		await expect(runCodeNode({ headers: headers(hex(signed)), body: reordered })).rejects.toThrow(INVALID);
	});

	test('a signature made with another key is rejected', async () => {
		const body = delivery();
		await expect(runCodeNode({ headers: headers(hex(body, 'someone-elses-key')), body })).rejects.toThrow(INVALID);
		await expect(runCodeNode({ headers: headers(base64(body, 'someone-elses-key')), body })).rejects.toThrow(INVALID);
	});

	test('a missing signature header, or no headers at all, is rejected', async () => {
		const body = delivery();
		await expect(runCodeNode({ headers: headers(), body })).rejects.toThrow(INVALID);
		await expect(runCodeNode({ body })).rejects.toThrow(INVALID);
	});

	test('an empty, truncated or unreadable signature is rejected', async () => {
		const body = delivery();
		for (const signature of ['', hex(body).slice(0, 62), hex(body).slice(0, 32), 'not a signature']) {
			await expect(runCodeNode({ headers: headers(signature), body })).rejects.toThrow(INVALID);
		}
	});

	test('without the API key in $env it fails and says so', async () => {
		const body = delivery();
		await expect(runCodeNode({ headers: headers(hex(body)), body }, {})).rejects.toThrow('APIDECK_API_KEY is not set');
	});
});
