/**
 * A small vocabulary for describing a resource's writable fields once. The node's Create and Update
 * parameters, and the request body built from them, are all derived from these descriptions.
 */
import {
	ADDRESS_TYPES,
	ATTENDEE_STATUSES,
	BANK_ACCOUNT_TYPES,
	CUSTOM_OBJECT_FIELD_TYPES,
	EMAIL_TYPES,
	PHONE_TYPES,
	WEBSITE_TYPES,
} from './enums';

export type Picker =
	| 'user'
	| 'company'
	| 'contact'
	| 'lead'
	| 'opportunity'
	| 'activity'
	| 'note'
	| 'pipeline'
	| 'stage'
	| 'list'
	| 'customObjectSchema'
	| 'customObject'
	| 'service';

export type SimpleKind =
	| 'string'
	| 'text'
	| 'number'
	| 'integer'
	| 'boolean'
	| 'dateTime'
	| 'date'
	| 'json'
	| 'stringList'
	| 'options'
	| 'currency'
	| 'picker';

export type CompositeKind =
	| 'emails'
	| 'phoneNumbers'
	| 'addresses'
	| 'address'
	| 'websites'
	| 'socialLinks'
	| 'bankAccounts'
	| 'customFields'
	| 'attendees'
	| 'stages'
	| 'rowType'
	| 'schemaFields'
	| 'fieldOptions'
	| 'passThroughBody'
	| 'extendPaths';

export type FieldKind = SimpleKind | CompositeKind;

export interface FieldDef {
	/** property name in the API's JSON */
	api: string;
	/** label shown in n8n */
	label: string;
	kind: FieldKind;
	description?: string;
	/** the API requires it on create (and, at 10.3.6, on update) */
	required?: boolean;
	/** for kind 'options': every documented value */
	values?: readonly string[];
	/** for kind 'options': value preselected when the field is added */
	defaultValue?: string;
	/** for kind 'picker': which records to pick from */
	picker?: Picker;
	/** label of the "add" button of a multi-value list */
	addLabel?: string;
	/** hide the value as it is typed (passwords) */
	secret?: boolean;
	/**
	 * only in Apideck's current CRM API (crm-10.34.0.yml), not in the 10.3.6 reference: the editor says so
	 * in its description, and like every optional field it is sent only when set
	 */
	currentApi?: boolean;
}

/**
 * How the editor marks what only Apideck's current CRM API (crm-10.34.0.yml) has, not the 10.3.6
 * reference: in words a user knows, with what it means for them.
 */
export const CURRENT_API = "Only in Apideck's newer API; some CRMs may not support it";

/** A nested object's own fields, used inside list entries. */
export interface CompositeDef {
	/** one entry's label, e.g. "Email" */
	entry: string;
	multiple: boolean;
	fields: FieldDef[];
}

const field = (api: string, label: string, kind: SimpleKind, description?: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	api,
	label,
	kind,
	description,
	...extra,
});

const ADDRESS_FIELDS: FieldDef[] = [
	field('type', 'Type', 'options', undefined, { values: ADDRESS_TYPES, defaultValue: 'primary' }),
	field('string', 'Full Address', 'string', 'The whole address as one line, when it is not split into parts'),
	field('name', 'Name', 'string', 'Name of the place or recipient'),
	field('line1', 'Line 1', 'string', 'Street and number'),
	field('line2', 'Line 2', 'string'),
	field('line3', 'Line 3', 'string'),
	field('line4', 'Line 4', 'string'),
	field('line5', 'Line 5', 'string', undefined, { currentApi: true }),
	field('street_number', 'Street Number', 'string'),
	field('city', 'City', 'string'),
	field('state', 'State', 'string'),
	field('postal_code', 'Postal Code', 'string'),
	field('country', 'Country', 'string', 'Country code (ISO 3166-1 alpha-2), for example US'),
	field('latitude', 'Latitude', 'string'),
	field('longitude', 'Longitude', 'string'),
	field('county', 'County', 'string'),
	field('contact_name', 'Contact Name', 'string'),
	field('salutation', 'Salutation', 'string'),
	field('phone_number', 'Phone Number', 'string'),
	field('fax', 'Fax', 'string'),
	field('email', 'Email', 'string', undefined, { }),
	field('website', 'Website', 'string'),
	field('notes', 'Notes', 'string'),
	field('row_version', 'Row Version', 'string', 'Version token of the address, for CRMs that check concurrent edits'),
];

