/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Apideck's Webhook API as the trigger reads it, in the cases the sandbox only gives through its
// interceptor: errors other than 404 on one webhook, lists longer than one page, cursors that never end
// or are not text, malformed pages, and webhooks listed without their unified API.
import { NodeApiError } from 'n8n-workflow';

import type { InterceptedRequest } from '../../sandbox/server';
import { listInSandbox, startTriggerHarness, subscribe, webhookCalls, type TriggerHarness } from './harness';

let h: TriggerHarness;
afterEach(async () => {
	await h?.close();
});

/** The list requests the sandbox received, by their cursor ('-': none). */
const listCursors = (h: TriggerHarness) =>
	h.sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/webhook/webhooks').map((r) => String(r.query.cursor ?? '-'));

const isList = (req: InterceptedRequest) => req.method === 'GET' && req.path === '/webhook/webhooks';

/** A list page as Apideck answers it. */
const page = (data: unknown, next: unknown) => ({
	kind: 'respond' as const,
	status: 200,
	body: { status_code: 200, status: 'OK', data, meta: { items_on_page: Array.isArray(data) ? data.length : 0, cursors: { previous: null, current: null, next } } },
});

// an error other than 404 that is not Apideck refusing the credentials (401, 403: refused-credentials.test.ts)
const paymentRequired = {
	kind: 'respond' as const,
	status: 402,
	body: { status_code: 402, error: 'Payment Required', type_name: 'PaymentRequiredError', message: 'Payment Required', detail: 'Your plan does not include webhooks' },
};

describe('one webhook by its stored ID', () => {
	test('an error other than 404 fails the activation with Apideck\'s error, and nothing is registered', async () => {
		h = await startTriggerHarness();
		h.staticData().webhookId = 'wh-gone';
		h.sandbox.intercept((req) => (req.method === 'GET' && req.path === '/webhook/webhooks/wh-gone' ? paymentRequired : undefined));

		const error = await h.activate().then(() => undefined, (e: any) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('402');
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', 'GET /webhook/webhooks/wh-gone 402']);
		expect(await listInSandbox(h)).toEqual([]);
		expect(h.staticData()).toEqual({ webhookId: 'wh-gone' });
	});

	test('a stored ID that is not an ID fails the activation with what to do, before any request for it', async () => {
		h = await startTriggerHarness();
		h.staticData().webhookId = '..';

		const error = await h.activate().then(() => undefined, (e: any) => e);

		expect(error?.message).toBe('Webhook ID: ".." is not an ID');
		expect(error.description).toMatch(/^The webhook ID stored by the trigger is not valid: deactivate and activate the workflow again\. /);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200']);
	});

	test('deactivation: an error other than 404 is reported, and the webhook and its stored ID stay', async () => {
		h = await startTriggerHarness();
		await h.activate();
		const id = h.staticData().webhookId as string;
		h.sandbox.intercept((req) => (req.method === 'DELETE' ? paymentRequired : undefined));
		h.sandbox.resetRequests();

		const error = await h.deactivate().then(() => undefined, (e: any) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('402');
		expect(webhookCalls(h)).toEqual([`DELETE /webhook/webhooks/${id} 402`]);
		expect((await listInSandbox(h)).map((w) => w.id)).toEqual([id]);
		expect(h.staticData()).toEqual({ webhookId: id });
	});
});

describe("Apideck's webhook list", () => {
	test('is followed to the next page, where this node\'s webhook is found and kept', async () => {
		h = await startTriggerHarness();
		const ours = await subscribe(h, h.deliveryUrl, ['crm.lead.created']);
		// the first page holds none of it; its cursor is the sandbox's own for the start of the list
		const start = Buffer.from('webhooks:0').toString('base64url');
		h.sandbox.intercept((req) => (isList(req) && !req.query.cursor ? page([], start) : undefined));
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(true);
		expect(h.staticData()).toEqual({ webhookId: ours.id });
		expect(listCursors(h)).toEqual(['-', start]);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', 'GET /webhook/webhooks 200']);
	});

	test('that never ends is read for 50 pages, not more', async () => {
		h = await startTriggerHarness();
		// 60 pages of nothing, each pointing to a new one; the 61st ends the list
		h.sandbox.intercept((req) => (isList(req) ? page([], req.seen < 60 ? `page-${req.seen + 1}` : null) : undefined));
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(false);
		expect(listCursors(h)).toEqual(['-', ...Array.from({ length: 49 }, (_, i) => `page-${i + 1}`)]);
		expect(webhookCalls(h).filter((c) => !c.startsWith('GET '))).toEqual(['POST /webhook/webhooks 201']);
	});

	test('ends at a next cursor that is not text', async () => {
		h = await startTriggerHarness();
		h.sandbox.intercept((req) => (isList(req) ? page([], 2) : undefined));
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(false);
		expect(listCursors(h)).toEqual(['-']);
	});

	test('a page without a list of webhooks counts as empty', async () => {
		h = await startTriggerHarness();
		h.sandbox.intercept((req) => (isList(req) ? page(null, null) : undefined));
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(false);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', 'POST /webhook/webhooks 201']);
		expect(h.staticData().webhookId).toEqual(expect.any(String));
	});

	test('a webhook on this URL listed without its unified API is this node\'s own', async () => {
		h = await startTriggerHarness({ events: ['crm.lead.created'] });
		const ours = await subscribe(h, h.deliveryUrl, ['crm.lead.created']);
		const listed = { id: ours.id, status: 'enabled', delivery_url: h.deliveryUrl, events: ['crm.lead.created'] };
		h.sandbox.intercept((req) => (isList(req) ? page([listed], null) : undefined));
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(true);
		expect(h.staticData()).toEqual({ webhookId: ours.id });

		// deactivation without the stored ID finds and removes it as well
		delete h.staticData().webhookId;
		h.sandbox.resetRequests();
		expect(await h.deactivate()).toBe(true);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${ours.id} 200`]);
		expect(await listInSandbox(h)).toEqual([]);
	});
});
