/**
 * Apideck's Webhook API as the trigger uses it. Subscriptions belong to the application (not to a
 * consumer), so several n8n webhooks (test and production URLs, other workflows, other tools) share
 * one list: the trigger only ever changes the subscription whose delivery URL is its own.
 */
import {
	NodeApiError,
	NodeOperationError,
	WebhookPathTakenError,
	type IDataObject,
	type IHookFunctions,
	type INode,
} from 'n8n-workflow';

import { detailText } from '../shared/transport/errors';
import { pathSegment } from '../shared/transport/paths';
import { apideckRequest } from '../shared/transport/transport';
import { sameEvents } from '../shared/definitions/events';

export interface ApideckWebhook extends IDataObject {
	id: string;
	status?: string;
	disabled_reason?: string;
	delivery_url?: string;
	events?: string[];
	unified_api?: string;
	description?: string | null;
}

const BASE = '/webhook/webhooks';
const MAX_PAGES = 50;

/** The path of one subscription; its ID is one path segment. */
function webhookPath(ctx: IHookFunctions, id: string): string {
	return `${BASE}/${pathSegment(ctx, 'Webhook ID', id, 'The webhook ID stored by the trigger is not valid: deactivate and activate the workflow again.')}`;
}

/** Whether an error is the API's 404 answer. */
export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

/** Whether Apideck refused the credentials: 401 (the API key or application ID is wrong) or 403. */
export function isCredentialsRefused(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && (String(error.httpCode) === '401' || String(error.httpCode) === '403');
}

/**
 * Apideck refused the credentials while the trigger registered its webhook (Publish, activation, "Listen
 * for test event"). Waiting does not make a wrong key right, so this error stops n8n at once: n8n 2.x
 * registers a published workflow's webhooks with up to 5 attempts, 1, 2, 4 and 8 s apart, after every
 * error except a WebhookPathTakenError (trigger-activation-retry.js, `isTransientActivationError`, in
 * n8n 2.41), which is why this error is one, with its own message. n8n shows an activation error's
 * message only (publication status, the editor's toast), so the message says it all: what Apideck
 * answered and which credential field to check. Built from the transport's error, whose texts are
 * already redacted: the API key is never in it. n8n recognises the class when the package uses n8n's own
 * n8n-workflow, as n8n's community-package installer arranges (it drops peer dependencies); with a copy of
 * its own, n8n retries as before and the failure is the same, only later. n8n 1.x, and 2.x with its
 * publication service off, do not retry an activation at all.
 */
export class CredentialsRefusedError extends WebhookPathTakenError {
	readonly httpCode: string;

	constructor(node: INode, apiError: NodeApiError) {
		super(node.name, apiError);
		const apideck = (apiError.context.apideck ?? {}) as IDataObject;
		const status = String(apiError.httpCode);
		// the transport's reading of Apideck's answer: its message (always a string) and its detail
		const said = [apideck.message, detailText(apideck.detail)].filter(Boolean).join(': ');
		this.message =
			status === '401'
				? `Apideck refused the API key (401 ${said || 'Unauthorized'}). Check the API Key and the Application ID in the Apideck CRM API credentials.`
				: `Apideck refused the request (${status} ${said || 'Forbidden'}). Check that the API Key in the Apideck CRM API credentials may manage the webhooks of its application.`;
		this.description = apiError.description;
		this.node = node;
		this.httpCode = status;
	}
}

/** A registration step's error as n8n should get it: Apideck refusing the credentials ends the activation at once. */
export function registrationError(ctx: Pick<IHookFunctions, 'getNode'>, error: unknown): Error {
	if (isCredentialsRefused(error)) return new CredentialsRefusedError(ctx.getNode(), error);
	return asNodeError(ctx, error);
}

/** The error as n8n shows it: the transport's NodeApiErrors pass through unchanged. */
export function asNodeError(ctx: Pick<IHookFunctions, 'getNode'>, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

/** One subscription by id; undefined when Apideck no longer knows it. */
export async function getWebhook(ctx: IHookFunctions, id: string): Promise<ApideckWebhook | undefined> {
	try {
		const response = await apideckRequest(ctx, { method: 'GET', url: webhookPath(ctx, id) });
		return response.data as ApideckWebhook;
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw asNodeError(ctx, error);
	}
}

/** Every subscription of the application, following the cursors. */
export async function listWebhooks(ctx: IHookFunctions): Promise<ApideckWebhook[]> {
	const all: ApideckWebhook[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const qs: IDataObject = { limit: 200 };
		if (cursor) qs.cursor = cursor;
		const response = await apideckRequest(ctx, { method: 'GET', url: BASE, qs });
		if (Array.isArray(response.data)) all.push(...(response.data as ApideckWebhook[]));
		const next = ((response.meta as IDataObject | undefined)?.cursors as IDataObject | undefined)?.next;
		if (typeof next !== 'string' || next === '' || seen.has(next)) break;
		seen.add(next);
		cursor = next;
	}
	return all;
}

export async function createWebhook(ctx: IHookFunctions, body: IDataObject): Promise<ApideckWebhook> {
	const response = await apideckRequest(ctx, { method: 'POST', url: BASE, body });
	return response.data as ApideckWebhook;
}

/** Changes a subscription (webhook.yml's update schema: events, status, delivery_url, description). */
export async function updateWebhook(ctx: IHookFunctions, id: string, body: IDataObject): Promise<ApideckWebhook> {
	const response = await apideckRequest(ctx, { method: 'PATCH', url: webhookPath(ctx, id), body });
	return response.data as ApideckWebhook;
}

/** Deletes a subscription; one that is already gone counts as deleted. */
export async function deleteWebhook(ctx: IHookFunctions, id: string): Promise<void> {
	try {
		await apideckRequest(ctx, { method: 'DELETE', url: webhookPath(ctx, id) });
	} catch (error) {
		if (isNotFound(error)) return;
		throw asNodeError(ctx, error);
	}
}

/** Whether a subscription delivers CRM events to exactly this URL: this node's own. */
export function isOnUrl(webhook: ApideckWebhook, deliveryUrl: string): boolean {
	return webhook.delivery_url === deliveryUrl && (webhook.unified_api === undefined || webhook.unified_api === 'crm');
}

/** Whether a subscription delivers exactly the wanted events to this URL and is switched on. */
export function isUsable(webhook: ApideckWebhook, deliveryUrl: string, events: string[]): boolean {
	return isOnUrl(webhook, deliveryUrl) && sameEvents(webhook.events, events) && webhook.status === 'enabled';
}
