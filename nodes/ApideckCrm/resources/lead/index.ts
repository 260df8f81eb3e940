import type { ResourceDefinition } from '../../shared/operations';
import { resourceProperties } from '../../shared/operations';

export const lead: ResourceDefinition = {
	value: 'lead',
	singular: 'Lead',
	plural: 'Leads',
	path: '/crm/leads',
	picker: 'lead',
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', required: true, description: 'Full name of the lead' },
		{ api: 'company_name', label: 'Company Name', kind: 'string', required: true, description: 'Company the lead works for' },
		{ api: 'owner_id', label: 'Owner', kind: 'picker', picker: 'user', description: 'CRM user who owns the lead' },
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company', description: 'Existing company record the lead belongs to' },
		{ api: 'lead_id', label: 'Related Lead', kind: 'picker', picker: 'lead', description: 'Another lead this one relates to' },
		{ api: 'lead_source', label: 'Lead Source', kind: 'string', description: 'Where the lead came from, for example Cold Call' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'prefix', label: 'Prefix', kind: 'string', description: 'For example Dr. or Ms.' },
		{ api: 'title', label: 'Job Title', kind: 'string' },
		{ api: 'language', label: 'Language', kind: 'string', description: 'Language code (ISO 639-1), for example en' },
		{ api: 'status', label: 'Status', kind: 'string', description: 'Status as the CRM names it, for example New' },
		{ api: 'description', label: 'Description', kind: 'text' },
		{ api: 'monetary_amount', label: 'Monetary Amount', kind: 'number', description: 'Estimated value of the lead' },
		{ api: 'currency', label: 'Currency', kind: 'currency' },
		{ api: 'fax', label: 'Fax', kind: 'string' },
		{ api: 'emails', label: 'Emails', kind: 'emails' },
		{ api: 'phone_numbers', label: 'Phone Numbers', kind: 'phoneNumbers' },
		{ api: 'addresses', label: 'Addresses', kind: 'addresses' },
		{ api: 'websites', label: 'Websites', kind: 'websites' },
		{ api: 'social_links', label: 'Social Links', kind: 'socialLinks' },
		{ api: 'tags', label: 'Tags', kind: 'stringList', addLabel: 'Add Tag' },
		{ api: 'custom_fields', label: 'Custom Fields', kind: 'customFields' },
	],
	filters: [
		{ api: 'name', label: 'Name', kind: 'string', description: 'Only leads with this full name' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'email', label: 'Email', kind: 'string', description: 'Only leads with this email address' },
	],
	sortBy: ['created_at', 'updated_at', 'name', 'first_name', 'last_name', 'email'],
};

export const leadProperties = resourceProperties(lead);
