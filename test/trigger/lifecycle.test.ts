/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Activation and deactivation of the trigger: registering, adopting and removing Apideck webhooks. Also the
// cases of activation, deactivation and registration the tests above leave out: unknown or no events,
// several webhooks on this URL ranked, an update Apideck did not apply, answers without an ID. And
// Apideck's Webhook API as the trigger reads it, in the cases the sandbox only gives through its
// interceptor: errors other than 404 on one webhook, lists longer than one page, cursors that never end
// or are not text, malformed pages, and webhooks listed without their unified API.
import { HookContext } from 'n8n-core';
import { NodeApiError, Workflow, type IDataObject, type INodeType } from 'n8n-workflow';

import { DEMO } from '../../sandbox';
import type { InterceptedRequest } from '../../sandbox/server';
import { makeAdditionalData, TestNodeTypes } from '../helpers/engine';
import { listInSandbox, NODE_NAME, startTriggerHarness, subscribe, webhookCalls, WORKFLOW, type TriggerHarness } from './harness';

let h: TriggerHarness;
afterEach(async () => {
	await h?.close();
});

test('activation registers one webhook for the selected events on the production URL', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created', 'crm.contact.updated'] });

	const { existed } = await h.activate();

	expect(existed).toBe(false);
	const posts = h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/webhook/webhooks');
	expect(posts).toHaveLength(1);
	expect(posts[0].body).toEqual({
		unified_api: 'crm',
		status: 'enabled',
		delivery_url: h.deliveryUrl,
		events: ['crm.lead.created', 'crm.contact.updated'],
		description: `n8n workflow "${WORKFLOW.name}" (${WORKFLOW.id}) — node "${NODE_NAME}"`,
	});
	expect(posts[0].headers).toMatchObject({ authorization: 'Bearer [redacted]', 'x-apideck-app-id': DEMO.appId });
	const [registered] = await listInSandbox(h);
	expect(registered).toMatchObject({ status: 'enabled', delivery_url: h.deliveryUrl });
	expect(h.staticData()).toEqual({ webhookId: registered.id });

	// Apideck's validation ping reached the node, got a 200 and started nothing.
	const pings = h.sandbox.deliveries.filter((d) => d.eventType === 'apideck.subscription.created');
	expect(pings.map((p) => [p.url, p.status])).toEqual([[h.deliveryUrl, 200]]);
	expect(h.runs()).toEqual([]);

	// Activating again (n8n restart) finds it in Apideck's list and registers nothing new.
	h.sandbox.resetRequests();
	expect((await h.activate()).existed).toBe(true);
	expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200']);
	expect(h.staticData()).toEqual({ webhookId: registered.id });
});

test('activation fails, with the reason, when no event is selected', async () => {
	h = await startTriggerHarness({ events: [] });
	await expect(h.activate()).rejects.toThrow('Select at least one event');
	expect(webhookCalls(h)).toEqual([]);
});

/** Webhooks at Apideck that deliver to the node's production URL. */
const onNodeUrl = async (h: TriggerHarness) => (await listInSandbox(h)).filter((w) => w.delivery_url === h.deliveryUrl);

/** Creates a lead and returns the deliveries of its event to the node's production URL. */
async function leadDeliveries(h: TriggerHarness) {
	const before = h.sandbox.deliveries.length;
	await h.api('POST', '/crm/leads', { name: 'Leftover check', company_name: 'Leftover Inc' });
	await h.sandbox.waitForDeliveries();
	return h.sandbox.deliveries.slice(before).filter((d) => d.url === h.deliveryUrl && d.eventType === 'crm.lead.created');
}

test('webhooks of other URLs or other unified APIs are never adopted, changed or removed', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created'] });
	const testUrlHook = await subscribe(h, h.testDeliveryUrl, ['crm.lead.created']);
	const otherTool = await subscribe(h, `${h.receiverUrl}/other-tool`, ['crm.lead.created']);
	const otherApi = await subscribe(h, h.deliveryUrl, ['*']);
	h.sandbox.subscriptions().find((w) => w.id === otherApi.id)!.unified_api = 'ats';
	const before = await listInSandbox(h);
	h.sandbox.resetRequests();

	expect((await h.activate()).existed).toBe(false);
	const created = (await listInSandbox(h)).find((w) => ![testUrlHook.id, otherTool.id, otherApi.id].includes(w.id));
	expect(created).toMatchObject({ delivery_url: h.deliveryUrl, events: ['crm.lead.created'] });
	expect(h.staticData().webhookId).toBe(created.id);

	expect(await h.deactivate()).toBe(true);
	const after = await listInSandbox(h);
	expect(after).toEqual(before);
	expect(webhookCalls(h)).toEqual([
		'GET /webhook/webhooks 200',
		'POST /webhook/webhooks 201',
		`DELETE /webhook/webhooks/${created.id} 200`,
	]);
	expect(h.staticData()).toEqual({});
});

