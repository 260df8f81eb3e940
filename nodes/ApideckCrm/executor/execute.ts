/**
 * The node's request executor, plugged in as `requestOperations.pagination` so that every operation's
 * routed request goes through it: it sends with retries and the per-run concurrency limit, follows
 * cursors for Get Many, does the writes' extra requests (writes.ts: Update's kept fields, Create or
 * Update's lookup, Return Full Record), and shapes the output (records, simplified on request, or
 * Apideck's whole response).
 */
import {
	NodeApiError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { definitionOf } from '../../shared/resources';
import { errorItemJson, inputError, nodeError } from '../../shared/transport/errors';
import { withLimiter, type Limiter } from '../../shared/transport/limiter';
import { LIST_OPERATIONS, MAX_PAGE_SIZE, SEVERAL_MATCHES, type ResourceDefinition } from '../../shared/definitions/resource';
import { locatorValue } from '../../shared/transport/paths';
import { prepareRequest } from './prepare';
import { simplifyRecord } from './simplify';
import { withCustomFieldsByName } from '../../shared/descriptions/customFieldNames';
import { apideckCredentials, apideckRequest, DEFAULT_RETRY, type RetryPolicy } from '../../shared/transport/transport';
import { readBack, upsert, withCurrentValues, type Send } from './writes';

export const DEFAULT_MAX_CONCURRENCY = 5;

export const requestOptionsProperty = {
	// n8n merges these into the "Request Options" it adds to every declarative node (batching,
	// proxy, timeout), so pacing and retries sit next to them in the editor.
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection' as const,
	placeholder: 'Add Option',
	default: {},
	description: 'How the node paces and retries its requests',
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number' as const,
			default: DEFAULT_MAX_CONCURRENCY,
			typeOptions: { minValue: 1, maxValue: 50 },
			description: 'Most requests this node has in flight at once, across all input items',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number' as const,
			default: DEFAULT_RETRY.maxAttempts,
			typeOptions: { minValue: 1, maxValue: 20 },
			description:
				'Attempts per request after a server error or a broken connection, the first included. These are retried only for reads, updates and deletes, so a create is never sent twice.',
		},
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number' as const,
			default: DEFAULT_RETRY.maxRateLimitWaitMs / 1000,
			typeOptions: { minValue: 0, maxValue: 3600, numberPrecision: 1 },
			description:
				'How long one request may wait in all for rate limits (429) before it fails; 0 fails on the first 429. The API did nothing when it answered 429, so every request, creates included, is sent again, after the Retry-After it asks, or a growing back-off when it gives none.',
		},
	],
};

function settingsOf(ctx: IExecutePaginationFunctions) {
	const settings = (ctx.getNodeParameter('requestOptions', {}) ?? {}) as IDataObject;
	const number = (key: string, fallback: number, max: number) => {
		const value = settings[key] === undefined ? fallback : Number(settings[key]);
		if (!Number.isInteger(value) || value < 1 || value > max) {
			throw inputError(ctx.getNode(), `Request Options → ${key === 'maxAttempts' ? 'Max Attempts' : 'Max Concurrent Requests'}`, `${String(settings[key])} is out of range`, `Use a whole number from 1 to ${max}.`, ctx.getItemIndex());
		}
		return value;
	};
	const wait = settings.maxRateLimitWait === undefined ? DEFAULT_RETRY.maxRateLimitWaitMs / 1000 : Number(settings.maxRateLimitWait);
	if (!Number.isFinite(wait) || wait < 0 || wait > 3600) {
		throw inputError(ctx.getNode(), 'Request Options → Max Rate-Limit Wait (Seconds)', `${String(settings.maxRateLimitWait)} is out of range`, 'Use a number of seconds from 0 to 3600.', ctx.getItemIndex());
	}
	return {
		maxAttempts: number('maxAttempts', DEFAULT_RETRY.maxAttempts, 20),
		maxConcurrency: number('maxConcurrency', DEFAULT_MAX_CONCURRENCY, 50),
		maxRateLimitWaitMs: wait * 1000,
	};
}

