/**
 * Vault's custom fields of a connection (vault.yml `customFieldsAll`):
 *
 *   GET /vault/connections/{unified_api}/{service_id}/{resource}/custom-fields[?resource_id=...]
 *
 * plus what the CRM records do with custom field values (names filled in from these definitions, PATCH
 * merging by id) and the "plan without custom fields" switch. See sandbox/README.md, "Vault custom fields".
 */
import { ApiError, errors } from './errors';
import type { QueryObject } from './query';
import { RESOURCE_DEFS, RESOURCES, type Resource } from './schema';
import { CONNECTED_SERVICES, KNOWN_SERVICES, type Store } from './store';

/** One entry of the endpoint's `data`, shaped as vault.yml's CustomFieldFinder. */
export interface CustomFieldFinder {
	id: string;
	/** the label; '' for the one field deliberately left without a name */
	name: string | null;
	description: string | null;
	/** a sample value (a string, number or boolean); with `resource_id`, the record's own value or null */
	value: unknown;
	/** JSONPath-like location of the value in the connector's own (downstream) record */
	finder: string;
}

type Def = Omit<CustomFieldFinder, 'finder'>;

// HubSpot keeps custom properties under `properties` with snake_case internal names.
const HUBSPOT: Partial<Record<Resource, Def[]>> = {
	leads: [
		{ id: 'hs_lead_source', name: 'Lead Source', description: 'Where the lead first came from', value: 'Webinar' },
		{ id: 'budget', name: 'Budget', description: 'Budget the lead mentioned, in the deal currency', value: 25000 },
		{ id: 'newsletter_opt_in', name: 'Newsletter Opt-In', description: 'Agreed to receive the newsletter', value: true },
		// two fields with one label, on purpose: a name → id mapping must not pick one silently
		{ id: 'hs_region', name: 'Region', description: 'Sales region (HubSpot default property)', value: 'EMEA' },
		{ id: 'region', name: 'Region', description: 'Sales region (custom property added later)', value: 'Benelux' },
		// a field without a label, on purpose
		{ id: 'hs_legacy_score', name: '', description: 'Imported score of an older tool; never labelled', value: '42' },
	],
	contacts: [
		{ id: 'hs_persona', name: 'Persona', description: 'Buyer persona', value: 'Decision maker' },
		{ id: 'preferred_channel', name: 'Preferred Channel', description: 'How the contact likes to be reached', value: 'email' },
		{ id: 'hs_linkedin_connections', name: 'LinkedIn Connections', description: null, value: 500 },
	],
	companies: [
		{ id: 'hs_ideal_customer_profile', name: 'Ideal Customer Profile', description: 'ICP tier', value: 'tier_1' },
		{ id: 'hs_num_decision_makers', name: 'Decision Makers', description: 'Number of decision makers', value: 3 },
		{ id: 'renewal_month', name: 'Renewal Month', description: 'Month the contract renews', value: 'March' },
	],
	opportunities: [
		{ id: 'hs_deal_source', name: 'Deal Source', description: 'Channel the deal came through', value: 'Partner referral' },
		{ id: 'competitor', name: 'Main Competitor', description: 'Strongest competitor in the deal', value: 'Salesforce' },
		{ id: 'hs_forecast_category', name: 'Forecast Category', description: null, value: 'commit' },
	],
	activities: [{ id: 'hs_meeting_outcome', name: 'Meeting Outcome', description: 'Outcome of a meeting', value: 'Scheduled' }],
};

// Pipedrive names custom fields by 40-character hex keys, at the top level of its records.
const PIPEDRIVE: Partial<Record<Resource, Def[]>> = {
	leads: [
		{ id: '9d5792ba426df9d88781c0ad2175e9a09a4ebf80', name: 'Deal Size', description: 'Expected deal size band', value: '50-100k' },
		{ id: 'f10924f518d081ece38bf91c7d21ce4faf854695', name: 'Referral Partner', description: null, value: 'Acme Resellers' },
		{ id: 'b39f60033f908038af82f2f7f046f0b05851a2e1', name: 'Decision Deadline', description: 'Date the lead decides by', value: '2025-06-30' },
	],
	contacts: [
		{ id: '79d6bddf1340e22ae2c72d7c8c6dc9c165502980', name: 'Job Level', description: null, value: 'Director' },
		{ id: '9a9b50d0d0c0a9a79060fafe8ef180cd86639501', name: 'Preferred Language', description: 'Language for calls', value: 'Dutch' },
		{ id: '6d40f38eacc508baf0383519750925af23652fde', name: 'Twitter Handle', description: null, value: '@sandbox_crm' },
	],
	companies: [
		{ id: 'a564db24782bc22865623cc6d14ad94176d6be6d', name: 'Customer Tier', description: 'Support tier', value: 'Gold' },
		{ id: 'ef4b8df8febf85d757e618cfaf2ee1542ef1618a', name: 'Account Number', description: 'Number in the ERP', value: 'ACC-1042' },
		{ id: '64dc745fcc289301e7494f1d603f18fd62921c51', name: 'Onboarding Date', description: null, value: '2024-03-01' },
	],
	opportunities: [
		{ id: '598cc07d84cab97151692475ab8e730610a7a96b', name: 'Contract Length (Months)', description: null, value: 12 },
		{ id: 'a2db262ca456f8b03a066d17d1e48bd84d90f0cd', name: 'Discount %', description: 'Discount granted', value: 10 },
		{ id: '7f5975f0b93bb6a4f01be4a1522abd95ee715519', name: 'Lost Reason Detail', description: 'Free text when lost', value: 'Budget cut' },
	],
};

