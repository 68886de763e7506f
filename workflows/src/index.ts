/**
 * Workflow types and their messages, for clients (API, CLI) and the worker.
 *
 *   import { trajectoryWorkflow, recordMilestoneUpdate } from '@wegwijs/workflows';
 *   await client.workflow.start(trajectoryWorkflow, { workflowId, taskQueue, args: [input] });
 */
export { trajectoryWorkflow } from './trajectory/trajectory.workflow';
export * from './trajectory/trajectory.messages';
export * from './milestones/milestone-catalogue';
