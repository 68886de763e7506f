/** The milestones the trajectory workflow accepts: the shared catalogue in the domain. */
export { MILESTONE_CAPABILITIES, type MilestoneDescription } from '@wegwijs/domain';
