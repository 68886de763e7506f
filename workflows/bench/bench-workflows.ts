/**
 * The workflow benchmark's bundle entry: the interpreter and its hand-written baseline side by
 * side, so both replay from the same bundle. The production bundle (workflows/src/workflows.ts)
 * never contains the baseline.
 */
export { trajectoryWorkflow } from '@wegwijs/workflows';
export { handWrittenWorkRoute } from './hand-written-work-route.workflow';