test('a leftover webhook on this URL with other events is updated to the selected events, not left beside a new one', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created', 'crm.note.updated'] });
	const otherTool = await subscribe(h, `${h.receiverUrl}/other-tool`, ['crm.lead.created']);
	// Static data lost: Apideck still holds this node's webhook for the events picked before.
	const leftover = await subscribe(h, h.deliveryUrl, ['crm.lead.deleted', 'crm.company.created']);
	h.sandbox.resetRequests();

	expect((await h.activate()).existed).toBe(true);

	const ours = await onNodeUrl(h);
	expect(ours).toHaveLength(1);
	expect(ours[0]).toMatchObject({ id: leftover.id, status: 'enabled', events: ['crm.lead.created', 'crm.notes.updated'] });
	expect(h.staticData()).toEqual({ webhookId: leftover.id });
	const patch = h.sandbox.requests.find((r) => r.method === 'PATCH')!;
	expect(patch.body).toEqual({ events: ['crm.lead.created', 'crm.notes.updated'] });
	expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `PATCH /webhook/webhooks/${leftover.id} 200`]);
	// One event, one delivery to this node (the other tool's webhook gets its own copy).
	expect(await leadDeliveries(h)).toHaveLength(1);

	expect(await h.deactivate()).toBe(true);
	expect(await onNodeUrl(h)).toEqual([]);
	expect((await listInSandbox(h)).map((w) => w.id)).toEqual([otherTool.id]);
	expect(await leadDeliveries(h)).toHaveLength(0);
});

test('several webhooks on this URL: one is kept, the others are deleted', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created'] });
	const otherTool = await subscribe(h, `${h.receiverUrl}/other-tool`, ['*']);
	const first = await subscribe(h, h.deliveryUrl, ['crm.lead.updated']);
	const second = await subscribe(h, h.deliveryUrl, ['*']);
	h.sandbox.resetRequests();

	expect((await h.activate()).existed).toBe(true);
	const ours = await onNodeUrl(h);
	expect(ours).toHaveLength(1);
	expect(ours[0]).toMatchObject({ status: 'enabled', events: ['crm.lead.created'] });
	expect([first.id, second.id]).toContain(ours[0].id);
	expect(h.staticData()).toEqual({ webhookId: ours[0].id });
	expect(await leadDeliveries(h)).toHaveLength(1);

	// A stored, usable webhook with a duplicate beside it (made by an older version): the duplicate goes.
	const duplicate = await subscribe(h, h.deliveryUrl, ['crm.lead.created']);
	h.sandbox.resetRequests();
	expect((await h.activate()).existed).toBe(true);
	expect((await onNodeUrl(h)).map((w) => w.id)).toEqual([ours[0].id]);
	expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${duplicate.id} 200`]);
	expect(await leadDeliveries(h)).toHaveLength(1);

	expect(await h.deactivate()).toBe(true);
	expect((await listInSandbox(h)).map((w) => w.id)).toEqual([otherTool.id]);
});

test.each([
	['with its ID stored', true],
	['after static data was lost', false],
])('a disabled webhook on this URL is replaced, never adopted (%s)', async (_case, stored) => {
	h = await startTriggerHarness({ events: ['crm.lead.created'] });
	const disabled = await subscribe(h, h.deliveryUrl, ['crm.lead.created']);
	await h.api('PATCH', `/webhook/webhooks/${disabled.id}`, { status: 'disabled' });
	if (stored) h.staticData().webhookId = disabled.id;
	h.sandbox.resetRequests();

	expect((await h.activate()).existed).toBe(false);
	const ours = await onNodeUrl(h);
	expect(ours).toHaveLength(1);
	expect(ours[0]).toMatchObject({ status: 'enabled', events: ['crm.lead.created'] });
	expect(ours[0].id).not.toBe(disabled.id);
	expect(h.staticData()).toEqual({ webhookId: ours[0].id });
	expect(webhookCalls(h)).toEqual([
		'GET /webhook/webhooks 200',
		`DELETE /webhook/webhooks/${disabled.id} 200`,
		'POST /webhook/webhooks 201',
	]);
	expect(await leadDeliveries(h)).toHaveLength(1);
});

test('deactivation without a stored ID removes the webhooks on this URL, and only those', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created'] });
	await h.activate();
	const otherTool = await subscribe(h, `${h.receiverUrl}/other-tool`, ['crm.lead.created']);
	const testUrlHook = await subscribe(h, h.testDeliveryUrl, ['crm.lead.created']);
	const id = h.staticData().webhookId;
	delete h.staticData().webhookId;
	h.sandbox.resetRequests();

	expect(await h.deactivate()).toBe(true);
	expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${id} 200`]);
	expect((await listInSandbox(h)).map((w) => w.id).sort()).toEqual([otherTool.id, testUrlHook.id].sort());
});

