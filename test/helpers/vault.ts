/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Run as n8n runs them: the credential test (a declarative test request, sent by n8n's credential tester
// through RoutingNode) and the pickers (listSearch and loadOptions methods, called by the editor through
// LoadOptionsContext).
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type INode, type INodeParameters, type INodeType } from 'n8n-workflow';

import { ApideckCrmApi } from '../../credentials/ApideckCrmApi.credentials';
import { makeAdditionalData, runNode, TestNodeTypes } from './engine';
import { DEMO, type Sandbox } from '../../sandbox';
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

/** lodash's get for a dotted path, as n8n's credential tester reads a rule's key */
const get = (value: unknown, path: string) => path.split('.').reduce<any>((v, k) => v?.[k], value);

/**
 * The verdict n8n's credential tester gives (n8n 2.41.1, CredentialsTester.runRequestTest): a failed
 * request is reported by its `responseCode` rule or its HTTP reason, a connection error by its code;
 * otherwise the first `responseSuccessBody` rule whose key holds its value fails the test.
 */
export async function credentialTestVerdict(values: Record<string, string>): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const { items, error } = await testCredentials(values);
	const rules = credential.test.rules ?? [];
	if (error) {
		const response = (error as any).cause?.response;
		if (response) {
			for (const rule of rules) {
				if (rule.type === 'responseCode' && rule.properties.value === response.status) return { status: 'Error', message: rule.properties.message };
			}
			if (response.status < 199 || response.status > 299) return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		} else if ((error as any).cause?.code) {
			return { status: 'Error', message: (error as any).cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody' && get(items[0], rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * The context the editor gives a listSearch or loadOptions method of the action node (or of `of`, e.g. the
 * trigger) at a node version: the one place tests build it.
 */
export function pickerContext(
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	of: { type: string; name: string; nodeType: INodeType; typeVersion?: number } = { type: 'apideckCrm', name: 'Apideck CRM', nodeType },
) {
	const node: INode = {
		id: 'n',
		name: of.name,
		type: of.type,
		typeVersion: of.typeVersion ?? 1,
		position: [0, 0],
		parameters,
		credentials: { apideckCrmApi: { id: 'c', name: 'c' } },
	};
	const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ [of.type]: of.nodeType }) });
	const additionalData = makeAdditionalData({ apideckCrmApi: credentials });
	(additionalData as any).currentNodeParameters = parameters;
	return new LoadOptionsContext(workflow, node, additionalData, 'id');
}

/**
 * Switches a CRM connection of a consumer off or on in the sandbox's Vault, as Vault's PATCH does. The
 * consumer is first given its connections, as any API call of theirs would.
 */
export async function setConnectionEnabled(sandbox: Sandbox, consumerId: string, serviceId: string, enabled: boolean) {
	sandbox.records(consumerId, 'companies', serviceId);
	const res = await fetch(`${sandbox.url}/vault/connections/crm/${serviceId}`, {
		method: 'PATCH',
		headers: {
			authorization: `Bearer ${DEMO.apiKey}`,
			'x-apideck-app-id': DEMO.appId,
			'x-apideck-consumer-id': consumerId,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ enabled }),
	});
	if (res.status !== 200) throw new Error(`PATCH /vault/connections/crm/${serviceId} answered ${res.status}: ${await res.text()}`);
}
