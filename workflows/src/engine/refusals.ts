/**
 * Why the trajectory refuses what it is told: each refusal has a stable type (the workflow's
 * `ApplicationFailure.type`, which the API maps to an HTTP problem) and names the offending fields.
 */

export const MilestoneRejection = {
  unknownMilestone: 'UnknownMilestone',
  notExpectedNow: 'MilestoneNotExpected',
  roleNotAllowed: 'MilestoneRoleNotAllowed',
  invalidPayload: 'InvalidMilestonePayload',
  dateInFuture: 'MilestoneDateInFuture',
  dateTooEarly: 'MilestoneDateTooEarly',
  idempotencyKeyReused: 'IdempotencyKeyReused',
  trajectoryEnded: 'TrajectoryEnded',
} as const;

export const FactCorrectionRejection = {
  unknownFact: 'UnknownFact',
  invalidFactValue: 'InvalidFactValue',
  missingReason: 'MissingReason',
} as const;

export const RepairRejection = {
  unknownIncident: 'UnknownIncident',
  invalidSkipResult: 'InvalidSkipResult',
} as const;

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface Refusal {
  readonly type: string;
  readonly message: string;
  readonly fields?: readonly FieldProblem[];
  /** For a milestone not expected now: what is. */
  readonly expected?: readonly string[];
}

export function refusal(type: string, message: string, extra: Omit<Refusal, 'type' | 'message'> = {}): Refusal {
  return { type, message, ...extra };
}