test('an identical registration of this URL is adopted, also when it is on a later page', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created', 'crm.lead.updated'] });
	// 200 webhooks of other tools fill the first page (their URL is unreachable: saved as disabled).
	for (let i = 0; i < 200; i++) {
		await h.api('POST', '/webhook/webhooks', {
			unified_api: 'crm',
			status: 'enabled',
			delivery_url: `http://127.0.0.1:1/other-tool/${i}`,
			events: ['crm.lead.created', 'crm.lead.updated'],
		});
	}
	const ours = await h.api('POST', '/webhook/webhooks', {
		unified_api: 'crm',
		status: 'enabled',
		delivery_url: h.deliveryUrl,
		events: ['crm.lead.updated', 'crm.lead.created'],
	});
	h.sandbox.resetRequests();

	expect((await h.activate()).existed).toBe(true);
	expect(h.staticData()).toEqual({ webhookId: ours.data.id });
	expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', 'GET /webhook/webhooks 200']);

	expect(await h.deactivate()).toBe(true);
	const left = await listInSandbox(h);
	expect(left).toHaveLength(200);
	expect(left.some((w) => w.id === ours.data.id)).toBe(false);
});

test('changing the events updates the registration of this URL in place', async () => {
	h = await startTriggerHarness({ events: ['crm.lead.created'] });
	await h.activate();
	const id = h.staticData().webhookId;

	h.node.parameters.events = ['crm.lead.created', 'crm.company.created'];
	h.sandbox.resetRequests();
	expect((await h.activate()).existed).toBe(true);

	const all = await listInSandbox(h);
	expect(all).toHaveLength(1);
	expect(all[0]).toMatchObject({ id, delivery_url: h.deliveryUrl, events: ['crm.lead.created', 'crm.company.created'] });
	expect(h.staticData()).toEqual({ webhookId: id });
	expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `PATCH /webhook/webhooks/${id} 200`]);
});

test('a registration removed at Apideck is registered again; removing a gone one counts as done', async () => {
	h = await startTriggerHarness();
	await h.activate();
	const id = h.staticData().webhookId as string;
	await h.api('DELETE', `/webhook/webhooks/${id}`);

	h.sandbox.resetRequests();
	expect((await h.activate()).existed).toBe(false);
	const newId = h.staticData().webhookId as string;
	expect(newId).not.toBe(id);
	expect(await listInSandbox(h)).toHaveLength(1);
	// Not in Apideck's list: asked for by its ID before a new one is registered.
	expect(webhookCalls(h)).toEqual([
		'GET /webhook/webhooks 200',
		`GET /webhook/webhooks/${id} 404`,
		'POST /webhook/webhooks 201',
	]);

	// Deactivation when the webhook is already gone: 404 is success and the stored id is cleared.
	await h.api('DELETE', `/webhook/webhooks/${newId}`);
	h.sandbox.resetRequests();
	expect(await h.deactivate()).toBe(true);
	expect(webhookCalls(h)).toEqual([`DELETE /webhook/webhooks/${newId} 404`]);
	expect(h.staticData()).toEqual({});
});

