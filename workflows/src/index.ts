/**
 * Workflow types and their messages, for clients (API, CLI) and the worker.
 *
 *   import { trajectoryWorkflow, recordMilestoneUpdate } from '@wegwijs/workflows';
 *   await client.workflow.start(trajectoryWorkflow, { workflowId, taskQueue, args: [input] });
 */
export { trajectoryWorkflow, BUSINESS_TIME_PATCH, EXACT_REPEAT_COUNT_PATCH, LEAN_RUN_LOOP_PATCH, LOCAL_EVENT_RECORDING_PATCH, STEADY_WAKE_UP_PATCH } from './trajectory/trajectory.workflow';
export { ONE_UPSERT_PER_ACTIVATION_PATCH } from './trajectory/search-attributes';
export * from './trajectory/trajectory.messages';
export * from './milestones/milestone-catalogue';
/** The pure interpreter, for clients that check before they send (the API) and plan (dry runs). */
export { clockStatusOn, derive, factProblems, correctionProblems, historyProblems, planStart, reportProblem, type StartPlan, type HistoryInput } from './engine';
/** The observability interceptors' header, for the client and activity interceptors that write and read it. */
export * from './correlation-header';
