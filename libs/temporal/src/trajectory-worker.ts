import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { attemptCountInterceptors } from './attempt-count-interceptor';
import { FAILURE_CONVERTER_PATH } from './payload-codec';
import { technicalStallInterceptors } from './technical-stall-interceptor';
import { withFasterWorkflowCode } from './workflow-bundle-speed';

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
}

/** A worker that runs trajectory workflows and their activities on one task queue. */
export async function createTrajectoryWorker(options: TrajectoryWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    interceptors: { activity: [attemptCountInterceptors, ...(options.technicalStallAfterMs !== undefined ? [technicalStallInterceptors(options.technicalStallAfterMs)] : [])] },
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : trajectoryWorkflowBundle()),
  });
}

/**
 * Where the workflow code is and how to bundle it: for workers and for replaying histories.
 * The workflow benchmark bundles its own entry with these `bundlerOptions`.
 */
export function trajectoryWorkflowBundle(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  return {
    workflowsPath: WORKFLOWS_PATH,
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
 * The bundle a worker with `encryptedDataConverter` would make at start: the workflow code and
 * the failure converter, which runs inside the workflow sandbox. (Workflow interceptor modules,
 * should any be added, must be listed here too: a worker ignores them when given a bundle.)
 */
function bundleTrajectoryWorkflows(): ReturnType<typeof bundleWorkflowCode> {
  const { workflowsPath, bundlerOptions } = trajectoryWorkflowBundle();
  return bundleWorkflowCode({ workflowsPath: workflowsPath!, failureConverterPath: FAILURE_CONVERTER_PATH, ...bundlerOptions });
}
