import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfiguration, servedNamespaces, type WegwijsConfiguration } from '@wegwijs/config';
import {
  browserHost,
  defaultToolCacheDir,
  developmentIssuer,
  ensureDevelopmentPayloadKeys,
  ensureDevelopmentPersonDataKeys,
  ensureDevelopmentSigningKey,
  ensureTemporalCli,
  ensureWebAppBuilt,
  launchTemporalDevServer,
  RestartingProcess,
  startEmbeddedPostgres,
  startTemporalDevServer,
  startWegwijsProcess,
  waitUntilHealthy,
  WORKSPACE_ROOT,
  type EmbeddedPostgres,
  type RunningTemporalDevServer,
} from '@wegwijs/devstack';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '@wegwijs/temporal';

const READY_TIMEOUT_MS = 120_000;

/**
 * `wegwijs start`: the whole of Wegwijs on one machine, with embedded defaults — the Temporal
 * dev server and Web UI (persisting to a file), the embedded PostgreSQL, the worker and the API.
 * With TEMPORAL_ADDRESS or DATABASE_URL set it uses those and starts nothing of its own for them.
 * A worker, API or Temporal dev server that dies is started again (`RestartingProcess`, after
 * RESTART_DELAY, doubled per quick crash); meanwhile the API answers 503 for what needs the
 * missing part. Ctrl-C stops everything, in reverse order.
 */
export function buildStartCommand(): Command {
  return new Command('start')
    .description('run Wegwijs locally: Temporal dev server + Web UI, database, worker and API')
    .action(async () => {
      process.exitCode = await runLocalStack(loadConfiguration(process.env));
    });
}

/** The parts started so far, stopped in reverse order on Ctrl-C or when one of them dies. */
class LocalStack {
  private readonly stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  private stopping: Promise<void> | undefined;
  private failure: string | undefined;
  private markStopped!: () => void;
  /** Set once the API has answered healthy: from then on a part that dies is started again. */
  up = false;
  /** Settles once everything has been stopped, for whatever reason. */
  readonly stopped = new Promise<void>((resolveStopped) => (this.markStopped = resolveStopped));

  add(name: string, stop: () => Promise<void>): void {
    this.stoppers.push({ name, stop });
  }

  /** Something ended by itself: stop the rest and exit non-zero. */
  fail(reason: string): void {
    if (this.stopping) return;
    this.failure = reason;
    say(`${reason} — stopping Wegwijs`);
    void this.stop();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, stop } of [...this.stoppers].reverse()) {
        say(`stopping ${name}`);
        await stop().catch((error: unknown) => say(`${name} did not stop cleanly: ${String(error)}`));
      }
      this.markStopped();
    })();
    return this.stopping;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }
}

