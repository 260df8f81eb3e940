import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { searchServices } from '../shared/listSearch/services';
import { customFieldsByNameOption } from '../shared/descriptions/customFieldNames';
import { servicePicker } from '../shared/descriptions/service';
import { NODE_DESCRIPTION } from '../shared/definitions/text';
import { EVENT_OPTIONS, EVENT_TYPES, subscriptionEvents } from '../shared/definitions/events';
import { handleDelivery } from './delivery';
import {
	asNodeError,
	createWebhook,
	deleteWebhook,
	getWebhook,
	isCredentialsRefused,
	isOnUrl,
	isUsable,
	listWebhooks,
	registrationError,
	updateWebhook,
	type ApideckWebhook,
} from './webhookApi';

interface TriggerStaticData extends IDataObject {
	webhookId?: string;
}

/** The selected events, checked: at least one, all known. */
function selectedEvents(ctx: IHookFunctions): string[] {
	const value = ctx.getNodeParameter('events', []) as string[];
	const events = [...new Set(Array.isArray(value) ? value : [])];
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one event', {
			description: 'The trigger needs at least one CRM event to subscribe to at Apideck.',
		});
	}
	const unknown = events.filter((e) => !EVENT_TYPES.includes(e));
	if (unknown.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `Unknown event: ${unknown.join(', ')}`, {
			description: 'Pick the events from the list.',
		});
	}
	return events;
}

function deliveryUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(ctx.getNode(), 'n8n could not work out the webhook URL of this node');
	}
	return url;
}

