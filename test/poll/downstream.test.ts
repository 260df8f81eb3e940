/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// One downstream workflow, fed by either trigger: examples/new-lead-follow-up.json (webhooks) and
// examples/new-lead-follow-up-polling.json (polling) share their action node, and each run creates the
// same follow-up task. The runs go through WorkflowExecute the way n8n starts a triggered run: the
// trigger node first, holding what it emitted, then the action node. Plus the editor texts that tell a
// user which trigger to choose.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeProperties, type IRun, type IWorkflowBase, type WorkflowExecuteMode } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { ApideckCrmPollingTrigger } from '../../nodes/ApideckCrmPollingTrigger/ApideckCrmPollingTrigger.node';
import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { DEMO, type Sandbox } from '../../sandbox';
import { makeAdditionalData, runExecutionData, TestNodeTypes } from '../helpers/engine';
import { startTriggerHarness, type TriggerHarness } from '../trigger/harness';
import { startPollHarness, type PollHarness } from './harness';

const example = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../examples', file), 'utf8'));
const webhookFlow = example('new-lead-follow-up.json');
const pollingFlow = example('new-lead-follow-up-polling.json');
const PACKAGE = 'n8n-nodes-apideck-crm.';

const nodeTypes = new TestNodeTypes({
	[`${PACKAGE}apideckCrm`]: new ApideckCrm(),
	[`${PACKAGE}apideckCrmTrigger`]: new ApideckCrmTrigger(),
	[`${PACKAGE}apideckCrmPollingTrigger`]: new ApideckCrmPollingTrigger(),
});

/** Runs an example workflow as n8n runs it after its trigger emitted `items`; returns the action node's output. */
async function runFlow(flow: IDataObject, items: IDataObject[], mode: WorkflowExecuteMode, sandbox: Sandbox) {
	const nodes = (flow.nodes as INode[]).map((n) => ({ ...n, credentials: { apideckCrmApi: { id: 'cred-1', name: 'Apideck CRM (sandbox)' } } }));
	const workflow = new Workflow({ id: 'wf', nodes, connections: flow.connections as any, nodeTypes, active: true });
	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {} as IWorkflowBase);
	let resolveRun!: (run: IRun) => void;
	const done = new Promise<IRun>((r) => (resolveRun = r));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	const additionalData = makeAdditionalData(
		{ apideckCrmApi: { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: sandbox.url } },
		hooks,
	);
	additionalData.executionId = executionId;
	const trigger = nodes[0];
	const runData = runExecutionData([{ node: trigger, data: { main: [items.map((json) => ({ json }))] }, source: null }]);
	await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(workflow);
	const run = await done;
	expect(run.data.resultData.error).toBeUndefined();
	return (run.data.resultData.runData[nodes[1].name]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json);
}

describe('one downstream workflow on either trigger', () => {
	let webhook: TriggerHarness;
	let polling: PollHarness;
	afterAll(async () => {
		await polling?.close();
		await webhook?.close();
	});

	test('the two examples differ only in their trigger', () => {
		expect(pollingFlow.nodes[1].parameters).toEqual(webhookFlow.nodes[1].parameters);
		expect(pollingFlow.nodes[1].name).toBe(webhookFlow.nodes[1].name);
		expect(pollingFlow.connections).toEqual(webhookFlow.connections);
		const pollProps = new Set(new ApideckCrmPollingTrigger().description.properties.map((p) => p.name));
		for (const key of Object.keys(pollingFlow.nodes[0].parameters)) if (key !== 'pollTimes') expect(pollProps).toContain(key);
	});

	test('a new lead gets the same follow-up task, whichever trigger saw it', async () => {
		webhook = await startTriggerHarness({ events: ['crm.lead.created'] });
		polling = await startPollHarness({ parameters: pollingFlow.nodes[0].parameters, sharedSandbox: webhook.sandbox });
		await webhook.activate();
		await polling.activate();

		const created = await webhook.api('POST', '/crm/leads', { name: 'Katherine Johnson', company_name: 'NASA' });
		await webhook.sandbox.waitForDeliveries();
		const fromWebhook = webhook.runs();
		const fromPolling = await polling.poll();
		expect(fromWebhook).toHaveLength(1);
		expect(fromPolling).toHaveLength(1);

		// the same keys in the same order, the same event and record
		const [w] = fromWebhook[0];
		const [p] = fromPolling!;
		expect(Object.keys(p)).toEqual(Object.keys(w));
		for (const key of ['event_type', 'entity_type', 'entity_id', 'consumer_id', 'service_id', 'record_status']) expect(p[key]).toEqual(w[key]);
		expect(p.record).toEqual(w.record);

		const viaWebhook = await runFlow(webhookFlow, fromWebhook[0], 'webhook', webhook.sandbox);
		const viaPolling = await runFlow(pollingFlow, fromPolling!, 'trigger', webhook.sandbox);
		const tasks = webhook.sandbox.records(DEMO.consumerId, 'activities').filter((a) => a.lead_id === created.data.id);
		expect(tasks).toHaveLength(2);
		for (const [output, task] of [
			[viaWebhook, tasks[0]],
			[viaPolling, tasks[1]],
		] as const) {
			expect(output).toEqual([expect.objectContaining({ id: task.id })]);
			expect(task).toMatchObject({ type: 'task', title: 'Follow up with Katherine Johnson', lead_id: created.data.id });
		}
	});
});

describe('the editor tells which trigger to use', () => {
	const notice = (properties: INodeProperties[]) => properties.find((p) => p.type === 'notice')?.displayName ?? '';

	test('the polling trigger says what it cannot do and points to the webhook trigger', () => {
		const text = notice(new ApideckCrmPollingTrigger().description.properties);
		expect(text).toContain('no public URL');
		expect(text).toContain('cannot see deleted records');
		expect(text).toContain('Apideck CRM Trigger');
	});

	test('the webhook trigger says what it needs and points to the polling trigger', () => {
		const text = notice(new ApideckCrmTrigger().description.properties);
		expect(text).toContain('public URL');
		expect(text).toContain('Apideck CRM Polling Trigger');
	});

	test('the polling trigger offers the five sortable resources, both events, and each resource its filters', () => {
		const { description } = new ApideckCrmPollingTrigger();
		const options = (name: string) => (description.properties.find((p) => p.name === name)?.options ?? []).map((o: any) => o.value);
		expect(options('resource')).toEqual(['activity', 'company', 'contact', 'lead', 'opportunity']);
		expect(options('event')).toEqual(['created', 'createdOrUpdated']);
		expect(description.polling).toBe(true);
		const activityFilters = description.properties.find((p) => p.name === 'activityFilters');
		// the trigger sets the time filter itself; Type is Apideck's current API's (marked so in the editor)
		expect((activityFilters?.options ?? []).map((o: any) => o.name)).toEqual(['companyId', 'ownerId', 'contactId', 'type']);
	});
});
