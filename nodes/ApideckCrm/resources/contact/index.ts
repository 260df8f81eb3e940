import { CONTACT_TYPES, GENDERS } from '../../shared/enums';
import { COMMON_FIELDS, CONTACT_DETAILS, owner } from '../../shared/fields';
import type { ResourceDefinition } from '../../shared/operations';
import { resourceProperties } from '../../shared/operations';

export const contact: ResourceDefinition = {
	value: 'contact',
	singular: 'Contact',
	plural: 'Contacts',
	path: '/crm/contacts',
	picker: 'contact',
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', required: true, description: 'Full name of the contact' },
		owner('contact'),
		{ api: 'type', label: 'Type', kind: 'options', values: CONTACT_TYPES, defaultValue: 'customer', description: 'Relationship of the contact to you' },
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company', description: 'Company the contact works for' },
		{ api: 'company_name', label: 'Company Name', kind: 'string', description: 'Company name, for CRMs that store it as text' },
		{ api: 'lead_id', label: 'Lead', kind: 'picker', picker: 'lead', description: 'Lead the contact was converted from' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'middle_name', label: 'Middle Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'prefix', label: 'Prefix', kind: 'string', description: 'For example Dr. or Ms.' },
		{ api: 'suffix', label: 'Suffix', kind: 'string', description: 'For example Jr. or PhD' },
		{ api: 'title', label: 'Job Title', kind: 'string' },
		{ api: 'department', label: 'Department', kind: 'string' },
		{ api: 'language', label: 'Language', kind: 'string', description: 'Language code (ISO 639-1), for example en' },
		{ api: 'gender', label: 'Gender', kind: 'options', values: GENDERS, defaultValue: 'female' },
		{ api: 'birthday', label: 'Birthday', kind: 'date' },
		{ api: 'image', label: 'Image URL', kind: 'string', description: 'Address of a picture of the contact' },
		{ api: 'photo_url', label: 'Photo URL', kind: 'string', description: 'Address of a profile photo' },
		{ api: 'lead_source', label: 'Lead Source', kind: 'string', description: 'Where the contact came from, for example Website' },
		COMMON_FIELDS.fax,
		COMMON_FIELDS.description,
		{ api: 'current_balance', label: 'Current Balance', kind: 'number', description: 'Amount the contact currently owes' },
		{ api: 'status', label: 'Status', kind: 'string', description: 'Status as the CRM names it' },
		{ api: 'active', label: 'Active', kind: 'boolean', description: 'Whether the contact is active' },
		{ api: 'email_domain', label: 'Email Domain', kind: 'string', description: 'Domain of the contact\'s email addresses, for example acme.com' },
		...CONTACT_DETAILS,
		COMMON_FIELDS.tags,
		COMMON_FIELDS.customFields,
	],
	filters: [
		{ api: 'name', label: 'Name', kind: 'string', description: 'Only contacts with this full name' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'email', label: 'Email', kind: 'string', description: 'Only contacts with this email address' },
		{ api: 'phone_number', label: 'Phone Number', kind: 'string' },
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company', description: 'Only contacts of this company' },
	],
	sortBy: ['created_at', 'updated_at', 'name', 'first_name', 'last_name', 'email'],
};

export const contactProperties = resourceProperties(contact);