export class ApideckCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apideck CRM Trigger',
		name: 'apideckCrmTrigger',
		icon: { light: 'file:../../icons/apideck.svg', dark: 'file:../../icons/apideck.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. n8n reads a version 1 trigger's webhook body through an expression (a Webhook node
		// v1 option), which under its default `vm` expression engine can need an isolate of its own per
		// delivery; from 1.1 it does not. It also parses only JSON, text, form and XML bodies: Apideck sends JSON.
		version: [1, 1.1],
		defaultVersion: 1.1,
		// the chosen events by their names, e.g. "Lead Created, Contact Updated" (string replaces only: n8n 1.x's
		// expression engine has no arrow functions)
		subtitle: `={{ ($parameter["events"] || []).join(", ")${EVENT_OPTIONS.map((o) => `.replace(${JSON.stringify(o.value)}, ${JSON.stringify(o.name)})`).join('')} }}`,
		// n8n's node panel shows one entry for both nodes, described with this text: the action node's
		description: NODE_DESCRIPTION,
		defaults: { name: 'Apideck CRM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apideckCrmApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Starts the moment Apideck sends the event. Apideck must reach this n8n at a public URL, and your ' +
					"CRM's connector must send the event (Apideck lists which connectors send which). Otherwise use " +
					'the Apideck CRM Polling Trigger, which checks for new and changed records on a schedule.',
				name: 'webhookNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: EVENT_OPTIONS,
				description: 'The CRM changes that start the workflow',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Any Consumer',
						name: 'anyConsumer',
						type: 'boolean',
						default: false,
						description:
							'Whether events of every consumer of the Apideck application start the workflow. Off: only events of the consumer set in the credentials do.',
					},
					customFieldsByNameOption,
					{
						displayName: 'Fetch Full Record',
						name: 'fetchRecord',
						type: 'boolean',
						default: true,
						description:
							'Whether to load the created or updated record from the CRM and add it to the output as "record"',
					},
					servicePicker(
						{
							displayName: 'Service',
							name: 'service',
							description:
								'Only react to events from this CRM connection. By ID takes one service ID or several separated by commas. Empty: all connections.',
						},
						'e.g. hubspot, pipedrive',
					),
					{
						displayName: 'Verify Signature',
						name: 'verifySignature',
						type: 'boolean',
						default: true,
						description:
							'Whether to reject requests that are not signed with your API key. Turning this off lets anyone who knows the URL start the workflow: do it only behind a proxy that rewrites the request body.',
					},
				],
			},
		],
	};

	methods = { listSearch: { searchServices } };

	webhookMethods = {
		default: {
			/**
			 * Leaves at most one webhook on this node's URL, enabled and for the selected events, and keeps
			 * its ID. Apideck's list is read every time: a webhook on this exact URL is this node's own even
			 * when its ID was lost with the static data, and must not keep delivering beside a new one.
			 * Webhooks with any other URL (the test URL, other workflows, other tools) are never touched.
			 * Here and in create(), Apideck refusing the credentials ends the activation at once, with a
			 * CredentialsRefusedError (see webhookApi.ts): n8n does not retry it.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				try {
					const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
					const deliveryUrl = deliveryUrlOf(this);
					const events = selectedEvents(this);
					const storedId = staticData.webhookId;

					const all = await listWebhooks(this);
					const ours = all.filter((w) => isOnUrl(w, deliveryUrl));
					if (storedId && !all.some((w) => w.id === storedId)) {
						// Missing from the list (removed at Apideck, or past the pages read): ask for it by ID.
						const stored = await getWebhook(this, storedId);
						if (stored && isOnUrl(stored, deliveryUrl)) ours.push(stored);
					}

					// Keep one enabled webhook, preferring one with the selected events, then the stored one. A
					// disabled one is never kept: Apideck stopped delivering to it, and a new registration has
					// Apideck check the URL again.
					const rank = (w: ApideckWebhook) =>
						(isUsable(w, deliveryUrl, events) ? 2 : 0) + (w.id === storedId ? 1 : 0);
					const keep = ours
						.filter((w) => w.status === 'enabled' && w.id)
						.sort((a, b) => rank(b) - rank(a))[0];
					for (const webhook of ours) {
						if (webhook !== keep && webhook.id) await deleteWebhook(this, webhook.id);
					}
					delete staticData.webhookId;
					if (!keep) return false;

					if (!isUsable(keep, deliveryUrl, events)) {
						const updated = await updateWebhook(this, keep.id, { events: subscriptionEvents(events) });
						if (!updated || !isUsable({ ...keep, ...updated }, deliveryUrl, events)) {
							await deleteWebhook(this, keep.id);
							return false;
						}
					}
					staticData.webhookId = keep.id;
					return true;
				} catch (error) {
					throw registrationError(this, error);
				}
			},

			async create(this: IHookFunctions): Promise<boolean> {
				try {
					const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
					const deliveryUrl = deliveryUrlOf(this);
					const events = selectedEvents(this);
					const workflow = this.getWorkflow();
					const body: IDataObject = {
						unified_api: 'crm',
						status: 'enabled',
						delivery_url: deliveryUrl,
						events: subscriptionEvents(events),
						description: `n8n workflow "${workflow.name ?? ''}" (${workflow.id ?? ''}) — node "${this.getNode().name}"`,
					};
					const webhook = await createWebhook(this, body);
					if (!webhook?.id) {
						throw new NodeOperationError(this.getNode(), 'Apideck did not return the ID of the new webhook');
					}
					if (webhook.status === 'disabled') {
						await deleteWebhook(this, webhook.id);
						throw new NodeOperationError(
							this.getNode(),
							`Apideck could not reach the delivery URL ${deliveryUrl}`,
							{
								description:
									'When a webhook is registered, Apideck sends a test request to its URL and needs a 200 answer. ' +
									'Make this n8n instance reachable from the internet (for example by setting the WEBHOOK_URL ' +
									'environment variable to its public address, or through a tunnel), then activate the workflow again.' +
									(webhook.disabled_reason ? ` Apideck said: ${webhook.disabled_reason}.` : ''),
							},
						);
					}
					staticData.webhookId = webhook.id;
					return true;
				} catch (error) {
					throw registrationError(this, error);
				}
			},

			/**
			 * Removes this node's webhook at Apideck. When Apideck refuses the credentials nothing can be
			 * removed, and trying again does not change that: delete() then logs a warning and returns at
			 * once, keeping the stored ID. It must not fail: n8n drops its own registration of the node's
			 * URL only after delete() succeeded, also when it calls delete() to clean up after a failed
			 * registration; n8n 2.x would then keep a registration that no webhook at Apideck feeds, and
			 * the next Publish of the same version would find it and report "Published" without asking
			 * Apideck (WebhookTriggerRegistrar.clearRegisteredWebhook, getNodesWithUnregisteredWebhooks).
			 */
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				try {
					if (staticData.webhookId) {
						await deleteWebhook(this, staticData.webhookId);
					} else {
						// The ID was lost: remove what delivers to this node's URL, nothing else.
						const deliveryUrl = deliveryUrlOf(this);
						for (const webhook of await listWebhooks(this)) {
							if (isOnUrl(webhook, deliveryUrl) && webhook.id) await deleteWebhook(this, webhook.id);
						}
					}
				} catch (error) {
					if (!isCredentialsRefused(error)) throw asNodeError(this, error);
					const what = staticData.webhookId
						? `the webhook ${staticData.webhookId} was not removed and may remain at Apideck: check the API Key in the Apideck CRM API credentials, or remove it in the Apideck dashboard`
						: "webhooks on this node's URL, if any, were not removed at Apideck: check the API Key in the Apideck CRM API credentials, or remove them in the Apideck dashboard";
					this.logger.warn(`Apideck CRM Trigger: Apideck refused the credentials (${error.httpCode}), so ${what}`, {
						workflowId: this.getWorkflow().id,
						node: this.getNode().name,
					});
					return true;
				}
				delete staticData.webhookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery(this);
	}
}
