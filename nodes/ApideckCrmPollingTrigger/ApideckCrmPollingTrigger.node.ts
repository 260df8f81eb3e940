import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import * as listSearch from '../shared/listSearch';
import { customFieldsByNameOption } from '../shared/descriptions/customFieldNames';
import { filterProperty } from '../shared/descriptions/operations';
import { serviceProperty } from '../shared/descriptions/service';
import { NODE_DESCRIPTION } from '../shared/definitions/text';
import { poll } from './poll';
import { POLL_EVENT_OPTIONS, POLL_RESOURCES } from './resources';

/** Each resource's documented list filters, shown for that resource only. */
const filterCollections: INodeProperties[] = POLL_RESOURCES.filter((r) => r.filters.length > 0).map((r) => ({
	displayName: 'Filters',
	name: r.filtersParameter,
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { show: { resource: [r.def.value] } },
	description: `Only ${r.def.plural.toLowerCase()} that match every filter start the workflow`,
	options: r.filters.map(filterProperty),
}));

export class ApideckCrmPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apideck CRM Polling Trigger',
		name: 'apideckCrmPollingTrigger',
		icon: { light: 'file:../../icons/apideck.svg', dark: 'file:../../icons/apideck.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ { created: "Created", createdOrUpdated: "Created or Updated" }[$parameter["event"]] + ": " + $parameter["resource"] }}',
		// n8n's node panel shows one entry for the package's nodes, described with this text (see text.ts)
		description: NODE_DESCRIPTION,
		defaults: { name: 'Apideck CRM Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apideckCrmApi', required: true }],
		properties: [
			{
				displayName:
					'Checks Apideck for new records on a schedule. It needs no public URL and works with every connector. ' +
					'It cannot see deleted records, and it starts a minute or more after the change: for deletions and ' +
					"instant starts, use the Apideck CRM Trigger (webhooks) if your CRM's connector sends the events.",
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			serviceProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: POLL_RESOURCES.map((r) => ({ name: r.def.singular, value: r.def.value })),
				default: 'lead',
			},
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: POLL_EVENT_OPTIONS,
				default: 'created',
			},
			...filterCollections,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [customFieldsByNameOption],
			},
		],
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll(this);
	}
}
