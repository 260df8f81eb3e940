/**
 * Apideck CRM Trigger: signed deliveries straight into the node's webhook() through n8n-core's
 * WebhookContext (one context per delivery, as n8n builds one per request), signature check and
 * dedupe on. No HTTP in front: this measures the node, not a web server. The baseline is the least
 * any receiver must do per delivery: one HMAC-SHA256 over the body and a Set lookup for the key.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

import { WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IWebhookData,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { ApideckCrmTrigger } from '../nodes/ApideckCrmTrigger/ApideckCrmTrigger.node';
import { DEMO, signPayload, type Sandbox } from '../sandbox';
import { makeAdditionalData, TestNodeTypes } from '../test/helpers/engine';
import { NODE_NAME, triggerNode } from '../test/trigger/harness';
import { marked } from './lib/marks';
import { median, nowMs } from './lib/stats';

const CONSUMER = 'bench-trigger';

interface Delivery {
	body: IDataObject;
	headers: Record<string, string>;
	rawBody: Buffer;
}

interface Outcome {
	status: number;
	started: boolean;
	ignored?: string;
}

export interface TriggerPhase {
	deliveries: number;
	runsMs: number[];
	medianMs: number;
	perDeliveryUs: number;
	perSecond: number;
	started: number;
	ignored: Record<string, number>;
	rejected: number;
}

export interface TriggerResult {
	distinct: TriggerPhase;
	duplicate: TriggerPhase;
	withRecordFetch: TriggerPhase;
	baseline: { perDeliveryUs: number; perSecond: number };
	/** node µs per distinct delivery / baseline µs */
	ratioToBaseline: number;
	dedupeWindow: number;
}

function makeDelivery(sandbox: Sandbox, entityId: string, key = randomUUID()): Delivery {
	const body = {
		payload: {
			event_id: randomUUID(),
			event_type: 'crm.lead.created',
			unified_api: 'crm',
			service_id: 'hubspot',
			consumer_id: CONSUMER,
			entity_id: entityId,
			entity_type: 'lead',
			entity_url: `${sandbox.url}/crm/leads/${entityId}`,
			execution_attempt: 1,
			occurred_at: new Date().toISOString(),
		},
	};
	return {
		body,
		rawBody: Buffer.from(JSON.stringify(body)),
		headers: {
			'content-type': 'application/json',
			'x-apideck-event-type': 'crm.lead.created',
			'x-apideck-idempotency-key': key,
			'x-apideck-signature': signPayload(body, DEMO.apiKey, 'hex'),
		},
	};
}

function receiver(sandbox: Sandbox, options: IDataObject) {
	const trigger = new ApideckCrmTrigger();
	const node = triggerNode(['crm.lead.created'], options, 'bench-webhook');
	const workflow = new Workflow({
		id: 'wf-bench',
		name: 'bench',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes({ apideckCrmTrigger: trigger }),
		staticData: {},
	});
	const credentials: ICredentialDataDecryptedObject = {
		apiKey: DEMO.apiKey,
		appId: DEMO.appId,
		consumerId: CONSUMER,
		baseUrl: sandbox.url,
	};
	const webhookData = {
		httpMethod: 'POST',
		node: NODE_NAME,
		path: 'bench-webhook/webhook',
		webhookDescription: trigger.description.webhooks![0],
		workflowId: 'wf-bench',
	} as unknown as IWebhookData;

	return async (d: Delivery): Promise<Outcome> => {
		let status = 200;
		let sent: IDataObject | undefined;
		const response = {
			status(code: number) {
				status = code;
				return response;
			},
			json(body: IDataObject) {
				sent = body;
				return response;
			},
			send(body: IDataObject) {
				sent = body;
				return response;
			},
			end() {
				return response;
			},
		};
		const additionalData = makeAdditionalData({ apideckCrmApi: credentials });
		Object.assign(additionalData, {
			httpRequest: { body: d.body, headers: d.headers, params: {}, query: {}, rawBody: d.rawBody },
			httpResponse: response,
		});
		const ctx = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
		const result: IWebhookResponseData = await trigger.webhook.call(ctx);
		return {
			status,
			started: !!result.workflowData,
			ignored: typeof sent?.ignored === 'string' ? sent.ignored : undefined,
		};
	};
}

