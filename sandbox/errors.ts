/** Apideck-style error bodies: { status_code, error, type_name, message, detail, ref }. */

export interface ErrorBody {
	status_code: number;
	error: string;
	type_name: string;
	message: string;
	detail: string | Record<string, unknown>;
	ref: string;
}

const REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Payload Too Large',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	503: 'Service Unavailable',
};

export function reason(status: number): string {
	return REASONS[status] ?? 'Error';
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly typeName: string,
		message: string,
		readonly detail: string | Record<string, unknown>,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}

	toBody(): ErrorBody {
		return {
			status_code: this.status,
			error: reason(this.status),
			type_name: this.typeName,
			message: this.message,
			detail: this.detail,
			ref: `https://developers.apideck.com/errors#${this.typeName.toLowerCase()}`,
		};
	}
}

export const errors = {
	unauthorized: (detail: string) => new ApiError(401, 'UnauthorizedError', 'Unauthorized Request', detail),
	missingHeader: (header: string) =>
		new ApiError(400, 'RequestHeadersValidationError', 'Missing required header', `Missing Header: ${header}`),
	validation: (detail: string, status = 400) =>
		new ApiError(status, 'RequestValidationError', 'Invalid request', detail),
	notFound: (entity: string, id: string) =>
		new ApiError(404, 'EntityNotFoundError', `Unknown ${entity}`, `No ${entity} with id '${id}' in this connection`),
	route: (method: string, path: string) =>
		new ApiError(404, 'EntityNotFoundError', 'Unknown route', `No route for ${method} ${path}`),
	method: (method: string, path: string) =>
		new ApiError(405, 'RequestValidationError', 'Method not allowed', `${method} is not supported on ${path}`),
	unsupportedFilter: (detail: string) =>
		new ApiError(400, 'UnsupportedFiltersError', 'Unsupported filter', detail),
	unsupportedSort: (detail: string) =>
		new ApiError(400, 'UnsupportedSortFieldError', 'Unsupported sort field', detail),
	invalidCursor: (detail: string) => new ApiError(400, 'InvalidCursorError', 'Invalid cursor', detail),
	connectorNotFound: (serviceId: string) =>
		new ApiError(
			400,
			'ConnectorNotFoundError',
			'Unknown connector',
			`Service '${serviceId}' is not a CRM connector known to this sandbox`,
		),
	connectionNotFound: (serviceId: string, consumerId: string) =>
		new ApiError(
			400,
			'ConnectionNotFoundError',
			'Connection not found',
			`Consumer '${consumerId}' has no '${serviceId}' connection`,
		),
	tooMany: (retryAfter: string | null, why: string) =>
		new ApiError(
			429,
			'ConnectorRateLimitError',
			'Connector Rate Limit Error',
			{ context: why, error: { retry_after: retryAfter } },
			retryAfter === null ? {} : { 'retry-after': retryAfter },
		),
	unavailable: (detail: string) =>
		new ApiError(503, 'ConnectorExecutionError', 'Connector unavailable', detail),
};
