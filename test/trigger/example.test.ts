/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// examples/new-lead-follow-up.json: importable, and it does what it says against the sandbox.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { EVENT_TYPES } from '../../nodes/shared/definitions/events';
import { DEMO } from '../../sandbox';
import { runNode } from '../helpers/engine';
import { startTriggerHarness, type TriggerHarness } from './harness';

const workflow = JSON.parse(readFileSync(join(__dirname, '../../examples/new-lead-follow-up.json'), 'utf8'));
const byType = (type: string) => workflow.nodes.find((n: IDataObject) => n.type === type);
const triggerNode = byType('n8n-nodes-apideck-crm.apideckCrmTrigger');
const actionNode = byType('n8n-nodes-apideck-crm.apideckCrm');

test('the example is a two-node workflow: trigger on crm.lead.created → create an activity', () => {
	expect(workflow.nodes).toHaveLength(2);
	expect(triggerNode.parameters.events).toEqual(['crm.lead.created']);
	expect(triggerNode.parameters.events.every((e: string) => EVENT_TYPES.includes(e))).toBe(true);
	expect(triggerNode.webhookId).toEqual(expect.any(String));
	expect(workflow.connections[triggerNode.name].main[0][0]).toMatchObject({ node: actionNode.name, type: 'main', index: 0 });
	for (const node of [triggerNode, actionNode]) {
		// id null: n8n's import looks the credentials up by name and type (it does so only for a null id).
		expect(node.credentials).toEqual({ apideckCrmApi: { id: null, name: 'Apideck CRM (sandbox)' } });
		expect(node.typeVersion).toBe(1);
	}
	// Every top-level parameter of both nodes exists in the node's description.
	const names = (props: { name: string }[]) => new Set(props.map((p) => p.name));
	const triggerProps = names(new ApideckCrmTrigger().description.properties);
	const actionProps = names(new ApideckCrm().description.properties);
	for (const key of Object.keys(triggerNode.parameters)) expect(triggerProps).toContain(key);
	for (const key of Object.keys(actionNode.parameters)) expect(actionProps).toContain(key);
});

describe('run against the sandbox', () => {
	let h: TriggerHarness;
	afterAll(async () => {
		await h?.close();
	});

	test('a new lead gets a follow-up task linked to it', async () => {
		h = await startTriggerHarness({ events: triggerNode.parameters.events, options: triggerNode.parameters.options });
		await h.activate();
		const created = await h.api('POST', '/crm/leads', { name: 'Katherine Johnson', company_name: 'NASA' });
		await h.sandbox.waitForDeliveries();
		expect(h.runs()).toHaveLength(1);

		const result = await runNode({
			nodeType: new ApideckCrm(),
			parameters: actionNode.parameters as INodeParameters,
			credentials: { apiKey: DEMO.apiKey, appId: DEMO.appId, consumerId: DEMO.consumerId, baseUrl: h.sandbox.url },
			items: h.runs()[0],
			nodeName: actionNode.name,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const activities = h.sandbox.records(DEMO.consumerId, 'activities');
		const task = activities.find((a) => a.id === (result.items[0] as any).id);
		expect(task).toMatchObject({ type: 'task', title: 'Follow up with Katherine Johnson', lead_id: created.data.id });
	});
});
