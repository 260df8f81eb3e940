import type {
	ICredentialDataDecryptedObject,
	Icon,
	IHttpRequestOptions,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
	// a wrong consumer ID gets an empty list, which the rule turns into a failed test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/vault/connections',
			qs: { api: 'crm' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.length',
					value: 0,
					message:
						'The API key and application ID work, but this consumer has no CRM connection in Apideck Vault. Check the Consumer ID, or connect a CRM for this consumer in Vault.',
				},
			},
		],
	};
}
