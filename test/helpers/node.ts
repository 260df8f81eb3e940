/* eslint-disable @typescript-eslint/no-explicit-any -- test tooling, run by Node and jest, never loaded by n8n: see CONTRIBUTING.md, Lint */
// Shared set-up for action-node tests: a sandbox per test file and a one-call runner.
import { DirectoryLoader } from 'n8n-core';
import { NodeHelpers, type IDataObject, type INode, type INodeType } from 'n8n-workflow';

import { ApideckCrm } from '../../nodes/ApideckCrm/ApideckCrm.node';
import { DEMO, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { runNode, type RunResult } from './engine';

export const nodeType = new ApideckCrm();
// n8n's node loader adds its own Request Options (batching, proxy, timeout, SSL) to every declarative
// node, merged with the node's: without them n8n drops e.g. a Timeout the user set.
// (n8n 2.x: a static of n8n-core's DirectoryLoader; n8n 1.85: n8n-workflow's NodeHelpers, see test:compat)
const applyOptions =
	(DirectoryLoader as unknown as { applyDeclarativeNodeOptionParameters?: (t: INodeType) => void }).applyDeclarativeNodeOptionParameters ??
	(NodeHelpers as unknown as { applyDeclarativeNodeOptionParameters: (t: INodeType) => void }).applyDeclarativeNodeOptionParameters;
applyOptions(nodeType as unknown as INodeType);

export interface Context {
	sandbox: Sandbox;
	credentials: IDataObject;
}

/** Starts a sandbox before the file's tests and stops it after them. */
export function useSandbox(options: SandboxOptions = {}): Context {
	const ctx = {} as Context;
	beforeAll(async () => {
		ctx.sandbox = await startSandbox(options);
		ctx.credentials = {
			apiKey: DEMO.apiKey,
			appId: DEMO.appId,
			consumerId: DEMO.consumerId,
			baseUrl: ctx.sandbox.url,
		};
	});
	afterAll(async () => {
		await ctx.sandbox?.close();
	});
	beforeEach(() => {
		ctx.sandbox?.resetRequests();
		ctx.sandbox?.setFaults(null);
		ctx.sandbox?.intercept(null);
	});
	return ctx;
}

export async function run(
	ctx: Context,
	parameters: INode['parameters'],
	/** typeVersion: the node's version in the workflow; 1 unless given (the tests written before 1.1 run on 1) */
	opts: { items?: IDataObject[]; continueOnFail?: boolean; onError?: INode['onError']; credentials?: IDataObject; timezone?: string; typeVersion?: number } = {},
): Promise<RunResult> {
	const credentials = (opts.credentials ?? ctx.credentials) as IDataObject;
	const result = await runNode({
		nodeType,
		parameters,
		credentials: credentials as any,
		items: opts.items,
		continueOnFail: opts.continueOnFail,
		onError: opts.onError,
		timezone: opts.timezone,
		typeVersion: opts.typeVersion,
	});
	assertNoSecret(result, String(credentials.apiKey));
	return result;
}

/** Every run of the suite is scanned: the API key must appear in no output, error or error detail. */
export function assertNoSecret(result: RunResult, apiKey: string) {
	const describeError = (e: any) =>
		e && { message: e.message, description: e.description, context: e.context, cause: e.cause, stack: e.stack, httpCode: e.httpCode };
	const seen = JSON.stringify({
		items: result.items,
		outputs: result.outputs,
		errors: [...result.raw, ...result.errorOutput].map((i) => describeError(i.error)),
		error: describeError(result.error),
	});
	if (apiKey && seen.includes(apiKey)) throw new Error('The API key leaked into the node output or an error');
}

/** A resource-locator value picked "By ID". */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** Requests the sandbox received to CRM endpoints (admin calls excluded). */
export function crmRequests(ctx: Context) {
	return ctx.sandbox.requests.filter((r) => r.path.startsWith('/crm/'));
}

export { DEMO };

/**
 * The sandbox's answer for an intercepted request: 429 Too Many Requests, with this Retry-After (seconds, as
 * Apideck sends it) or none.
 */
export const rateLimited = (retryAfter?: string) => ({
	kind: 'respond' as const,
	status: 429,
	headers: (retryAfter === undefined ? {} : { 'retry-after': retryAfter }) as Record<string, string>,
	body: { status_code: 429, error: 'Too Many Requests', type_name: 'RateLimitError', message: 'Slow down' },
});
