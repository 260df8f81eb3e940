import { owner } from '../../shared/fields';
import type { ResourceDefinition } from '../../shared/operations';

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
		{ api: 'active', label: 'Active', kind: 'boolean', description: 'Whether the note is active' },
	],
	filters: [],
	simplify: ['id', 'title', 'content', 'owner_id', 'contact_id', 'company_id', 'opportunity_id', 'lead_id', 'created_at', 'updated_at'],
};

