import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import type { Logger } from '@wegwijs/telemetry';
import { attemptCountInterceptors } from './attempt-count-interceptor';
import { FAILURE_CONVERTER_PATH } from './payload-codec';
import { activityLogInterceptors } from './telemetry/correlation-interceptors';
import { tracingActivityInterceptors, WORKFLOW_INTERCEPTOR_MODULES, workflowSpanSinks, type WorkflowSpanDestination } from './telemetry/tracing-interceptors';
import { technicalStallInterceptors } from './technical-stall-interceptor';
import { withFasterWorkflowCode } from './workflow-bundle-speed';
import type { WorkflowTaskTuning } from './worker-tuning';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** The workflow bundle's entry: it exports workflow functions only. */
export const WORKFLOWS_PATH = join(WORKSPACE_ROOT, 'workflows/src/workflows.ts');

/** Where `npm run build:workflows` writes the prebuilt bundle (dist/ is never committed). */
export const PREBUILT_WORKFLOW_BUNDLE_PATH = join(WORKSPACE_ROOT, 'dist/workflows/trajectory-workflows.js');

/**
 * The `@wegwijs/*` path aliases as webpack aliases, so the workflow bundle resolves them the
 * way TypeScript does.
 */
export function workflowBundleAliases(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [`${alias}$`, join(WORKSPACE_ROOT, target)]),
  );
}

export interface TrajectoryWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  /** `createActivities(deps)` from activities/, or typed doubles in workflow tests. */
  readonly activities: object;
  /**
   * `encryptedDataConverter(config)` in the worker process. Omitted (time-skipping tests):
   * Temporal's default converter, payloads in plain JSON.
   */
  readonly dataConverter?: DataConverter;
  /**
   * TECHNICAL_STALL_AFTER: an activity failing for longer marks its trajectory stuck with its
   * error class. Omitted: no technical-stall detection (workflow tests about other things).
   */
  readonly technicalStallAfterMs?: number;
  /**
   * The workflow code, bundled once (`trajectoryWorkflowCode`): a prebuilt bundle in production,
   * or one bundle shared by the workers of every namespace. Omitted: webpack bundles it now.
   */
  readonly workflowBundle?: WorkflowBundleOption;
  /** Where the workflow's and activities' spans go (`installTracing(...)`); omitted: nowhere. */
  readonly tracing?: WorkflowSpanDestination;
  /** Each activity attempt's outcome is logged here, with the correlation id of the request behind it. */
  readonly logger?: Logger;
  /** `workflowTaskTuning(config)` in the worker process; omitted (workflow tests): the SDK's defaults. */
  readonly tuning?: WorkflowTaskTuning;
}

/** A worker that runs trajectory workflows and their activities on one task queue. */
export async function createTrajectoryWorker(options: TrajectoryWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...options.tuning,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    // A prebuilt bundle already holds the workflow interceptor modules (bundleTrajectoryWorkflows);
    // only the sink their spans leave through is given at run time.
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle, sinks: workflowSpanSinks(options.tracing) } : trajectoryWorkflowBundle(options.tracing)),
    interceptors: {
      ...(options.workflowBundle ? {} : { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES] }),
      activity: [
        tracingActivityInterceptors,
        ...(options.logger ? [activityLogInterceptors(options.logger)] : []),
        attemptCountInterceptors,
        ...(options.technicalStallAfterMs !== undefined ? [technicalStallInterceptors(options.technicalStallAfterMs)] : []),
      ],
    },
  });
}

/**
 * Where the workflow code is and how to bundle it, with the telemetry interceptors and the sink
 * their spans leave through: for workers and for replaying histories (which thereby check that
 * the interceptors keep the workflow deterministic). The workflow benchmark bundles its own entry
 * with these `bundlerOptions`.
 */
export function trajectoryWorkflowBundle(tracing?: WorkflowSpanDestination): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions' | 'interceptors' | 'sinks'> {
  return {
    workflowsPath: WORKFLOWS_PATH,
    interceptors: { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES] },
    sinks: workflowSpanSinks(tracing),
    bundlerOptions: {
      webpackConfigHook: (config) =>
        withFasterWorkflowCode({
          ...config,
          resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...workflowBundleAliases() } },
        }),
    },
  };
}

/** Thrown when a production worker finds no prebuilt workflow bundle where it should be. */
export class WorkflowBundleMissingError extends Error {
  constructor(readonly path: string) {
    super(`No prebuilt workflow bundle at ${path}: run \`npm run build:workflows\` when building the release (production workers never bundle at start)`);
    this.name = 'WorkflowBundleMissingError';
  }
}

/**
 * Bundles the workflow code with webpack, as a worker would at start, and writes it to `path`:
 * `npm run build:workflows` at build time, so production workers start without webpack.
 */
export async function buildTrajectoryWorkflowBundle(path = PREBUILT_WORKFLOW_BUNDLE_PATH): Promise<{ path: string; bytes: number }> {
  const { code } = await bundleTrajectoryWorkflows();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, code);
  return { path, bytes: Buffer.byteLength(code) };
}

/**
 * The workflow code a worker process runs. In production (`NODE_ENV=production`), or when
 * WORKFLOW_BUNDLE_PATH names one, the prebuilt bundle — it must exist: a release runs exactly the
 * code it was built and replay-checked with. Elsewhere the sources, bundled once now and shared by
 * the workers of every namespace (a stale file in dist/ is never picked up by accident).
 */
export async function trajectoryWorkflowCode(options: { readonly bundlePath: string | undefined; readonly production: boolean }): Promise<WorkflowBundleOption> {
  const configuredPath = options.bundlePath;
  if (configuredPath || options.production) {
    const codePath = resolve(configuredPath ?? PREBUILT_WORKFLOW_BUNDLE_PATH);
    if (!existsSync(codePath)) throw new WorkflowBundleMissingError(codePath);
    return { codePath };
  }
  return bundleTrajectoryWorkflows();
}

/**
 * The bundle a worker with `encryptedDataConverter` would make at start: the workflow code, the
 * telemetry's workflow interceptors and the failure converter, which run inside the workflow
 * sandbox (a worker given a bundle ignores `interceptors.workflowModules`, so they go in here).
 */
function bundleTrajectoryWorkflows(): ReturnType<typeof bundleWorkflowCode> {
  const { workflowsPath, bundlerOptions } = trajectoryWorkflowBundle();
  return bundleWorkflowCode({
    workflowsPath: workflowsPath!,
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...bundlerOptions,
  });
}
