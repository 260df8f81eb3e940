// Runs the Apideck CRM Trigger the way n8n does: webhookMethods through n8n-core's HookContext,
// webhook() through WebhookContext, behind a real HTTP server the sandbox delivers to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { ApideckCrmTrigger } from '../../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { DEMO, signPayload, startSandbox, type Sandbox } from '../../sandbox';
import { makeAdditionalData, TestNodeTypes } from '../helpers/engine';

export const NODE_NAME = 'Apideck CRM Trigger';
export const NODE_WEBHOOK_ID = 'b7c1e0f4-node-webhook';
export const WORKFLOW = { id: 'wf-42', name: 'New leads' };

/** One request the receiver got and what it answered. */
export interface Answer {
	path: string;
	headers: IDataObject;
	body: unknown;
	status: number;
	response: unknown;
	/** items of the run the request started (undefined: no run) */
	items?: IDataObject[];
	error?: Error;
}

export interface TriggerHarness {
	sandbox: Sandbox;
	trigger: ApideckCrmTrigger;
	workflow: Workflow;
	node: INode;
	receiverUrl: string;
	/** production delivery URL of the node */
	deliveryUrl: string;
	testDeliveryUrl: string;
	answers: Answer[];
	/** answer the next request that starts a run with a 502, as if the answer were lost on the way */
	loseNextAnswer: boolean;
	/** items of every run started so far, one array per run */
	runs(): IDataObject[][];
	staticData(): IDataObject;
	hook(opts?: { isTest?: boolean; webhookBaseUrl?: string }): HookContext;
	/** what n8n does on activation: checkExists, then create when it returned false */
	activate(opts?: { isTest?: boolean; webhookBaseUrl?: string }): Promise<{ existed: boolean }>;
	deactivate(opts?: { isTest?: boolean }): Promise<boolean>;
	/** POSTs a body to the node's URL as Apideck would */
	post(body: unknown, headers?: Record<string, string>, path?: string): Promise<Answer>;
	/** a signed CRM event, as the sandbox would send it */
	signedEvent(payload: IDataObject, opts?: { key?: string; encoding?: 'hex' | 'base64'; idempotencyKey?: string }): {
		body: { payload: IDataObject };
		headers: Record<string, string>;
	};
	/** calls the sandbox API with the demo application's key */
	api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any>;
	close(): Promise<void>;
}

