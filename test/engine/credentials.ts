/**
 * Credentials for engine runs: kept in memory by ID, handed to nodes by n8n-core through
 * `ICredentialsHelper`, and applied to requests the way n8n's CLI `CredentialsHelper` does
 * (packages/cli/src/credentials-helper.ts): defaults filled in from the credential type, expressions
 * in the data resolved, and `authenticate` applied by n8n, so node code never adds the key itself.
 */
import { Credentials, getAdditionalKeys } from 'n8n-core';
import { ICredentialsHelper, NodeHelpers, UserError, Workflow, deepCopy, isExpression } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentials,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { fromPackageFile } from './node-types';
import { ensureN8nRuntime } from './runtime';

/** One saved credential, as n8n stores it (decrypted). */
export interface StoredCredential {
	type: string;
	name?: string;
	data: ICredentialDataDecryptedObject;
}

/** Saved credentials by ID: what `runWorkflow`'s `credentials` option takes. */
export type StoredCredentials = Record<string, StoredCredential>;

/** A saved credential plus the reference a node uses to select it (`node.credentials`). */
export interface CredentialFixture extends StoredCredential {
	id: string;
	name: string;
	reference: INodeCredentials;
}

export const SMM_PANEL_API_CREDENTIAL_TYPE = 'smmPanelApi';

export interface SmmPanelApiData {
	url: string;
	apiKey: string;
	timeout?: number;
	userAgent?: string;
	requestsPerMinute?: number;
	batchRequests?: 'auto' | 'always' | 'single';
	requestBody?: 'form' | 'json';
}

/**
 * A saved "SMM Panel API" credential. Use it in `runNode({ credentials })`, or in a workflow as
 * `credentials: { [cred.id]: cred }` plus `node.credentials = cred.reference`.
 */
export function smmPanelApiCredential(
	data: SmmPanelApiData,
	{ id = 'smm-1', name = 'SMM Panel account' }: { id?: string; name?: string } = {},
): CredentialFixture {
	return {
		id,
		name,
		type: SMM_PANEL_API_CREDENTIAL_TYPE,
		data: { ...data },
		reference: { [SMM_PANEL_API_CREDENTIAL_TYPE]: { id, name } },
	};
}

const credentialTypeFactories = new Map<string, () => ICredentialType>([
	[SMM_PANEL_API_CREDENTIAL_TYPE, fromPackageFile<ICredentialType>('credentials/SmmPanelApi.credentials.ts', 'SmmPanelApi')],
]);
const loadedCredentialTypes = new Map<string, ICredentialType>();

/** Makes a credential type known to the harness (this package's own is known already). */
export function registerCredentialType(name: string, factory: () => ICredentialType): void {
	credentialTypeFactories.set(name, factory);
	loadedCredentialTypes.delete(name);
}

export function loadCredentialType(name: string): ICredentialType {
	const cached = loadedCredentialTypes.get(name);
	if (cached) return cached;
	const factory = credentialTypeFactories.get(name);
	if (!factory) throw new UserError(`Unknown credential type "${name}". Register it with registerCredentialType().`);
	const credentialType = factory();
	loadedCredentialTypes.set(name, credentialType);
	return credentialType;
}

/**
 * When a credential is read outside an item's context (e.g. by a poll), n8n resolves expressions in
 * its data against a throwaway workflow holding one inert node; this is that node and its type.
 */
