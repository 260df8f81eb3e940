/**
 * The CRM webhook events Apideck sends, in one place: the event list shown in the trigger, the
 * entity → API path map used to fetch the full record, and the parsing of an incoming event type.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { withArticle } from './text';

export const ENTITIES = ['activity', 'company', 'contact', 'lead', 'note', 'opportunity'] as const;
export type Entity = (typeof ENTITIES)[number];

export const ACTIONS = ['created', 'updated', 'deleted'] as const;
export type Action = (typeof ACTIONS)[number];

/** Unified API path (under /crm) of each entity. */
export const ENTITY_PATHS: Record<Entity, string> = {
	activity: 'activities',
	company: 'companies',
	contact: 'contacts',
	lead: 'leads',
	note: 'notes',
	opportunity: 'opportunities',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * How Apideck's Webhook API names an event in a subscription: its 10.3.6 contract (webhook.yml, and the
 * SDKs generated from it) enumerates note updates and deletes as `crm.notes.*`, note creation as
 * `crm.note.created`. Deliveries and the CRM docs use `crm.note.*`; both are read on delivery.
 */
export function subscriptionEventName(entity: Entity, action: Action): string {
	return entity === 'note' && action !== 'created' ? `crm.notes.${action}` : `crm.${entity}.${action}`;
}

/** All 18 event types as the user picks them and items name them, e.g. crm.lead.created. */
export const EVENT_TYPES: string[] = ENTITIES.flatMap((entity) =>
	ACTIONS.map((action) => `crm.${entity}.${action}`),
);

/** Options of the Events parameter, sorted by name as n8n's lint expects. */
export const EVENT_OPTIONS: INodePropertyOptions[] = ENTITIES.flatMap((entity) =>
	ACTIONS.map((action) => ({
		name: `${capitalize(entity)} ${capitalize(action)}`,
		value: `crm.${entity}.${action}`,
		description: `When ${withArticle(entity)} is ${action} in the connected CRM`,
	})),
).sort((a, b) => a.name.localeCompare(b.name));

export interface ParsedEvent {
	/** normalised event type, e.g. crm.note.updated */
	type: string;
	entity: Entity;
	action: Action;
}

/**
 * Reads an event type. Apideck's 10.3.6 spec spells two note events `crm.notes.*`; they are read
 * as `crm.note.*`. Returns undefined for anything that is not one of the 18 CRM record events.
 */
export function parseEventType(value: unknown): ParsedEvent | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^crm\.([a-z]+)\.([a-z]+)$/.exec(value.trim());
	if (!match) return undefined;
	const entity = (match[1] === 'notes' ? 'note' : match[1]) as Entity;
	const action = match[2] as Action;
	if (!ENTITIES.includes(entity) || !ACTIONS.includes(action)) return undefined;
	return { type: `crm.${entity}.${action}`, entity, action };
}

/** The events to subscribe to, spelled as the Webhook API enumerates them (unknown values kept as they are). */
export function subscriptionEvents(types: string[]): string[] {
	return types.map((type) => {
		const event = parseEventType(type);
		return event ? subscriptionEventName(event.entity, event.action) : type;
	});
}

/** The API path of one record, e.g. /crm/leads/123. */
export function recordPath(entity: Entity, id: string): string {
	return `/crm/${ENTITY_PATHS[entity]}/${encodeURIComponent(id)}`;
}

/** Whether two event lists hold the same events, in any order (notes spelling normalised). */
export function sameEvents(a: unknown, b: unknown): boolean {
	if (!Array.isArray(a) || !Array.isArray(b)) return false;
	const norm = (list: unknown[]) =>
		[...new Set(list.map((e) => parseEventType(e)?.type ?? String(e)))].sort();
	const x = norm(a);
	const y = norm(b);
	return x.length === y.length && x.every((e, i) => e === y[i]);
}

/** The fields that describe an event in an item of either trigger, in the order items show them. */
export const EVENT_ITEM_FIELDS = [
	'event_type',
	'entity_type',
	'entity_id',
	'consumer_id',
	'service_id',
	'occurred_at',
	'execution_attempt',
	'event_id',
	'entity_url',
] as const;

/**
 * The start of an item of either trigger: the event's fields in one order, null where unknown. Both
 * triggers build their items here, so that a workflow built on one runs unchanged on the other.
 */
export function eventItemFields(values: Partial<Record<(typeof EVENT_ITEM_FIELDS)[number], unknown>>): IDataObject {
	const item: IDataObject = {};
	for (const field of EVENT_ITEM_FIELDS) item[field] = (values[field] ?? null) as IDataObject[string];
	return item;
}
