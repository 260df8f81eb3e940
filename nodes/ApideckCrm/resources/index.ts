import type { INodeProperties } from 'n8n-workflow';

import type { ResourceDefinition } from '../shared/operations';
import { activity, activityProperties } from './activity';
import { company, companyProperties } from './company';
import { contact, contactProperties } from './contact';
import { lead, leadProperties } from './lead';
import { note, noteProperties } from './note';
import { opportunity, opportunityProperties } from './opportunity';
import { pipeline, pipelineProperties } from './pipeline';
import { user, userProperties } from './user';

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

export const resourceParameters: INodeProperties[] = [
	...activityProperties,
	...companyProperties,
	...contactProperties,
	...leadProperties,
	...noteProperties,
	...opportunityProperties,
	...pipelineProperties,
	...userProperties,
];
