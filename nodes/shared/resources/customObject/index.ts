import { buildCustomObjectFields } from '../../requests/customObjects';
import type { ResourceDefinition } from '../../definitions/resource';

/** Records of a custom object: the object (its schema) is chosen first, its fields are mapped. */
export const customObject: ResourceDefinition = {
	value: 'customObject',
	singular: 'Custom Object',
	plural: 'Custom Objects',
	record: { singular: 'Custom Object Record', plural: 'Custom Object Records', create: 'Create a record of the chosen custom object' },
	path: '/crm/custom-objects/{object_id}',
	picker: 'customObject',
	scope: {
		placeholder: '{object_id}',
		picker: 'customObjectSchema',
		label: 'Object',
		description: 'The custom object whose records to use',
	},
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', description: 'Name of the record' },
		{ api: 'pass_through', label: 'Pass-Through Body', kind: 'passThroughBody', description: 'Connector-specific data added to the request Apideck sends to the CRM' },
	],
	mapped: { api: 'fields', label: 'Fields', method: 'getCustomObjectFields', build: buildCustomObjectFields },
	filters: [],
	fieldsOption: ['getAll'],
	currentApi: true,
};
