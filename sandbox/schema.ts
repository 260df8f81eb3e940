/**
 * Compact, hand-written description of the CRM resources the sandbox serves:
 * field types (for request validation), required and read-only fields, list
 * filters and sort keys. Kept in sync with the 10.3.6 contract by
 * test/sandbox/schema-parity.test.ts.
 */

export type Resource =
	| 'companies'
	| 'contacts'
	| 'leads'
	| 'opportunities'
	| 'activities'
	| 'notes'
	| 'pipelines'
	| 'users';

export const RESOURCES: readonly Resource[] = [
	'companies',
	'contacts',
	'leads',
	'opportunities',
	'activities',
	'notes',
	'pipelines',
	'users',
];

export type FieldType =
	| 'string'
	| 'number'
	| 'integer'
	| 'boolean'
	| 'date'
	| 'date-time'
	| 'email'
	| 'object'
	| 'array'
	| 'any';

export interface Field {
	type: FieldType;
	nullable?: boolean;
	readOnly?: boolean;
	writeOnly?: boolean;
	enum?: readonly string[];
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	/** array item type */
	items?: Field;
	/** known properties; only these are allowed unless `open` (undefined = free-form object) */
	props?: Record<string, Field>;
	/** object with known props that still accepts other properties */
	open?: boolean;
	required?: readonly string[];
}

// ---- small builders -------------------------------------------------------
const str = (extra: Partial<Field> = {}): Field => ({ type: 'string', nullable: true, ...extra });
const ro = (type: FieldType = 'string', extra: Partial<Field> = {}): Field => ({
	type,
	nullable: true,
	readOnly: true,
	...extra,
});
const num = (): Field => ({ type: 'number', nullable: true });
const int = (extra: Partial<Field> = {}): Field => ({ type: 'integer', nullable: true, ...extra });
const bool = (): Field => ({ type: 'boolean', nullable: true });
const oneOf = (values: readonly string[]): Field => ({ type: 'string', nullable: true, enum: values });
const arr = (items: Field, extra: Partial<Field> = {}): Field => ({ type: 'array', items, ...extra });
const obj = (props: Record<string, Field>, required?: readonly string[]): Field => ({
	type: 'object',
	props,
	required,
});

export const CURRENCIES: readonly string[] = (
	'UNKNOWN_CURRENCY AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD ' +
	'BTN BWP BYR BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB ' +
	'EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES ' +
	'KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRO MUR MVR ' +
	'MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD ' +
	'SCR SDG SEK SGD SHP SLL SOS SRD SSP STD SVC SYP SZL THB TJS TMT TND TOP TRC TRY TTD TWD TZS UAH UGX USD ' +
	'USN USS UYI UYU UZS VEF VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XTS XXX YER ZAR ' +
	'ZMK ZMW BTC ETH'
).split(' ');

const currency = (): Field => oneOf(CURRENCIES);

// ---- shared sub-objects -----------------------------------------------------
const ADDRESS = obj({
	id: str(),
	type: oneOf(['primary', 'secondary', 'home', 'office', 'shipping', 'billing', 'other']),
	string: str(),
	name: str(),
	line1: str(),
	line2: str(),
	line3: str(),
	line4: str(),
	street_number: str(),
	city: str(),
	state: str(),
	postal_code: str(),
	country: str(),
	latitude: str(),
	longitude: str(),
	county: str(),
	contact_name: str(),
	salutation: str(),
	phone_number: str(),
	fax: str(),
	email: str(),
	website: str(),
	notes: str(),
	row_version: str(),
});

const EMAIL = obj(
	{
		id: str(),
		email: { type: 'email', nullable: true, minLength: 1 },
		type: oneOf(['primary', 'secondary', 'work', 'personal', 'billing', 'other']),
	},
	['email'],
);

const PHONE = obj(
	{
		id: str(),
		country_code: str(),
		area_code: str(),
		number: { type: 'string', minLength: 1 },
		extension: str(),
		type: oneOf([
			'primary',
			'secondary',
			'home',
			'work',
			'office',
			'mobile',
			'assistant',
			'fax',
			'direct-dial-in',
			'personal',
			'other',
		]),
	},
	['number'],
);

