import { COMMON_FIELDS } from '../../definitions/fields';
import type { ResourceDefinition } from '../../definitions/resource';

export const user: ResourceDefinition = {
	value: 'user',
	singular: 'User',
	plural: 'Users',
	path: '/crm/users',
	picker: 'user',
	fields: [
		{ api: 'emails', label: 'Emails', kind: 'emails', required: true, description: 'Email addresses of the user; at least one' },
		{ api: 'name', label: 'Name', kind: 'string', description: 'Full name of the user', currentApi: true },
		{ api: 'username', label: 'Username', kind: 'string' },
		{ api: 'first_name', label: 'First Name', kind: 'string' },
		{ api: 'last_name', label: 'Last Name', kind: 'string' },
		{ api: 'title', label: 'Job Title', kind: 'string' },
		{ api: 'division', label: 'Division', kind: 'string' },
		{ api: 'department', label: 'Department', kind: 'string' },
		{ api: 'company_name', label: 'Company Name', kind: 'string' },
		{ api: 'employee_number', label: 'Employee Number', kind: 'string' },
		COMMON_FIELDS.description,
		{ api: 'image', label: 'Image URL', kind: 'string', description: 'Address of a picture of the user' },
		{ api: 'language', label: 'Language', kind: 'string', description: 'Language code (ISO 639-1), for example en' },
		{ api: 'status', label: 'Status', kind: 'string', description: 'Status as the CRM names it, for example active' },
		{ api: 'password', label: 'Password', kind: 'string', secret: true, description: 'Initial password, for CRMs that accept one' },
		{ api: 'parent_id', label: 'Manager', kind: 'picker', picker: 'user', description: 'User this user reports to' },
		COMMON_FIELDS.phoneNumbers,
		COMMON_FIELDS.addresses,
		COMMON_FIELDS.passThrough,
	],
	filters: [
		{ api: 'email', label: 'Email', kind: 'string', description: 'Only users with this email address', currentApi: true },
		{ api: 'name', label: 'Name', kind: 'string', description: 'Only users with this full name', currentApi: true },
	],
	simplify: ['id', 'username', 'first_name', 'last_name', 'email', 'phone', 'title', 'department', 'company_name', 'status', 'updated_at'],
};

