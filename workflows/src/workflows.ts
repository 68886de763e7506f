/**
 * The worker's workflow bundle entry: every export here is registered as a workflow type, so it
 * exports workflow functions only.
 */
export { trajectoryWorkflow } from './trajectory/trajectory.workflow';
