/**
 * Two minimal programmatic nodes that fetch the same pages inside the same engine, to split the Apideck
 * node's overhead into its layers:
 * - `engine`: the raw node:http loop (lib/raw.ts) inside execute(): what n8n's WorkflowExecute costs
 *   for carrying N items, and nothing else;
 * - `helper`: a loop over n8n's own `helpers.httpRequestWithAuthentication` (axios, credential
 *   injection): what any node using n8n's HTTP helper pays, before declarative routing and this
 *   package's code (limiter, retry policy, pagination executor).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { rawGetAll } from './lib/raw';

function floorNode(name: string, execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: 1,
			description: 'bench floor',
			defaults: { name },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'apideckCrmApi', required: true }],
			properties: [],
		},
		execute,
	} as unknown as INodeType;
}

export const engineFloorNode = floorNode('benchEngineFloor', async function (this: IExecuteFunctions) {
	const c = await this.getCredentials('apideckCrmApi');
	const { records } = await rawGetAll(String(c.baseUrl), '/crm/contacts', {
		apiKey: String(c.apiKey),
		appId: String(c.appId),
		consumerId: String(c.consumerId),
	});
	return [records.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }))];
});

export const helperFloorNode = floorNode('benchHelperFloor', async function (this: IExecuteFunctions) {
	const c = await this.getCredentials('apideckCrmApi');
	const out: INodeExecutionData[] = [];
	let cursor: string | undefined;
	do {
		const qs: IDataObject = { limit: 200 };
		if (cursor) qs.cursor = cursor;
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'apideckCrmApi', {
			method: 'GET',
			url: `${String(c.baseUrl)}/crm/contacts`,
			qs,
			json: true,
		})) as { data?: IDataObject[]; meta?: { cursors?: { next?: string | null } } };
		for (const json of body.data ?? []) out.push({ json, pairedItem: { item: 0 } });
		const next = body.meta?.cursors?.next;
		cursor = typeof next === 'string' && next !== '' ? next : undefined;
	} while (cursor);
	return [out];
});
