/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The two ways the package reads Apideck Vault, run as n8n runs them: the credential test (a declarative
// test request, sent by n8n's credential tester through RoutingNode) and the Service picker (a listSearch
// method, called by the editor through LoadOptionsContext).
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type INode, type INodeParameters, type INodeType } from 'n8n-workflow';

import { ApideckCrmApi } from '../../credentials/ApideckCrmApi.credentials';
import { makeAdditionalData, runNode, TestNodeTypes } from './engine';
import { nodeType } from './node';

const credential = new ApideckCrmApi();

/** A node that sends nothing but the credential's test request, as n8n's credential tester does. */
export const credentialTestNode: INodeType = {
	description: {
		displayName: 'Credential Test',
		name: 'credentialTest',
		group: ['transform'],
		version: 1,
		description: 'Runs the test request of the Apideck CRM API credentials',
		defaults: { name: 'Credential Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'apideckCrmApi', required: true }],
		requestDefaults: credential.test.request,
		properties: [],
	},
} as unknown as INodeType;

/** Runs the credential test with the given values. */
export async function testCredentials(values: Record<string, string>) {
	return await runNode({ nodeType: credentialTestNode, parameters: {}, credentials: values as ICredentialDataDecryptedObject, nodeName: 'Credential Test' });
}

/** The context the editor gives a listSearch method of the action node (or of `of`, e.g. the trigger). */
export function pickerContext(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	of: { type: string; name: string; nodeType: INodeType } = { type: 'apideckCrm', name: 'Apideck CRM', nodeType },
) {
	const node: INode = {
		id: 'n',
		name: of.name,
		type: of.type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { apideckCrmApi: { id: 'c', name: 'c' } },
	};
	const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ [of.type]: of.nodeType }) });
	const additionalData = makeAdditionalData({ apideckCrmApi: credentials });
	(additionalData as any).currentNodeParameters = parameters;
	return new LoadOptionsContext(workflow, node, additionalData, 'id');
}
