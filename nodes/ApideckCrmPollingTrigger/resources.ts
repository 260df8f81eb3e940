/**
 * What the polling trigger watches, derived from the action node's resource definitions: the resources
 * whose list Apideck sorts by created_at and updated_at, their documented filters (the trigger manages
 * the time filters itself), and whether a connector that cannot sort can be read with filter[updated_since].
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { RESOURCES } from '../shared/resources';
import { parameterNames, type FilterDef, type ResourceDefinition } from '../shared/definitions/resource';
import { withArticle } from '../shared/definitions/text';

export const POLL_EVENTS = ['created', 'createdOrUpdated'] as const;
export type PollEvent = (typeof POLL_EVENTS)[number];

export const POLL_EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Record Created', value: 'created', description: 'Each new record, once' },
	{
		name: 'Record Created or Updated',
		value: 'createdOrUpdated',
		description: 'Each new or changed record, once per poll with its latest state',
	},
];

/** Filters the trigger sets itself: a user's value would fight the poll's own. */
const TIME_FILTERS = ['updated_since', 'created_since'];

export interface PollResource {
	def: ResourceDefinition;
	/** "a lead", "an activity" */
	article: string;
	filters: FilterDef[];
	/** the Filters collection's parameter name, e.g. leadFilters */
	filtersParameter: string;
	/**
	 * whether a connector that cannot sort can be read with filter[updated_since] (activities in 10.3.6;
	 * companies and contacts in Apideck's current API, whose filter is marked so in their definitions)
	 */
	updatedSince: boolean;
}

export const POLL_RESOURCES: PollResource[] = RESOURCES.filter(
	(def) => !def.currentApi && def.sortBy?.includes('created_at') && def.sortBy.includes('updated_at'),
).map((def) => ({
	def,
	article: withArticle(def.singular.toLowerCase()),
	filters: def.filters.filter((f) => !TIME_FILTERS.includes(f.api)),
	filtersParameter: parameterNames(def).filters,
	updatedSince: def.filters.some((f) => f.api === 'updated_since'),
}));

export function pollResourceOf(value: string): PollResource | undefined {
	return POLL_RESOURCES.find((r) => r.def.value === value);
}
