/* eslint-disable @typescript-eslint/no-unused-vars -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Deliveries with a signature in every encoding the trigger accepts: the right MAC starts one run, a
// wrong one (another key, another body, or no digest at all) is answered 401 and starts nothing.
import { createHmac } from 'node:crypto';

import { canonicalJson, DEMO } from '../../sandbox';
import { startTriggerHarness, type TriggerHarness } from './harness';

let h: TriggerHarness;
beforeAll(async () => {
	h = await startTriggerHarness({ options: { fetchRecord: false } });
	await h.activate();
});
afterAll(async () => {
	await h?.close();
});
beforeEach(() => {
	h.sandbox.resetRequests();
	h.answers.length = 0;
});

const mac = (body: unknown, key: string) => createHmac('sha256', key).update(canonicalJson(body)).digest();
const url = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The encodings the trigger documents for x-apideck-signature. */
const ENCODINGS: Record<string, (digest: Buffer) => string> = {
	'hex': (d) => d.toString('hex'),
	'HEX (upper case)': (d) => d.toString('hex').toUpperCase(),
	'base64': (d) => d.toString('base64'),
	'base64url': (d) => url(d.toString('base64')),
	'sha256=hex': (d) => `sha256=${d.toString('hex')}`,
	'sha256=base64': (d) => `sha256=${d.toString('base64')}`,
};

function event(entityId: string) {
	return h.signedEvent({ event_type: 'crm.lead.created', entity_id: entityId, entity_type: 'lead' });
}

describe.each(Object.entries(ENCODINGS))('%s', (_name, encode) => {
	test('the right MAC starts one run', async () => {
		const { body, headers } = event('signed-ok');
		const answer = await h.post(body, { ...headers, 'x-apideck-signature': encode(mac(body, DEMO.apiKey)) });
		expect(answer.status).toBe(200);
		expect(answer.items).toEqual([expect.objectContaining({ event_type: 'crm.lead.created', entity_id: 'signed-ok' })]);
		expect(h.runs()).toHaveLength(1);
	});

	test('a MAC made with another key is answered 401 and starts nothing', async () => {
		const { body, headers } = event('forged');
		const answer = await h.post(body, { ...headers, 'x-apideck-signature': encode(mac(body, 'not-the-api-key')) });
		expect(answer.status).toBe(401);
		expect(answer.response).toEqual({ error: 'invalid_signature', message: 'The signature does not match the body' });
		expect(answer.items).toBeUndefined();
		expect(h.runs()).toEqual([]);
		expect(h.sandbox.requests).toEqual([]);
	});

	test("the MAC of another body (the payload changed on the way) is answered 401", async () => {
		const { body, headers } = event('original');
		const changed = { payload: { ...body.payload, entity_id: 'changed' } };
		const answer = await h.post(changed, { ...headers, 'x-apideck-signature': encode(mac(body, DEMO.apiKey)) });
		expect(answer.status).toBe(401);
		expect(h.runs()).toEqual([]);
	});
});

test('a made-up digest of the right length is answered 401 in each form', async () => {
	const { body, headers } = event('made-up');
	for (const signature of ['A'.repeat(64), 'f'.repeat(64), '0'.repeat(64), Buffer.alloc(32, 7).toString('base64'), `sha256=${'B'.repeat(64)}`]) {
		const answer = await h.post(body, { ...headers, 'x-apideck-signature': signature });
		expect([signature, answer.status]).toEqual([signature, 401]);
	}
	expect(h.runs()).toEqual([]);
});

test('a signature header that is not a digest is answered 401; a missing one says so', async () => {
	const { body, headers } = event('garbled');
	const right = mac(body, DEMO.apiKey).toString('hex');
	for (const signature of [right.slice(0, 63), `${right}0`, `${right.slice(0, 62)}zz`, 'sha256=', ' ']) {
		const answer = await h.post(body, { ...headers, 'x-apideck-signature': signature });
		expect([signature, answer.status]).toEqual([signature, 401]);
	}
	const { 'x-apideck-signature': _dropped, ...unsigned } = headers;
	const missing = await h.post(body, unsigned);
	expect(missing.status).toBe(401);
	expect(missing.response).toEqual({ error: 'invalid_signature', message: 'The signature header is missing' });
	expect(h.runs()).toEqual([]);
});