test('test URL and production URL registrations live side by side', async () => {
	h = await startTriggerHarness();
	await h.activate();
	const prodId = h.staticData().webhookId;
	// "Listen for test event": n8n keeps the test registration's static data apart from the saved one.
	await h.activate({ isTest: true });
	const testId = h.testStaticData()?.webhookId;
	expect(testId).toEqual(expect.any(String));
	expect(testId).not.toBe(prodId);
	expect(h.staticData()).toEqual({ webhookId: prodId });
	expect((await listInSandbox(h)).map((w) => w.delivery_url).sort()).toEqual([h.deliveryUrl, h.testDeliveryUrl].sort());

	await h.deactivate({ isTest: true });
	expect((await listInSandbox(h)).map((w) => w.id)).toEqual([prodId]);
	expect((await h.activate()).existed).toBe(true);
});

test('activation fails with an explanation when Apideck cannot reach n8n, and leaves nothing behind', async () => {
	h = await startTriggerHarness();
	const unreachable = 'http://127.0.0.1:1/webhook';

	const error = await h.activate({ webhookBaseUrl: unreachable }).then(
		() => undefined,
		(e: any) => e,
	);

	expect(error).toBeDefined();
	expect(error.message).toBe(
		`Apideck could not reach the delivery URL ${unreachable}/${h.node.webhookId}/webhook`,
	);
	expect(error.description).toMatch(/WEBHOOK_URL/);
	expect(error.description).toMatch(/delivery_url_validation_failed/);
	expect(await listInSandbox(h)).toEqual([]);
	expect(h.staticData()).toEqual({});
	expect(webhookCalls(h).map((c) => c.replace(/\/[0-9a-f-]{36}/, '/<id>'))).toEqual([
		'GET /webhook/webhooks 200',
		'POST /webhook/webhooks 201',
		'DELETE /webhook/webhooks/<id> 200',
	]);
});

test('note events are registered as the Webhook API spells them, and either spelling counts as the same event', async () => {
	h = await startTriggerHarness({ events: ['crm.note.created', 'crm.note.updated', 'crm.note.deleted', 'crm.lead.created'] });

	expect((await h.activate()).existed).toBe(false);
	const posts = h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/webhook/webhooks');
	expect(posts.map((p) => [p.status, p.body.events])).toEqual([
		[201, ['crm.note.created', 'crm.notes.updated', 'crm.notes.deleted', 'crm.lead.created']],
	]);
	const id = h.staticData().webhookId as string;

	// A note update at Apideck starts one run, named as the user picked it ("Note Updated").
	const [note] = h.sandbox.records(DEMO.consumerId, 'notes');
	await h.api('PATCH', `/crm/notes/${note.id}`, { title: 'Renamed note' });
	await h.sandbox.waitForDeliveries();
	expect(h.runs().map((r) => r[0].event_type)).toEqual(['crm.note.updated']);
	// A delivery that spells it the other way is the same event.
	const other = h.signedEvent({ event_type: 'crm.notes.deleted', entity_id: note.id, entity_type: 'note' });
	expect((await h.post(other.body, other.headers)).items).toEqual([
		expect.objectContaining({ event_type: 'crm.note.deleted', record_status: 'deleted' }),
	]);

	// Activating again keeps the webhook, whichever spelling Apideck holds, with or without the stored id.
	for (const spelling of [
		['crm.note.created', 'crm.notes.updated', 'crm.notes.deleted', 'crm.lead.created'],
		['crm.lead.created', 'crm.note.deleted', 'crm.note.updated', 'crm.note.created'],
	]) {
		h.sandbox.subscriptions()[0].events = spelling;
		for (const lost of [false, true]) {
			if (lost) delete h.staticData().webhookId;
			h.sandbox.resetRequests();
			expect((await h.activate()).existed).toBe(true);
			expect(h.staticData().webhookId).toBe(id);
			expect(webhookCalls(h).filter((c) => !c.startsWith('GET '))).toEqual([]);
			expect((await listInSandbox(h)).map((w) => w.events)).toEqual([spelling]);
		}
	}
});

/**
 * One call of the trigger's webhook methods as n8n makes it (HookContext), returning what the method
 * returned, for the cases the harness' activate/deactivate do not show: create's own result, a workflow
 * without name or ID, a node type n8n finds no webhook in.
 */
