import { COMMON_FIELDS, CONTACT_DETAILS, owner } from '../../shared/fields';
import type { ResourceDefinition } from '../../shared/operations';

export const lead: ResourceDefinition = {
	value: 'lead',
	singular: 'Lead',
	plural: 'Leads',
	path: '/crm/leads',
	picker: 'lead',
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', required: true, description: 'Full name of the lead' },
		{ api: 'company_name', label: 'Company Name', kind: 'string', required: true, description: 'Company the lead works for' },
		owner('lead'),
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company', description: 'Existing company record the lead belongs to' },
		{ api: 'lead_id', label: 'Related Lead', kind: 'picker', picker: 'lead', description: 'Another lead this one relates to' },
		{ api: 'lead_source', label: 'Lead Source', kind: 'string', description: 'Where the lead came from, for example Cold Call' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'prefix', label: 'Prefix', kind: 'string', description: 'For example Dr. or Ms.' },
		{ api: 'title', label: 'Job Title', kind: 'string' },
		{ api: 'language', label: 'Language', kind: 'string', description: 'Language code (ISO 639-1), for example en' },
		{ api: 'status', label: 'Status', kind: 'string', description: 'Status as the CRM names it, for example New' },
		COMMON_FIELDS.description,
		{ api: 'monetary_amount', label: 'Monetary Amount', kind: 'number', description: 'Estimated value of the lead' },
		COMMON_FIELDS.currency,
		COMMON_FIELDS.fax,
		...CONTACT_DETAILS,
		COMMON_FIELDS.tags,
		COMMON_FIELDS.customFields,
	],
	filters: [
		{ api: 'name', label: 'Name', kind: 'string', description: 'Only leads with this full name' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'email', label: 'Email', kind: 'string', description: 'Only leads with this email address' },
	],
	sortBy: ['created_at', 'updated_at', 'name', 'first_name', 'last_name', 'email'],
	simplify: ['id', 'name', 'email', 'phone', 'company_name', 'company_id', 'status', 'lead_source', 'monetary_amount', 'currency', 'owner_id', 'created_at', 'updated_at'],
	upsert: { matchBy: 'email' },
};

