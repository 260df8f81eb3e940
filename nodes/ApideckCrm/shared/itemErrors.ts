/**
 * Failed items keep their place. n8n's routing engine turns a failed item of a declarative node into
 * `{ json: {}, error }` without naming the input item, so with On Error set to continue, an item on the
 * error output lost its link to the input (pairedItem), and with it the input's fields n8n puts beside
 * the error. With continue on, the executor returns the failed item itself, paired with its input; an
 * error of a preSend step (bad input, found before any request) is held until the executor runs.
 */
import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { nodeError } from './errors';

type PreSend = (this: IExecuteSingleFunctions, request: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/** The error a preSend step met, by the request it was building. */
const held = new WeakMap<IHttpRequestOptions, unknown>();

function holding(step: PreSend): PreSend {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		// an earlier step failed: the request is not built further
		if (held.has(request)) return request;
		try {
			return await step.call(this, request);
		} catch (error) {
			if (!this.continueOnFail()) throw nodeError(this.getNode(), error);
			held.set(request, error);
			return request;
		}
	};
}

/** The operation selectors' preSend steps, holding their errors for the executor when the item may fail alone. */
export function holdInputErrors(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		if (property.name !== 'operation' || !Array.isArray(property.options)) return property;
		const options = (property.options as Array<{ routing?: INodeProperties['routing'] }>).map((option) => {
			const send = option.routing?.send;
			if (!send?.preSend) return option;
			return { ...option, routing: { ...option.routing, send: { ...send, preSend: send.preSend.map((step) => holding(step as PreSend)) } } };
		});
		return { ...property, options } as INodeProperties;
	});
}

/** The error a preSend step held for this request, if any. */
export function heldError(request: object): unknown {
	// (the request options the preSend steps built and the executor receives: one object)
	return held.get(request as IHttpRequestOptions);
}