function hookOn(h: TriggerHarness, o: { workflow?: { id?: string; name?: string }; nodeType?: INodeType; staticData?: IDataObject } = {}) {
	const nodeTypes = new TestNodeTypes({ apideckCrmTrigger: o.nodeType ?? h.trigger });
	const staticKey = `node:${NODE_NAME}`;
	const workflow = new Workflow({
		id: o.workflow ? o.workflow.id : WORKFLOW.id,
		name: o.workflow ? o.workflow.name : WORKFLOW.name,
		nodes: [h.node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: { [staticKey]: { ...(o.staticData ?? {}) } },
	});
	const data = makeAdditionalData({
		apideckCrmApi: { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: h.sandbox.url },
	});
	Object.assign(data, { webhookBaseUrl: `${h.receiverUrl}/webhook`, webhookTestBaseUrl: `${h.receiverUrl}/webhook-test` });
	const ctx = new HookContext(workflow, h.node, data, 'trigger', 'activate');
	const methods = h.trigger.webhookMethods.default;
	return {
		checkExists: async () => await methods.checkExists.call(ctx),
		create: async () => await methods.create.call(ctx),
		delete: async () => await methods.delete.call(ctx),
		staticData: () => JSON.parse(JSON.stringify(workflow.staticData[staticKey] ?? {})) as IDataObject,
	};
}

describe('selected events', () => {
	test('unknown events: activation fails naming every one of them, and nothing is asked of Apideck', async () => {
		h = await startTriggerHarness({ events: ['crm.lead.created', 'crm.lead.merged', 'crm.deal.won'] });
		const error = await h.activate().then(() => undefined, (e: any) => e);
		expect(error?.message).toBe('Unknown event: crm.lead.merged, crm.deal.won');
		expect(error.description).toBe('Pick the events from the list.');
		expect(webhookCalls(h)).toEqual([]);
	});

	test('no event selected: the error says why', async () => {
		h = await startTriggerHarness({ events: [] });
		const error = await h.activate().then(() => undefined, (e: any) => e);
		expect(error?.message).toBe('Select at least one event');
		expect(error.description).toBe('The trigger needs at least one CRM event to subscribe to at Apideck.');
	});

	test('an Events value that is not a list (e.g. one event as text) counts as no selection', async () => {
		h = await startTriggerHarness();
		h.node.parameters.events = 'crm.lead.created';
		const error = await h.activate().then(() => undefined, (e: any) => e);
		expect(error?.message).toBe('Select at least one event');
		expect(webhookCalls(h)).toEqual([]);
	});
});

test('activation fails clearly when n8n cannot work out the webhook URL of the node', async () => {
	h = await startTriggerHarness();
	const withoutWebhook = { ...h.trigger, description: { ...h.trigger.description, webhooks: [] } } as unknown as INodeType;
	const hook = hookOn(h, { nodeType: withoutWebhook });
	await expect(hook.checkExists()).rejects.toThrow(/^n8n could not work out the webhook URL of this node$/);
	await expect(hook.create()).rejects.toThrow(/^n8n could not work out the webhook URL of this node$/);
	expect(webhookCalls(h)).toEqual([]);
});

describe('several webhooks on this URL are ranked: one is kept, the others deleted', () => {
	test('one with the selected events is kept over the stored one with other events', async () => {
		h = await startTriggerHarness({ events: ['crm.lead.created'] });
		const stored = await subscribe(h, h.deliveryUrl, ['crm.contact.created']);
		const usable = await subscribe(h, h.deliveryUrl, ['crm.lead.created']);
		h.staticData().webhookId = stored.id;
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(true);
		expect(h.staticData()).toEqual({ webhookId: usable.id });
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${stored.id} 200`]);
		expect((await listInSandbox(h)).map((w) => [w.id, w.events])).toEqual([[usable.id, ['crm.lead.created']]]);
	});

	test('without a stored ID, one with the selected events is kept over an earlier one with other events', async () => {
		h = await startTriggerHarness({ events: ['crm.lead.created'] });
		const other = await subscribe(h, h.deliveryUrl, ['crm.contact.created']);
		const usable = await subscribe(h, h.deliveryUrl, ['crm.lead.created']);
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(true);
		expect(h.staticData()).toEqual({ webhookId: usable.id });
		expect(webhookCalls(h)).toEqual(['GET /webhook/webhooks 200', `DELETE /webhook/webhooks/${other.id} 200`]);
	});

	test('of identical ones, the stored one is kept wherever it is in the list', async () => {
		for (const position of [0, 1, 2]) {
			h = await startTriggerHarness({ events: ['crm.lead.created'] });
			const hooks = [];
			for (let i = 0; i < 3; i++) hooks.push(await subscribe(h, h.deliveryUrl, ['crm.lead.created']));
			const stored = hooks[position];
			h.staticData().webhookId = stored.id;
			h.sandbox.resetRequests();

			expect((await h.activate()).existed).toBe(true);
			expect(h.staticData()).toEqual({ webhookId: stored.id });
			expect((await listInSandbox(h)).map((w) => w.id)).toEqual([stored.id]);
			expect(webhookCalls(h)).toEqual([
				'GET /webhook/webhooks 200',
				...hooks.filter((w) => w !== stored).map((w) => `DELETE /webhook/webhooks/${w.id} 200`),
			]);
			await h.close();
		}
	});
});

describe('an update Apideck did not apply', () => {
	test.each([
		['answers with the webhook disabled', (sub: any) => ({ data: { ...sub, events: ['crm.lead.created'], status: 'disabled' } })],
		['answers with the old events', (sub: any) => ({ data: { ...sub } })],
		['answers without the webhook', () => ({})],
	])('the leftover is deleted and a new webhook registered when Apideck %s', async (_case, answer) => {
		h = await startTriggerHarness({ events: ['crm.lead.created'] });
		const leftover = await subscribe(h, h.deliveryUrl, ['crm.contact.created']);
		h.sandbox.intercept((req) =>
			req.method === 'PATCH' ? { kind: 'respond', status: 200, body: { status_code: 200, status: 'OK', ...answer(leftover) } } : undefined,
		);
		h.sandbox.resetRequests();

		expect((await h.activate()).existed).toBe(false);
		const [created] = await listInSandbox(h);
		expect(created).toMatchObject({ delivery_url: h.deliveryUrl, events: ['crm.lead.created'], status: 'enabled' });
		expect(created.id).not.toBe(leftover.id);
		expect(h.staticData()).toEqual({ webhookId: created.id });
		expect(webhookCalls(h)).toEqual([
			'GET /webhook/webhooks 200',
			`PATCH /webhook/webhooks/${leftover.id} 200`,
			`DELETE /webhook/webhooks/${leftover.id} 200`,
			'POST /webhook/webhooks 201',
		]);
	});
});

describe('registration (create)', () => {
	test('returns true and keeps the new ID', async () => {
		h = await startTriggerHarness();
		const hook = hookOn(h);
		expect(await hook.create()).toBe(true);
		const [registered] = await listInSandbox(h);
		expect(hook.staticData()).toEqual({ webhookId: registered.id });
	});

	test('a workflow without name and ID is described with empty ones', async () => {
		h = await startTriggerHarness();
		expect(await hookOn(h, { workflow: {} }).create()).toBe(true);
		const [registered] = await listInSandbox(h);
		expect(registered.description).toBe(`n8n workflow "" () — node "${NODE_NAME}"`);
	});

	test.each([
		['without the webhook', {}],
		['with a webhook without ID', { data: { status: 'enabled', delivery_url: 'x' } }],
	])('Apideck answering %s: a clear error, nothing stored', async (_case, body) => {
		h = await startTriggerHarness();
		h.sandbox.intercept((req) => (req.method === 'POST' ? { kind: 'respond', status: 201, body: { status_code: 201, status: 'Created', ...body } } : undefined));
		const hook = hookOn(h);
		await expect(hook.create()).rejects.toThrow(/^Apideck did not return the ID of the new webhook$/);
		expect(hook.staticData()).toEqual({});
	});

	test('a webhook saved disabled without a reason: the error explains what to do, and the webhook is removed', async () => {
		h = await startTriggerHarness();
		h.sandbox.intercept((req) =>
			req.method === 'POST'
				? { kind: 'respond', status: 201, body: { status_code: 201, status: 'Created', data: { id: 'wh-disabled', status: 'disabled' } } }
				: undefined,
		);
		const hook = hookOn(h);
		const error = await hook.create().then(() => undefined, (e: any) => e);
		expect(error?.message).toBe(`Apideck could not reach the delivery URL ${h.deliveryUrl}`);
		expect(error.description).toBe(
			'When a webhook is registered, Apideck sends a test request to its URL and needs a 200 answer. ' +
				'Make this n8n instance reachable from the internet (for example by setting the WEBHOOK_URL ' +
				'environment variable to its public address, or through a tunnel), then activate the workflow again.',
		);
		expect(webhookCalls(h)).toEqual(['POST /webhook/webhooks 201', 'DELETE /webhook/webhooks/wh-disabled 404']);
		expect(hook.staticData()).toEqual({});
	});
});

// ---- Apideck's Webhook API in the cases the sandbox only gives through its interceptor -----------------

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