export const COMPOSITES: Record<Exclude<CompositeKind, 'customFields'>, CompositeDef> = {
	emails: {
		entry: 'Email',
		multiple: true,
		fields: [
			field('email', 'Email', 'string', 'The email address', { required: true }),
			field('type', 'Type', 'options', undefined, { values: EMAIL_TYPES, defaultValue: 'primary' }),
			field('id', 'ID', 'string', "The CRM's ID of this email entry, to change that entry. Leave empty for a new email."),
		],
	},
	phoneNumbers: {
		entry: 'Phone Number',
		multiple: true,
		fields: [
			field('number', 'Number', 'string', 'The phone number', { required: true }),
			field('type', 'Type', 'options', undefined, { values: PHONE_TYPES, defaultValue: 'primary' }),
			field('country_code', 'Country Code', 'string', 'Dialling code, for example 1 or 44'),
			field('area_code', 'Area Code', 'string'),
			field('extension', 'Extension', 'string'),
			field('id', 'ID', 'string', "The CRM's ID of this phone number entry, to change that entry. Leave empty for a new number."),
		],
	},
	addresses: {
		entry: 'Address',
		multiple: true,
		fields: [...ADDRESS_FIELDS, field('id', 'ID', 'string', "The CRM's ID of this address, to change that address. Leave empty for a new address.")],
	},
	address: { entry: 'Address', multiple: false, fields: [...ADDRESS_FIELDS, field('id', 'ID', 'string', "The CRM's ID of this address, when it has one. Usually left empty.")] },
	websites: {
		entry: 'Website',
		multiple: true,
		fields: [
			field('url', 'URL', 'string', 'Address of the website', { required: true }),
			field('type', 'Type', 'options', undefined, { values: WEBSITE_TYPES, defaultValue: 'primary' }),
			field('id', 'ID', 'string', "The CRM's ID of this website entry, to change that entry. Leave empty for a new website."),
		],
	},
	socialLinks: {
		entry: 'Social Link',
		multiple: true,
		fields: [
			field('url', 'URL', 'string', 'Profile address, for example a LinkedIn page', { required: true }),
			field('type', 'Type', 'string', 'Network name, for example linkedin or twitter'),
			field('id', 'ID', 'string', "The CRM's ID of this social link, to change that link. Leave empty for a new link."),
		],
	},
	bankAccounts: {
		entry: 'Bank Account',
		multiple: true,
		fields: [
			field('bank_name', 'Bank Name', 'string'),
			field('account_number', 'Account Number', 'string'),
			field('account_name', 'Account Name', 'string', 'Name the account is held in'),
			field('account_type', 'Account Type', 'options', undefined, { values: BANK_ACCOUNT_TYPES, defaultValue: 'bank_account' }),
			field('iban', 'IBAN', 'string'),
			field('bic', 'BIC', 'string', 'BIC or SWIFT code'),
			field('routing_number', 'Routing Number', 'string', 'US routing (ABA) number'),
			field('bsb_number', 'BSB Number', 'string', 'Australian bank-state-branch number'),
			field('branch_identifier', 'Branch Identifier', 'string'),
			field('bank_code', 'Bank Code', 'string'),
			field('currency', 'Currency', 'currency'),
			field('country', 'Country', 'string', 'Country code (ISO 3166-1 alpha-2) of the account, for example US', { currentApi: true }),
		],
	},
	attendees: {
		entry: 'Attendee',
		multiple: true,
		fields: [
			field('name', 'Name', 'string', 'Full name of the attendee'),
			field('first_name', 'First Name', 'string'),
			field('middle_name', 'Middle Name', 'string'),
			field('last_name', 'Last Name', 'string'),
			field('prefix', 'Prefix', 'string', 'For example Dr. or Ms.'),
			field('suffix', 'Suffix', 'string', 'For example Jr. or PhD'),
			field('email_address', 'Email', 'string'),
			field('is_organizer', 'Is Organizer', 'boolean', 'Whether this attendee organises the activity'),
			field('status', 'Status', 'options', 'Response to the invitation', { values: ATTENDEE_STATUSES, defaultValue: 'accepted' }),
		],
	},
	stages: {
		entry: 'Stage',
		multiple: true,
		fields: [
			field('name', 'Name', 'string', 'Name of the stage, for example Qualified'),
			field('value', 'Value', 'string', 'Machine-readable value of the stage, for example QUALIFIED'),
			field('win_probability', 'Win Probability', 'integer', 'Chance in percent that a deal in this stage is won'),
			field('display_order', 'Display Order', 'integer', 'Position of the stage in the pipeline'),
		],
	},
	rowType: {
		entry: 'Row Type',
		multiple: false,
		fields: [field('id', 'ID', 'string', 'ID of the row type'), field('name', 'Name', 'string', 'Name of the row type')],
	},
	// Apideck's current CRM API (crm-10.34.0.yml)
	schemaFields: {
		entry: 'Field',
		multiple: true,
		fields: [
			field('name', 'Name', 'string', 'Name of the field, as records use it', { required: true }),
			field('type', 'Type', 'options', 'Kind of value the field holds', { values: CUSTOM_OBJECT_FIELD_TYPES, defaultValue: 'string' }),
			field('description', 'Description', 'string'),
			field('required', 'Required', 'boolean', 'Whether every record must have a value for the field'),
			field('default_value', 'Default Value', 'string', 'Value a record gets when none is given'),
			{ api: 'options', label: 'Options', kind: 'fieldOptions', description: 'Choices of a select or multiselect field' },
			field('id', 'ID', 'string', 'ID of an existing field to change, or an ID for a new one'),
		],
	},
	fieldOptions: {
		entry: 'Option',
		multiple: true,
		fields: [
			field('value', 'Value', 'string', 'Value stored in records', { required: true }),
			field('label', 'Label', 'string', 'Text shown for the value'),
		],
	},
	passThroughBody: {
		entry: 'Pass-Through',
		multiple: true,
		fields: [
			field('service_id', 'Service ID', 'string', 'Connector the extra data is for, for example salesforce', { required: true }),
			field('operation_id', 'Operation ID', 'string', 'Downstream operation to apply it to, when Apideck makes several calls'),
			field('extend_object', 'Extend Object', 'json', 'Properties added as they are to the downstream request body'),
			{ api: 'extend_paths', label: 'Extend Paths', kind: 'extendPaths' },
		],
	},
	extendPaths: {
		entry: 'Path',
		multiple: true,
		fields: [
			field('path', 'Path', 'string', 'JSONPath where the value goes, for example $.nested.property', { required: true }),
			field('value', 'Value (JSON)', 'json', 'Value to set there', { required: true }),
		],
	},
};