async function runLocalStack(config: WegwijsConfiguration): Promise<number> {
  const stack = new LocalStack();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal} received`);
      void stack.stop();
    });
  }
  const dataDir = resolve(WORKSPACE_ROOT, config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const childEnv: NodeJS.ProcessEnv = { ...process.env };

  try {
    if (!config.payloadEncryption.keys) childEnv.WEGWIJS_PAYLOAD_KEYS = await developmentPayloadKeys(config, dataDir);
    if (!config.personData.masterKeys) childEnv.WEGWIJS_PERSON_DATA_KEYS = await developmentPersonDataKeys(config, dataDir);
    if (!config.authentication.jwksUrl && !config.authentication.publicKey) Object.assign(childEnv, await developmentAuthentication(config, dataDir));
    say(`web app: ${await ensureWebAppBuilt({ onProgress: (line) => say(`web app: ${line}`) })}`);
    childEnv.DATABASE_URL = config.database.url ?? (await startDatabase(config, dataDir, stack)).url;
    const temporal = config.temporal.address ? undefined : await startTemporal(config, dataDir, stack);
    childEnv.TEMPORAL_ADDRESS = config.temporal.address ?? temporal?.address;

    for (const app of ['worker', 'api'] as const) {
      const restarting = await RestartingProcess.start({
        name: app,
        say,
        initialDelayMs: config.localStack.restartDelayMs,
        restartIf: () => stack.up,
        onGivenUp: (how) => stack.fail(how),
        start: (onExit) => {
          const child = startWegwijsProcess(app, { env: childEnv, output: (line) => process.stdout.write(`${line}\n`), onUnexpectedExit: onExit });
          say(`${app} started (pid ${child.pid})`);
          return child;
        },
      });
      stack.add(app, () => restarting.stop());
    }
    const apiUrl = `http://${config.api.host}:${config.api.port}`;
    const browserUrl = `http://${browserHost(config.api.host)}:${config.api.port}`;
    await waitUntilHealthy(`${apiUrl}/health`, {
      timeoutMs: READY_TIMEOUT_MS,
      shouldGiveUp: () => stack.failed,
      onWaiting: (waited) => say(`waiting for the API (${Math.round(waited / 1000)} s; the worker bundles workflow code on its first start)`),
    });
    if (stack.failed) throw new Error('start-up failed');
    stack.up = true;

    const uiUrl = config.temporal.uiUrl ?? (temporal ? `http://127.0.0.1:${config.temporal.uiPort}` : undefined);
    process.stdout.write(
      [
        '',
        'Wegwijs is running.',
        `  API:                ${apiUrl}`,
        `  Web app:            ${browserUrl}/app/`,
        `  OpenAPI docs:       ${apiUrl}/docs`,
        `  Temporal Web UI:    ${uiUrl ?? '(external cluster: set TEMPORAL_UI_URL to show it here)'}`,
        `  Temporal frontend:  ${childEnv.TEMPORAL_ADDRESS}`,
        `  Database:           ${config.database.url ? 'DATABASE_URL' : `embedded PostgreSQL in ${join(dataDir, 'postgres')}`}`,
        `  Sign-in:            ${childEnv.WEGWIJS_DEVELOPMENT_IDP === 'on' ? `development identity provider ${childEnv.AUTH_ISSUER} (users in README)` : `from ${childEnv.AUTH_ISSUER}`}`,
        `  Access tokens:      ${childEnv.WEGWIJS_DEVELOPMENT_IDP === 'on' ? 'npm run wegwijs -- tokens issue --role klantmanager --id km-0001 --municipality GM0392' : `from ${childEnv.AUTH_ISSUER}`}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stack.stop();
    return 1;
  }
  await stack.stopped;
  say('stopped');
  return stack.failed ? 1 : 0;
}

async function startDatabase(config: WegwijsConfiguration, dataDir: string, stack: LocalStack): Promise<EmbeddedPostgres> {
  const dir = join(dataDir, 'postgres');
  say(`starting embedded PostgreSQL (PGlite) in ${dir}`);
  const database = await startEmbeddedPostgres({ dataDir: dir, port: config.database.embeddedPort });
  stack.add('embedded PostgreSQL', () => database.stop());
  return database;
}

async function startTemporal(config: WegwijsConfiguration, dataDir: string, stack: LocalStack): Promise<RunningTemporalDevServer> {
  say('looking for the Temporal CLI (the first build from source takes several minutes)');
  const cli = await ensureTemporalCli({
    cacheDir: defaultToolCacheDir(process.env),
    environment: process.env,
    configuredPath: config.temporal.cliPath,
    onProgress: (message) => say(`temporal cli: ${message}`),
  });
  say(`Temporal CLI from ${cli.source}${cli.path ? `: ${cli.path}` : ''}`);
  const options = {
    host: '127.0.0.1',
    port: config.temporal.devServerPort,
    uiPort: config.temporal.uiPort,
    dbFilename: join(dataDir, 'temporal.sqlite'),
    // One per municipality with TEMPORAL_NAMESPACES, each with the search attributes.
    namespaces: servedNamespaces(config),
    searchAttributes: SEARCH_ATTRIBUTE_CLI_TYPES,
    // The Web UI decrypts payloads through the API, for supervisors only.
    codecEndpoint: `http://${browserHost(config.api.host)}:${config.api.port}/codec`,
    output: (line: string) => process.stdout.write(`${line}\n`),
  };
  const address = `${options.host}:${options.port}`;
  const cliPath = cli.path;
  if (!cliPath) {
    // The SDK's downloaded server runs under the SDK's control: it is not restarted.
    const server = await launchTemporalDevServer(cli, { ...options, onUnexpectedExit: (code, signal) => stack.fail(`Temporal dev server exited (${signal ?? `code ${code}`})`) });
    stack.add('Temporal dev server', () => server.stop());
    say(`Temporal dev server on ${server.address}`);
    return server;
  }
  // Restarted on the same SQLite file, it has every workflow it had; the worker and API reconnect by themselves.
  const server = await RestartingProcess.start({
    name: 'Temporal dev server',
    say,
    initialDelayMs: config.localStack.restartDelayMs,
    restartIf: () => stack.up,
    onGivenUp: (how) => stack.fail(how),
    start: async (onExit) => {
      const child = await startTemporalDevServer({ ...options, cliPath, onUnexpectedExit: onExit });
      say(`Temporal dev server on ${address} (pid ${child.pid})`);
      return child;
    },
  });
  stack.add('Temporal dev server', () => server.stop());
  return { address, stop: () => server.stop() };
}

