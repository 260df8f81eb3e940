import { COMMON_FIELDS, owner } from '../../shared/fields';
import type { ResourceDefinition } from '../../shared/operations';
import { resourceProperties } from '../../shared/operations';

export const opportunity: ResourceDefinition = {
	value: 'opportunity',
	singular: 'Opportunity',
	plural: 'Opportunities',
	path: '/crm/opportunities',
	picker: 'opportunity',
	fields: [
		{ api: 'title', label: 'Title', kind: 'string', required: true, description: 'Name of the deal' },
		{ api: 'primary_contact_id', label: 'Primary Contact', kind: 'picker', picker: 'contact', required: true, description: 'Main contact of the deal' },
		COMMON_FIELDS.description,
		{ api: 'type', label: 'Type', kind: 'string', description: 'Deal type as the CRM names it, for example New Business' },
		{ api: 'monetary_amount', label: 'Monetary Amount', kind: 'number', description: 'Value of the deal' },
		COMMON_FIELDS.currency,
		{ api: 'win_probability', label: 'Win Probability', kind: 'number', description: 'Chance in percent that the deal is won' },
		{ api: 'close_date', label: 'Close Date', kind: 'date', description: 'Date the deal is expected to close' },
		{ api: 'pipeline_id', label: 'Pipeline', kind: 'picker', picker: 'pipeline' },
		{ api: 'pipeline_stage_id', label: 'Pipeline Stage', kind: 'picker', picker: 'stage', description: 'Stage of the chosen pipeline' },
		{ api: 'stage_last_changed_at', label: 'Stage Last Changed At', kind: 'dateTime', description: 'When the deal last moved to another stage' },
		{ api: 'status', label: 'Status', kind: 'string', description: 'Status as the CRM names it, for example Open or Won' },
		{ api: 'status_id', label: 'Status ID', kind: 'string' },
		{ api: 'priority', label: 'Priority', kind: 'string', description: 'For example High' },
		{ api: 'loss_reason', label: 'Loss Reason', kind: 'string', description: 'Why the deal was lost' },
		{ api: 'loss_reason_id', label: 'Loss Reason ID', kind: 'string' },
		{ api: 'won_reason', label: 'Won Reason', kind: 'string', description: 'Why the deal was won' },
		{ api: 'won_reason_id', label: 'Won Reason ID', kind: 'string' },
		{ api: 'source_id', label: 'Source ID', kind: 'string', description: 'ID of the source the deal came from' },
		{ api: 'lead_id', label: 'Lead', kind: 'picker', picker: 'lead', description: 'Lead the deal came from' },
		{ api: 'lead_source', label: 'Lead Source', kind: 'string', description: 'Where the deal came from, for example Website' },
		{ api: 'contact_id', label: 'Contact', kind: 'picker', picker: 'contact', description: 'Contact linked to the deal, for CRMs that link one' },
		{ api: 'contact_ids', label: 'Contact IDs', kind: 'stringList', addLabel: 'Add Contact ID', description: 'All contacts linked to the deal' },
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company' },
		{ api: 'company_name', label: 'Company Name', kind: 'string' },
		owner('deal'),
		COMMON_FIELDS.tags,
		COMMON_FIELDS.customFields,
	],
	filters: [
		{ api: 'title', label: 'Title', kind: 'string', description: 'Only deals with this title' },
		{ api: 'status', label: 'Status', kind: 'string' },
		{ api: 'monetary_amount', label: 'Monetary Amount', kind: 'number' },
		{ api: 'win_probability', label: 'Win Probability', kind: 'number' },
		{ api: 'company_id', label: 'Company', kind: 'picker', picker: 'company' },
		{ api: 'owner_id', label: 'Owner', kind: 'picker', picker: 'user' },
		{ api: 'primary_contact_id', label: 'Primary Contact', kind: 'picker', picker: 'contact' },
	],
	sortBy: ['created_at', 'updated_at', 'title', 'win_probability', 'monetary_amount', 'status'],
};

export const opportunityProperties = resourceProperties(opportunity);
