/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// The node as an AI agent's tool, the way n8n 2.41 runs it: n8n's loader turns a `usableAsTool` node
// into "<Node> Tool" (convertNodeToAiTool) and gives a declarative node an execute() that runs
// n8n-core's RoutingNode; an agent gets the tool from n8n-core's getInputConnectionData, which wraps
// it with createNodeAsTool (a LangChain tool whose schema comes from the $fromAI() calls in the
// parameters) and runs it through a SupplyDataContext, where $fromAI() reads the agent's arguments.
// The agent here is a stand-in that calls the tool with given arguments instead of asking a model.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';

import { ExecutionLifecycleHooks, RoutingNode, WorkflowExecute } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IRun,
	type IWorkflowBase,
} from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { makeAdditionalData, runExecutionData, startNodeType, TestNodeTypes } from './engine';

/** n8n's own convertNodeToAiTool from the n8n install of `npm start`, when it is there. */
const N8N_AI_TOOLS = resolve(__dirname, '../../.cache/n8n/n8n-2.41.1/node_modules/n8n/dist/tool-generation/ai-tools.js');

/** What n8n 2.41's convertNodeToAiTool does to a description (packages/cli/src/tool-generation/ai-tools.ts). */
export function convertLikeN8n(description: INodeTypeDescription): INodeTypeDescription {
	const out = { ...description, properties: [...description.properties] };
	out.name += 'Tool';
	out.inputs = [];
	out.outputs = [NodeConnectionTypes.AiTool];
	out.displayName += ' Tool';
	delete out.usableAsTool;
	const descriptionType: INodeProperties = {
		displayName: 'Tool Description',
		name: 'descriptionType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Set Automatically', value: 'auto', description: 'Automatically set based on resource and operation' },
			{ name: 'Set Manually', value: 'manual', description: 'Manually set the description' },
		],
		default: 'auto',
	};
	const toolDescription: INodeProperties = {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: description.description,
		required: true,
		typeOptions: { rows: 2 },
		description: 'Explain to the LLM what this tool does, a good, specific description would allow LLMs to produce expected results much more often',
		displayOptions: { show: { descriptionType: ['manual'] } },
	};
	out.properties.splice(0, 0, descriptionType, toolDescription);
	out.codex = { categories: ['AI'], subcategories: { AI: ['Tools'], Tools: ['Other Tools'] }, resources: {} };
	return out;
}

export function n8nConversionAvailable() {
	return existsSync(N8N_AI_TOOLS);
}

/** "Apideck CRM Tool" as n8n loads it: the converted description, and RoutingNode as execute(). */
export function apideckCrmTool(useN8n = n8nConversionAvailable()): INodeType {
	const base = new ApideckCrm();
	let description: INodeTypeDescription;
	if (useN8n) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { convertNodeToAiTool } = require(N8N_AI_TOOLS) as { convertNodeToAiTool: (item: { description: INodeTypeDescription }) => { description: INodeTypeDescription } };
		description = convertNodeToAiTool({ description: JSON.parse(JSON.stringify(base.description)) }).description;
		// JSON dropped the functions (preSend, the executor): take them from the node itself
		description = { ...description, requestOperations: base.description.requestOperations, properties: restoreFunctions(description.properties, base.description.properties) };
	} else {
		description = convertLikeN8n(base.description);
	}
	const tool: INodeType = {
		description,
		methods: base.methods,
		async execute(this: IExecuteFunctions) {
			return (await new RoutingNode(this as any, tool).runNode()) ?? [];
		},
	};
	return tool;
}

/** The converted properties with the original objects back (same names, same order after n8n's two). */
function restoreFunctions(converted: INodeProperties[], original: INodeProperties[]): INodeProperties[] {
	const added = converted.filter((p) => !original.some((o) => o.name === p.name));
	return [...added, ...original];
}

export interface ToolCall {
	args: IDataObject;
}

export interface AgentRun {
	run: IRun;
	tool: { name: string; description: string; schemaKeys: string[] };
	/** what the tool answered each call (a JSON string), or the error it threw */
	answers: Array<{ answer?: string; error?: string }>;
	error?: any;
}

