/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The trigger node as the user meets it: its texts and settings in the n8n editor, and how activation,
// deactivation and registration behave in the cases the other trigger tests leave out (several webhooks
// on this URL ranked, an update Apideck did not apply, answers without an ID, invalid input).
// The node is built inside each test, as n8n builds one per workflow.
import { HookContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
} from 'n8n-workflow';

import { NODE_DESCRIPTION } from '../../nodes/shared/definitions/text';
import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { EVENT_OPTIONS } from '../../nodes/shared/definitions/events';
import { DEMO } from '../../sandbox';
import { makeAdditionalData, TestNodeTypes } from '../helpers/engine';
import { listInSandbox, NODE_NAME, startTriggerHarness, subscribe, webhookCalls, WORKFLOW, type TriggerHarness } from './harness';

describe("the trigger's editor texts and settings", () => {
	test('node panel entry, canvas defaults, connections, credentials and webhook', () => {
		const { description } = new ApideckCrmTrigger();
		expect(description.displayName).toBe('Apideck CRM Trigger');
		expect(description.name).toBe('apideckCrmTrigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		expect(description.description).toBe(NODE_DESCRIPTION);
		expect(description.defaults).toEqual({ name: 'Apideck CRM Trigger' });
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.credentials).toEqual([{ name: 'apideckCrmApi', required: true }]);
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
	});

	test('Events: a required multi-select of the 18 CRM events, none selected by default', () => {
		const events = new ApideckCrmTrigger().description.properties.find((p) => p.name === 'events')!;
		expect(events).toMatchObject({
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			required: true,
			default: [],
			description: 'The CRM changes that start the workflow',
		});
		const options = events.options as INodePropertyOptions[];
		expect(options).toHaveLength(18);
		expect(options).toEqual(EVENT_OPTIONS);
		expect(options.find((o) => o.value === 'crm.lead.created')).toEqual({
			name: 'Lead Created',
			value: 'crm.lead.created',
			description: 'When a lead is created in the connected CRM',
		});
	});

	test('Options: Any Consumer, Custom Fields as Properties, Fetch Full Record, Service and Verify Signature, with their defaults and texts', () => {
		const { properties } = new ApideckCrmTrigger().description;
		expect(properties.map((p) => p.name)).toEqual(['webhookNotice', 'events', 'options']);
		const options = properties[2];
		expect(options).toMatchObject({ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {} });
		const shown = (options.options as INodeProperties[]).map((o) => [o.displayName, o.name, o.type, o.default]);
		expect(shown).toEqual([
			['Any Consumer', 'anyConsumer', 'boolean', false],
			['Custom Fields as Properties', 'customFieldsByName', 'boolean', false],
			['Fetch Full Record', 'fetchRecord', 'boolean', true],
			['Service', 'service', 'resourceLocator', { mode: 'list', value: '' }],
			['Verify Signature', 'verifySignature', 'boolean', true],
		]);
		const descriptions = Object.fromEntries((options.options as INodeProperties[]).map((o) => [o.name, o.description]));
		expect(descriptions).toEqual({
			anyConsumer:
				'Whether events of every consumer of the Apideck application start the workflow. Off: only events of the consumer set in the credentials do.',
			customFieldsByName:
				'Whether to add custom_fields_by_name to each record: its custom fields keyed by name (by ID where a name is empty or used twice). Simplify keeps it.',
			fetchRecord: 'Whether to load the created or updated record from the CRM and add it to the output as "record"',
			service:
				'Only react to events from this CRM connection. By ID takes one service ID or several separated by commas. Empty: all connections.',
			verifySignature:
				'Whether to reject requests that are not signed with your API key. Turning this off lets anyone who knows the URL start the workflow: do it only behind a proxy that rewrites the request body.',
		});
		const service = (options.options as INodeProperties[]).find((o) => o.name === 'service')!;
		expect(service.modes!.map((m) => [m.displayName, m.placeholder])).toEqual([
			['From List', 'Select a connection...'],
			['By ID', 'e.g. hubspot, pipedrive'],
		]);
		expect(service.modes![0].typeOptions).toEqual({ searchListMethod: 'searchServices', searchable: true });
	});

	test('the canvas subtitle names the selected events, evaluated as the editor does', async () => {
		const trigger = new ApideckCrmTrigger() as unknown as INodeType;
		const { description } = trigger;
		const subtitleOf = async (parameters: INodeParameters) => {
			const withDefaults = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, description) as INodeParameters;
			const node: INode = { id: 'n', name: description.displayName, type: description.name, typeVersion: 1, position: [0, 0], parameters: withDefaults };
			const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ [description.name]: trigger }) });
			const evaluate = async () => workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
			const expression = workflow.expression as { withIsolate?: <T>(fn: () => Promise<T>) => Promise<T> };
			return typeof expression.withIsolate === 'function' ? await expression.withIsolate(evaluate) : await evaluate();
		};
		expect(await subtitleOf({ events: ['crm.contact.updated', 'crm.note.deleted', 'crm.activity.created'] })).toBe(
			'Contact Updated, Note Deleted, Activity Created',
		);
		expect(await subtitleOf({ events: ['crm.opportunity.deleted'] })).toBe('Opportunity Deleted');
		expect(await subtitleOf({ events: [] })).toBe('');
	});
});

// ---- lifecycle ---------------------------------------------------------------------------------

let h: TriggerHarness;
afterEach(async () => {
	await h?.close();
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
