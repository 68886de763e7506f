/**
 * Runs the Temporal dev server (from the Temporal CLI) with its Web UI, persisting to a SQLite
 * file so workflows survive a restart, and with Wegwijs's search attributes registered.
 */
import { canConnect } from './tool-sources';
import { SupervisedProcess } from './supervised-process';

export interface TemporalDevServerOptions {
  readonly cliPath: string;
  readonly host: string;
  readonly port: number;
  readonly uiPort: number;
  /** The SQLite file; omitted: in memory (tests). */
  readonly dbFilename?: string;
  /**
   * The namespaces to register besides `default` (which the dev server always has): one per
   * municipality with TEMPORAL_NAMESPACES; the search attributes are registered in each.
   */
  readonly namespaces: readonly string[];
  /** Name → CLI type (`Keyword`, `Int`, …). */
  readonly searchAttributes: Readonly<Record<string, string>>;
  /** The API's codec endpoint, so the Web UI can show decrypted payloads to those allowed. */
  readonly codecEndpoint?: string;
  readonly headless?: boolean;
  readonly output: (line: string) => void;
  readonly onUnexpectedExit: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** The command-line arguments of `temporal server start-dev` for these options. */
export function temporalDevServerArgs(options: Omit<TemporalDevServerOptions, 'cliPath' | 'output' | 'onUnexpectedExit'>): string[] {
  // 'error': the dev server's warnings are mostly its own workers reconnecting while it stops.
  const args = ['server', 'start-dev', '--ip', options.host, '--port', String(options.port), '--log-level', 'error'];
  if (options.headless) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  return [...args, ...namespaceArgs(options.namespaces), ...registrationArgs(options)];
}

/** `--namespace` for each namespace but `default`, which the dev server makes anyway. */
function namespaceArgs(namespaces: readonly string[]): string[] {
  return [...new Set(namespaces)].filter((namespace) => namespace !== 'default').flatMap((namespace) => ['--namespace', namespace]);
}

/** The arguments that register search attributes and the UI's codec endpoint. */
function registrationArgs(options: Pick<TemporalDevServerOptions, 'searchAttributes' | 'codecEndpoint'>): string[] {
  const args = Object.entries(options.searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  return args;
}

/** Thrown when the dev server does not accept connections within the start-up window. */
export class TemporalDevServerStartTimeoutError extends Error {
  constructor(
    readonly address: string,
    readonly waitedMs: number,
  ) {
    super(`The Temporal dev server did not accept connections on ${address} within ${Math.round(waitedMs / 1000)} s`);
    this.name = 'TemporalDevServerStartTimeoutError';
  }
}

export async function startTemporalDevServer(options: TemporalDevServerOptions, startTimeoutMs = 60_000): Promise<SupervisedProcess> {
  const process = new SupervisedProcess({
    name: 'temporal',
    command: options.cliPath,
    args: temporalDevServerArgs(options),
    env: { ...globalThis.process.env },
    output: options.output,
    onUnexpectedExit: options.onUnexpectedExit,
  });
  const startedAt = Date.now();
  while (!(await canConnect(options.host, options.port, 1000))) {
    if (Date.now() - startedAt > startTimeoutMs) {
      await process.stop();
      throw new TemporalDevServerStartTimeoutError(`${options.host}:${options.port}`, Date.now() - startedAt);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return process;
}

export interface RunningTemporalDevServer {
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * Starts the dev server from whichever source `ensureTemporalCli` found: our own supervised
 * process for a binary on disk (its log visible, a generous start-up window), or the SDK's
 * ephemeral server when only the SDK's download is available (machines with internet).
 */
export async function launchTemporalDevServer(
  cli: { readonly path?: string },
  options: Omit<TemporalDevServerOptions, 'cliPath'>,
): Promise<RunningTemporalDevServer> {
  const address = `${options.host}:${options.port}`;
  if (cli.path) {
    const server = await startTemporalDevServer({ ...options, cliPath: cli.path });
    return { address, stop: () => server.stop() };
  }
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const environment = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: options.host,
      port: options.port,
      ui: !options.headless,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      extraArgs: [...namespaceArgs(options.namespaces), ...registrationArgs(options)],
    },
  });
  return { address, stop: () => environment.teardown() };
}