/**
 * WEGWIJS_PAYLOAD_KEYS for the worker and API when it is not set: a development key kept in the
 * data directory — but only for the dev server this command runs. A cluster of someone else's
 * (TEMPORAL_ADDRESS) gets no key that lives in a local file: there the variable is required.
 */
async function developmentPayloadKeys(config: WegwijsConfiguration, dataDir: string): Promise<string> {
  if (config.temporal.address) {
    throw new Error('WEGWIJS_PAYLOAD_KEYS is required with TEMPORAL_ADDRESS: payloads on a shared cluster are encrypted with keys you manage');
  }
  const keys = await ensureDevelopmentPayloadKeys(dataDir);
  const keyId = keys.value.slice(0, keys.value.indexOf(':'));
  say(
    keys.created
      ? `payload encryption: generated development key ${keyId} in ${keys.path} (mode 0600); set WEGWIJS_PAYLOAD_KEYS anywhere else`
      : `payload encryption: development key ${keyId} from ${keys.path}`,
  );
  return keys.value;
}

/**
 * WEGWIJS_PERSON_DATA_KEYS when it is not set: a development master key in the data directory,
 * for the embedded database beside it only. A database of someone else's (DATABASE_URL) holds
 * real people's data: there the variable is required.
 */
async function developmentPersonDataKeys(config: WegwijsConfiguration, dataDir: string): Promise<string> {
  if (config.database.url) {
    throw new Error('WEGWIJS_PERSON_DATA_KEYS is required with DATABASE_URL: personal data in a shared database is encrypted with keys you manage');
  }
  const keys = await ensureDevelopmentPersonDataKeys(dataDir);
  const keyId = keys.value.slice(0, keys.value.indexOf(':'));
  say(
    keys.created
      ? `person data: generated development master key ${keyId} in ${keys.path} (mode 0600); set WEGWIJS_PERSON_DATA_KEYS anywhere else`
      : `person data: development master key ${keyId} from ${keys.path}`,
  );
  return keys.value;
}

/**
 * Authentication when no identity provider is configured: the development identity provider in
 * the API process (WEGWIJS_DEVELOPMENT_IDP), signing with the development key in the data
 * directory, whose private half `wegwijs tokens issue` uses too. The API verifies through that
 * provider's JWKS, as it would a municipality's provider.
 */
async function developmentAuthentication(config: WegwijsConfiguration, dataDir: string): Promise<NodeJS.ProcessEnv> {
  const key = await ensureDevelopmentSigningKey(dataDir);
  say(`${key.created ? 'generated' : 'using'} the development token-signing key ${key.path} (mode 0600); set AUTH_JWKS_URL and AUTH_ISSUER for a real identity provider`);
  const issuer = developmentIssuer(config.api);
  return { AUTH_ISSUER: issuer, AUTH_JWKS_URL: `${issuer}/jwks`, WEGWIJS_DEVELOPMENT_IDP: 'on' };
}

export { browserHost };

function say(message: string): void {
  process.stdout.write(`[wegwijs] ${message}\n`);
}
