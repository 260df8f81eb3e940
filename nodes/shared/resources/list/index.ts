import type { ResourceDefinition } from '../../definitions/resource';

/** A CRM list or segment (static or dynamic). Apideck's current API reads lists and their members only. */
export const list: ResourceDefinition = {
	value: 'list',
	singular: 'List',
	plural: 'Lists',
	path: '/crm/lists',
	picker: 'list',
	fields: [],
	filters: [],
	operations: ['get', 'getAll'],
	extraOperations: [{ value: 'getMembers', name: 'Get Members', action: 'Get many members of a list', subPath: 'members' }],
	fieldsOption: ['get', 'getAll', 'getMembers'],
	currentApi: true,
};
