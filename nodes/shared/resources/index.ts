import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CURRENT_API } from '../definitions/fields';
import { type ResourceDefinition } from '../definitions/resource';
import { hideUndocumentedFieldsOption, listProperties, optionsProperties, paginationProperties, resourceProperties, simplifyProperty } from '../descriptions/operations';
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

/**
 * The node's subtitle on the canvas: the operation and resource by the names the editor shows
 * ("Get Many: Contact"), looked up from the options above; an unknown value shows as it is.
 */
export const subtitle = (() => {
	const operations: Record<string, string> = {};
	for (const p of resourceParameters) {
		if (p.name !== 'operation') continue;
		for (const o of p.options as INodePropertyOptions[]) operations[String(o.value)] = o.name;
	}
	const resources = Object.fromEntries((resourceSelector.options as INodePropertyOptions[]).map((o) => [String(o.value), o.name]));
	const name = (map: Record<string, string>, parameter: string) => `(${JSON.stringify(map)}[$parameter["${parameter}"]] || $parameter["${parameter}"])`;
	return `={{ ${name(operations, 'operation')} + ": " + ${name(resources, 'resource')} }}`;
})();