const WEBSITE = obj(
	{
		id: str(),
		url: { type: 'string', minLength: 1 },
		type: oneOf(['primary', 'secondary', 'work', 'personal', 'other']),
	},
	['url'],
);

const SOCIAL = obj({ id: str(), url: { type: 'string', minLength: 1 }, type: str() }, ['url']);

const CUSTOM_FIELD = obj(
	{ id: str(), name: str(), description: str(), value: { type: 'any', nullable: true } },
	['id'],
);

const BANK_ACCOUNT = obj({
	bank_name: str(),
	account_number: str(),
	account_name: str(),
	account_type: oneOf(['bank_account', 'credit_card', 'other']),
	iban: str(),
	bic: str(),
	routing_number: str(),
	bsb_number: str(),
	branch_identifier: str(),
	bank_code: str(),
	currency: currency(),
});

const ATTENDEE = obj({
	id: ro(),
	name: str({ minLength: 1 }),
	first_name: str(),
	middle_name: str(),
	last_name: str(),
	prefix: str(),
	suffix: str(),
	email_address: str(),
	is_organizer: bool(),
	status: oneOf(['accepted', 'tentative', 'declined']),
	user_id: ro(),
	contact_id: ro(),
	updated_at: ro('date-time'),
	created_at: ro('date-time'),
});

const STAGE = obj({
	id: ro(),
	name: str(),
	value: str(),
	win_probability: int(),
	display_order: int(),
});

const tags = (): Field => arr({ type: 'string' }, { nullable: true });
const customMappings = (): Field => ({ type: 'object', nullable: true, readOnly: true });
const idField = (): Field => ({ type: 'string', readOnly: true });

// ---- resources --------------------------------------------------------------
export type FilterKind = 'string' | 'number' | 'date-time';

export interface ResourceDef {
	name: Resource;
	/** singular entity name used in webhooks and messages */
	singular: string;
	/** id prefix */
	prefix: string;
	fields: Record<string, Field>;
	required: readonly string[];
	/** supported filter[...] keys and how they are typed */
	filters: Record<string, FilterKind>;
	/** supported sort[by] values (empty = sorting not supported) */
	sorts: readonly string[];
	/** whether record changes produce webhook events */
	events: boolean;
	/** the contract accepts properties it does not list (users) */
	open?: boolean;
}

const COMPANY: Record<string, Field> = {
	id: idField(),
	name: { type: 'string', minLength: 1 },
	interaction_count: ro('integer'),
	owner_id: str(),
	image: str(),
	description: str(),
	vat_number: str(),
	currency: currency(),
	status: str(),
	fax: str(),
	annual_revenue: str(),
	number_of_employees: str(),
	industry: str(),
	ownership: str(),
	sales_tax_number: str(),
	payee_number: str(),
	abn_or_tfn: str(),
	abn_branch: str(),
	acn: str(),
	first_name: str(),
	last_name: str(),
	parent_id: ro(),
	bank_accounts: arr(BANK_ACCOUNT),
	websites: arr(WEBSITE),
	addresses: arr(ADDRESS),
	social_links: arr(SOCIAL),
	phone_numbers: arr(PHONE),
	emails: arr(EMAIL),
	row_type: { ...obj({ id: str(), name: str() }), open: true },
	custom_fields: arr(CUSTOM_FIELD),
	tags: tags(),
	read_only: bool(),
	last_activity_at: ro('date-time'),
	deleted: { type: 'boolean', readOnly: true },
	salutation: str(),
	birthday: { type: 'date', nullable: true },
	custom_mappings: customMappings(),
	updated_by: ro(),
	created_by: ro(),
	updated_at: ro('date-time'),
	created_at: ro('date-time'),
};

