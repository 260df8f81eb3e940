import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

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
	'429': 'The API rate-limited the request. Lower "Max Concurrent Requests" or raise "Max Attempts" in the node\'s Request Options.',
};

/** Replaces every occurrence of a secret in a text. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

function detailText(detail: unknown): string | undefined {
	if (detail === undefined || detail === null || detail === '') return undefined;
	if (typeof detail === 'string') return detail;
	return JSON.stringify(detail);
}

/** Turns an Apideck error response into a NodeApiError that carries its type, message and detail. */
export function apideckApiError(
	node: INode,
	status: number,
	body: unknown,
	opts: { attempts?: number; secrets?: Array<string | undefined>; itemIndex?: number } = {},
): NodeApiError {
	const secrets = opts.secrets ?? [];
	const b: ApideckErrorBody =
		body && typeof body === 'object' && !Array.isArray(body) ? (body as ApideckErrorBody) : {};
	const typeName = b.type_name ?? b.error ?? `HTTP ${status}`;
	const apiMessage = b.message ?? (typeof body === 'string' && body ? body.slice(0, 300) : 'Request failed');
	const detail = detailText(b.detail);
	let message = `${typeName}: ${apiMessage}`;
	if (opts.attempts && opts.attempts > 1) message += ` (gave up after ${opts.attempts} attempts)`;
	const descriptionParts = [detail, HINTS[String(status)], b.ref ? `Reference: ${b.ref}` : undefined];
	const description = descriptionParts.filter(Boolean).join(' — ');
	const safeBody = JSON.parse(redact(JSON.stringify({ ...b, status_code: b.status_code ?? status }), secrets));
	const error = new NodeApiError(node, safeBody as JsonObject, {
		message: redact(message, secrets),
		description: description ? redact(description, secrets) : undefined,
		httpCode: String(status),
		itemIndex: opts.itemIndex,
	});
	error.context.apideck = { status, type_name: typeName, message: apiMessage, detail: b.detail ?? null };
	return error;
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
	opts: { attempts?: number; secrets?: Array<string | undefined>; itemIndex?: number; note?: string } = {},
): NodeApiError {
	const secrets = opts.secrets ?? [];
	// n8n replaces any message that names a Node.js error code with a generic text, so say it in words
	const problem = CONNECTION_PROBLEMS[code] ?? 'connection failed';
	let message = `Could not reach Apideck: ${problem}`;
	if (opts.attempts && opts.attempts > 1) message += ` (gave up after ${opts.attempts} attempts)`;
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
