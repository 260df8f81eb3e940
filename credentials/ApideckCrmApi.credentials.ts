import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	Icon,
	IHttpRequestOptions,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

const WHERE = '(Apideck dashboard → Configuration → API Keys)';

/** Apideck's 401 details for a wrong key or application ID, with the field each points at. */
const UNAUTHORIZED_DETAILS: Array<[string, string]> = [
	['Invalid API key', `Apideck: Invalid API key. Check the API Key ${WHERE}.`],
	[
		'The x-apideck-app-id header does not match the application of this API key',
		`Apideck: the application ID does not match the application of this API key. Check the Application ID ${WHERE}.`,
	],
	['Missing Header: x-apideck-app-id', `Apideck: Missing Header: x-apideck-app-id. Check the Application ID ${WHERE}.`],
];

/** The other error statuses Apideck documents, reported by their HTTP reason as n8n reports a failed test. */
const HTTP_REASONS: Record<number, string> = {
	400: 'Bad Request',
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
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

const NO_CRM_CONNECTION =
	'The API key and application ID work, but this consumer has no CRM connection in Apideck Vault. Check the Consumer ID, or connect a CRM for this consumer in Vault.';

/** A rule n8n's credential tester applies to the answer: the test fails with `message` when `key` is `value`. */
const successBodyRule = (key: string, value: unknown, message: string): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: { key, value, message },
});

export class ApideckCrmApi implements ICredentialType {
	name = 'apideckCrmApi';

	displayName = 'Apideck CRM API';

	icon: Icon = { light: 'file:../icons/apideck.svg', dark: 'file:../icons/apideck.dark.svg' };

	documentationUrl = 'https://developers.apideck.com/guides/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Secret API key of your Apideck application (Unify → API Keys)',
		},
		{
			displayName: 'Application ID',
			name: 'appId',
			type: 'string',
			required: true,
			default: '',
			description: 'ID of the Apideck application the key belongs to',
		},
		{
			displayName: 'Consumer ID',
			name: 'consumerId',
			type: 'string',
			required: true,
			default: '',
			description:
				'Vault consumer whose CRM connections the node reads and writes, for example your customer or account ID',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://unify.apideck.com',
			description: 'Change only to point at a proxy or the local sandbox',
		},
	];

	// A function rather than the generic '={{$credentials.x}}' form: n8n evaluates those expressions
	// on every request, which showed up as a measurable share of a Return All over many pages.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			Authorization: `Bearer ${String(credentials.apiKey)}`,
			'x-apideck-app-id': String(credentials.appId),
			'x-apideck-consumer-id': String(credentials.consumerId),
		};
		return requestOptions;
	};

	// Listing the consumer's CRM connections in Vault needs the key and the application ID to be right;
	// a wrong consumer ID gets an empty list, which a rule turns into a failed test.
	// n8n reports a failed test request only by its HTTP reason ("Unauthorized"), so the request keeps
	// Apideck's error body (ignoreHttpStatusErrors) and the rules, checked in order, turn it into the
	// message: Apideck's detail and the field to check for a 401, the HTTP reason as before otherwise.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/vault/connections',
			qs: { api: 'crm' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...UNAUTHORIZED_DETAILS.map(([detail, message]) => successBodyRule('detail', detail, message)),
			successBodyRule(
				'status_code',
				401,
				'Apideck refused the API key or the application ID (401 Unauthorized). Check the API Key and the Application ID (Apideck dashboard → Configuration → API Keys).',
			),
			...Object.entries(HTTP_REASONS).map(([status, reason]) => successBodyRule('status_code', Number(status), reason)),
			// any other answer that is not a list of connections (a proxy's error page, an unknown status)
			successBodyRule('data', undefined, 'Apideck did not answer with the list of CRM connections. Check the Base URL.'),
			successBodyRule('data.length', 0, NO_CRM_CONNECTION),
		],
	};
}
