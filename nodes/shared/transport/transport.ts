/**
 * The one way this package talks to Apideck: authenticated JSON requests with the consumer's
 * service header, retries on rate limits and transient failures, and Apideck's errors turned into
 * NodeApiErrors. Used by the action node (through its routing executor), the pickers and the trigger.
 */
import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { apideckApiError, connectionError } from './errors';
import { assertSafePath } from './paths';
import type { Limiter } from './limiter';

export const CREDENTIALS_TYPE = 'apideckCrmApi';

export type ApideckContext =
	| IExecuteSingleFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IWebhookFunctions;

export interface ApideckRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: IDataObject;
	/** x-apideck-service-id; empty sends no header */
	serviceId?: string;
	/**
	 * Act for another Vault consumer than the credentials' (the trigger reads the record of the event's
	 * consumer). n8n applies the credentials' headers last, so this swaps the consumer in the credentials.
	 */
	consumerId?: string;
	timeout?: number;
	/** other axios-level options n8n set on the request (proxy, allowed domains, ...) */
	extra?: Partial<IHttpRequestOptions>;
	/** sees the status and headers of every answer, before it is returned or turned into an error */
	onResponse?: (statusCode: number, headers: IDataObject) => void;
}

export interface RetryPolicy {
	/** attempts for server errors and broken connections, the first included (1 = no retry) */
	maxAttempts: number;
	/**
	 * Longest total wait in ms for rate limits (429) of one request. A 429 means the API did nothing,
	 * so waiting and sending again is always safe: 429s don't use up maxAttempts, only this budget.
	 * 0: a 429 is not retried.
	 */
	maxRateLimitWaitMs: number;
	/** first back-off step in ms when the API gives no Retry-After */
	baseDelayMs: number;
	/** longest single wait in ms */
	maxDelayMs: number;
	limiter?: Limiter;
	itemIndex?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, maxRateLimitWaitMs: 300_000, baseDelayMs: 500, maxDelayMs: 60_000 };

// Safety nets on top of the wait budget: 429s in all, and 429s without a Retry-After above 0 (backed off).
const MAX_RATE_LIMITED_TRIES = 100;
const MAX_BLIND_RATE_LIMITED_TRIES = 30;

// Connection failures where the request certainly never reached the API.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (Array.isArray(value)) value = value[0];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential back-off with jitter: a random wait in [c/2, c] for c = base * 2^(attempt-1), capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * The wait before retrying a 429. A Retry-After above 0 is the API saying when a slot frees: that is
 * the wait, since backing off beyond it only leaves slots unused (measured: Batching faster than the
 * limit took 1.5-2.5x as long). Without one, or with 0, the `consecutive`-th such 429 in a row backs
 * off exponentially, so an API that keeps answering "429, Retry-After: 0" is not hammered.
 */
export function rateLimitDelay(consecutive: number, retryAfterMs: number | undefined, policy: RetryPolicy): number {
	if (retryAfterMs !== undefined && retryAfterMs > 0) return Math.min(policy.maxDelayMs, retryAfterMs);
	// a gentler start than for failures: a busy rate-limit window often answers two or three 429s in a
	// row before a slot frees
	const steps = { ...policy, baseDelayMs: RATE_LIMIT_BASE_DELAY_MS };
	if (retryAfterMs === undefined) return backoffDelay(consecutive, steps);
	return consecutive <= 1 ? 0 : backoffDelay(consecutive - 1, steps);
}

/** First back-off step for consecutive 429s (then 0.1–0.2 s, 0.2–0.4 s, … up to maxDelayMs). */
export const RATE_LIMIT_BASE_DELAY_MS = 100;

function errorCode(error: unknown): string {
	const e = error as { code?: string; httpCode?: unknown; cause?: { code?: string; cause?: { code?: string } } };
	// n8n 1.x wraps the failure in a NodeApiError without a `cause`; its httpCode then holds the Node.js code
	const wrapped = typeof e?.httpCode === 'string' && /^E[A-Z_]+$/.test(e.httpCode) ? e.httpCode : undefined;
	return e?.cause?.code ?? e?.code ?? e?.cause?.cause?.code ?? wrapped ?? 'ECONNERROR';
}

