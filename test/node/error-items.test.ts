/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// What a failed item looks like when the workflow goes on: Continue On Fail (On Error "Continue") and
// On Error "Continue (using error output)", run through n8n's WorkflowExecute as a user runs them.
// An error item carries only what is known: an HTML error page gives no detail, reference or code, a
// broken connection no HTTP status. An Apideck error without a detail gives an item without a `detail`
// key (rather than `detail: null`).
import type { IDataObject, INode } from 'n8n-workflow';

import { apideckApiError, errorItemJson } from '../../nodes/shared/transport/errors';
import { byId, crmRequests, DEMO, run, useSandbox } from '../helpers/node';

const ctx = useSandbox();

const KEY = 'sk_live_error_items_0123456789';
const creds = () => ({ ...ctx.credentials, apiKey: KEY });

function existingContacts(n: number) {
	return ctx.sandbox.records(DEMO.consumerId, 'contacts').slice(0, n).map((r: any) => ({ id: r.id as string, name: r.name as string }));
}

const getContact = { resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') };

test('Continue On Fail: the error item carries the message and Apideck\'s status, type, detail and reference, paired with its input', async () => {
	const [a, b] = existingContacts(2);
	const { items, raw, outputs, error } = await run(ctx, getContact, {
		items: [{ id: a.id }, { id: 'no-such-contact' }, { id: b.id }],
		continueOnFail: true,
	});
	expect(error).toBeUndefined();
	expect(outputs).toHaveLength(1);
	expect(items.map((i) => i.id ?? i.error)).toEqual([a.id, expect.stringMatching(/^EntityNotFoundError: /), b.id]);
	const failed = items[1];
	expect(Object.keys(failed).sort()).toEqual(['details', 'error']);
	// the sandbox answers as Apideck does: { status_code, error, type_name, message, detail, ref }
	expect(failed).toEqual({
		error: 'EntityNotFoundError: Unknown contact',
		details: {
			httpCode: '404',
			type: 'EntityNotFoundError',
			message: 'Unknown contact',
			detail: "No contact with id 'no-such-contact' in this connection",
			ref: 'https://developers.apideck.com/errors#entitynotfounderror',
			description: expect.stringMatching(/^No contact with id 'no-such-contact' in this connection — Check the ID/),
		},
	});
	expect(crmRequests(ctx).find((r) => r.path.endsWith('/no-such-contact'))!.status).toBe(404);
	expect(raw.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	// the item is not turned back into { error } by n8n: it holds no Error object
	expect(raw[1].error).toBeUndefined();
});

// n8n 1.x's error output takes only { error } / { error, message } items (test:compat runs this file on 1.x)
const errorOutputTakesDetails = Number(require('n8n-core/package.json').version.split('.')[0]) >= 2;

(errorOutputTakesDetails ? test : test.skip)('On Error "Continue (using error output)": the failed item goes to the error output with its input and the details; the others to the main output', async () => {
	const [a, b] = existingContacts(2);
	const { outputs, error } = await run(ctx, getContact, {
		items: [{ id: a.id, row: 1 }, { id: 'no-such-contact', row: 2 }, { id: b.id, row: 3 }],
		onError: 'continueErrorOutput',
	});
	expect(error).toBeUndefined();
	const [main, failed] = outputs;
	expect(main.map((i) => i.json.id)).toEqual([a.id, b.id]);
	expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	expect(failed).toHaveLength(1);
	expect(failed[0].pairedItem).toEqual({ item: 1 });
	// n8n merges the input item's json into the error item
	expect(failed[0].json).toMatchObject({
		id: 'no-such-contact',
		row: 2,
		error: expect.stringMatching(/^EntityNotFoundError: /),
		details: { httpCode: '404', type: 'EntityNotFoundError' },
	});
});

test('the error item never shows the API key, even when Apideck echoes it', async () => {
	ctx.sandbox.intercept(({ apiKey, path }) =>
		path.startsWith('/crm/')
			? {
					kind: 'respond',
					status: 400,
					body: {
						status_code: 400,
						error: 'Bad Request',
						type_name: 'RequestValidationError',
						message: `Invalid key ${apiKey}`,
						detail: { authorization: `Bearer ${apiKey}`, note: `key=${apiKey}` },
						ref: `https://developers.apideck.com/errors#${apiKey}`,
					},
				}
			: undefined,
	);
	for (const settings of errorOutputTakesDetails ? [{ continueOnFail: true }, { onError: 'continueErrorOutput' as const }] : [{ continueOnFail: true }]) {
		const result = await run(ctx, { resource: 'company', operation: 'get', companyId: byId('co_1') }, { ...settings, credentials: creds() });
		const item = result.outputs.flat()[0];
		expect(item.json).toMatchObject({ error: expect.stringMatching(/^RequestValidationError: Invalid key \[redacted\]/), details: { httpCode: '400', type: 'RequestValidationError' } });
		expect(JSON.stringify(result.run)).not.toContain(KEY);
		expect(JSON.stringify((item.json.details as IDataObject).detail)).toMatch(/\[redacted\]/);
		expect((item.json.details as IDataObject).ref).toBe('https://developers.apideck.com/errors#[redacted]');
	}
});

test('a write that fails under Continue On Fail: the error item, and the other items written', async () => {
	ctx.sandbox.intercept(({ method, body }) => (method === 'POST' && (body as IDataObject)?.name === 'Broken Co' ? { kind: 'respond', status: 500, body: { status_code: 500, error: 'Server Error', type_name: 'ConnectorExecutionError', message: 'Upstream failed', ref: 'https://developers.apideck.com/errors#ConnectorExecutionError' } } : undefined));
	const second = await run(
		ctx,
		{ resource: 'company', operation: 'create', companyName: '={{ $json.name }}' },
		{ items: [{ name: 'Fine Co 2' }, { name: 'Broken Co' }], continueOnFail: true },
	);
	expect(second.items[0].id).toEqual(expect.any(String));
	expect(second.items[1]).toEqual({
		error: 'ConnectorExecutionError: Upstream failed',
		details: {
			httpCode: '500',
			type: 'ConnectorExecutionError',
			message: 'Upstream failed',
			ref: 'https://developers.apideck.com/errors#ConnectorExecutionError',
			description: expect.stringMatching(/may have reached Apideck/),
		},
	});
	expect(second.raw.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(ctx.sandbox.records(DEMO.consumerId, 'companies').some((c: any) => c.name === 'Broken Co')).toBe(false);
});

const getCompany = (id = 'co_000001') => ({ resource: 'company', operation: 'get', companyId: byId(id), requestOptions: { maxAttempts: 1 } });

/** The sandbox answers every CRM request with this HTML page (a proxy's or a firewall's error page). */
function htmlPage(status: number, text: string) {
	ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'respond', status, text } : undefined));
}

