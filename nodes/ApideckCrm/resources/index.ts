import type { INodeProperties } from 'n8n-workflow';

import {
	hideUndocumentedFieldsOption,
	listProperties,
	optionsProperties,
	paginationProperties,
	resourceProperties,
	simplifyProperty,
	type ResourceDefinition,
} from '../shared/operations';
import { activity } from './activity';
import { company } from './company';
import { contact } from './contact';
import { customObject } from './customObject';
import { customObjectSchema } from './customObjectSchema';
import { lead } from './lead';
import { list } from './list';
import { note } from './note';
import { opportunity } from './opportunity';
import { pipeline } from './pipeline';
import { user } from './user';

/** Every resource the node offers, in menu order. */
export const RESOURCES: ResourceDefinition[] = [
	activity,
	company,
	contact,
	customObject,
	customObjectSchema,
	lead,
	list,
	note,
	opportunity,
	pipeline,
	user,
];

const CURRENT_API = "Apideck's current CRM API only (not in the 10.3.6 reference)";

export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES.map((r) => (r.currentApi ? { name: r.singular, value: r.value, description: CURRENT_API } : { name: r.singular, value: r.value })),
	default: 'contact',
};

/** The definition of a resource by its value, e.g. 'contact'. */
export function definitionOf(resource: string): ResourceDefinition | undefined {
	return RESOURCES.find((r) => r.value === resource);
}

/** In the order the editor shows them: operation, record, fields; Return All, Limit, Simplify, Filters, Sort; Options. */
export const resourceParameters: INodeProperties[] = [
	...RESOURCES.flatMap(resourceProperties),
	...paginationProperties,
	...simplifyProperty(RESOURCES),
	...RESOURCES.flatMap(listProperties),
	...hideUndocumentedFieldsOption(optionsProperties, RESOURCES),
];
