import type { INodeProperties } from 'n8n-workflow';

/** Node-level choice of the consumer's CRM connection, sent as x-apideck-service-id. */
export const serviceProperty: INodeProperties = {
	displayName: 'Service',
	name: 'service',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: "Which of the consumer's CRM connections to use. Leave empty when the consumer has only one.",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a connection...',
			typeOptions: { searchListMethod: 'searchServices', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. hubspot' },
	],
};
