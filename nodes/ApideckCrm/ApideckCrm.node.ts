import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as listSearch from '../shared/listSearch';
import * as resourceMapping from './resourceMapping';
import { resourceParameters, resourceSelector, subtitle } from '../shared/resources';
import { executeRoutedRequest, requestOptionsProperty } from './executor/execute';
import { deferPreSend } from './executor/prepare';
import { serviceProperty } from '../shared/descriptions/service';
import { NODE_DESCRIPTION } from '../shared/definitions/text';

export class ApideckCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apideck CRM',
		name: 'apideckCrm',
		icon: { light: 'file:../../icons/apideck.svg', dark: 'file:../../icons/apideck.dark.svg' },
		group: ['transform'],
		// 1.1: Update has parameter names of its own, so it starts empty after a switch from Create
		// (definitions/resource.ts, OWN_UPDATE_NAMES_FROM); workflows saved at 1 keep the shared names.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle,
		description: NODE_DESCRIPTION,
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
		// Each item's request is built when its turn comes, inside the executor (executor/prepare.ts).
		properties: [serviceProperty, resourceSelector, ...deferPreSend(resourceParameters), requestOptionsProperty],
	};

	methods = { listSearch, resourceMapping };
}
