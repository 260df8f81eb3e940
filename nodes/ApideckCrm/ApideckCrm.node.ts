import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as listSearch from './listSearch';
import * as resourceMapping from './resourceMapping';
import { resourceParameters, resourceSelector } from './resources';
import { executeRoutedRequest, requestOptionsProperty } from './shared/execute';
import { serviceProperty } from './shared/service';

export class ApideckCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apideck CRM',
		name: 'apideckCrm',
		icon: { light: 'file:../../icons/apideck.svg', dark: 'file:../../icons/apideck.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write CRM records through Apideck: one node for HubSpot, Salesforce, Pipedrive, Zoho and more',
		defaults: { name: 'Apideck CRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apideckCrmApi', required: true }],
		// The base URL comes from the credentials in the transport: an expression here would be
		// evaluated twice per input item by n8n's routing engine.
		requestDefaults: {
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		// Every routed request goes through one executor: retries, pacing and cursor pagination.
		requestOperations: { pagination: executeRoutedRequest },
		properties: [serviceProperty, resourceSelector, ...resourceParameters, requestOptionsProperty],
	};

	methods = { listSearch, resourceMapping };
}