async function phase(
	label: string,
	deliver: (d: Delivery) => Promise<Outcome>,
	batches: Delivery[][],
): Promise<TriggerPhase> {
	const runsMs: number[] = [];
	const ignored: Record<string, number> = {};
	let started = 0;
	let rejected = 0;
	for (const batch of batches) {
		const start = nowMs();
		await marked(`trigger ${label}`, async () => {
			for (const d of batch) {
				const o = await deliver(d);
				if (o.started) started++;
				else if (o.ignored) ignored[o.ignored] = (ignored[o.ignored] ?? 0) + 1;
				if (o.status === 401) rejected++;
			}
		});
		runsMs.push(nowMs() - start);
	}
	const deliveries = batches[0].length;
	const medianMs = median(runsMs);
	return {
		deliveries,
		runsMs: runsMs.map((ms) => Math.round(ms)),
		medianMs,
		perDeliveryUs: (medianMs * 1000) / deliveries,
		perSecond: deliveries / (medianMs / 1000),
		started,
		ignored,
		rejected,
	};
}

function baseline(batch: Delivery[]): { perDeliveryUs: number; perSecond: number } {
	const seen = new Set<string>();
	const run = () => {
		const start = nowMs();
		for (const d of batch) {
			const expected = createHmac('sha256', DEMO.apiKey).update(d.rawBody).digest();
			const received = Buffer.from(d.headers['x-apideck-signature'], 'hex');
			// (a plain HMAC over the raw body: it will not match Apideck's canonical JSON, the cost is the point)
			void (received.length === expected.length && timingSafeEqual(received, expected));
			const key = d.headers['x-apideck-idempotency-key'];
			if (!seen.has(key)) seen.add(key);
		}
		return nowMs() - start;
	};
	run();
	const ms = median([run(), run(), run()]);
	return { perDeliveryUs: (ms * 1000) / batch.length, perSecond: batch.length / (ms / 1000) };
}

export async function benchTrigger(sandbox: Sandbox, deliveries: number, runs: number, dedupeWindow: number): Promise<TriggerResult> {
	const leads = sandbox.seedRecords(CONSUMER, 'leads', 500) as Array<{ id: string }>;
	const idOf = (i: number) => leads[i % leads.length].id;
	const batch = (n: number) => Array.from({ length: n }, (_, i) => makeDelivery(sandbox, idOf(i)));

	// signature + dedupe, no record fetch
	const deliverNoFetch = receiver(sandbox, { fetchRecord: false });
	await phase('warm-up', deliverNoFetch, [batch(300)]);
	const distinctBatches = Array.from({ length: runs }, () => batch(deliveries));
	const distinct = await phase('distinct', deliverNoFetch, distinctBatches);

	// the same deliveries again (Apideck retrying): keys still inside the node's dedupe window
	const last = distinctBatches[distinctBatches.length - 1];
	const remembered = last.slice(-Math.min(dedupeWindow, last.length));
	const repeats = Array.from({ length: deliveries }, (_, i) => remembered[i % remembered.length]);
	const duplicate = await phase('duplicate', deliverNoFetch, Array.from({ length: runs }, () => repeats));

	// the default configuration: each delivery also reads the lead from the (in-process) sandbox
	const deliverFetch = receiver(sandbox, {});
	await phase('warm-up fetch', deliverFetch, [batch(50)]);
	const fetchCount = Math.min(500, deliveries);
	const withRecordFetch = await phase(
		'with record fetch',
		deliverFetch,
		Array.from({ length: runs }, () => batch(fetchCount)),
	);

	const base = baseline(distinctBatches[0]);
	return {
		distinct,
		duplicate,
		withRecordFetch,
		baseline: base,
		ratioToBaseline: distinct.perDeliveryUs / base.perDeliveryUs,
		dedupeWindow,
	};
}
