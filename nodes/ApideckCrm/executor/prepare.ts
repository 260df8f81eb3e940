/**
 * Each input item's request is built when its turn to be sent comes, not all at once up front.
 *
 * n8n's routing engine runs the first preSend step of every input item in one synchronous loop
 * before any request can leave. With 1,000 items that built 1,000 bodies (expressions evaluated,
 * fields checked) before the first request: about 0.6 s of a 1.5 s wait (bench/diagnose.ts prep).
 * So the node's preSend steps only note themselves on the request; the executor runs them once it
 * admits the item (limiter.ts: at most 20 items per request slot in progress), while the
 * requests of earlier items are in flight.
 *
 * The steps then run inside the executor's own error handling, so a failed item keeps its place: with
 * On Error set to continue, the failed item is output paired with its input (n8n's routing engine
 * would turn a failed preSend into `{ json: {}, error }` without naming the item).
 */
import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

type PreSend = (this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/** The steps still to run, by the request options n8n hands from step to step and to the executor. */
const pending = new WeakMap<IHttpRequestOptions, PreSend[]>();

function deferred(step: PreSend): PreSend {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const steps = pending.get(request);
		if (steps) steps.push(step);
		else pending.set(request, [step]);
		return request;
	};
}

/** The operation selectors' preSend steps, deferred to the executor. */
export function deferPreSend(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		if (property.name !== 'operation' || !Array.isArray(property.options)) return property;
		const options = (property.options as Array<{ routing?: INodeProperties['routing'] }>).map((option) => {
			const send = option.routing?.send;
			if (!send?.preSend) return option;
			return { ...option, routing: { ...option.routing, send: { ...send, preSend: send.preSend.map((step) => deferred(step as PreSend)) } } };
		});
		return { ...property, options } as INodeProperties;
	});
}

/** Runs the item's deferred preSend steps, in order, and returns the request they built. */
export async function prepareRequest<T extends object>(ctx: IExecuteSingleFunctions, request: T): Promise<T> {
	const steps = pending.get(request as IHttpRequestOptions) ?? [];
	pending.delete(request as IHttpRequestOptions);
	let built = request as IHttpRequestOptions;
	for (const step of steps) built = await step.call(ctx, built);
	return built as T;
}
