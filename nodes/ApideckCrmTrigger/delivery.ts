/**
 * What the trigger does with one request to its URL: answer Apideck's validation ping, check the
 * signature, drop events this node does not want (other consumer, other connector, unselected event,
 * repeated delivery), and turn the rest into one item, with the full record when asked for.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { withCustomFieldsByName } from '../shared/descriptions/customFieldNames';
import { isSafeSegment } from '../shared/transport/paths';
import { serviceIds } from '../shared/descriptions/service';
import { apideckCredentials, apideckRequest, type RetryPolicy } from '../shared/transport/transport';
import { claimDelivery, releaseDelivery } from './dedupe';
import { eventItemFields, parseEventType, recordPath, type ParsedEvent } from '../shared/definitions/events';
import { verifySignature } from './signature';
import { asNodeError, isNotFound } from './webhookApi';

export const PING_EVENT = 'apideck.subscription.created';

/** The record fetch runs while Apideck waits for the answer: few, short retries. */
const FETCH_RETRY: RetryPolicy = { maxAttempts: 3, maxRateLimitWaitMs: 5_000, baseDelayMs: 250, maxDelayMs: 2000 };
const FETCH_TIMEOUT_MS = 10_000;

interface TriggerOptions {
	anyConsumer?: boolean;
	customFieldsByName?: boolean;
	fetchRecord?: boolean;
	/** a Service picker value, or the plain string stored before the trigger had the picker */
	service?: unknown;
	verifySignature?: boolean;
}

export type RecordStatus = 'found' | 'deleted' | 'not_found' | 'fetch_failed';

function header(ctx: IWebhookFunctions, name: string): string | undefined {
	const value = (ctx.getHeaderData() as IDataObject)[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/** Answers the request directly (n8n then sends nothing itself). */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

function ignore(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.debug(`Apideck CRM Trigger: delivery ignored (${reason})`, { node: ctx.getNode().name });
	return answer(ctx, 200, { received: true, ignored: reason });
}

function str(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

/** The trigger a delivery belongs to: workflow, node, and test or production URL. */
function dedupeScope(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${ctx.getMode()}`;
}

/**
 * The record an event names, read as the event's consumer and from its connection (the transport sends
 * the consumer and service IDs it is given instead of the credentials' ones), with short retries. A
 * failure is reported in the item (record_status), never thrown: the event itself is still delivered.
 */
async function fetchRecord(
	ctx: IWebhookFunctions,
	event: ParsedEvent,
	payload: IDataObject,
): Promise<{ record?: IDataObject; record_status: RecordStatus; error?: string }> {
	const entityId = str(payload.entity_id);
	if (!entityId) return { record_status: 'fetch_failed', error: 'The event names no record ID' };
	if (!isSafeSegment(entityId)) return { record_status: 'fetch_failed', error: `The event's record ID "${entityId}" is not an ID` };
	// The record's path is built from the entity and its ID, never taken from entity_url: the API key
	// only goes to the credentials' base URL, and only to /crm/<entity>/<one segment>.
	const url = recordPath(event.entity, entityId);
	const consumerId = str(payload.consumer_id);
	try {
		const response = await apideckRequest(
			ctx,
			{
				method: 'GET',
				url,
				serviceId: str(payload.service_id),
				consumerId: consumerId || undefined,
				timeout: FETCH_TIMEOUT_MS,
			},
			FETCH_RETRY,
		);
		return { record: (response.data ?? response) as IDataObject, record_status: 'found' };
	} catch (error) {
		const e = error as { message?: string; description?: string };
		const message = [e.message, e.description].filter(Boolean).join(' — ') || 'The record could not be loaded';
		return { record_status: isNotFound(error) ? 'not_found' : 'fetch_failed', error: message };
	}
}

export async function handleDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const eventHeader = header(ctx, 'x-apideck-event-type');
	if (eventHeader === PING_EVENT) {
		return answer(ctx, 200, { received: true });
	}

	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const credentials = await apideckCredentials(ctx);
	const body = ctx.getBodyData();

	if (options.verifySignature !== false) {
		const signature = header(ctx, 'x-apideck-signature');
		if (!signature || !verifySignature(body, signature, String(credentials.apiKey ?? ''))) {
			ctx.logger.warn('Apideck CRM Trigger: rejected a request with a missing or wrong signature', {
				node: ctx.getNode().name,
			});
			return answer(ctx, 401, {
				error: 'invalid_signature',
				message: signature ? 'The signature does not match the body' : 'The signature header is missing',
			});
		}
	}

	const payload = body?.payload;
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
		return answer(ctx, 400, { error: 'invalid_payload', message: 'The body has no "payload" object' });
	}
	const p = payload as IDataObject;

	const event = parseEventType(p.event_type ?? eventHeader);
	const selected = ctx.getNodeParameter('events', []) as string[];
	if (!event || !selected.includes(event.type)) return ignore(ctx, 'event not selected');

	const consumerId = str(p.consumer_id);
	if (!options.anyConsumer && consumerId !== String(credentials.consumerId ?? '')) {
		return ignore(ctx, 'other consumer');
	}

	const services = serviceIds(options.service);
	if (services.length > 0 && !services.includes((str(p.service_id) ?? '').toLowerCase())) {
		return ignore(ctx, 'other service');
	}

	const key = header(ctx, 'x-apideck-idempotency-key') ?? str(p.event_id);
	const scope = dedupeScope(ctx);
	const staticData = ctx.getWorkflowStaticData('node');
	if (key && !claimDelivery(scope, key, staticData)) return ignore(ctx, 'duplicate delivery');

	try {
		const item = await eventItem(ctx, event, p, options);
		// The node answers Apideck itself and then hands n8n the run: n8n saves the static data (the key
		// just claimed) before it starts the run only when the node has answered (measured in n8n 2.41.1;
		// when n8n answers, the run it prepares resets the "changed" mark and the key is never saved).
		return { ...answer(ctx, 200, { received: true }), workflowData: [ctx.helpers.returnJsonArray(item)] };
	} catch (error) {
		// Nothing started: forget the key so that Apideck's retry is not dropped as a duplicate.
		if (key) releaseDelivery(scope, key, staticData);
		throw asNodeError(ctx, error);
	}
}

/** The item of one accepted event: the event, and the record when it was asked for. */
async function eventItem(ctx: IWebhookFunctions, event: ParsedEvent, p: IDataObject, options: TriggerOptions): Promise<IDataObject> {
	const item = eventItemFields({ ...p, event_type: event.type, entity_type: p.entity_type ?? event.entity });
	if (event.action === 'deleted') {
		item.record_status = 'deleted';
	} else if (options.fetchRecord !== false) {
		const fetched = await fetchRecord(ctx, event, p);
		if (fetched.record && options.customFieldsByName === true) fetched.record = withCustomFieldsByName(fetched.record);
		Object.assign(item, fetched);
	}
	return item;
}