const CONTACT: Record<string, Field> = {
	id: idField(),
	name: str(),
	owner_id: str(),
	type: oneOf(['customer', 'supplier', 'employee', 'personal']),
	company_id: str(),
	company_name: str(),
	lead_id: str(),
	first_name: str(),
	middle_name: str(),
	last_name: str(),
	prefix: str(),
	suffix: str(),
	title: str(),
	department: str(),
	language: str(),
	gender: oneOf(['male', 'female', 'unisex']),
	birthday: str(),
	image: str(),
	photo_url: str(),
	lead_source: str(),
	fax: str(),
	description: str(),
	current_balance: num(),
	status: str(),
	active: bool(),
	websites: arr(WEBSITE),
	addresses: arr(ADDRESS),
	social_links: arr(SOCIAL),
	phone_numbers: arr(PHONE),
	emails: arr(EMAIL),
	email_domain: str(),
	custom_fields: arr(CUSTOM_FIELD),
	tags: tags(),
	first_call_at: ro('date-time'),
	first_email_at: ro('date-time'),
	last_activity_at: ro('date-time'),
	custom_mappings: customMappings(),
	updated_at: ro('date-time'),
	created_at: ro('date-time'),
};

const LEAD: Record<string, Field> = {
	id: idField(),
	name: { type: 'string', minLength: 1 },
	company_name: str(),
	owner_id: str(),
	company_id: str(),
	lead_id: str(),
	lead_source: str(),
	first_name: str(),
	last_name: str(),
	description: str(),
	prefix: str(),
	title: str(),
	language: str(),
	status: str(),
	monetary_amount: num(),
	currency: currency(),
	fax: str(),
	websites: arr(WEBSITE),
	addresses: arr(ADDRESS),
	social_links: arr(SOCIAL),
	phone_numbers: arr(PHONE),
	emails: arr(EMAIL),
	custom_fields: arr(CUSTOM_FIELD),
	tags: tags(),
	custom_mappings: customMappings(),
	updated_at: ro(),
	created_at: ro(),
};

const OPPORTUNITY: Record<string, Field> = {
	id: idField(),
	title: { type: 'string', minLength: 1 },
	primary_contact_id: str(),
	description: str(),
	type: str(),
	monetary_amount: num(),
	currency: currency(),
	win_probability: num(),
	expected_revenue: ro('number'),
	close_date: { type: 'date', nullable: true },
	loss_reason_id: str(),
	loss_reason: str(),
	won_reason_id: str(),
	won_reason: str(),
	pipeline_id: str(),
	pipeline_stage_id: str(),
	source_id: str(),
	lead_id: str(),
	lead_source: str(),
	contact_id: str(),
	contact_ids: arr({ type: 'string' }),
	company_id: str(),
	company_name: str(),
	owner_id: str(),
	priority: str(),
	status: str(),
	status_id: str(),
	tags: tags(),
	interaction_count: ro('number'),
	custom_fields: arr(CUSTOM_FIELD),
	stage_last_changed_at: { type: 'date-time', nullable: true },
	last_activity_at: ro(),
	deleted: { type: 'boolean', readOnly: true },
	date_stage_changed: ro('date-time'),
	date_last_contacted: ro('date-time'),
	date_lead_created: ro('date-time'),
	custom_mappings: customMappings(),
	updated_by: ro(),
	created_by: ro(),
	updated_at: ro('date-time'),
	created_at: ro('date-time'),
};

export const ACTIVITY_TYPES = [
	'call',
	'meeting',
	'email',
	'note',
	'task',
	'deadline',
	'send-letter',
	'send-quote',
	'other',
] as const;

