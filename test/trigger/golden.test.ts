/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Golden vectors for what no spec defines and the node and the sandbox implement alike: the delivery
// signature, Apideck's validation ping, and a webhook "saved as disabled". Each expected value is
// written from Apideck's documentation (see ../shared/notes/README.md, "Webhooks") and computed
// outside both implementations, so the two cannot agree on a mistake:
//
//   signature: HMAC-SHA256 keyed with the API key over the JSON body with object keys sorted at every
//   level, arrays in order, compact; hex or base64. The canonical strings below were written by hand
//   and signed with   printf '%s' '<canonical>' | openssl dgst -sha256 -hmac '<key>' [-binary | base64]
import { createHmac } from 'node:crypto';

import { canonicalJson, decodeSignature, verifySignature } from '../../nodes/ApideckCrmTrigger/signature';
import { canonicalJson as sandboxCanonicalJson, DEMO, signPayload } from '../../sandbox';
import { startTriggerHarness, type TriggerHarness } from './harness';

interface Vector {
	name: string;
	key: string;
	body: unknown;
	canonical: string;
	hex: string;
	base64: string;
}

const VECTORS: Vector[] = [
	{
		name: 'a delivery, keys out of order',
		key: 'sandbox-api-key',
		body: {
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
		},
		canonical:
			'{"payload":{"consumer_id":"demo-consumer","entity_id":"lead_123","entity_type":"lead","entity_url":"https://unify.apideck.com/crm/leads/lead_123","event_id":"evt_1","event_type":"crm.lead.created","execution_attempt":1,"occurred_at":"2025-01-01T10:00:00.000Z","service_id":"hubspot","unified_api":"crm"}}',
		hex: 'ee4108fef49f369e916a614ff9f7017014d242595575f4a09661a406bd107983',
		base64: '7kEI/vSfNp6RamFP+fcBcBTSQllVdfSglmGkBr0QeYM=',
	},
	{
		name: 'nested objects sorted, array order kept, quotes, non-ASCII, null, a fraction',
		key: 'k3y with spaces',
		body: { z: [3, 1, 2], a: { d: true, c: null, b: [{ y: 'é', x: '"q"' }] }, m: 1.5 },
		canonical: '{"a":{"b":[{"x":"\\"q\\"","y":"é"}],"c":null,"d":true},"m":1.5,"z":[3,1,2]}',
		hex: '23d5b4697f2e8fa9859fb17857ed5dfaf9e935b4ed6c2495980df64e088e584a',
		base64: 'I9W0aX8uj6mFn7F4V+1d+vnpNbTtbCSVmA32TgiOWEo=',
	},
	{
		name: 'an empty payload',
		key: 'x',
		body: { payload: {} },
		canonical: '{"payload":{}}',
		hex: '9fc3bfe7733a5a3f1c349445a0608bc1057b7517bab98ecf8aa6664c07c7d42f',
		base64: 'n8O/53M6Wj8cNJRFoGCLwQV7dRe6uY7PiqZmTAfH1C8=',
	},
];

/** openssl dgst -sha256 -hmac 'not-the-key' over the first vector's canonical string */
const WRONG_KEY_HEX = 'b5dd5d878a1617b07629f185efa27a5495f808a3dc4517d92cd13f9483088795';

const base64url = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe.each(VECTORS.map((v) => [v.name, v] as const))('signature vector: %s', (_name, v) => {
	test('the node and the sandbox write the hand-written canonical JSON', () => {
		expect(canonicalJson(v.body)).toBe(v.canonical);
		expect(sandboxCanonicalJson(v.body)).toBe(v.canonical);
	});

	test('the sandbox signs with the independently computed digest, hex and base64', () => {
		expect(signPayload(v.body, v.key)).toBe(v.hex);
		expect(signPayload(v.body, v.key, 'base64')).toBe(v.base64);
	});

	test('the node accepts the digest in every encoding it documents', () => {
		for (const header of [v.hex, v.hex.toUpperCase(), v.base64, base64url(v.base64), `sha256=${v.hex}`, `SHA256=${v.base64}`, ` ${v.hex} `, [v.hex]]) {
			expect([header, verifySignature(v.body, header, v.key)]).toEqual([header, true]);
		}
		expect(decodeSignature(v.hex)!.toString('hex')).toBe(v.hex);
		expect(decodeSignature(base64url(v.base64))!.toString('hex')).toBe(v.hex);
	});

	test('and refuses it for another key, or with one character changed', () => {
		expect(verifySignature(v.body, v.hex, `${v.key}!`)).toBe(false);
		const flipped = `${v.hex.slice(0, 10)}${v.hex[10] === '0' ? '1' : '0'}${v.hex.slice(11)}`;
		expect(verifySignature(v.body, flipped, v.key)).toBe(false);
		expect(verifySignature(v.body, flipped.toUpperCase(), v.key)).toBe(false);
	});
});

test('a MAC made with another key is refused in every encoding', () => {
	const [v] = VECTORS;
	const wrong = Buffer.from(WRONG_KEY_HEX, 'hex');
	for (const header of [
		WRONG_KEY_HEX,
		WRONG_KEY_HEX.toUpperCase(),
		wrong.toString('base64'),
		base64url(wrong.toString('base64')),
		`sha256=${WRONG_KEY_HEX}`,
		`sha256=${wrong.toString('base64')}`,
	]) {
		expect([header, verifySignature(v.body, header, v.key)]).toEqual([header, false]);
	}
	// and what is not a 32-byte digest at all
	for (const header of ['', 'sha256=', v.hex.slice(0, 62), `${v.hex}00`, v.base64.slice(0, 40), 'g'.repeat(64), 'A'.repeat(64), undefined, 42]) {
		expect([header, verifySignature(v.body, header, v.key)]).toEqual([header, false]);
	}
	// no key, no signature can match
	expect(verifySignature(v.body, v.hex, '')).toBe(false);
});