// A gateway's block page: a title with a run of spaces, a style sheet and scripts, and text split by tags.
const BLOCK_PAGE = [
	'<!DOCTYPE html>',
	'<html>',
	'<head>',
	'  <title>403   Forbidden</title>',
	'  <style type="text/css">body { color: red; margin: 0 }</style>',
	'  <script type="text/javascript">var blocked = true; track("x")</script>',
	'</head>',
	'<body><h1>Access denied</h1><p>Request blocked by the gateway.</p>Ray<script>x</script>ID 42</body>',
	'</html>',
].join('\n');
const BLOCK_TEXT = '403 Forbidden Access denied Request blocked by the gateway. Ray ID 42';

describe('Continue On Fail: error items carry only what is known', () => {
	test('an HTML page: the status, type and message, and no detail, reference, code or description', async () => {
		htmlPage(403, BLOCK_PAGE);
		const { items, error } = await run(ctx, getCompany(), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ error: `HTTP 403: ${BLOCK_TEXT}`, details: { httpCode: '403', type: 'HTTP 403', message: BLOCK_TEXT } }]);
		expect(Object.keys(items[0].details as IDataObject).sort()).toEqual(['httpCode', 'message', 'type']);
	});

	test('a reset connection: the code and what to check, and no HTTP status', async () => {
		ctx.sandbox.intercept(({ path }) => (path.startsWith('/crm/') ? { kind: 'reset' } : undefined));
		const { items, error } = await run(ctx, getCompany(), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ error: 'Could not reach Apideck: connection reset', details: { code: 'ECONNRESET', description: 'Check the Base URL of the credentials and that the API is reachable from n8n.' } },
		]);
		expect(Object.keys(items[0].details as IDataObject).sort()).toEqual(['code', 'description']);
		expect(crmRequests(ctx)).toHaveLength(1);
	});
});

const node: INode = { id: 'n1', name: 'Apideck CRM', type: 'apideckCrm', typeVersion: 1, position: [0, 0], parameters: {} };

describe('an error item for an Apideck error', () => {
	test('without a detail: no "detail" key at all', () => {
		const error = apideckApiError(node, 404, { status_code: 404, type_name: 'EntityNotFoundError', message: 'Unknown company' });
		expect(errorItemJson(error, [])).toStrictEqual({
			error: 'EntityNotFoundError: Unknown company',
			details: {
				httpCode: '404',
				type: 'EntityNotFoundError',
				message: 'Unknown company',
				description: 'Check the ID, and that the record belongs to the selected consumer and service.',
			},
		});
	});

	test('with a detail: the detail as Apideck sent it', () => {
		const detail = { missing: [{ name: 'required' }] };
		const error = apideckApiError(node, 422, { type_name: 'RequestValidationError', message: 'Invalid request', detail });
		expect(errorItemJson(error, []).details).toStrictEqual({
			httpCode: '422',
			type: 'RequestValidationError',
			message: 'Invalid request',
			detail,
			description: JSON.stringify(detail),
		});
	});
});