const ACTIVITY: Record<string, Field> = {
	id: idField(),
	downstream_id: ro(),
	activity_datetime: str(),
	duration_seconds: int({ minimum: 0 }),
	user_id: str(),
	account_id: str(),
	contact_id: str(),
	company_id: str(),
	opportunity_id: str(),
	lead_id: str(),
	owner_id: str(),
	campaign_id: str(),
	case_id: str(),
	asset_id: str(),
	contract_id: str(),
	product_id: str(),
	solution_id: str(),
	custom_object_id: str(),
	type: oneOf(ACTIVITY_TYPES),
	title: str(),
	description: str(),
	note: str(),
	location: str(),
	location_address: ADDRESS,
	all_day_event: bool(),
	private: bool(),
	group_event: bool(),
	event_sub_type: str(),
	group_event_type: str(),
	child: bool(),
	archived: bool(),
	deleted: bool(),
	show_as: oneOf(['free', 'busy']),
	done: bool(),
	start_datetime: str(),
	end_datetime: str(),
	duration_minutes: ro('integer'),
	activity_date: str(),
	end_date: str(),
	recurrent: { type: 'boolean' },
	reminder_datetime: str(),
	reminder_set: bool(),
	video_conference_url: str(),
	video_conference_id: str(),
	custom_fields: arr(CUSTOM_FIELD),
	attendees: arr(ATTENDEE),
	custom_mappings: customMappings(),
	updated_by: ro(),
	created_by: ro(),
	updated_at: ro(),
	created_at: ro(),
};

const NOTE: Record<string, Field> = {
	id: idField(),
	title: str(),
	content: str(),
	owner_id: str(),
	contact_id: str(),
	company_id: str(),
	opportunity_id: str(),
	lead_id: str(),
	active: bool(),
	custom_mappings: customMappings(),
	updated_by: ro(),
	created_by: ro(),
	updated_at: ro(),
	created_at: ro(),
};

const PIPELINE: Record<string, Field> = {
	// the contract does not mark a pipeline id read-only: a client may choose it
	id: { type: 'string' },
	name: { type: 'string', minLength: 1 },
	currency: currency(),
	archived: { type: 'boolean' },
	active: { type: 'boolean' },
	display_order: int(),
	win_probability_enabled: { type: 'boolean' },
	stages: arr(STAGE),
	updated_at: ro('date-time'),
	created_at: ro('date-time'),
};

const USER: Record<string, Field> = {
	id: idField(),
	parent_id: str(),
	username: str(),
	first_name: str(),
	last_name: str(),
	title: str(),
	division: str(),
	department: str(),
	company_name: str(),
	employee_number: str(),
	description: str(),
	image: str(),
	language: str(),
	status: str(),
	password: { type: 'string', nullable: true, writeOnly: true },
	addresses: arr(ADDRESS),
	phone_numbers: arr(PHONE),
	emails: arr(EMAIL),
	custom_mappings: customMappings(),
	updated_at: ro(),
	created_at: ro(),
};

export const RESOURCE_DEFS: Record<Resource, ResourceDef> = {
	companies: {
		name: 'companies',
		singular: 'company',
		prefix: 'co',
		fields: COMPANY,
		required: ['name'],
		filters: { name: 'string' },
		sorts: ['created_at', 'updated_at', 'name'],
		events: true,
	},
	contacts: {
		name: 'contacts',
		singular: 'contact',
		prefix: 'ct',
		fields: CONTACT,
		required: ['name'],
		filters: {
			name: 'string',
			first_name: 'string',
			last_name: 'string',
			email: 'string',
			phone_number: 'string',
			company_id: 'string',
		},
		sorts: ['created_at', 'updated_at', 'name', 'first_name', 'last_name', 'email'],
		events: true,
	},
	leads: {
		name: 'leads',
		singular: 'lead',
		prefix: 'ld',
		fields: LEAD,
		required: ['name', 'company_name'],
		filters: { name: 'string', first_name: 'string', last_name: 'string', email: 'string' },
		sorts: ['created_at', 'updated_at', 'name', 'first_name', 'last_name', 'email'],
		events: true,
	},
	opportunities: {
		name: 'opportunities',
		singular: 'opportunity',
		prefix: 'op',
		fields: OPPORTUNITY,
		required: ['title', 'primary_contact_id'],
		filters: {
			title: 'string',
			status: 'string',
			monetary_amount: 'number',
			win_probability: 'number',
			company_id: 'string',
			owner_id: 'string',
			primary_contact_id: 'string',
		},
		sorts: ['created_at', 'updated_at', 'title', 'win_probability', 'monetary_amount', 'status'],
		events: true,
	},
	activities: {
		name: 'activities',
		singular: 'activity',
		prefix: 'ac',
		fields: ACTIVITY,
		required: ['type'],
		filters: {
			company_id: 'string',
			owner_id: 'string',
			contact_id: 'string',
			updated_since: 'date-time',
		},
		sorts: ['created_at', 'updated_at'],
		events: true,
	},
	notes: {
		name: 'notes',
		singular: 'note',
		prefix: 'nt',
		fields: NOTE,
		required: [],
		filters: {},
		sorts: [],
		events: true,
	},
	pipelines: {
		name: 'pipelines',
		singular: 'pipeline',
		prefix: 'pl',
		fields: PIPELINE,
		required: ['name'],
		filters: {},
		sorts: [],
		events: false,
	},
	users: {
		name: 'users',
		singular: 'user',
		prefix: 'us',
		fields: USER,
		required: ['emails'],
		filters: {},
		sorts: [],
		events: false,
		open: true,
	},
};