/** The record ID at the end of a request URL, as the user gave it. */
function requestedId(url: string | undefined): string | undefined {
	const last = url?.split('?')[0].split('/').pop();
	if (last === undefined) return undefined;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

export async function executeRoutedRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	try {
		return await routedRequest.call(this, requestData);
	} catch (error) {
		if (!this.continueOnFail()) throw nodeError(this.getNode(), error);
		// On Error set to continue: one error item for this input item, paired with it, with Apideck's
		// details (never the key)
		const credentials = await apideckCredentials(this).catch(() => undefined);
		return [{ json: errorItemJson(error, [credentials?.apiKey as string | undefined]), pairedItem: { item: this.getItemIndex() } }];
	}
}

/**
 * Return All and Limit, read and checked here only: the page size to ask Apideck for, and how many records
 * a list operation outputs. A Limit out of range fails before any request.
 */
function listLimit(ctx: IExecutePaginationFunctions, itemIndex: number): { pageSize: number; limit: number } {
	if (ctx.getNodeParameter('returnAll', false) === true) return { pageSize: MAX_PAGE_SIZE, limit: Infinity };
	const limit = Number(ctx.getNodeParameter('limit', 50));
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
		throw inputError(ctx.getNode(), 'Limit', `${String(limit)} is out of range`, `Use a whole number from 1 to ${MAX_PAGE_SIZE}, or turn on Return All.`, itemIndex);
	}
	return { pageSize: limit, limit };
}

async function routedRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const operation = this.getNodeParameter('operation', 'getAll') as string;
	const def = definitionOf(this.getNodeParameter('resource', '') as string);
	const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const serviceId = String(locatorValue(this.getNodeParameter('service', '')) ?? '').trim();
	const { maxAttempts, maxConcurrency, maxRateLimitWaitMs } = settingsOf(this);
	const key = `${this.getExecutionId?.() ?? 'run'}:${this.getNode().id}`;
	const paired = { item: itemIndex };
	// Simplify applies to records as Apideck returns them, not to a projection or the whole response
	const simplify =
		(operation === 'get' || operation === 'getAll') &&
		def?.simplify !== undefined &&
		options.fullResponse !== true &&
		!(typeof options.fields === 'string' && options.fields.trim()) &&
		this.getNodeParameter('simplify', true) === true;
	const byName = (operation === 'get' || (LIST_OPERATIONS as readonly string[]).includes(operation)) && options.customFieldsByName === true;
	const shape = (record: IDataObject) => {
		const shaped = simplify ? simplifyRecord(def!.simplify!, record) : record;
		return byName ? withCustomFieldsByName(shaped, record) : shaped;
	};

	/** Sends the item's built request (and a write's extra requests): the item's output. */
	const sendItem = async (limiter: Limiter, built: DeclarativeRestApiSettings.ResultOptions['options']): Promise<INodeExecutionData[]> => {
		// the transport puts the credentials' Base URL in front of every path: a routing baseURL is not used
		const { method, url, qs, body, headers, ...extra } = built;
		delete extra.baseURL;
		const policy: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts, maxRateLimitWaitMs, limiter, itemIndex };
		const send: Send = async (request) =>
			await apideckRequest(
				this,
				{
					method: request.method,
					url: request.url,
					qs: request.qs,
					body: request.body,
					headers: headers as IDataObject,
					serviceId,
					extra: extra as IDataObject,
				},
				policy,
			);

		if (def && (operation === 'create' || operation === 'update' || operation === 'upsert')) {
			return [{ json: await write(this, def, send, operation, { url: url ?? def.path, qs: qs as IDataObject, body: body as IDataObject, options, serviceId }), pairedItem: paired }];
		}

		if (!(LIST_OPERATIONS as readonly string[]).includes(operation)) {
			const response = await send({ method: (method ?? 'GET') as IHttpRequestMethods, url: url ?? '', qs: qs as IDataObject, body: body as IDataObject });
			if (options.fullResponse === true) return [{ json: response, pairedItem: paired }];
			const data = (response.data ?? {}) as IDataObject;
			if (operation === 'delete') return [{ json: { id: data.id ?? requestedId(url), deleted: true }, pairedItem: paired }];
			return [{ json: shape(data), pairedItem: paired }];
		}

		const { pageSize, limit } = listLimit(this, itemIndex);
		const out: INodeExecutionData[] = [];
		let cursor: string | undefined;
		let records = 0;
		// every cursor of this run: one that comes back would page in a circle
		const cursors = new Set<string>();
		do {
			const query: IDataObject = { ...(qs as IDataObject), limit: pageSize };
			if (cursor) query.cursor = cursor;
			const response = await send({ method: 'GET', url: url ?? '', qs: query });
			const page = Array.isArray(response.data) ? (response.data as IDataObject[]) : [];
			if (options.fullResponse === true) {
				out.push({ json: response, pairedItem: paired });
			} else {
				for (const record of page) {
					if (records >= limit) break;
					out.push({ json: shape(record), pairedItem: paired });
					records++;
				}
			}
			if (options.fullResponse === true) records += page.length;
			const next = ((response.meta as IDataObject)?.cursors as IDataObject)?.next;
			cursor = typeof next === 'string' && next !== '' ? next : undefined;
			if (cursor && records < limit) {
				if (cursors.has(cursor)) {
					throw new NodeApiError(this.getNode(), { cursor } as JsonObject, {
						message: 'Apideck returned a page cursor it had already returned',
						description: `The pages would repeat forever, so Get Many stopped after ${cursors.size + 1} pages; the records read so far are incomplete or repeated and were not output. Try again later, or narrow the request with Filters.`,
						itemIndex,
					});
				}
				cursors.add(cursor);
			}
		} while (cursor && records < limit);
		return out;
	};

	return await withLimiter(key, maxConcurrency, async (limiter) => {
		// the item is admitted, then its request built (prepare.ts) while earlier items' requests are out
		await limiter.admit();
		try {
			return await sendItem(limiter, await prepareRequest(this, requestData.options));
		} finally {
			limiter.leave();
		}
	});
}

