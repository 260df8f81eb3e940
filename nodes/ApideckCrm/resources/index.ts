import type { INodeProperties } from 'n8n-workflow';

import {
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
import { lead } from './lead';
import { note } from './note';
import { opportunity } from './opportunity';
import { pipeline } from './pipeline';
import { user } from './user';

/** Every resource the node offers, in menu order. */
export const RESOURCES: ResourceDefinition[] = [activity, company, contact, lead, note, opportunity, pipeline, user];

export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES.map((r) => ({ name: r.singular, value: r.value })),
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
	...optionsProperties,
];
