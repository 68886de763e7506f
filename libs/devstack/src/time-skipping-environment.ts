/**
 * Temporal's time-skipping test environment for workflow tests and the workflow benchmark: the Java
 * test server obtained by `ensureTimeSkippingServer` (cache, else a Maven install, else the SDK's
 * download), started by the SDK, with Wegwijs's search attributes registered. Create one per test
 * file, in `beforeAll`, and tear it down in `afterAll`: time skipping is global to an environment,
 * so tests sharing one must not run concurrently.
 *
 *   const env = await createTimeSkippingEnvironment();
 *   // …a worker on env.nativeConnection, workflows through env.client, env.sleep('2 years')…
 *   await env.teardown();
 *
 * Give that `beforeAll` a long timeout (e.g. 300 s): on a machine without the cached server the
 * first call installs it with Maven (about 30 s), and concurrent Jest workers wait for that one
 * install through a lock file. Normally the cache is filled beforehand by tools/ensure-dev-tools.ts.
 * `@temporalio/testing` loads only when this is called, so `npm start` never needs it.
 */
import type { temporal as proto } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '@wegwijs/domain';
import { defaultToolCacheDir } from './cache-dir';
import { ensureTimeSkippingServer } from './time-skipping-server';

/** The SDK's own words when the server did not accept gRPC within its fixed 5 s. */
const STARTUP_TIMEOUT_MESSAGE = /did not start within/;

export async function createTimeSkippingEnvironment(environment: NodeJS.ProcessEnv = process.env): Promise<TestWorkflowEnvironment> {
  const server = await ensureTimeSkippingServer({
    cacheDir: defaultToolCacheDir(environment),
    environment,
    configuredPath: environment.TEMPORAL_TEST_SERVER_PATH || undefined,
    allowSdkDownload: environment.WEGWIJS_NO_SDK_DOWNLOAD !== '1',
    // A first install shows up in the output rather than as an unexplained pause.
    onProgress: (message) => process.stderr.write(`[time-skipping server] ${message}\n`),
  });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const create = async () => registerSearchAttributes(await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: server.executable } }));
  try {
    return await create();
  } catch (error) {
    // The JVM starts in about 1 s even on a busy 2-core machine; one retry absorbs a rare stall
    // (e.g. every Jest worker starting a server at once) without hiding a server that never starts.
    if (!(error instanceof Error) || !STARTUP_TIMEOUT_MESSAGE.test(error.message)) throw error;
    process.stderr.write(`[time-skipping server] did not start within the SDK's 5 s, retrying once: ${error.message}\n`);
    return await create();
  }
}

/** The test server, like a real cluster, refuses search attributes it does not know: register ours. */
async function registerSearchAttributes(environment: TestWorkflowEnvironment): Promise<TestWorkflowEnvironment> {
  const { temporal } = await import('@temporalio/proto');
  const { IndexedValueType } = temporal.api.enums.v1;
  const indexedValueTypes: Record<string, proto.api.enums.v1.IndexedValueType> = {
    Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
    Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
    Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
    Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  };
  await environment.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).map(([name, type]) => [name, indexedValueTypes[type]])),
  });
  return environment;
}
