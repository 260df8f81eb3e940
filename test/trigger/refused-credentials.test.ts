/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Apideck refusing the credentials (401, 403) while the trigger registers or removes its webhook (issue
// #24, defect 1: a wrong API key made Publish spin for 15 s and more, then left n8n believing a webhook
// was registered). The hooks run through n8n-core's HookContext (harness.ts); `publishAsN8n` below adds
// what n8n 2.41.1 does around them on Publish.
import { HookContext } from 'n8n-core';
import { NodeApiError, WebhookPathTakenError, WorkflowActivationError } from 'n8n-workflow';

import { CredentialsRefusedError } from '../../nodes/ApideckCrmTrigger/webhookApi';
import type { InterceptedRequest } from '../../sandbox/server';
import { listInSandbox, NODE_NAME, startTriggerHarness, webhookCalls, type TriggerHarness } from './harness';

const WRONG_KEY = 'wrong-api-key-7d41c9';

let h: TriggerHarness;
afterEach(async () => {
	jest.restoreAllMocks();
	await h?.close();
});

/** Apideck's answers to a refused request, as its Webhook API gives them; a 401 that echoes the key it got. */
const unauthorized = (req: InterceptedRequest) => ({
	kind: 'respond' as const,
	status: 401,
	body: { status_code: 401, error: 'Unauthorized', type_name: 'UnauthorizedError', message: 'Unauthorized Request', detail: `Invalid API key ${req.apiKey}` },
});
const forbidden = {
	kind: 'respond' as const,
	status: 403,
	body: { status_code: 403, error: 'Forbidden', type_name: 'ForbiddenError', message: 'Forbidden', detail: 'This key may not manage webhooks' },
};

/**
 * What n8n 2.41.1 does on Publish for the trigger's webhook (workflows/triggers/workflow-trigger-activator.js
 * registerWebhookTriggersForNode, webhook-trigger-registrar.js register and clearRegisteredWebhook,
 * trigger-activation-retry.js): up to 5 attempts. Each stores n8n's own registration of the node's URL,
 * runs checkExists and, when it returned false, create. When that fails, n8n calls delete() and drops its
 * registration only if delete() succeeded (otherwise it logs and keeps it), then waits 1, 2, 4 and 8 s
 * before the next attempt, unless the error is a WebhookPathTakenError. The waits are recorded, not slept.
 */
async function publishAsN8n(h: TriggerHarness) {
	const waits: number[] = [];
	let n8nHoldsRegistration = false;
	for (let attempt = 1; ; attempt++) {
		n8nHoldsRegistration = true;
		try {
			await h.activate();
			return { error: undefined, attempts: attempt, waits, n8nHoldsRegistration };
		} catch (error) {
			try {
				await h.deactivate();
				n8nHoldsRegistration = false;
			} catch {
				// n8n: 'Could not remove webhook ... because of error', and its registration stays
			}
			if (error instanceof WebhookPathTakenError || attempt >= 5) {
				return { error: error as any, attempts: attempt, waits, n8nHoldsRegistration };
			}
			waits.push(1000 * 2 ** (attempt - 1));
		}
	}
}

/** What the node writes to n8n's log from its webhook methods. */
function recordLog() {
	const lines: Array<{ level: string; message: unknown; meta: unknown }> = [];
	const logger: Record<string, unknown> = {};
	for (const level of ['error', 'warn', 'info', 'debug', 'verbose', 'silly']) {
		logger[level] = (message: unknown, meta?: unknown) => {
			lines.push({ level, message, meta });
		};
	}
	logger.scoped = () => logger;
	jest.spyOn(HookContext.prototype, 'logger', 'get').mockReturnValue(logger as never);
	return lines;
}

/** Everything of an error n8n may show, store or log. */
const everythingOf = (error: any) =>
	[error.message, error.description, error.stack, JSON.stringify(error), String(error.cause?.message), JSON.stringify(error.context)].join('\n');

describe('a wrong API key (Apideck answers 401)', () => {
	test('Publish fails at its first attempt, at once, naming the API Key; n8n keeps no registration, and none is made at Apideck', async () => {
		h = await startTriggerHarness({ credentials: { apiKey: WRONG_KEY } });
		const started = Date.now();

		const published = await publishAsN8n(h);

		expect(Date.now() - started).toBeLessThan(2000);
		expect(published.attempts).toBe(1);
		expect(published.waits).toEqual([]);
		expect(published.n8nHoldsRegistration).toBe(false);
		const { error } = published;
		expect(error).toBeInstanceOf(CredentialsRefusedError);
		// the one error n8n 2.x's registration does not retry; an activation error, pointing at the node
		expect(error).toBeInstanceOf(WebhookPathTakenError);
		expect(error).toBeInstanceOf(WorkflowActivationError);
		expect(error.node?.name).toBe(NODE_NAME);
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe(
			'Apideck refused the API key (401 Unauthorized Request: Invalid API key). Check the API Key and the Application ID in the Apideck CRM API credentials.',
		);
		expect(everythingOf(error)).not.toContain(WRONG_KEY);
		// checkExists' list, then the list of delete(), which n8n calls to clean up: both refused, none repeated
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 401', 'GET /webhook/webhooks 401']);
		expect(await listInSandbox(h)).toEqual([]);
		expect(h.staticData()).toEqual({});
	});

	test('every Publish fails the same way, never "published" on the second', async () => {
		h = await startTriggerHarness({ credentials: { apiKey: WRONG_KEY } });
		const first = await publishAsN8n(h);
		h.sandbox.resetRequests();

		const second = await publishAsN8n(h);

		expect(second.error).toBeInstanceOf(CredentialsRefusedError);
		expect(second.error.message).toBe(first.error.message);
		expect([second.attempts, second.n8nHoldsRegistration]).toEqual([1, false]);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 401', 'GET /webhook/webhooks 401']);
	});

	test("Apideck's text is kept, with the key it echoed redacted", async () => {
		h = await startTriggerHarness({ credentials: { apiKey: WRONG_KEY } });
		h.sandbox.intercept((req) => (req.path.startsWith('/webhook/') ? unauthorized(req) : undefined));

		const { error } = await publishAsN8n(h);

		expect(error.message).toBe(
			'Apideck refused the API key (401 Unauthorized Request: Invalid API key [redacted]). Check the API Key and the Application ID in the Apideck CRM API credentials.',
		);
		expect(everythingOf(error)).not.toContain(WRONG_KEY);
	});

	test.each([
		// the transport says "Request failed" when Apideck sends no message
		['nothing', {}, 401, '401 Request failed'],
		['an empty message and no detail', { message: '', detail: null }, 401, '401 Unauthorized'],
		['a detail that is an object', { message: 'Unauthorized Request', detail: { reason: 'key revoked' } }, 401, '401 Unauthorized Request: {"reason":"key revoked"}'],
		['only a detail', { detail: 'Key expired' }, 401, '401 Request failed: Key expired'],
		['an empty message and no detail, with a 403', { message: '' }, 403, '403 Forbidden'],
	])('the message when Apideck says %s', async (_what, said: object, status, shown) => {
		h = await startTriggerHarness({ credentials: { apiKey: WRONG_KEY } });
		h.sandbox.intercept((req) =>
			req.path.startsWith('/webhook/') ? { kind: 'respond' as const, status, body: { status_code: status, type_name: status === 401 ? 'UnauthorizedError' : 'ForbiddenError', ...said } } : undefined,
		);

		const { error } = await publishAsN8n(h);

		expect(error).toBeInstanceOf(CredentialsRefusedError);
		expect(error.message.split('. Check ')[0]).toBe(`Apideck refused the ${status === 401 ? 'API key' : 'request'} (${shown})`);
	});

	test('"Listen for test event" fails the same way', async () => {
		h = await startTriggerHarness({ credentials: { apiKey: WRONG_KEY } });

		const error = await h.activate({ isTest: true }).then(() => undefined, (e: any) => e);

		expect(error).toBeInstanceOf(CredentialsRefusedError);
		expect(error.message).toMatch(/^Apideck refused the API key \(401 .*Check the API Key and the Application ID in the Apideck CRM API credentials\.$/);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 401']);
	});
});

describe('the registration itself refused', () => {
	test('a 401 on create (the list was read) ends Publish at once; nothing is registered', async () => {
		h = await startTriggerHarness();
		h.sandbox.intercept((req) => (req.method === 'POST' && req.path === '/webhook/webhooks' ? unauthorized(req) : undefined));

		const published = await publishAsN8n(h);

		expect([published.attempts, published.waits, published.n8nHoldsRegistration]).toEqual([1, [], false]);
		expect(published.error).toBeInstanceOf(CredentialsRefusedError);
		expect(published.error.message).toMatch(/^Apideck refused the API key \(401 Unauthorized Request: Invalid API key \[redacted\]\)\. Check the API Key/);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', 'POST /webhook/webhooks 401', 'GET /webhook/webhooks 200']);
		expect(await listInSandbox(h)).toEqual([]);
		expect(h.staticData()).toEqual({});
	});

	test('a 403 ends Publish at once too, saying what the key may not do', async () => {
		h = await startTriggerHarness();
		h.sandbox.intercept((req) => (req.path.startsWith('/webhook/') ? forbidden : undefined));

		const published = await publishAsN8n(h);

		expect([published.attempts, published.n8nHoldsRegistration]).toEqual([1, false]);
		expect(published.error).toBeInstanceOf(CredentialsRefusedError);
		expect(published.error.httpCode).toBe('403');
		expect(published.error.message).toBe(
			'Apideck refused the request (403 Forbidden: This key may not manage webhooks). Check that the API Key in the Apideck CRM API credentials may manage the webhooks of its application.',
		);
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 403', 'GET /webhook/webhooks 403']);
	});

	test('other errors are not refused credentials: n8n retries them as before', async () => {
		h = await startTriggerHarness();
		const paymentRequired = { kind: 'respond' as const, status: 402, body: { status_code: 402, error: 'Payment Required', type_name: 'PaymentRequiredError', message: 'Upgrade your plan' } };
		h.sandbox.intercept((req) => (req.method === 'POST' && req.path === '/webhook/webhooks' ? paymentRequired : undefined));

		const published = await publishAsN8n(h);

		expect(published.error).toBeInstanceOf(NodeApiError);
		expect(published.error).not.toBeInstanceOf(WebhookPathTakenError);
		expect([published.attempts, published.waits]).toEqual([5, [1000, 2000, 4000, 8000]]);
	});
});

describe('delete() with refused credentials', () => {
	test('returns at once, keeps the stored ID and logs which webhook may remain at Apideck', async () => {
		h = await startTriggerHarness();
		await h.activate();
		const id = h.staticData().webhookId as string;
		h.sandbox.intercept((req) => (req.method === 'DELETE' ? unauthorized(req) : undefined));
		h.sandbox.resetRequests();
		const log = recordLog();

		expect(await h.deactivate()).toBe(true);

		expect(webhookCalls(h)).toEqual([`DELETE /webhook/webhooks/${id} 401`]);
		expect(h.staticData()).toEqual({ webhookId: id });
		expect((await listInSandbox(h)).map((w) => w.id)).toEqual([id]);
		expect(log).toEqual([
			{
				level: 'warn',
				message: `Apideck CRM Trigger: Apideck refused the credentials (401), so the webhook ${id} was not removed and may remain at Apideck: check the API Key in the Apideck CRM API credentials, or remove it in the Apideck dashboard`,
				meta: { workflowId: 'wf-42', node: NODE_NAME },
			},
		]);
	});

	test('without a stored ID: the refused list ends it at once, and the log says a webhook may remain', async () => {
		h = await startTriggerHarness({ credentials: { apiKey: WRONG_KEY } });
		const log = recordLog();

		expect(await h.deactivate()).toBe(true);

		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 401']);
		expect(log.map((l) => [l.level, l.message])).toEqual([
			[
				'warn',
				"Apideck CRM Trigger: Apideck refused the credentials (401), so webhooks on this node's URL, if any, were not removed at Apideck: check the API Key in the Apideck CRM API credentials, or remove them in the Apideck dashboard",
			],
		]);
		expect(JSON.stringify(log)).not.toContain(WRONG_KEY);
	});
});