export interface HarnessOptions {
	events?: string[];
	options?: IDataObject;
	credentials?: Partial<ICredentialDataDecryptedObject>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** The part of express' Response the node uses, on top of node's ServerResponse. */
function expressLike(res: http.ServerResponse, onSend: (status: number, body: unknown) => void) {
	const shim = {
		statusCode: 200,
		sent: false,
		status(code: number) {
			shim.statusCode = code;
			return shim;
		},
		json(body: unknown) {
			shim.sent = true;
			onSend(shim.statusCode, body);
			const text = JSON.stringify(body);
			res.writeHead(shim.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
			res.end(text);
			return shim;
		},
		send(body?: unknown) {
			if (body !== null && typeof body === 'object') return shim.json(body);
			shim.sent = true;
			onSend(shim.statusCode, body);
			res.statusCode = shim.statusCode;
			res.end(body === undefined ? '' : String(body));
			return shim;
		},
		end(body?: unknown) {
			return shim.send(body);
		},
	};
	return shim;
}

/** The trigger node as a workflow holds it. */
export function triggerNode(events: string[], options: IDataObject = {}, webhookId = NODE_WEBHOOK_ID): INode {
	return {
		id: 'trigger-node',
		name: NODE_NAME,
		type: 'apideckCrmTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { events, options: options as INodeParameters },
		credentials: { apideckCrmApi: { id: 'cred-1', name: 'Apideck CRM (sandbox)' } },
	};
}

export async function startTriggerHarness(opts: HarnessOptions = {}): Promise<TriggerHarness> {
	const sandbox = await startSandbox({ webhookRetryDelaysMs: [20, 40, 80] });
	const trigger = new ApideckCrmTrigger();
	const node = triggerNode(opts.events ?? ['crm.lead.created'], opts.options ?? {});
	// One Workflow object for hooks and deliveries: its static data plays n8n's persisted static data.
	const workflow = new Workflow({
		id: WORKFLOW.id,
		name: WORKFLOW.name,
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes({ apideckCrmTrigger: trigger }),
		staticData: {},
	});
	const credentials = {
		apiKey: DEMO.apiKey,
		appId: DEMO.appId,
		consumerId: DEMO.consumerId,
		baseUrl: sandbox.url,
		...(opts.credentials ?? {}),
	} as ICredentialDataDecryptedObject;

	const answers: Answer[] = [];
	let receiverUrl = '';
	const additionalData = (extra: Partial<IWorkflowExecuteAdditionalData> = {}) => {
		const data = makeAdditionalData({ apideckCrmApi: credentials });
		Object.assign(data, {
			webhookBaseUrl: `${receiverUrl}/webhook`,
			webhookTestBaseUrl: `${receiverUrl}/webhook-test`,
			...extra,
		});
		return data;
	};

	const server = http.createServer(async (req, res) => {
		const text = await readBody(req);
		let body: unknown = {};
		try {
			body = text ? JSON.parse(text) : {};
		} catch {
			body = {};
		}
		const answer: Answer = { path: req.url ?? '', headers: req.headers as IDataObject, body, status: 0, response: undefined };
		answers.push(answer);
		const response = expressLike(res, (status, sent) => {
			answer.status = status;
			answer.response = sent;
		});
		const isTest = (req.url ?? '').startsWith('/webhook-test/');
		const webhookData = {
			httpMethod: 'POST',
			node: NODE_NAME,
			path: `${NODE_WEBHOOK_ID}/webhook`,
			webhookDescription: trigger.description.webhooks![0],
			workflowId: WORKFLOW.id,
			isTest,
		} as unknown as IWebhookData;
		const data = additionalData({
			httpRequest: { body, headers: req.headers, params: {}, query: {}, rawBody: Buffer.from(text) } as never,
			httpResponse: response as never,
		});
		try {
			const ctx = new WebhookContext(workflow, node, data, isTest ? 'manual' : 'webhook', webhookData, [], null);
			const result = await trigger.webhook.call(ctx);
			if (result.workflowData) answer.items = result.workflowData[0].map((i) => i.json);
			if (result.noWebhookResponse) {
				if (!response.sent) response.status(500).json({ harness: 'the node promised an answer but sent none' });
			} else if (result.workflowData && harness.loseNextAnswer) {
				harness.loseNextAnswer = false;
				response.status(502).json({ message: 'Bad gateway' });
			} else if (result.workflowData) {
				response.status(200).json({ message: 'Workflow was started' });
			} else {
				response.status(200).json((result.webhookResponse as IDataObject) ?? { message: 'Webhook call received' });
			}
		} catch (error) {
			answer.error = error as Error;
			if (!response.sent) response.status(500).json({ message: (error as Error).message });
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const hook = (o: { isTest?: boolean; webhookBaseUrl?: string } = {}) =>
		new HookContext(
			workflow,
			node,
			additionalData(o.webhookBaseUrl ? { webhookBaseUrl: o.webhookBaseUrl } : {}),
			o.isTest ? 'manual' : 'trigger',
			'activate',
			o.isTest ? ({ isTest: true, webhookDescription: trigger.description.webhooks![0] } as never) : undefined,
		);
	const methods = trigger.webhookMethods.default;
	const deliveryUrl = `${receiverUrl}/webhook/${NODE_WEBHOOK_ID}/webhook`;

	const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
		const res = await fetch(`${sandbox.url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${DEMO.apiKey}`,
				'x-apideck-app-id': DEMO.appId,
				'x-apideck-consumer-id': DEMO.consumerId,
				'content-type': 'application/json',
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await res.json()) as any;
		if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
		return json;
	};

	const harness: TriggerHarness = {
		sandbox,
		loseNextAnswer: false,
		trigger,
		workflow,
		node,
		receiverUrl,
		deliveryUrl,
		testDeliveryUrl: `${receiverUrl}/webhook-test/${NODE_WEBHOOK_ID}/webhook`,
		answers,
		runs: () => answers.filter((a) => a.items).map((a) => a.items!),
		staticData: () => workflow.getStaticData('node', node),
		hook,
		async activate(o = {}) {
			const existed = await methods.checkExists.call(hook(o));
			if (!existed) await methods.create.call(hook(o));
			return { existed };
		},
		deactivate: async (o = {}) => await methods.delete.call(hook(o)),
		async post(body, headers = {}, path = `/webhook/${NODE_WEBHOOK_ID}/webhook`) {
			const before = answers.length;
			await fetch(`${receiverUrl}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});
			return answers[before];
		},
		signedEvent(payload, o = {}) {
			const body: { payload: IDataObject } = {
				payload: {
					event_id: `evt-${Math.random().toString(36).slice(2)}`,
					unified_api: 'crm',
					service_id: 'hubspot',
					consumer_id: DEMO.consumerId,
					execution_attempt: 1,
					occurred_at: new Date().toISOString(),
					...payload,
				},
			};
			return {
				body,
				headers: {
					'x-apideck-event-type': String(body.payload.event_type),
					'x-apideck-idempotency-key': o.idempotencyKey ?? `key-${Math.random().toString(36).slice(2)}`,
					'x-apideck-signature': signPayload(body, o.key ?? DEMO.apiKey, o.encoding ?? 'hex'),
				},
			};
		},
		api,
		async close() {
			await sandbox.close();
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		},
	};
	return harness;
}