describe('validation ping and "saved as disabled", as Apideck documents them', () => {
	let h: TriggerHarness;
	afterEach(async () => {
		await h?.close();
	});

	// header and body of Apideck's ping, written from the documentation
	const PING_HEADERS = { 'x-apideck-event-type': 'apideck.subscription.created' };
	const PING_BODY = { message: 'Validating delivery URL' };

	test('the sandbox pings a new webhook with exactly that header and body', async () => {
		h = await startTriggerHarness();
		await h.activate();
		const pings = h.sandbox.deliveries.filter((d) => d.url === h.deliveryUrl);
		expect(pings).toHaveLength(1);
		expect(pings[0].headers).toMatchObject(PING_HEADERS);
		expect(pings[0].body).toEqual(PING_BODY);
	});

	test('the node answers that ping 200 without a signature, and starts nothing', async () => {
		h = await startTriggerHarness();
		await h.activate();
		h.answers.length = 0;
		const answer = await h.post(PING_BODY, PING_HEADERS);
		expect(answer.status).toBe(200);
		expect(answer.items).toBeUndefined();
		expect(h.runs()).toEqual([]);
		// the same body without the ping header is a delivery, and unsigned it is refused
		const unsigned = await h.post(PING_BODY, {});
		expect(unsigned.status).toBe(401);
	});

	test('the sandbox saves a webhook whose ping failed as disabled, with that reason', async () => {
		h = await startTriggerHarness();
		const created = await h.api('POST', '/webhook/webhooks', {
			unified_api: 'crm',
			status: 'enabled',
			delivery_url: 'http://127.0.0.1:1/unreachable',
			events: ['crm.lead.created'],
		});
		expect(created.data).toMatchObject({ status: 'disabled', disabled_reason: 'delivery_url_validation_failed' });
	});

	test('the node removes a webhook Apideck saved as disabled and fails activation with the reason', async () => {
		h = await startTriggerHarness();
		// Apideck's answer to the registration, written from the documentation: saved, but disabled
		h.sandbox.intercept(({ method, path }) =>
			method === 'POST' && path === '/webhook/webhooks'
				? {
						kind: 'respond',
						status: 201,
						body: {
							status_code: 201,
							status: 'Created',
							data: {
								id: 'wh_disabled_1',
								status: 'disabled',
								disabled_reason: 'delivery_url_validation_failed',
								delivery_url: h.deliveryUrl,
								unified_api: 'crm',
								events: ['crm.lead.created'],
							},
						},
					}
				: undefined,
		);
		const error = await h.activate().then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message).toBe(`Apideck could not reach the delivery URL ${h.deliveryUrl}`);
		expect(error?.description).toMatch(/Apideck said: delivery_url_validation_failed\.$/);
		expect(h.sandbox.requests.filter((r) => r.path.startsWith('/webhook/')).map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /webhook/webhooks',
			'POST /webhook/webhooks',
			'DELETE /webhook/webhooks/wh_disabled_1',
		]);
		expect(h.staticData()).toEqual({});
	});
});

test('the demo key is what the sandbox signs deliveries with', () => {
	expect(DEMO.apiKey).toBe(VECTORS[0].key);
});

describe('what the signature header may look like, and what is refused', () => {
	const hex = createHmac('sha256', 'k').update('{}').digest('hex');
	const b64 = Buffer.from(hex, 'hex').toString('base64');

	test('"sha256=" only as a prefix, in any case', () => {
		expect(decodeSignature(`sha256=${hex}`)?.toString('hex')).toBe(hex);
		expect(decodeSignature(`SHA256=${hex}`)?.toString('hex')).toBe(hex);
		expect(decodeSignature(`xsha256=${hex}`)).toBeUndefined();
		expect(decodeSignature(`${hex}sha256=`)).toBeUndefined();
	});

	test('base64 only as the whole value (no characters before or after)', () => {
		expect(decodeSignature(b64)?.toString('hex')).toBe(hex);
		expect(decodeSignature(`!${b64}`)).toBeUndefined();
		expect(decodeSignature(`${b64}!`)).toBeUndefined();
		expect(decodeSignature(`${b64.slice(0, -1)}!`)).toBeUndefined();
	});

	test('a signature for another body or key is refused in every encoding', () => {
		expect(verifySignature({}, hex, 'k')).toBe(true);
		expect(verifySignature({}, b64, 'k')).toBe(true);
		expect(verifySignature({ a: 1 }, hex, 'k')).toBe(false);
		expect(verifySignature({}, hex.toUpperCase(), 'other')).toBe(false);
		expect(verifySignature({}, b64, '')).toBe(false);
	});
});

describe('canonical JSON of values JSON.stringify treats specially', () => {
	test('toJSON is used (dates as ISO strings), functions, symbols and undefined are dropped', () => {
		expect(canonicalJson({ d: new Date(0), f: () => 1, s: Symbol('x'), u: undefined, n: null })).toBe('{"d":"1970-01-01T00:00:00.000Z","n":null}');
		expect(canonicalJson([undefined, () => 1, Symbol('x')])).toBe('[null,null,null]');
		expect(canonicalJson(undefined)).toBe('null');
	});
});