function errorReason(error: unknown): string {
	const e = error as { cause?: { message?: string }; messages?: unknown; message?: string };
	// n8n 1.x puts its own generic text in `message` and keeps Node.js's message in `messages`
	const original = Array.isArray(e?.messages) ? e.messages.find((m) => typeof m === 'string' && m !== '') : undefined;
	return e?.cause?.message ?? (original as string | undefined) ?? e?.message ?? 'connection failed';
}

const credentialsRead = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

/**
 * The node's Apideck credentials, read once per n8n context (one webhook call, one poll, one item's
 * request) and shared by every request made in it. Outside a workflow run (the webhook trigger's
 * webhook(), a poll) n8n decrypts credentials in a workflow of their own, and under its default `vm`
 * expression engine that costs a fresh expression isolate per read: four reads per delivery were most of
 * the trigger's CPU. A failed read is not kept.
 */
export function apideckCredentials(ctx: ApideckContext): Promise<ICredentialDataDecryptedObject> {
	let read = credentialsRead.get(ctx);
	if (!read) {
		read = ctx.getCredentials(CREDENTIALS_TYPE);
		credentialsRead.set(ctx, read);
		read.catch(() => credentialsRead.delete(ctx));
	}
	return read;
}

async function secretsOf(ctx: ApideckContext): Promise<string[]> {
	try {
		const credentials = await apideckCredentials(ctx);
		return [credentials.apiKey as string];
	} catch {
		return [];
	}
}

/**
 * The credentials n8n authenticates the request with, as read once for this context (n8n would read them
 * again for every attempt), with the consumer swapped for another one when the request acts for it.
 */
async function credentialsFor(ctx: ApideckContext, consumerId: string | undefined) {
	const credentials = await apideckCredentials(ctx);
	const node = ctx.getNode();
	const reference = node.credentials?.[CREDENTIALS_TYPE];
	return {
		credentialsDecrypted: {
			id: reference?.id ?? CREDENTIALS_TYPE,
			name: reference?.name ?? CREDENTIALS_TYPE,
			type: CREDENTIALS_TYPE,
			data: consumerId ? { ...credentials, consumerId } : { ...credentials },
		},
	};
}

export async function baseUrlOf(ctx: ApideckContext): Promise<string> {
	const credentials = await apideckCredentials(ctx);
	return String(credentials.baseUrl || 'https://unify.apideck.com').replace(/\/+$/, '');
}

/**
 * Sends one API call and returns Apideck's parsed response body.
 * 429 is retried for every method (the API refused it before doing anything); 5xx and broken
 * connections only for GET, PATCH and DELETE, because a POST that may have reached the API must
 * never be sent twice. A refused connection is retried for every method.
 */
