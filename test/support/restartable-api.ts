/**
 * An API process of a test's own, to stop and start again while a browser has the app open: the
 * same program, database, Temporal and development signing key as the tests' shared API
 * (global-setup.ts), on a port of its own, serving the web app and the development identity
 * provider there. Restarted on the same port with the same key, the tokens the browser holds stay
 * valid, as they would after a deployment's rolling restart.
 *
 *   const api = await startRestartableApi();
 *   await api.stop();  …  await api.start();
 *   await api.stop();
 */
import { developmentIssuer, startWegwijsProcess, waitUntilHealthy, type SupervisedProcess } from '@wegwijs/devstack';
import { freePort } from './free-port';
import { TEST_FRONT_END_ORIGIN } from './front-end-origin';

export interface RestartableApi {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableApi(): Promise<RestartableApi> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const issuer = developmentIssuer({ host: '127.0.0.1', port });
  const env = {
    ...process.env,
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '2',
    API_CORS_ORIGINS: TEST_FRONT_END_ORIGIN,
    WEGWIJS_DEVELOPMENT_IDP: 'on',
    AUTH_ISSUER: issuer,
    AUTH_PUBLIC_KEY: '',
    AUTH_JWKS_URL: `${issuer}/jwks`,
  };
  let running: SupervisedProcess | undefined;
  let died: string | undefined;
  const start = async () => {
    died = undefined;
    running = startWegwijsProcess('api', {
      env,
      output: (line) => process.stderr.write(`[restartable api] ${line}\n`),
      onUnexpectedExit: (code, signal) => {
        died = `exited (${signal ?? `code ${code}`})`;
      },
    });
    await waitUntilHealthy(`${url}/health`, { timeoutMs: 120_000, shouldGiveUp: () => died !== undefined });
    if (died) throw new Error(`the restartable API did not start: ${died}`);
  };
  const stop = async () => {
    await running?.stop();
    running = undefined;
  };
  await start();
  return { url, start, stop };
}