export const CUSTOM_FIELD_VALUE_TYPES = ['string', 'number', 'boolean', 'json'] as const;

/** n8n parameter name for an API property: snake_case → camelCase. */
export function paramName(api: string): string {
	return api.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export const PICKER_METHODS: Record<Picker, { method: string; noun: string; example: string }> = {
	user: { method: 'searchUsers', noun: 'user', example: '12345' },
	company: { method: 'searchCompanies', noun: 'company', example: '12345' },
	contact: { method: 'searchContacts', noun: 'contact', example: '12345' },
	lead: { method: 'searchLeads', noun: 'lead', example: '12345' },
	opportunity: { method: 'searchOpportunities', noun: 'opportunity', example: '12345' },
	activity: { method: 'searchActivities', noun: 'activity', example: '12345' },
	note: { method: 'searchNotes', noun: 'note', example: '12345' },
	pipeline: { method: 'searchPipelines', noun: 'pipeline', example: 'default' },
	stage: { method: 'searchStages', noun: 'pipeline stage', example: 'contractsent' },
	list: { method: 'searchLists', noun: 'list', example: '12345' },
	customObjectSchema: { method: 'searchCustomObjectSchemas', noun: 'custom object', example: 'cos_12345' },
	customObject: { method: 'searchCustomObjects', noun: 'record', example: 'co_12345' },
	// the consumer's CRM connections in Apideck Vault (descriptions/service.ts)
	service: { method: 'searchServices', noun: 'connection', example: 'hubspot' },
};

/** Fields several resources share, described once. */
export const COMMON_FIELDS = {
	emails: { api: 'emails', label: 'Emails', kind: 'emails' },
	phoneNumbers: { api: 'phone_numbers', label: 'Phone Numbers', kind: 'phoneNumbers' },
	addresses: { api: 'addresses', label: 'Addresses', kind: 'addresses' },
	websites: { api: 'websites', label: 'Websites', kind: 'websites' },
	socialLinks: { api: 'social_links', label: 'Social Links', kind: 'socialLinks' },
	tags: { api: 'tags', label: 'Tags', kind: 'stringList', addLabel: 'Add Tag' },
	customFields: { api: 'custom_fields', label: 'Custom Fields', kind: 'customFields' },
	currency: { api: 'currency', label: 'Currency', kind: 'currency' },
	fax: { api: 'fax', label: 'Fax', kind: 'string' },
	description: { api: 'description', label: 'Description', kind: 'text' },
	/** the write's pass-through body, on the resources whose 10.3.6 contract lacks it */
	passThrough: {
		api: 'pass_through',
		label: 'Pass-Through Body',
		kind: 'passThroughBody',
		description: 'Connector-specific data added to the request Apideck sends to the CRM',
		currentApi: true,
	},
} satisfies Record<string, FieldDef>;

const C = COMMON_FIELDS;

/** How to reach a company, contact or lead: emails, phones, addresses, websites, social links. */
export const CONTACT_DETAILS: FieldDef[] = [C.emails, C.phoneNumbers, C.addresses, C.websites, C.socialLinks];

/** An owner picker ("CRM user who owns the …"). */
export const owner = (noun: string): FieldDef => ({
	api: 'owner_id',
	label: 'Owner',
	kind: 'picker',
	picker: 'user',
	description: `CRM user who owns the ${noun}`,
});
