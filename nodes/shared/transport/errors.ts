import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

/** Apideck's error body: { status_code, error, type_name, message, detail, ref }. */
export interface ApideckErrorBody {
	status_code?: number;
	error?: string;
	type_name?: string;
	message?: string;
	detail?: unknown;
	ref?: string;
}

const HINTS: Record<string, string> = {
	'401': 'Check the API key, application ID and consumer ID of the Apideck CRM API credentials.',
	'402': 'Your Apideck plan does not include this request.',
	'404': 'Check the ID, and that the record belongs to the selected consumer and service.',
	'429':
		'Apideck kept rate-limiting the request. In the node\'s Request Options, raise "Max Rate-Limit Wait" to wait longer, lower "Max Concurrent Requests", or turn on "Batching" to space the items out.',
};

const BEARER = /\bBearer\s+[^\s"',;]+/gi;

/** Replaces every occurrence of a secret, and any "Bearer <token>", in a text. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out.replace(BEARER, 'Bearer [redacted]');
}

/** A copy of any JSON-like value with every string (keys included) redacted. */
export function redactDeep<T>(value: T, secrets: Array<string | undefined>): T {
	if (typeof value === 'string') return redact(value, secrets) as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redact(k, secrets)] = redactDeep(v, secrets);
		return out as T;
	}
	return value;
}

/** What happened before giving up, e.g. "(after 3 attempts, 1 rate-limited)"; empty for one attempt. */
export function attemptsNote(attempts = 1, rateLimited = 0): string {
	if (attempts <= 1) return '';
	return ` (after ${attempts} attempts${rateLimited ? `, ${rateLimited} rate-limited` : ''})`;
}

/** Apideck's detail as text (JSON for an object); undefined when there is none. */
export function detailText(detail: unknown): string | undefined {
	if (detail === undefined || detail === null || detail === '') return undefined;
	if (typeof detail === 'string') return detail;
	return JSON.stringify(detail);
}

/** Turns an Apideck error response into a NodeApiError that carries its type, message and detail. */
export function apideckApiError(
	node: INode,
	status: number,
	body: unknown,
	opts: { attempts?: number; rateLimited?: number; secrets?: Array<string | undefined>; itemIndex?: number; note?: string } = {},
): NodeApiError {
	// Whatever Apideck echoed (the key in a message, an Authorization header in the detail, an HTML
	// page) is redacted before anything is built from it: n8n stores the message, description and context
	// of a failed item in the execution data, and the error response travels with the error (error
	// workflows, logs, n8n versions that serialise it).
	const secrets = opts.secrets ?? [];
	const safe = redactDeep(body, secrets);
	const b: ApideckErrorBody = safe && typeof safe === 'object' && !Array.isArray(safe) ? (safe as ApideckErrorBody) : {};
	const typeName = b.type_name ?? b.error ?? `HTTP ${status}`;
	const apiMessage = b.message ?? (typeof safe === 'string' && safe ? htmlText(safe).slice(0, 300) : 'Request failed');
	const detail = detailText(b.detail);
	const message = `${typeName}: ${apiMessage}${attemptsNote(opts.attempts, opts.rateLimited)}`;
	const description = [detail, HINTS[String(status)], opts.note, b.ref ? `Reference: ${b.ref}` : undefined].filter(Boolean).join(' — ');
	const errorResponse = { ...b, status_code: b.status_code ?? status, ...(typeof safe === 'string' ? { body: safe.slice(0, 2000) } : {}) };
	const error = new NodeApiError(node, errorResponse as JsonObject, {
		message,
		description: description || undefined,
		httpCode: String(status),
		itemIndex: opts.itemIndex,
	});
	error.context.apideck = {
		status,
		type_name: typeName,
		message: apiMessage,
		detail: (b.detail ?? null) as JsonObject,
		ref: b.ref ?? null,
	};
	keepStatusWhenRewrapped(error, status);
	return error;
}

/**
 * n8n's routing engine re-wraps a failed item's error unless it is an instance of the engine's own
 * NodeApiError, which an installed package's never is (its n8n-workflow is a copy), and keeps the HTTP
 * status only of an axios-style error (`isAxiosError` and `response.status`): otherwise the run's stored
 * error says httpCode "none". Both marks are non-enumerable, so the error serialises as before.
 */
function keepStatusWhenRewrapped(error: NodeApiError, status: number): void {
	Object.defineProperties(error, {
		isAxiosError: { value: true, configurable: true, writable: true, enumerable: false },
		response: { value: { status }, configurable: true, writable: true, enumerable: false },
	});
}

/** The text of an HTML error page, for a message. */
function htmlText(body: string): string {
	return /<[a-z!/]/i.test(body) ? body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : body;
}

const CONNECTION_PROBLEMS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

/** A request that never got an HTTP answer (refused, reset, timed out). */
export function connectionError(
	node: INode,
	code: string,
	reason: string,
	opts: { attempts?: number; rateLimited?: number; secrets?: Array<string | undefined>; itemIndex?: number; note?: string } = {},
): NodeApiError {
	const secrets = opts.secrets ?? [];
	// n8n replaces any message that names a Node.js error code with a generic text, so say it in words
	const problem = CONNECTION_PROBLEMS[code] ?? 'connection failed';
	const message = `Could not reach Apideck: ${problem}${attemptsNote(opts.attempts, opts.rateLimited)}`;
	const description = [
		`Check the Base URL of the credentials and that the API is reachable from n8n.`,
		opts.note,
	]
		.filter(Boolean)
		.join(' — ');
	const error = new NodeApiError(node, { reason: redact(reason, secrets) }, { message, description, itemIndex: opts.itemIndex });
	error.context.connectionError = code;
	return error;
}

/** Bad input found before any request: names the field and says how to fix it. */
export function inputError(node: INode, field: string, problem: string, fix: string, itemIndex?: number) {
	return new NodeOperationError(node, `${field}: ${problem}`, { description: fix, itemIndex });
}

/** An error caught around a transport call, as an n8n error (the transport's errors already are). */
export function nodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

/**
 * The output item of a request that failed while Continue On Fail (or "On Error: Continue") is set:
 * `error` is the message n8n would show, `details` what a workflow can branch on (Apideck's HTTP status,
 * error type, detail and request reference, the hint). Only these two keys: n8n's error output
 * recognises an error item by its keys (error, message, details), and replaces the json of any item
 * that carries an Error object with `{ error: message }`, which is why the item carries none. The same
 * shape as n8n's HTTP Request node (4.5+) gives its error items. n8n 1.x's error output recognises only
 * `{ error }` and `{ error, message }` items: there, use On Error → Continue and branch on `error`.
 */
export function errorItemJson(error: unknown, secrets: Array<string | undefined>): IDataObject {
	const e = nodeError({ id: '', name: '', type: '', typeVersion: 1, position: [0, 0], parameters: {} }, error) as NodeApiError & { context: IDataObject };
	const apideck = e.context?.apideck as IDataObject | undefined;
	// as n8n's HTTP Request node names them in its error items: httpCode a string, e.g. "404"
	const status = Number(apideck?.status ?? e.httpCode);
	const details: IDataObject = {};
	if (Number.isInteger(status) && status > 0) details.httpCode = String(status);
	if (apideck) {
		details.type = apideck.type_name;
		details.message = apideck.message;
		if (apideck.detail !== null && apideck.detail !== undefined) details.detail = apideck.detail;
		if (apideck.ref) details.ref = apideck.ref;
	}
	if (typeof e.context?.connectionError === 'string') details.code = e.context.connectionError;
	if (e.description) details.description = e.description;
	return redactDeep({ error: e.message, details }, secrets);
}