const agentNodeType: INodeType = {
	description: {
		displayName: 'Test Agent',
		name: 'testAgent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tool with the arguments of its input item, as a model would',
		defaults: { name: 'Test Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: true, maxConnections: 1 }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tool = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as any;
		const calls = this.getInputData()[0].json.calls as ToolCall[];
		const answers: IDataObject[] = [];
		for (const call of calls) {
			try {
				answers.push({ answer: await tool.invoke(call.args) });
			} catch (error) {
				answers.push({ error: (error as Error).message });
			}
		}
		const schemaKeys = Object.keys(tool.schema?.shape ?? {});
		return [[{ json: { tool: { name: tool.name, description: tool.description, schemaKeys }, answers } }]];
	},
};

/** Start → Test Agent, with "Apideck CRM Tool" (these parameters) connected as its tool. */
export async function runAgent(opts: { parameters: INode['parameters']; calls: ToolCall[]; credentials: ICredentialDataDecryptedObject }): Promise<AgentRun> {
	const toolType = apideckCrmTool();
	const nodes: INode[] = [
		{ id: 's', name: 'Start', type: 'start', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'a', name: 'Test Agent', type: 'testAgent', typeVersion: 1, position: [200, 0], parameters: {} },
		{
			id: 't',
			name: 'Apideck CRM Tool',
			type: toolType.description.name,
			typeVersion: 1,
			position: [200, 200],
			parameters: opts.parameters,
			credentials: { apideckCrmApi: { id: 'cred-1', name: 'Apideck CRM account' } },
		},
	];
	const connections = {
		Start: { main: [[{ node: 'Test Agent', type: NodeConnectionTypes.Main, index: 0 }]] },
		'Apideck CRM Tool': { ai_tool: [[{ node: 'Test Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] },
	};
	const nodeTypes = new TestNodeTypes({ start: startNodeType, testAgent: agentNodeType, [toolType.description.name]: toolType });
	const workflow = new Workflow({ id: 'agent-test', nodes, connections, nodeTypes, active: false });
	const hooks = new ExecutionLifecycleHooks('manual', '1', {} as IWorkflowBase);
	let resolveRun!: (run: IRun) => void;
	const done = new Promise<IRun>((r) => (resolveRun = r));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	const additionalData = makeAdditionalData({ apideckCrmApi: opts.credentials }, hooks);
	additionalData.executionId = randomUUID();
	const runData = runExecutionData([{ node: nodes[0], data: { main: [[{ json: { calls: opts.calls } as IDataObject }]] }, source: null }]);
	await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	const run = await done;
	const out = run.data.resultData.runData['Test Agent']?.[0]?.data?.main?.[0]?.[0]?.json as IDataObject | undefined;
	return {
		run,
		tool: (out?.tool ?? {}) as AgentRun['tool'],
		answers: (out?.answers ?? []) as AgentRun['answers'],
		error: run.data.resultData.error,
	};
}

/** The parameter value n8n's editor writes when a field is left to the model ("let the model define this"). */
export function fromAI(key: string, description = '', type = 'string') {
	return `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${description}\`, '${type}') }}`;
}

/**
 * n8n 1.85's tool wrapper (n8n-core 1.84) predates NodeHelpers.getToolDescriptionForNode: it describes
 * the tool as "<node description>\n Resource: …\n Operation: …", and answers a failed call with
 * "Error during node execution: <description>" instead of throwing (the reason is lost there). Later
 * engines describe the operation ("Create a lead in Apideck CRM") and throw the node's error.
 */
export const legacyToolWrapper = typeof (NodeHelpers as { getToolDescriptionForNode?: unknown }).getToolDescriptionForNode !== 'function';

/** The description the engine gives the model for this resource and operation. */
export function expectedToolDescription(resource: string, operation: string, text: string) {
	return legacyToolWrapper ? `${new ApideckCrm().description.description}\n Resource: ${resource}\n Operation: ${operation}` : text;
}
