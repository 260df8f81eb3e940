/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Runs the Apideck CRM Polling Trigger the way n8n 2.41 does: n8n-core's PollContext and its real
// PollTriggerExecutor (the code n8n's scheduler calls each Poll Time), against the sandbox.
//
// Static data is treated the way n8n treats it (measured in n8n 2.41.1's source, and in test:e2e):
//   - activation runs one poll at once (the executor's "testing" run: an error fails the activation, items
//     it returns start a run), then n8n saves the static data;
//   - a scheduled poll that returns items saves the static data as it hands them to a run (`__emit`);
//     one that returns nothing, or fails, saves nothing (the change stays in the process's memory);
//   - a restart loads the workflow, and so the static data, from what was last saved.
// "Fetch Test Event" runs the node through WorkflowExecute in manual mode, as the editor does.
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';

import * as core from 'n8n-core';
import { ExecutionLifecycleHooks, PollContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IWorkflowBase,
} from 'n8n-workflow';

import { ApideckCrmPollingTrigger } from '../../nodes/ApideckCrmPollingTrigger/ApideckCrmPollingTrigger.node';
import { DEMO, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { makeAdditionalData, runExecutionData, TestNodeTypes } from '../helpers/engine';

export const NODE_NAME = 'Apideck CRM Polling Trigger';
const NODE_TYPE = 'apideckCrmPollingTrigger';

export function pollNode(parameters: INodeParameters): INode {
	return {
		id: 'poll-node',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
		credentials: { apideckCrmApi: { id: 'cred-1', name: 'Apideck CRM account' } },
	};
}

export interface PollHarness {
	sandbox: Sandbox;
	node: INode;
	/** items of every run a poll started, one array per run */
	runs: IDataObject[][];
	/** errors of scheduled polls, as n8n records them (the workflow stays active) */
	errors: Error[];
	/** what activation does: one poll at once, then the static data is saved; throws what fails the activation */
	activate(): Promise<IDataObject[] | null>;
	/** one scheduled poll: returns the items of the run it started, or null */
	poll(): Promise<IDataObject[] | null>;
	/** the node's static data as last saved ("the database") */
	saved(): IDataObject;
	/** the poll state in the node's static data as last saved */
	savedState(): IDataObject | undefined;
	/** the node's static data as the running workflow holds it in memory */
	live(): IDataObject;
	/** forgets the running workflow: the next poll loads the last saved static data, as after an n8n restart */
	restart(): void;
	/** an n8n restart with `state` saved as the node's poll state (as another version of the node left it) */
	restartWith(state: unknown): void;
	/** the editor's "Fetch Test Event": the node's output, or the error n8n shows */
	fetchTestEvent(): Promise<{ items: IDataObject[]; error?: any; saved: IDataObject }>;
	/** the list requests the sandbox received since the last call (method + path + query) */
	takeRequests(): Array<{ method: string; path: string; query: Record<string, any>; status: number }>;
	/** calls the sandbox API with the demo credentials */
	api(method: string, path: string, body?: unknown, serviceId?: string): Promise<any>;
	/** how many times n8n decrypted the node's credentials for it so far (getCredentials, authentication) */
	credentialReads(): number;
	close(): Promise<void>;
}

export interface PollHarnessOptions {
	parameters: INodeParameters;
	sandbox?: SandboxOptions;
	/** an already running sandbox (not closed by the harness) */
	sharedSandbox?: Sandbox;
	credentials?: IDataObject;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {}));

/**
 * Runs one poll as n8n's scheduler does. n8n 2.x: its PollTriggerExecutor, from n8n-core's own DI container.
 * n8n 1.x (test:compat) has no such class; its ActiveWorkflows.activatePolling runs the same steps inline:
 * poll, hand non-null items to __emit, and on an error fail the activation (the first poll) or report it
 * with __emitError (a scheduled poll).
 */
async function runPoll(workflow: Workflow, node: INode, context: PollContext, nodeType: INodeType, testing: boolean) {
	const Executor = (core as { PollTriggerExecutor?: typeof core.PollTriggerExecutor }).PollTriggerExecutor;
	if (Executor) {
		const { Container } = require(require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] }));
		await Container.get(Executor).create(workflow, node, context, () => true)(testing);
		return;
	}
	try {
		const items = await nodeType.poll!.call(context);
		if (items !== null) context.__emit(items);
	} catch (error) {
		if (testing) throw error;
		context.__emitError(error as Error);
	}
}

