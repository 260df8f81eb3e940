/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Runs the Apideck CRM Trigger the way n8n does: webhookMethods through n8n-core's HookContext,
// webhook() through WebhookContext, behind a real HTTP server the sandbox delivers to.
//
// Static data is treated the way n8n 2.41 treats it, not kept in one object between calls: every
// activation, deactivation and delivery works on a fresh Workflow loaded from what was last saved (the
// database row), and a call's changes are saved only where n8n saves them:
//   - activation / deactivation: saved afterwards when changed;
//   - a production delivery: saved when n8n's response callback runs. When the node answered itself
//     (noWebhookResponse) that is before the run starts; when n8n answers, the run is prepared first,
//     from the same static data object, which resets its "changed" mark, so the change is dropped;
//   - "Listen for test event": the registration keeps its own copy of the static data, deliveries to the
//     test URL never save, and the test webhook is removed after the first run it starts.
// Each HTTP request loads its own copy, so concurrent copies of one delivery race as they do in n8n.
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
import { forgetDeliveries } from '../../nodes/ApideckCrmTrigger/dedupe';
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
	node: INode;
	receiverUrl: string;
	/** production delivery URL of the node */
	deliveryUrl: string;
	testDeliveryUrl: string;
	answers: Answer[];
	/** the answer to the next CRM event is lost on the way: the sender gets a 502 instead */
	loseNextAnswer: boolean;
	/** items of every run started so far, one array per run */
	runs(): IDataObject[][];
	/** how many times n8n decrypted the node's credentials for it so far (getCredentials, authentication) */
	credentialReads(): number;
	/** the node's static data as last saved ("the database"); changing it changes what the next call loads */
	staticData(): IDataObject;
	/** the node's static data in the test-webhook registration, while one is registered */
	testStaticData(): IDataObject | undefined;
	/** forgets what the node keeps in this process's memory, as an n8n restart does */
	restart(): void;
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
function expressLike(res: http.ServerResponse, onSend: (status: number, body: unknown) => void, loseAnswer: () => boolean) {
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
			if (loseAnswer()) {
				// what the sender sees when the answer is lost on the way (a proxy in between gave up)
				shim.statusCode = 502;
				body = { message: 'Bad gateway' };
			}
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

/** A harness whose trigger is active, with the activation's requests and answers cleared. */
export async function startActiveTrigger(opts: HarnessOptions = {}): Promise<TriggerHarness> {
	const h = await startTriggerHarness(opts);
	await h.activate();
	h.sandbox.resetRequests();
	h.answers.length = 0;
	return h;
}

export async function startTriggerHarness(opts: HarnessOptions = {}): Promise<TriggerHarness> {
	const sandbox = await startSandbox({ webhookRetryDelaysMs: [20, 40, 80] });
	const trigger = new ApideckCrmTrigger();
	const node = triggerNode(opts.events ?? ['crm.lead.created'], opts.options ?? {});
	const nodeTypes = new TestNodeTypes({ apideckCrmTrigger: trigger });
	const staticKey = `node:${node.name}`;
	// What n8n's database holds for the workflow, and the test registration's copy (see the top).
	let saved: IDataObject = {};
	let testRegistration: IDataObject | undefined;
	const clone = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;
	const workflowOf = (staticData: IDataObject) =>
		new Workflow({ id: WORKFLOW.id, name: WORKFLOW.name, nodes: [node], connections: {}, active: true, nodeTypes, staticData });
	/** n8n's WorkflowStaticDataService.saveStaticData: writes the whole static data when marked changed. */
	const saveIfChanged = (workflow: Workflow) => {
		if ((workflow.staticData as IDataObject).__dataChanged === true) saved = clone(workflow.staticData);
	};
	forgetDeliveries();
	const credentials = {
		apiKey: DEMO.apiKey,
		appId: DEMO.appId,
		consumerId: DEMO.consumerId,
		baseUrl: sandbox.url,
		...(opts.credentials ?? {}),
	} as ICredentialDataDecryptedObject;

	const answers: Answer[] = [];
	let posted = 0;
	let receiverUrl = '';
	let credentialReads = 0;
	const additionalData = (extra: Partial<IWorkflowExecuteAdditionalData> = {}) => {
		const data = makeAdditionalData({ apideckCrmApi: credentials });
		const helper = data.credentialsHelper;
		const getDecrypted = helper.getDecrypted.bind(helper);
		helper.getDecrypted = async (...args: Parameters<typeof getDecrypted>) => {
			credentialReads++;
			return await getDecrypted(...args);
		};
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
		const isEvent = String(req.headers['x-apideck-event-type'] ?? '').startsWith('crm.');
		const response = expressLike(
			res,
			(status, sent) => {
				answer.status = status;
				answer.response = sent;
			},
			() => {
				if (!isEvent || !harness.loseNextAnswer) return false;
				harness.loseNextAnswer = false;
				return true;
			},
		);
		const isTest = (req.url ?? '').startsWith('/webhook-test/');
		if (isTest && !testRegistration) {
			// n8n: "The requested webhook is not registered."
			response.status(404).json({ code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
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
		// n8n loads the workflow, with its static data, for every request
		const raw = clone(saved);
		const workflow = workflowOf(raw);
		if (isTest) workflow.setTestStaticData(testRegistration!);
		try {
			const ctx = new WebhookContext(workflow, node, data, isTest ? 'manual' : 'webhook', webhookData, [], null);
			const result = await trigger.webhook.call(ctx);
			const starts = result.workflowData !== undefined;
			if (result.noWebhookResponse) {
				if (!isTest) saveIfChanged(workflow);
				if (!response.sent) response.status(500).json({ harness: 'the node promised an answer but sent none' });
			}
			if (starts) {
				// the run is prepared from the same static data object (n8n's WorkflowRunner)
				workflowOf(raw);
				answer.items = result.workflowData![0].map((i) => i.json);
			}
			if (!result.noWebhookResponse) {
				if (starts) {
					response.status(200).json({ message: 'Workflow was started' });
				} else {
					response.status(200).json((result.webhookResponse as IDataObject) ?? { message: 'Webhook call received' });
				}
				if (!isTest) saveIfChanged(workflow);
			}
			if (starts && isTest) {
				// n8n removes the test webhook once it has started a run
				const registration = testRegistration!;
				testRegistration = undefined;
				await deactivateTest(registration);
			}
		} catch (error) {
			answer.error = error as Error;
			if (!response.sent) response.status(500).json({ message: (error as Error).message });
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const hook = (workflow: Workflow, o: { isTest?: boolean; webhookBaseUrl?: string } = {}, activation: 'activate' | 'init' = 'activate') =>
		new HookContext(
			workflow,
			node,
			additionalData(o.webhookBaseUrl ? { webhookBaseUrl: o.webhookBaseUrl } : {}),
			o.isTest ? 'manual' : 'trigger',
			activation,
			o.isTest ? ({ isTest: true, webhookDescription: trigger.description.webhooks![0] } as never) : undefined,
		);
	const methods = trigger.webhookMethods.default;
	/** n8n's TestWebhooks.deactivateWebhooks: delete() on the registration's static data, nothing saved. */
	async function deactivateTest(registration: IDataObject) {
		const workflow = workflowOf(clone(saved));
		workflow.staticData = registration as never;
		return await methods.delete.call(hook(workflow, { isTest: true }));
	}
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
		node,
		receiverUrl,
		deliveryUrl,
		testDeliveryUrl: `${receiverUrl}/webhook-test/${NODE_WEBHOOK_ID}/webhook`,
		answers,
		runs: () => answers.filter((a) => a.items).map((a) => a.items!),
		staticData: () => ((saved[staticKey] as IDataObject | undefined) ?? (saved[staticKey] = {})),
		testStaticData: () => testRegistration?.[staticKey] as IDataObject | undefined,
		restart: () => forgetDeliveries(),
		async activate(o = {}) {
			// production: ActiveWorkflowManager (then saveStaticData); test: TestWebhooks.needsWebhook,
			// which keeps the workflow's static data in the registration and saves nothing
			const workflow = workflowOf(clone(saved));
			const ctx = hook(workflow, o);
			// n8n registers the test webhook before create() runs, so Apideck's ping to it is answered
			if (o.isTest) testRegistration = {};
			const existed = await methods.checkExists.call(ctx);
			if (!existed) {
				try {
					await methods.create.call(hook(workflow, o));
				} catch (error) {
					if (o.isTest) testRegistration = undefined;
					throw error;
				}
			}
			if (o.isTest) testRegistration = clone(workflow.staticData);
			else saveIfChanged(workflow);
			return { existed };
		},
		async deactivate(o = {}) {
			if (o.isTest) {
				const registration = testRegistration ?? {};
				testRegistration = undefined;
				return await deactivateTest(registration);
			}
			const workflow = workflowOf(clone(saved));
			const done = await methods.delete.call(hook(workflow, o));
			saveIfChanged(workflow);
			return done;
		},
		async post(body, headers = {}, path = `/webhook/${NODE_WEBHOOK_ID}/webhook`) {
			// tells the answers of concurrent posts apart
			const id = `post-${++posted}`;
			await fetch(`${receiverUrl}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers, 'x-harness-request': id },
				body: JSON.stringify(body),
			});
			return answers.find((a) => a.headers['x-harness-request'] === id)!;
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
		credentialReads: () => credentialReads,
		async close() {
			await sandbox.close();
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		},
	};
	return harness;
}

/** The Webhook API calls the sandbox received, as "METHOD path status". */
export const webhookCalls = (h: TriggerHarness) =>
	h.sandbox.requests.filter((r) => r.path.startsWith('/webhook/')).map((r) => `${r.method} ${r.path} ${r.status}`);

/** Every webhook the sandbox holds, of every application (its admin list). */
export async function listInSandbox(h: TriggerHarness): Promise<any[]> {
	const res = await fetch(`${h.sandbox.url}/_sandbox/webhooks`);
	return ((await res.json()) as any).data;
}

/** A CRM webhook registered at Apideck by someone else than the trigger (another tool, a lost registration). */
export const subscribe = (h: TriggerHarness, deliveryUrl: string, events: string[]) =>
	h.api('POST', '/webhook/webhooks', { unified_api: 'crm', status: 'enabled', delivery_url: deliveryUrl, events }).then((r) => r.data);