export async function apideckRequest(
	ctx: ApideckContext,
	request: ApideckRequest,
	policy: RetryPolicy = DEFAULT_RETRY,
): Promise<IDataObject> {
	const idempotent = request.method !== 'POST';
	const headers: IDataObject = { accept: 'application/json', ...(request.headers ?? {}) };
	const serviceId = request.serviceId?.trim();
	if (serviceId) headers['x-apideck-service-id'] = serviceId;
	const url = /^https?:\/\//.test(request.url) ? request.url : `${await baseUrlOf(ctx)}${request.url}`;
	assertSafePath(ctx.getNode(), url);
	const credentialOptions = await credentialsFor(ctx, request.consumerId);
	const options: IHttpRequestOptions = {
		...(request.extra ?? {}),
		method: request.method,
		url,
		qs: request.qs,
		headers,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeout ?? request.extra?.timeout ?? 300_000,
	};
	delete options.baseURL;
	if (request.body !== undefined && request.method !== 'GET' && request.method !== 'DELETE') {
		options.body = request.body;
	} else {
		delete options.body;
	}

	let rateLimitedWaitMs = 0;
	let rateLimited = 0;
	// 429s in a row without a Retry-After above 0: only these back off (one with a Retry-After says
	// exactly how long to wait, and a back-off grown on those made the next blind 429 wait for seconds)
	let blind429 = 0;
	let blindTotal = 0;
	let failures = 0;
	// a previous attempt may have reached the API (a broken connection or a 5xx, not a 429)
	let mayHaveApplied = false;
	const secrets = async () => await secretsOf(ctx);
	for (let attempt = 1; ; attempt++) {
		let response: IN8nHttpFullResponse | undefined;
		let failure: unknown;
		await policy.limiter?.acquire(attempt > 1);
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIALS_TYPE,
				{ ...options, headers: { ...headers } },
				credentialOptions,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			failure = error;
		} finally {
			policy.limiter?.release();
		}
		const lastAttempt = failures + 1 >= policy.maxAttempts;

		if (failure !== undefined) {
			failures++;
			blind429 = 0;
			const code = errorCode(failure);
			const notSent = NOT_SENT_CODES.has(code);
			if (!notSent) mayHaveApplied = true;
			if ((notSent || idempotent) && !lastAttempt) {
				await sleep(backoffDelay(failures, policy));
				continue;
			}
			throw markAmbiguous(
				connectionError(ctx.getNode(), code, errorReason(failure), {
					attempts: attempt,
					rateLimited,
					secrets: await secrets(),
					itemIndex: policy.itemIndex,
					note: notSent || idempotent ? undefined : MAY_HAVE_REACHED,
				}),
				!notSent && !idempotent,
			);
		}

		const status = response!.statusCode;
		request.onResponse?.(status, (response!.headers ?? {}) as IDataObject);
		if (status >= 200 && status < 300) {
			const body = response!.body;
			return (body && typeof body === 'object' ? body : { data: body }) as IDataObject;
		}
		if (status === 404 && request.method === 'DELETE' && mayHaveApplied) {
			// An earlier attempt deleted it and its answer was lost: the record is gone, as asked.
			return { status_code: 200, data: {}, meta: { deleted_earlier: true } };
		}
		const retryAfter = parseRetryAfter(response!.headers?.['retry-after']);
		if (status === 429) {
			rateLimited++;
			if (retryAfter !== undefined && retryAfter > 0) {
				blind429 = 0;
			} else {
				blind429++;
				blindTotal++;
			}
			const wait = rateLimitDelay(blind429, retryAfter, policy);
			const budget = policy.maxRateLimitWaitMs;
			const tries = rateLimited < MAX_RATE_LIMITED_TRIES && blindTotal < MAX_BLIND_RATE_LIMITED_TRIES;
			if (budget > 0 && rateLimitedWaitMs + wait <= budget && tries) {
				rateLimitedWaitMs += wait;
				// What Apideck asked for holds for every request of the run; the back-off is this request's.
				if (retryAfter) policy.limiter?.pauseUntil(Date.now() + Math.min(retryAfter, policy.maxDelayMs));
				await sleep(wait);
				continue;
			}
		} else {
			blind429 = 0;
			if (status >= 500) mayHaveApplied = true;
			if (status >= 500 && idempotent) {
				failures++;
				if (!lastAttempt) {
					await sleep(Math.min(policy.maxDelayMs, retryAfter ?? backoffDelay(failures, policy)));
					continue;
				}
			}
		}
		throw markAmbiguous(
			apideckApiError(ctx.getNode(), status, response!.body, {
				attempts: attempt,
				rateLimited,
				secrets: await secrets(),
				itemIndex: policy.itemIndex,
				note: status >= 500 && !idempotent ? MAY_HAVE_REACHED : undefined,
			}),
			status >= 500 && !idempotent,
		);
	}
}

/**
 * A POST that failed after it may have reached the API (a 5xx, a broken connection, a timeout) is
 * not sent again; its error says so in `context.mayHaveApplied`, so callers (Create or Update) know
 * the record may exist.
 */
function markAmbiguous<E extends { context: IDataObject }>(error: E, ambiguous: boolean): E {
	if (ambiguous) error.context.mayHaveApplied = true;
	return error;
}

/** Whether an error of apideckRequest says the write may have been applied anyway. */
export function mayHaveApplied(error: unknown): boolean {
	return (error as { context?: IDataObject })?.context?.mayHaveApplied === true;
}

const MAY_HAVE_REACHED =
	'The create request may have reached Apideck, so it was not sent again: check the CRM before re-running this item.';