const DEFINITIONS: Record<string, { defs: Partial<Record<Resource, Def[]>>; finder: (id: string) => string }> = {
	hubspot: { defs: HUBSPOT, finder: (id) => `$.properties.${id}` },
	pipedrive: { defs: PIPEDRIVE, finder: (id) => `$['${id}']` },
};

/**
 * Unified API names Vault knows (vault.yml's UnifiedApiId enum; compared with the spec by
 * test/sandbox/custom-fields.test.ts). The sandbox connects consumers to the CRM only.
 */
export const UNIFIED_APIS: readonly string[] = [
	'accounting', 'ats', 'calendar', 'crm', 'csp', 'customer-support', 'ecommerce', 'email', 'email-marketing',
	'expense-management', 'file-storage', 'form', 'hris', 'lead', 'payroll', 'pos', 'procurement',
	'project-management', 'script', 'sms', 'spreadsheet', 'team-messaging', 'issue-tracking', 'time-registration',
	'transactional-email', 'vault', 'data-warehouse',
];

/**
 * The custom fields a connector has for a resource, in a stable order, as the endpoint lists them
 * (sample values). A copy: changing it changes nothing. Unknown services and resources give [].
 */
export function customFieldDefinitions(serviceId: string, resource: string): CustomFieldFinder[] {
	const svc = Object.prototype.hasOwnProperty.call(DEFINITIONS, serviceId) ? DEFINITIONS[serviceId] : undefined;
	if (!svc || !(RESOURCES as string[]).includes(resource)) return [];
	return (svc.defs[resource as Resource] ?? []).map((d) => ({ ...structuredClone(d), finder: svc.finder(d.id) }));
}

// ---- the plan switch -----------------------------------------------------------------

/** Per sandbox (keyed by its store): whether the application's plan includes custom fields (default yes). */
const plans = new WeakMap<Store, boolean>();

export function customFieldsPlanEnabled(store: Store): boolean {
	return plans.get(store) ?? true;
}

/** Sandbox.setCustomFieldsPlan and its admin endpoint; a non-boolean is a 400. */
export function setCustomFieldsPlan(store: Store, enabled: unknown): void {
	if (typeof enabled !== 'boolean')
		throw errors.validation(`'enabled' must be true or false (got ${JSON.stringify(enabled) ?? 'nothing'})`);
	plans.set(store, enabled);
}

