import { COMMON_FIELDS, owner } from '../../definitions/fields';
import type { ResourceDefinition } from '../../definitions/resource';

export const note: ResourceDefinition = {
	value: 'note',
	singular: 'Note',
	plural: 'Notes',
	path: '/crm/notes',
	picker: 'note',
	fields: [
		{ api: 'title', label: 'Title', kind: 'string' },
		{ api: 'content', label: 'Content', kind: 'text', description: 'Text of the note' },
		owner('note'),
		{ api: 'contact_id', label: 'Contact', kind: 'picker', picker: 'contact' },
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company' },
		{ api: 'opportunity_id', label: 'Opportunity', kind: 'picker', picker: 'opportunity' },
		{ api: 'lead_id', label: 'Lead', kind: 'picker', picker: 'lead' },
		{ api: 'activity_id', label: 'Activity', kind: 'picker', picker: 'activity', description: 'Activity the note belongs to', currentApi: true },
		{ api: 'active', label: 'Active', kind: 'boolean', description: 'Whether the note is active' },
		COMMON_FIELDS.passThrough,
	],
	filters: [
		{ api: 'title', label: 'Title', kind: 'string', description: 'Only notes with this title', currentApi: true },
		{ api: 'owner_id', label: 'Owner', kind: 'picker', picker: 'user', description: 'Only notes this CRM user owns', currentApi: true },
		{ api: 'updated_since', label: 'Updated Since', kind: 'dateTime', description: 'Only notes changed at or after this moment', currentApi: true },
		{ api: 'created_since', label: 'Created Since', kind: 'dateTime', description: 'Only notes created at or after this moment', currentApi: true },
	],
	simplify: ['id', 'title', 'content', 'owner_id', 'contact_id', 'company_id', 'opportunity_id', 'lead_id', 'created_at', 'updated_at'],
};

