// Which preSend steps wait for the executor (executor/prepare.ts): those of the operation selectors, and
// only those. Another parameter's routing runs as n8n runs it, and a parameter without options is left
// as it is. The engine-level proof that bodies are built when each item's turn comes is in pacing.test.ts.
import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { deferPreSend, prepareRequest } from '../../nodes/ApideckCrm/executor/prepare';

type Step = (this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

const ctx = {} as IExecuteSingleFunctions;

/** A preSend step that notes when it runs and adds its name to the request's body. */
function step(name: string, ran: string[]): Step {
	return async function (request) {
		ran.push(name);
		return { ...request, body: { ...(request.body as object), [name]: true } };
	};
}

function properties(ran: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			default: 'create',
			options: [
				{ name: 'Create', value: 'create', routing: { send: { preSend: [step('build', ran), step('check', ran)] } } },
				{ name: 'Get', value: 'get', routing: { request: { method: 'GET' } } },
			],
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'options',
			default: 'name',
			options: [{ name: 'Name', value: 'name', routing: { send: { preSend: [step('sort', ran)] } } }],
		},
		{ displayName: 'Operation Note', name: 'operationNote', type: 'string', default: '', routing: { send: { preSend: [step('note', ran)] } } },
		// a parameter named operation whose options n8n loads from a method: nothing to defer
		{ displayName: 'Operation', name: 'operation', type: 'options', default: '', typeOptions: { loadOptionsMethod: 'operations' } },
	] as INodeProperties[];
}

const preSendOf = (property: INodeProperties, option = 0): Step[] =>
	((property.options as Array<{ routing?: INodeProperties['routing'] }>)[option].routing?.send?.preSend ?? []) as Step[];

test("an operation's preSend steps only note themselves; the executor runs them later, in order, once", async () => {
	const ran: string[] = [];
	const [operation] = deferPreSend(properties(ran));
	let request: IHttpRequestOptions = { url: '/crm/companies', body: {} };
	for (const s of preSendOf(operation)) request = await s.call(ctx, request);
	expect(ran).toEqual([]);
	expect(request.body).toEqual({});

	const built = await prepareRequest(ctx, request);
	expect(ran).toEqual(['build', 'check']);
	expect(built.body).toEqual({ build: true, check: true });

	// a request prepared once has nothing left to run
	await prepareRequest(ctx, request);
	expect(ran).toEqual(['build', 'check']);
});

test('the other parameters, and an operation without routed options, are left exactly as they are', async () => {
	const ran: string[] = [];
	const before = properties(ran);
	const after = deferPreSend(before);
	expect(after[1]).toBe(before[1]);
	expect(after[2]).toBe(before[2]);
	expect(after[3]).toBe(before[3]);
	// an option of the operation without preSend is kept as it is too
	expect((after[0].options as unknown[])[1]).toBe((before[0].options as unknown[])[1]);

	// the Sort option's step still runs when n8n calls it
	const request = await preSendOf(after[1])[0].call(ctx, { url: '/crm/companies', body: {} });
	expect(ran).toEqual(['sort']);
	expect(request.body).toEqual({ sort: true });
});

test('a request no step noted goes out as it is', async () => {
	const request: IHttpRequestOptions = { url: '/crm/companies', body: { name: 'Acme' } };
	await expect(prepareRequest(ctx, request)).resolves.toBe(request);
});