/** `GET|POST /_sandbox/custom-fields-plan`; undefined for any other admin route. */
export function customFieldsAdmin(
	store: Store,
	method: string,
	path: string,
	bodyText: string,
): { status: number; body: unknown } | undefined {
	if (path !== '/_sandbox/custom-fields-plan') return undefined;
	if (method === 'POST') {
		let body: unknown;
		try {
			body = JSON.parse(bodyText);
		} catch {
			throw errors.validation('Send { "enabled": true | false }');
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.validation('Send { "enabled": true | false }');
		setCustomFieldsPlan(store, (body as Record<string, unknown>).enabled);
	} else if (method !== 'GET') {
		throw errors.method(method, path);
	}
	return { status: 200, body: { data: { enabled: customFieldsPlanEnabled(store) } } };
}

// ---- the endpoint --------------------------------------------------------------------

export interface CustomFieldsRequest {
	method: string;
	path: string;
	/** the x-apideck-consumer-id header */
	consumerId: string | undefined;
	q: QueryObject;
	api: string;
	serviceId: string;
	resource: string;
}

/**
 * Answers the endpoint (after authentication, which the caller did). Checks in this order: method (405),
 * consumer header (400), plan (402), unified API (400 unknown name, 404 not the CRM), connector (404
 * ConnectorNotFoundError), connection of this consumer (404 ConnectionNotFoundError), resource (404),
 * resource_id (400 empty or repeated, 404 no such record).
 */
export function customFieldsAll(store: Store, req: CustomFieldsRequest): { status: number; body: unknown } {
	if (req.method !== 'GET') throw errors.method(req.method, req.path);
	const consumerId = req.consumerId;
	if (!consumerId) throw errors.missingHeader('x-apideck-consumer-id');
	if (!customFieldsPlanEnabled(store))
		throw new ApiError(
			402,
			'PaymentRequiredError',
			'Payment Required',
			'Custom fields are not included in the plan of this application; upgrade the plan to read them',
		);
	const { api, serviceId, resource } = req;
	if (api !== 'crm') {
		if (!UNIFIED_APIS.includes(api))
			throw errors.validation(`Unknown unified API '${api}' (use one of ${UNIFIED_APIS.join(', ')})`);
		throw new ApiError(404, 'ConnectionNotFoundError', 'Connection not found', `Consumer '${consumerId}' has no ${api} connections`);
	}
	if (!CONNECTED_SERVICES.some((s) => s.serviceId === serviceId) && !KNOWN_SERVICES.includes(serviceId))
		throw new ApiError(404, 'ConnectorNotFoundError', 'Unknown connector', `Service '${serviceId}' is not a CRM connector`);
	// like GET /vault/connections/crm/{service_id}: a consumer nothing was ever done for has no connections
	const conn = store.hasConsumer(consumerId) ? store.consumer(consumerId).connections.get(serviceId) : undefined;
	if (!conn)
		throw new ApiError(404, 'ConnectionNotFoundError', 'Connection not found', `Consumer '${consumerId}' has no 'crm+${serviceId}' connection`);
	if (!(RESOURCES as string[]).includes(resource))
		throw new ApiError(404, 'EntityNotFoundError', 'Unknown resource', `The crm API has no resource '${resource}' (use one of ${RESOURCES.join(', ')})`);

	const rawId = req.q.resource_id;
	let stored: Map<string, unknown> | undefined;
	if (rawId !== undefined) {
		if (typeof rawId !== 'string') throw errors.validation(`Query parameter 'resource_id' must be given once, as a plain value`);
		if (rawId === '') throw errors.validation(`Query parameter 'resource_id' must not be empty`);
		const rec = conn.collections[resource as Resource].byId.get(rawId);
		if (!rec) throw errors.notFound(RESOURCE_DEFS[resource as Resource].singular, rawId);
		stored = new Map();
		for (const e of Array.isArray(rec.custom_fields) ? (rec.custom_fields as Record<string, unknown>[]) : []) {
			if (e && typeof e.id === 'string' && !stored.has(e.id)) stored.set(e.id, e.value ?? null);
		}
	}
	const data = customFieldDefinitions(serviceId, resource).map((d) =>
		stored ? { ...d, value: stored.has(d.id) ? structuredClone(stored.get(d.id)) : null } : d,
	);
	return { status: 200, body: { status_code: 200, status: 'OK', data } };
}

// ---- custom field values on CRM records --------------------------------------------

type Entry = Record<string, unknown>;
const keyOf = (e: Entry): string | undefined => (typeof e?.id === 'string' && e.id !== '' ? e.id : undefined);

/**
 * A PATCH's custom_fields merged into the stored ones: an entry whose id is stored replaces that entry's
 * properties it carries (value, and name / description when sent); entries with other ids are appended in
 * the order sent; stored entries the patch does not name are kept. Entries without an id (null or '')
 * cannot be matched and are appended as sent. The last of two patch entries with one id wins.
 */
export function mergeCustomFields(stored: unknown, incoming: Entry[]): Entry[] {
	const out: Entry[] = Array.isArray(stored) ? (stored as Entry[]).map((e) => ({ ...e })) : [];
	for (const e of incoming) {
		const key = keyOf(e);
		const at = key === undefined ? -1 : out.findIndex((s) => keyOf(s) === key);
		if (at >= 0) out[at] = { ...out[at], ...e };
		else out.push({ ...e });
	}
	return out;
}

/** Entries whose id is a custom field of this connector and resource get the field's name (the CRM's label wins). */
export function withDefinitionNames(serviceId: string, resource: string, entries: Entry[]): Entry[] {
	const names = new Map(customFieldDefinitions(serviceId, resource).map((d) => [d.id, d.name]));
	return entries.map((e) => {
		const key = keyOf(e);
		return key !== undefined && names.has(key) ? { ...e, name: names.get(key) } : e;
	});
}