// ---- Apideck's current CRM API (crm-10.34.0.yml) ---------------------------------
// Kept apart from the 10.3.6 tables above (compared with crm.yml by schema-parity.test.ts): what the
// current API adds to the eight resources and the node offers as "current API only". Checked against
// crm-10.34.0.yml (and for being absent from crm.yml) by test/sandbox/current-additions-parity.test.ts.
// The sandbox accepts, stores and returns these fields (pass_through, write-only, is accepted and never
// returned) and applies these filters.

/** A write's pass-through body: connector-specific data for the downstream request (write-only). */
const PASS_THROUGH: Field = arr({
	...obj(
		{
			service_id: { type: 'string' },
			operation_id: { type: 'string' },
			extend_object: { type: 'object' },
			extend_paths: arr(obj({ path: { type: 'string' }, value: { type: 'any' } }, ['path', 'value'])),
		},
		['service_id'],
	),
	writeOnly: true,
});

export interface CurrentApiAdditions {
	/** properties the current API adds to a shared object, named by its schema in the spec */
	nested: { schema: string; object: Field; props: Record<string, Field> }[];
	/** body properties the current API adds, per resource */
	fields: Record<Resource, Record<string, Field>>;
	/** filter[...] keys the current API adds, per resource */
	filters: Record<Resource, Record<string, FilterKind>>;
}

export const CURRENT_API_ADDITIONS: CurrentApiAdditions = {
	nested: [
		{ schema: 'Address', object: ADDRESS, props: { line5: str() } },
		{ schema: 'BankAccount', object: BANK_ACCOUNT, props: { country: str({ minLength: 2, maxLength: 2 }) } },
		{ schema: 'Pipeline.stages', object: STAGE, props: { archived: bool() } },
	],
	fields: {
		companies: { pass_through: PASS_THROUGH },
		contacts: { opportunity_ids: arr({ type: 'string' }), pass_through: PASS_THROUGH },
		leads: { owner_name: str(), contact_id: str(), pass_through: PASS_THROUGH },
		opportunities: { pass_through: PASS_THROUGH },
		activities: { pass_through: PASS_THROUGH },
		notes: { activity_id: str(), pass_through: PASS_THROUGH },
		pipelines: { pass_through: PASS_THROUGH },
		users: { name: str(), pass_through: PASS_THROUGH },
	},
	filters: {
		companies: { updated_since: 'date-time', created_since: 'date-time' },
		contacts: { owner_id: 'string', updated_since: 'date-time', created_since: 'date-time' },
		leads: { phone_number: 'string' },
		opportunities: {},
		activities: { type: 'string' },
		notes: { title: 'string', owner_id: 'string', updated_since: 'date-time', created_since: 'date-time' },
		pipelines: {},
		users: { email: 'string', name: 'string' },
	},
};

