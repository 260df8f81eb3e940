import { COMMON_FIELDS } from '../../definitions/fields';
import type { ResourceDefinition } from '../../definitions/resource';

export const pipeline: ResourceDefinition = {
	value: 'pipeline',
	singular: 'Pipeline',
	plural: 'Pipelines',
	path: '/crm/pipelines',
	picker: 'pipeline',
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', required: true, description: 'Name of the pipeline' },
		{ api: 'id', label: 'Pipeline Key', kind: 'string', description: 'ID to give the pipeline, for CRMs that let you choose it' },
		COMMON_FIELDS.currency,
		{ api: 'stages', label: 'Stages', kind: 'stages' },
		{ api: 'display_order', label: 'Display Order', kind: 'integer', description: 'Position of the pipeline among the others' },
		{ api: 'win_probability_enabled', label: 'Win Probability Enabled', kind: 'boolean', description: 'Whether deals in the pipeline track a win probability' },
		{ api: 'active', label: 'Active', kind: 'boolean', description: 'Whether the pipeline is in use' },
		{ api: 'archived', label: 'Archived', kind: 'boolean', description: 'Whether the pipeline is archived' },
		COMMON_FIELDS.passThrough,
	],
	filters: [],
};

