import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The connection to one SMM panel. The key is added to every request body by n8n itself
 * (`authenticate`), so node code never handles it. Tested (when saved) by the nodes'
 * `smmPanelApiTest` method, which can tell a wrong key from a wrong URL from an unreachable host.
 */
export class SmmPanelApi implements ICredentialType {
	name = 'smmPanelApi';

	displayName = 'SMM Panel API';

	icon: Icon = { light: 'file:../icons/smmPanel.svg', dark: 'file:../icons/smmPanel.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-smm-panel/n8n-nodes-smm-panel#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://panel.example/api/v2',
			description: 'The full API address from your panel\'s API page, usually ending in /api/v2',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API key from your panel\'s account or API page',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 30,
			description: 'How long to wait for the panel to answer one request',
		},
		{
			displayName: 'User Agent',
			name: 'userAgent',
			type: 'string',
			default: '',
			placeholder: 'e.g. Mozilla/5.0 (compatible; MyShop/1.0)',
			description: 'The User-Agent header to send. Leave empty for n8n\'s default; set one if the panel\'s firewall blocks unusual agents.',
		},
		{
			displayName: 'Requests Per Minute Limit',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'The most requests per minute to send to this panel, for panels that limit them (often 100-120). 0 means no limit.',
		},
		{
			displayName: 'Batch Requests',
			name: 'batchRequests',
			type: 'options',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description: 'Ask about up to 100 IDs per request; if the panel answers one ID at a time, ask one ID per request from then on',
				},
				{
					name: 'Always',
					value: 'always',
					description: 'Always ask about up to 100 IDs per request, as the API reference documents',
				},
				{
					name: 'One ID per Request',
					value: 'single',
					description: 'For panels that know only the single-ID form (order=, refill=): one request per ID',
				},
			],
			default: 'auto',
			description: 'How status, refill and cancel requests about many IDs are sent. Some panels ignore the batch form (orders=1,2,3).',
		},
		{
			displayName: 'Request Body',
			name: 'requestBody',
			type: 'options',
			options: [
				{ name: 'Form', value: 'form', description: 'Form fields (application/x-www-form-urlencoded), as the API reference documents' },
				{ name: 'JSON', value: 'json', description: 'The same fields as a JSON body (application/json), for panels that document JSON' },
			],
			default: 'form',
			description: 'How the fields and the API key are sent. The key is always in the body, never in the URL.',
		},
	];

	/**
	 * Adds the key to the form body of every request. A function rather than the declarative
	 * `{ body: { key: '={{$credentials.apiKey}}' } }`: that form makes n8n evaluate an expression for
	 * every request, which measurably slows batches of hundreds of requests, for the same result.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const body = (requestOptions.body ?? {}) as IDataObject;
		return { ...requestOptions, body: { ...body, key: String(credentials.apiKey ?? '') } };
	}
}
