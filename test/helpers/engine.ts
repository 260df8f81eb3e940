/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Runs workflows through n8n-core's real engine (WorkflowExecute + RoutingNode), as n8n does,
// with an in-memory credentials helper. Adapted from ../shared/notes/engine-harness.reference.ts.
import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteData,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { ApideckCrmApi } from '../../credentials/ApideckCrmApi.credentials';

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}
	getByName(type: string) {
		return this.types[type];
	}
	getByNameAndVersion(type: string, version?: number) {
		return NodeHelpers.getVersionedNodeType(this.types[type], version);
	}
	getKnownTypes(): IDataObject {
		return {};
	}
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const auth = this.types[typeName]?.authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (auth?.type === 'generic' && workflow && node) {
			// resolve '={{$credentials.x}}' the way n8n's CredentialsHelper does
			const resolve = (v: unknown) =>
				workflow.expression.getSimpleParameterValue(
					node,
					v as string,
					'internal',
					{ $credentials: credentials } as IDataObject,
					undefined,
					'',
				);
			for (const [section, values] of Object.entries(auth.properties)) {
				const target = ((requestOptions as any)[section] ??= {});
				for (const [k, v] of Object.entries(values as IDataObject)) target[k] = resolve(v);
			}
		}
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<any> {
		throw new Error('not used');
	}
	async getDecrypted(_a: unknown, _c: unknown, type: string) {
		return this.data[type] ?? {};
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string) {
		return this.types[type]?.properties ?? [];
	}
}

export const credentialTypes = { apideckCrmApi: new ApideckCrmApi() };

export function makeAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks?: ExecutionLifecycleHooks,
	types: Record<string, ICredentialType> = credentialTypes,
) {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(types, credentials),
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restartExecutionId: undefined,
		instanceBaseUrl: 'http://localhost:5678/',
		restApiUrl: 'http://localhost:5678/rest',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		userId: 'u1',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export const startNodeType: INodeType = {
	description: {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Starts the test workflow',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	async trigger() {
		return {};
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
} as unknown as INodeType;

export interface RunOptions {
	nodeType: INodeType | IVersionedNodeType;
	parameters: INode['parameters'];
	credentials: ICredentialDataDecryptedObject;
	/** input items fed to the node (default: one empty item) */
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** the node's Settings → On Error, e.g. 'continueErrorOutput' (an error output next to the main one); continueOnFail is the legacy flag */
	onError?: INode['onError'];
	nodeName?: string;
	/** the workflow's time zone (workflow settings), as n8n's getTimezone() reads it */
	timezone?: string;
	/** n8n's execution ID (default: a new one per run, as n8n gives every execution its own) */
	executionId?: string;
	/** the node's typeVersion, as saved in the workflow (default 1) */
	typeVersion?: number;
}

export interface RunResult {
	run: IRun;
	/** the node's output items (json) */
	items: IDataObject[];
	/** full output items, including `error` for continue-on-fail items */
	raw: INodeExecutionData[];
	/** every output of the node (with On Error "continueErrorOutput", [1] is the error output) */
	outputs: INodeExecutionData[][];
	/** items on the node's error output (On Error → Continue (using error output)) */
	errorOutput: INodeExecutionData[];
	/** the execution ID this run had, as n8n gives every execution its own */
	executionId: string;
	/** the error the node threw, if the run failed */
	error?: any;
}

/** The run data a workflow starts from, with its first node on the stack. */
export function runExecutionData(nodeExecutionStack: IExecuteData[]) {
	// n8n-workflow before createRunExecutionData (n8n < 1.1xx, see test:compat): the same object by hand
	return typeof createRunExecutionData === 'function'
		? createRunExecutionData({ executionData: { nodeExecutionStack } })
		: ({
				startData: {},
				resultData: { runData: {} },
				executionData: { contextData: {}, nodeExecutionStack, metadata: {}, waitingExecution: {}, waitingExecutionSource: {} },
			} as unknown as ReturnType<typeof createRunExecutionData>);
}

/** Runs Start -> node through WorkflowExecute and returns what a user would see in the node's output. */
export async function runNode(opts: RunOptions): Promise<RunResult> {
	const name = opts.nodeName ?? 'Apideck CRM';
	const type = (opts.nodeType as INodeType).description?.name ?? 'apideckCrm';
	const nodes: INode[] = [
		{ id: 's', name: 'Start', type: 'start', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'n',
			name,
			type,
			typeVersion: opts.typeVersion ?? 1,
			position: [200, 0],
			parameters: opts.parameters,
			credentials: { apideckCrmApi: { id: 'cred-1', name: 'Apideck CRM account' } },
			continueOnFail: opts.continueOnFail,
			...(opts.onError ? { onError: opts.onError } : {}),
		},
	];
	const connections = { Start: { main: [[{ node: name, type: 'main' as const, index: 0 }]] } };
	const nodeTypes = new TestNodeTypes({ start: startNodeType, [type]: opts.nodeType });
	const workflow = new Workflow({
		id: 'test',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: opts.timezone ? { timezone: opts.timezone } : undefined,
	});
	const executionId = opts.executionId ?? randomUUID();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {} as IWorkflowBase);
	let resolveRun!: (run: IRun) => void;
	const done = new Promise<IRun>((r) => (resolveRun = r));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	const additionalData = makeAdditionalData({ apideckCrmApi: opts.credentials }, hooks);
	// n8n gives each execution an ID before it runs (what getExecutionId() returns to the node)
	additionalData.executionId = executionId;
	const input = (opts.items ?? [{}]).map((json) => ({ json }));
	const runData = runExecutionData([{ node: nodes[0], data: { main: [input] }, source: null }]);
	await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	const run = await done;
	const nodeRuns = run.data.resultData.runData[name];
	const raw = (nodeRuns?.[0]?.data?.main?.[0] ?? []) as INodeExecutionData[];
	const errorOutput = (opts.onError === 'continueErrorOutput' ? (nodeRuns?.[0]?.data?.main?.[1] ?? []) : []) as INodeExecutionData[];
	return {
		run,
		raw,
		outputs: (nodeRuns?.[0]?.data?.main ?? []) as INodeExecutionData[][],
		errorOutput,
		executionId,
		items: raw.map((i) => i.json),
		error: run.data.resultData.error ?? nodeRuns?.[0]?.error,
	};
}
