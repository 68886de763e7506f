import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from '@wegwijs/telemetry';
import { attemptCountInterceptors } from './attempt-count-interceptor';
import { activityLogInterceptors } from './telemetry/correlation-interceptors';
import { tracingActivityInterceptors, WORKFLOW_INTERCEPTOR_MODULES, workflowSpanSinks, type WorkflowSpanDestination } from './telemetry/tracing-interceptors';
import { technicalStallInterceptors } from './technical-stall-interceptor';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** The workflow bundle's entry: it exports workflow functions only. */
export const WORKFLOWS_PATH = join(WORKSPACE_ROOT, 'workflows/src/workflows.ts');

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
  /** Where the workflow's and activities' spans go (`installTracing(...)`); omitted: nowhere. */
  readonly tracing?: WorkflowSpanDestination;
  /** Each activity attempt's outcome is logged here, with the correlation id of the request behind it. */
  readonly logger?: Logger;
}

/** A worker that runs trajectory workflows and their activities on one task queue. */
export async function createTrajectoryWorker(options: TrajectoryWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...trajectoryWorkflowBundle(options.tracing),
    interceptors: {
      workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES],
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
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...workflowBundleAliases() } },
      }),
    },
  };
}
