import { COMMON_FIELDS, CONTACT_DETAILS, owner } from '../../shared/fields';
import type { ResourceDefinition } from '../../shared/operations';
import { resourceProperties } from '../../shared/operations';

export const company: ResourceDefinition = {
	value: 'company',
	singular: 'Company',
	plural: 'Companies',
	path: '/crm/companies',
	picker: 'company',
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', required: true, description: 'Name of the company' },
		owner('company'),
		COMMON_FIELDS.description,
		{ api: 'industry', label: 'Industry', kind: 'string', description: 'For example Software or Retail' },
		{ api: 'status', label: 'Status', kind: 'string', description: 'Status as the CRM names it, for example Open' },
		{ api: 'annual_revenue', label: 'Annual Revenue', kind: 'string', description: 'As the CRM stores it, for example +$35m' },
		{ api: 'number_of_employees', label: 'Number of Employees', kind: 'string', description: 'A count or a band, for example 500-1000' },
		{ api: 'ownership', label: 'Ownership', kind: 'string', description: 'For example Public or Private' },
		COMMON_FIELDS.currency,
		{ api: 'vat_number', label: 'VAT Number', kind: 'string' },
		{ api: 'sales_tax_number', label: 'Sales Tax Number', kind: 'string' },
		{ api: 'payee_number', label: 'Payee Number', kind: 'string', description: 'Number a supplier uses to identify the company' },
		{ api: 'abn_or_tfn', label: 'ABN or TFN', kind: 'string', description: 'Australian business or tax file number' },
		{ api: 'abn_branch', label: 'ABN Branch', kind: 'string', description: 'Branch number of the Australian business number' },
		{ api: 'acn', label: 'ACN', kind: 'string', description: 'Australian company number' },
		{ api: 'first_name', label: 'First Name', kind: 'string', description: 'First name of the main person at the company' },
		{ api: 'last_name', label: 'Last Name', kind: 'string', description: 'Last name of the main person at the company' },
		{ api: 'salutation', label: 'Salutation', kind: 'string', description: 'For example Mr or Dr' },
		{ api: 'birthday', label: 'Birthday', kind: 'date', description: 'Founding date or birthday, for a sole trader' },
		{ api: 'image', label: 'Image URL', kind: 'string', description: 'Address of a logo or picture' },
		COMMON_FIELDS.fax,
		...CONTACT_DETAILS,
		{ api: 'bank_accounts', label: 'Bank Accounts', kind: 'bankAccounts' },
		{ api: 'row_type', label: 'Row Type', kind: 'rowType', description: 'Record type of the company in CRMs that have several' },
		COMMON_FIELDS.tags,
		{ api: 'read_only', label: 'Read Only', kind: 'boolean', description: 'Whether the CRM should treat the company as read-only' },
		COMMON_FIELDS.customFields,
	],
	filters: [{ api: 'name', label: 'Name', kind: 'string', description: 'Only companies with this name' }],
	sortBy: ['created_at', 'updated_at', 'name'],
};

export const companyProperties = resourceProperties(company);