/**
 * Create, Update and Create or Update: the write (with Update's kept fields and Create or Update's
 * lookup), then Return Full Record's read. Output: the written record's data (Apideck answers
 * `{ id }`), or the record read back, or Apideck's whole response; Create or Update adds
 * `operation: 'created' | 'updated'`.
 */
async function write(
	ctx: IExecutePaginationFunctions,
	def: ResourceDefinition,
	send: Send,
	operation: 'create' | 'update' | 'upsert',
	request: { url: string; qs?: IDataObject; body: IDataObject; options: IDataObject; serviceId: string },
): Promise<IDataObject> {
	const { url, qs, body, options } = request;
	let response: IDataObject;
	let outcome: 'created' | 'updated' = operation === 'update' ? 'updated' : 'created';
	let id: string | undefined;
	if (operation === 'update') {
		response = await send({ method: 'PATCH', url, qs, body: await withCurrentValues(ctx, def, send, url, body) });
		id = requestedId(url);
	} else if (operation === 'upsert') {
		const onSeveral = String(options.ifSeveralMatch ?? 'error');
		if (!(SEVERAL_MATCHES as readonly string[]).includes(onSeveral)) {
			throw inputError(ctx.getNode(), 'Options → If Several Match', `unknown value "${onSeveral}"`, `Use one of: ${SEVERAL_MATCHES.join(', ')}.`, ctx.getItemIndex());
		}
		({ response, outcome, id } = await upsert(ctx, def, send, { body, qs, serviceId: request.serviceId, onSeveral }));
	} else {
		response = await send({ method: 'POST', url, qs, body });
	}
	const writtenId = ((response.data ?? {}) as IDataObject).id;
	id = writtenId === undefined || writtenId === null || writtenId === '' ? id : String(writtenId);
	if (options.returnFullRecord === true && id !== undefined) {
		response = await readBack(ctx, def, send, id, options.raw === true ? { raw: true } : undefined, outcome);
	}
	const json = options.fullResponse === true ? { ...response } : { ...((response.data ?? {}) as IDataObject) };
	if (operation === 'upsert') json.operation = outcome;
	return json;
}
