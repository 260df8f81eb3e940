import type { ResourceDefinition } from '../../definitions/resource';

/** The definition of a custom object: its name and typed fields. */
export const customObjectSchema: ResourceDefinition = {
	value: 'customObjectSchema',
	singular: 'Custom Object Schema',
	plural: 'Custom Object Schemas',
	path: '/crm/custom-object-schemas',
	picker: 'customObjectSchema',
	fields: [
		{ api: 'name', label: 'Name', kind: 'string', description: 'Name of the object, for example project' },
		{ api: 'description', label: 'Description', kind: 'text', description: 'What the object is for' },
		{ api: 'fields', label: 'Fields', kind: 'schemaFields', description: 'Fields of the object; on Update the list replaces the current one' },
		{ api: 'visible', label: 'Visible', kind: 'boolean', description: "Whether the object shows in the CRM's interface" },
		{ api: 'active', label: 'Active', kind: 'boolean', description: 'Whether the object is in use' },
		{ api: 'pass_through', label: 'Pass-Through Body', kind: 'passThroughBody', description: 'Connector-specific data added to the request Apideck sends to the CRM' },
	],
	filters: [],
	fieldsOption: [],
	currentApi: true,
};