/** A 10.3.6 field with the current API's nested additions (the same object when it has none). */
function withNestedAdditions(f: Field): Field {
	const nested = CURRENT_API_ADDITIONS.nested.find((n) => n.object === f);
	if (nested) return { ...f, props: { ...f.props, ...nested.props } };
	if (f.type === 'array' && f.items) {
		const items = withNestedAdditions(f.items);
		return items === f.items ? f : { ...f, items };
	}
	return f;
}

/** The body properties the sandbox accepts, per resource: the 10.3.6 ones and the current API's additions. */
export const BODY_FIELDS: Record<Resource, Record<string, Field>> = Object.fromEntries(
	RESOURCES.map((r) => [
		r,
		{
			...Object.fromEntries(Object.entries(RESOURCE_DEFS[r].fields).map(([k, f]) => [k, withNestedAdditions(f)])),
			...CURRENT_API_ADDITIONS.fields[r],
		},
	]),
) as Record<Resource, Record<string, Field>>;

/** The filter[...] keys the sandbox applies, per resource: the 10.3.6 ones and the current API's additions. */
export const LIST_FILTERS: Record<Resource, Record<string, FilterKind>> = Object.fromEntries(
	RESOURCES.map((r) => [r, { ...RESOURCE_DEFS[r].filters, ...CURRENT_API_ADDITIONS.filters[r] }]),
) as Record<Resource, Record<string, FilterKind>>;

/**
 * Resources whose `created_at` / `updated_at` the 10.3.6 contract pins to the millisecond form
 * (`2026-12-06T19:00:05.000Z`, by a pattern) instead of a plain date-time. At second precision the
 * sandbox clock still truncates their times to whole seconds but prints `.000Z` for them.
 */
export const MILLISECOND_TIMESTAMPS: readonly Resource[] = ['leads'];

/** Fields never returned in responses (write-only, or a list of write-only entries), per resource. */
export const WRITE_ONLY: Record<Resource, readonly string[]> = Object.fromEntries(
	RESOURCES.map((r) => [
		r,
		Object.entries(BODY_FIELDS[r])
			.filter(([, f]) => f.writeOnly || f.items?.writeOnly)
			.map(([k]) => k),
	]),
) as unknown as Record<Resource, readonly string[]>;

/** The CRM webhook event types (18), as deliveries name them. */
export const CRM_EVENT_ENTITIES = ['activity', 'company', 'contact', 'lead', 'note', 'opportunity'] as const;
export const CRM_EVENT_ACTIONS = ['created', 'updated', 'deleted'] as const;
export const CRM_EVENTS: readonly string[] = CRM_EVENT_ENTITIES.flatMap((e) =>
	CRM_EVENT_ACTIONS.map((a) => `crm.${e}.${a}`),
);

/**
 * How the 10.3.6 Webhook API spells two of them in the event names a subscription may list (its
 * WebhookEventType enum): note updates and deletes as `crm.notes.*`, note creation as `crm.note.created`.
 */
const SUBSCRIPTION_SPELLING: Record<string, string> = {
	'crm.note.updated': 'crm.notes.updated',
	'crm.note.deleted': 'crm.notes.deleted',
};

/**
 * The event names a subscription may list: `*` and the CRM events, spelled as the contract enumerates
 * them (checked against webhook.yml in test/sandbox/webhooks.test.ts). Anything else is refused with
 * a 400, as are other unified APIs' events, which this CRM-only sandbox never sends.
 */
export const SUBSCRIPTION_EVENTS: readonly string[] = ['*', ...CRM_EVENTS.map((e) => SUBSCRIPTION_SPELLING[e] ?? e)];

/** Maps a subscription event name to the event it covers ('*' = every CRM event); undefined when unknown. */
export function canonicalEvent(name: string): string | undefined {
	if (!SUBSCRIPTION_EVENTS.includes(name)) return undefined;
	if (name === '*') return '*';
	return CRM_EVENTS.find((e) => (SUBSCRIPTION_SPELLING[e] ?? e) === name);
}
