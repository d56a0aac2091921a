/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The process-wide services n8n-core reaches for through its DI container, set up once per module
 * registry (Jest gives every test file its own), quietly and without touching ~/.n8n.
 *
 * n8n-core resolves `Logger`, `InstanceSettings`, `ErrorReporter`, `OutboundHttp`, `TriggersAndPollers`,
 * `PollTriggerExecutor`, `BinaryDataService`, ... with `Container.get()`. Everything builds itself on
 * first use except two services whose defaults are wrong for tests:
 * - `InstanceSettings` reads or creates `~/.n8n/config` (an encryption key) in its constructor, so it
 *   gets a folder under the OS temp dir and a fixed test key instead;
 * - `Logger` would print to the console, so it is created with level "silent" (which also silences
 *   n8n-workflow's `LoggerProxy`, because the root logger registers itself there).
 * n8n's deduplication store is initialised with an in-memory one that behaves as the CLI's (deduplication.ts).
 * `BinaryDataService` is left uninitialised on purpose: without a storage manager it keeps binary
 * data inline (base64 in memory), so nothing is written to disk.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { DataDeduplicationService, InstanceSettings } from 'n8n-core';

import { InMemoryDeduplicator } from './deduplication';

import { installPatientRegexEngine } from './regex';

/** The encryption key n8n-core's `Credentials`/`Cipher` use in tests. Not a secret. */
export const TEST_ENCRYPTION_KEY = 'n8n-nodes-smm-panel-engine-harness';

/** A class as `@n8n/di` sees it: something to construct, or to look an instance up by. */
// `never[]` accepts constructors with any parameter list without resorting to `any`.
export type ServiceClass<T> = abstract new (...args: never[]) => T;

/** The part of `@n8n/di`'s `Container` the harness uses. */
export interface DiContainer {
	get<T>(type: ServiceClass<T>): T;
	set<T>(type: ServiceClass<T>, instance: T): void;
}

type N8nLogger = ConstructorParameters<typeof InstanceSettings>[1];
type InstanceSettingsConfig = ConstructorParameters<typeof InstanceSettings>[0];

/** The fields of `@n8n/config`'s `InstanceSettingsConfig` that `InstanceSettings` reads. */
interface InstanceSettingsConfigFields {
	n8nFolder: string;
	userHome: string;
	encryptionKey: string;
	enforceSettingsFilePermissions: boolean;
}

/** The fields of `@n8n/config`'s `GlobalConfig` that `Logger` reads. */
interface LoggerConfigFields {
	logging: { level: 'silent'; outputs: string[]; scopes: string[] };
}

type LoggerClass = new (globalConfig: LoggerConfigFields, instanceSettingsConfig: InstanceSettingsConfigFields) => N8nLogger;

/**
 * Loads a package the way n8n-core itself resolves it. This matters: npm installed n8n-core's own
 * copies of `@n8n/di`, `@n8n/backend-common`, ... under node_modules/n8n-core/node_modules, and the
 * top-level copies (other versions, pulled in by @n8n/node-cli) hold a *different* DI container.
 */
const requireFromN8nCore = createRequire(require.resolve('n8n-core'));

let container: DiContainer | undefined;
let runtimeLogger: N8nLogger | undefined;

/** The Logger every node's `this.logger` is (silent): tests spy on it to see what a node logs. */
export function n8nLogger(): N8nLogger {
	ensureN8nRuntime();
	if (!runtimeLogger) throw new Error('The n8n runtime has no logger');
	return runtimeLogger;
}

/** n8n's deduplication store as the harness keeps it: one per module registry, like n8n's database. */
const deduplicator = new InMemoryDeduplicator();

export function deduplicationStore(): InMemoryDeduplicator {
	return deduplicator;
}

/** Sets up n8n-core's services (once) and returns the DI container n8n-core uses. */
export function ensureN8nRuntime(): DiContainer {
	if (container) return container;

	const di = requireFromN8nCore('@n8n/di') as { Container: DiContainer };
	const { Logger } = requireFromN8nCore('@n8n/backend-common') as { Logger: LoggerClass };

	// One fixed folder per user, reused by every run: InstanceSettings writes its `config` file there
	// once (always the same content, as the key is fixed), so nothing piles up and nothing needs
	// cleaning (Jest's sandboxed `process` would not reliably run an exit handler anyway).
	const n8nFolder = join(tmpdir(), `n8n-engine-harness-${userInfo().uid}`);
	mkdirSync(n8nFolder, { recursive: true });

	const settingsConfig: InstanceSettingsConfigFields = {
		n8nFolder,
		userHome: n8nFolder,
		encryptionKey: TEST_ENCRYPTION_KEY,
		enforceSettingsFilePermissions: false,
	};
	const logger = new Logger({ logging: { level: 'silent', outputs: [], scopes: [] } }, settingsConfig);
	di.Container.set(Logger, logger);
	runtimeLogger = logger;
	// Plain objects stand in for the @n8n/config classes; InstanceSettings only reads the fields above.
	di.Container.set(
		InstanceSettings,
		new InstanceSettings(settingsConfig as unknown as InstanceSettingsConfig, logger),
	);

	// What the CLI does at start-up (with its database-backed DeduplicationHelper).
	void DataDeduplicationService.init(deduplicator);
	// Parameter validation's regex timeout is wall time; a loaded machine must not trip it (regex.ts).
	installPatientRegexEngine();

	container = di.Container;
	return container;
}
