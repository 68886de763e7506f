/**
 * The workflow benchmark's bundle entry: the interpreter before the rebuild for business time
 * (the frozen legacy code), the interpreter after it, and their hand-written baseline side by
 * side, so all three replay from the same bundle. The production bundle
 * (workflows/src/workflows.ts) never contains the baseline, and reaches the legacy interpreter
 * only behind its patch.
 */
export { trajectoryWorkflow } from '@wegwijs/workflows';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the frozen interpreter on its own, for the before/after measurement; no part of the package's API (production reaches it only behind the business-time patch)
export { legacyTrajectoryWorkflow } from '../src/legacy/legacy-trajectory.workflow';
export { handWrittenWorkRoute } from './hand-written-work-route.workflow';