const resolverNode: INode = {
	id: 'credential-expression-resolver',
	name: '',
	type: 'harness.credentialExpressionResolver',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const resolverNodeType: INodeType = {
	description: {
		displayName: 'Credential expression resolver',
		name: 'credentialExpressionResolver',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};
const resolverNodeTypes: INodeTypes = {
	getByName: () => resolverNodeType,
	getByNameAndVersion: () => resolverNodeType,
	getKnownTypes: () => ({}),
};

type RequestOptionsBySection = Record<string, IDataObject | undefined>;

export class InMemoryCredentialsHelper extends ICredentialsHelper {
	private readonly saved = new Map<string, StoredCredential>();

	constructor(credentials: StoredCredentials = {}) {
		super();
		for (const [id, credential] of Object.entries(credentials)) {
			// Copied so a node that updates its credential (e.g. a token refresh) cannot change the fixture.
			this.saved.set(id, { type: credential.type, name: credential.name, data: deepCopy(credential.data) });
		}
	}

	/** The data of a saved credential as it is now (after any updates made during runs). */
	savedData(id: string): ICredentialDataDecryptedObject | undefined {
		return this.saved.get(id)?.data;
	}

	private find(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential & { id: string } {
		const { id } = nodeCredentials;
		if (!id) {
			throw new UserError(`The node's "${nodeCredentials.name}" credential of type "${type}" has no ID; select it again`);
		}
		const credential = this.saved.get(id);
		if (!credential || credential.type !== type) {
			throw new UserError(`Credential with ID "${id}" does not exist for type "${type}".`);
		}
		return { id, ...credential };
	}

	getParentTypes(typeName: string): string[] {
		const parents = loadCredentialType(typeName).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		let typeDefinition: ICredentialType;
		try {
			typeDefinition = loadCredentialType(credentialType);
		} catch {
			return true; // as in n8n: an unknown type fails later, with a better message
		}
		if (!typeDefinition.restrictToSupportedNodes) return true;
		return (typeDefinition.supportedNodes ?? []).some((shortName) => nodeType.endsWith(`.${shortName}`));
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = loadCredentialType(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = deepCopy(this.find(nodeCredentials, type).data);
		if (raw === true) return stored;

		// The credential type's defaults fill the fields the user left out, as in n8n.
		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} else if (Object.values(data).some(isExpression)) {
			const workflow = new Workflow({ nodes: [resolverNode], connections: {}, active: false, nodeTypes: resolverNodeTypes });
			data = workflow.expression.getComplexParameterValue(
				resolverNode,
				data as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = loadCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) {
				throw new UserError('Workflow and node are required for declarative credential authentication');
			}
			requestOptions.headers ??= {};
			const sections = requestOptions as unknown as RequestOptionsBySection;
			for (const [section, properties] of Object.entries(authenticate.properties)) {
				// `url` and `skipSslCertificateValidation` are single values, not key/value maps.
				if (typeof properties !== 'object' || properties === null) continue;
				for (const [key, value] of Object.entries(properties)) {
					const resolvedKey = this.resolveValue(key, credentials, workflow, node);
					const target = (sections[section] ??= {});
					target[resolvedKey] = this.resolveValue(String(value), credentials, workflow, node);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Resolves `={{$credentials.x}}` in an `authenticate` template; as in n8n, falsy results become ''. */
	private resolveValue(template: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): string {
		if (!isExpression(template)) return template;
		const value = workflow.expression.getSimpleParameterValue(node, template, 'internal', { $credentials: credentials }, undefined, '');
		return value ? String(value) : '';
	}

	/** Refreshes an expirable token (a hidden property with `expirable: true`) when it is empty or expired. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = loadCredentialType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[credentialType.name];
		if (!reference) return undefined;
		const saved = this.find(reference, credentialType.name);
		this.saved.set(saved.id, { type: saved.type, name: saved.name, data: { ...saved.data, ...output } });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = loadCredentialType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return (await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	/** n8n-core's own `Credentials`, encrypted with the harness's test key. */
	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		ensureN8nRuntime();
		const saved = this.find(nodeCredentials, type);
		const credentials = new Credentials({ id: saved.id, name: saved.name ?? nodeCredentials.name }, type);
		await credentials.setData(deepCopy(saved.data));
		return credentials;
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const saved = this.find(nodeCredentials, type);
		this.saved.set(saved.id, { type, name: saved.name, data: deepCopy(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const saved = this.find(nodeCredentials, type);
		this.saved.set(saved.id, { type, name: saved.name, data: { ...saved.data, oauthTokenData: data.oauthTokenData } });
	}
}