export async function startPollHarness(opts: PollHarnessOptions): Promise<PollHarness> {
	const sandbox = opts.sharedSandbox ?? (await startSandbox({ seed: false, ...opts.sandbox }));
	const node = pollNode(opts.parameters);
	const nodeType = new ApideckCrmPollingTrigger() as INodeType;
	const nodeTypes = new TestNodeTypes({ [NODE_TYPE]: nodeType });
	const credentials = {
		apiKey: DEMO.apiKey,
		appId: DEMO.appId,
		consumerId: DEMO.consumerId,
		baseUrl: sandbox.url,
		...opts.credentials,
	};

	// "the database": the workflow's static data as n8n last saved it
	let database: IDataObject = {};
	let workflow: Workflow | undefined;
	const runs: IDataObject[][] = [];
	const errors: Error[] = [];
	let seenRequests = 0;
	// how the running workflow was activated: 'activate' by a user, 'init' when n8n starts
	let activation: 'activate' | 'init' = 'activate';

	const load = () =>
		(workflow ??= new Workflow({
			id: 'wf-poll',
			name: 'New leads (polling)',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: true,
			staticData: clone(database),
		}));

	const save = (wf: Workflow) => {
		if (wf.staticData.__dataChanged === true) {
			database = clone(wf.staticData);
			delete database.__dataChanged;
			wf.staticData.__dataChanged = false;
		}
	};

	// an n8n restart: the running workflow is forgotten, and n8n starts it again
	const restart = () => {
		workflow = undefined;
		activation = 'init';
	};

	let credentialReads = 0;
	async function tick(testing: boolean): Promise<IDataObject[] | null> {
		const wf = load();
		let emitted: IDataObject[] | null = null;
		const additionalData = makeAdditionalData({ apideckCrmApi: credentials });
		const helper = additionalData.credentialsHelper;
		const getDecrypted = helper.getDecrypted.bind(helper);
		helper.getDecrypted = async (...args: Parameters<typeof getDecrypted>) => {
			credentialReads++;
			return await getDecrypted(...args);
		};
		const context = new PollContext(
			wf,
			node,
			additionalData,
			'trigger',
			activation,
			(data: INodeExecutionData[][]) => {
				// n8n saves the static data as it hands the items to a run
				save(wf);
				emitted = data[0].map((i) => i.json);
				runs.push(emitted);
			},
			(error: Error) => {
				errors.push(error);
			},
		);
		await runPoll(wf, node, context, nodeType, testing);
		return emitted;
	}

	return {
		sandbox,
		node,
		runs,
		errors,
		async activate() {
			const items = await tick(true);
			save(load());
			return items;
		},
		poll: async () => await tick(false),
		credentialReads: () => credentialReads,
		saved: () => clone(database),
		savedState: () => (clone(database)[`node:${NODE_NAME}`] as IDataObject | undefined)?.state as IDataObject | undefined,
		live: () => {
			const data = clone(load().getStaticData('node', node));
			return data;
		},
		restart,
		restartWith(state) {
			database = { [`node:${NODE_NAME}`]: { state } };
			restart();
		},
		async fetchTestEvent() {
			const wf = new Workflow({
				id: 'wf-poll',
				nodes: [node],
				connections: {},
				nodeTypes,
				active: false,
				staticData: clone(database),
			});
			const executionId = randomUUID();
			const hooks = new ExecutionLifecycleHooks('manual', executionId, {} as IWorkflowBase);
			let resolveRun!: (run: IRun) => void;
			const done = new Promise<IRun>((r) => (resolveRun = r));
			hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
			const additionalData = makeAdditionalData({ apideckCrmApi: credentials }, hooks);
			additionalData.executionId = executionId;
			const runData = runExecutionData([{ node, data: { main: [[{ json: {} }]] }, source: null }]);
			await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(wf);
			const run = await done;
			const nodeRun = run.data.resultData.runData[NODE_NAME]?.[0];
			const items = ((nodeRun?.data?.main?.[0] ?? []) as INodeExecutionData[]).map((i) => i.json);
			const saved = clone(wf.staticData);
			delete saved.__dataChanged;
			return { items, error: run.data.resultData.error ?? nodeRun?.error, saved };
		},
		takeRequests() {
			const taken = sandbox.requests.slice(seenRequests).filter((r) => r.path.startsWith('/crm/'));
			seenRequests = sandbox.requests.length;
			return taken.map((r) => ({ method: r.method, path: r.path, query: r.query, status: r.status }));
		},
		async api(method, path, body, serviceId) {
			const response = await fetch(`${sandbox.url}${path}`, {
				method,
				headers: {
					authorization: `Bearer ${DEMO.apiKey}`,
					'x-apideck-app-id': DEMO.appId,
					'x-apideck-consumer-id': DEMO.consumerId,
					...(serviceId ? { 'x-apideck-service-id': serviceId } : {}),
					'content-type': 'application/json',
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return await response.json();
		},
		async close() {
			if (!opts.sharedSandbox) await sandbox.close();
		},
	};
}
