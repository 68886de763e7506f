/**
 * The milestones people and partner systems can report, for the definition validator: a
 * definition may only wait for milestones listed here, with at most these roles. (Shaped like
 * the validator's `MilestoneCapability`; workflow code does not import the Node-side toolchain.)
 */
export interface MilestoneDescription {
  readonly description: string;
  readonly roles?: readonly string[];
  readonly payload?: Readonly<Record<string, 'date' | 'string' | 'number' | 'boolean'>>;
}

export const MILESTONE_CAPABILITIES: Readonly<Record<string, MilestoneDescription>> = {
  'intake.completed': { description: 'The brede intake is done', roles: ['klantmanager'] },
};
