// The new-lead flow as a user builds it from n8n's own nodes, without this package (bench/flows.mjs measures
// it beside ours): Webhook -> Code (the signature check README documents, taken from README itself) ->
// HTTP Request (GET the lead, as the event's connection) -> HTTP Request (POST a task activity for it).

import fs from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../../scripts/n8n-env.mjs';

export const NATIVE_PATH = 'native-new-lead';
export const NATIVE_WORKFLOW_ID = 'benchNativeLead1';
/** n8n's Header Auth credential: the API key as `Authorization: Bearer …`. */
export const HEADER_CREDENTIAL = { id: 'benchHeaderAuth1', name: 'Apideck API key (Header Auth)', type: 'httpHeaderAuth' };

/** The Code node's JavaScript from README ("checking the signature in a Code node"), as a user copies it. */
export function readmeCodeNodeHmac() {
	const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
	const match = /<!-- code-node-hmac -->\s*```js\n([\s\S]*?)```/.exec(readme);
	if (!match) throw new Error('README.md has no ```js block after <!-- code-node-hmac -->');
	return match[1];
}

/** What n8n's Code node needs to run that code: crypto allowed, the key in $env. */
export function nativeFlowEnv(apiKey) {
	return { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false', APIDECK_API_KEY: apiKey };
}

export function nativeLeadFlow({ sandboxUrl, appId, consumerId }) {
	const auth = {
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
	};
	const headers = (extra = []) => ({
		sendHeaders: true,
		headerParameters: {
			parameters: [
				{ name: 'x-apideck-app-id', value: appId },
				{ name: 'x-apideck-consumer-id', value: consumerId },
				...extra,
			],
		},
	});
	const credentials = { httpHeaderAuth: { id: HEADER_CREDENTIAL.id, name: HEADER_CREDENTIAL.name } };
	return {
		id: NATIVE_WORKFLOW_ID,
		name: "n8n's own nodes: Webhook → Code (signature) → HTTP Request (GET lead) → HTTP Request (POST activity)",
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '2c8b4f8f-0001-4000-8000-0000000000b1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '2c8b4f8f-5a1d-4b6e-9c7f-0e2e0e2e0021',
				parameters: { httpMethod: 'POST', path: NATIVE_PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: '2c8b4f8f-0002-4000-8000-0000000000b2',
				name: 'Check signature',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { mode: 'runOnceForEachItem', jsCode: readmeCodeNodeHmac() },
			},
			{
				id: '2c8b4f8f-0003-4000-8000-0000000000b3',
				name: 'Get lead',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'GET',
					url: `=${sandboxUrl}/crm/leads/{{ encodeURIComponent($json.payload.entity_id) }}`,
					...auth,
					...headers([{ name: 'x-apideck-service-id', value: '={{ $json.payload.service_id }}' }]),
					options: {},
				},
				credentials,
			},
			{
				id: '2c8b4f8f-0004-4000-8000-0000000000b4',
				name: 'Follow-up task',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [660, 0],
				parameters: {
					method: 'POST',
					url: `${sandboxUrl}/crm/activities`,
					...auth,
					...headers(),
					sendBody: true,
					specifyBody: 'json',
					jsonBody: "={{ JSON.stringify({ type: 'task', title: 'Follow up with ' + $json.data.name, lead_id: $json.data.id }) }}",
					options: {},
				},
				credentials,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Check signature', type: 'main', index: 0 }]] },
			'Check signature': { main: [[{ node: 'Get lead', type: 'main', index: 0 }]] },
			'Get lead': { main: [[{ node: 'Follow-up task', type: 'main', index: 0 }]] },
		},
	};
}
