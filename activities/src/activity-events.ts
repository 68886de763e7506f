/**
 * The events the domain activities write to a trajectory's stream, with their payloads at schema
 * version 1. Payloads hold no personal data: no names, contact details, language or amounts —
 * only what the municipality needs to report on the programme.
 */
import type { TaskTeam } from '@wegwijs/domain';

export interface ActivityEventPayloads {
  'task.opened': { taskId: string; kind: string; assigneeTeam: TaskTeam; dueOn: string | null; completionMilestone: string | null; nodeId: string };
  'coa.tvsProfileAssessed': { complete: boolean; score: number; presentSections: TvsSection[]; missingSections: TvsSection[]; nodeId: string };
  'coa.profileCompletionRequested': { missingSections: TvsSection[]; taskId: string; nodeId: string };
  'basis.arrangementTasksOpened': { taskIds: string[]; nodeId: string };
  'noa.assessmentBooked': { bookingId: string; startsAt: string; interpreterNeeded: boolean; attempt: number; nodeId: string };
  'noa.noShowRecorded': { bookingId: string; noShows: number; nodeId: string };
  'noa.noShowsEscalated': { noShows: number; taskId: string; nodeId: string };
  'noa.followUpTalkInvited': { audiences: string[]; nodeId: string };
  'financieelOntzorgen.started': { startedOn: string; endsOn: string; directlyPaidFixedCosts: string[]; nodeId: string };
  'financieelOntzorgen.ended': { endedOn: string; evaluationTaskId: string; nodeId: string };
  'finance.budgetCoachRequested': { taskId: string; nodeId: string };
  'finance.debtHelpRequested': { taskId: string; nodeId: string };
  'klantmanager.notified': { messageKind: string; nodeId: string };
  'inburgering.warningSent': { clockId: string; offset: string; deadline: string; audiences: string[]; ownLanguageParagraph: boolean; nodeId: string };
  'inburgering.deadlinePassedEscalated': { clockId: string; deadline: string; taskId: string; nodeId: string };
  'guidance.started': { startedOn: string; endsOn: string | null; nodeId: string };
  'guidance.handoverMeetingScheduled': { meetBefore: string; taskId: string; audiences: string[]; nodeId: string };
  'guidance.handoverRecorded': { handedOverOn: string; acceptBy: string; acceptanceTaskId: string; nodeId: string };
  'guidance.handoverAcceptanceEscalated': { acceptBy: string; taskId: string; nodeId: string };
  'referral.requested': { programme: string; taskId: string; nodeId: string };
  'handover.toNewMunicipalityRequested': { newMunicipality: string | null; taskId: string; nodeId: string };
}

export type ActivityEventType = keyof ActivityEventPayloads;

/** The sections the 2019 report (§4) says COA should fill in the TVS profile, plus the care/WMO needs it exists for. */
export const TVS_SECTIONS = ['education', 'workExperience', 'receptionActivities', 'careAndWmoNeeds'] as const;
export type TvsSection = (typeof TVS_SECTIONS)[number];

/** Schema version of every payload above. */
export const ACTIVITY_EVENT_SCHEMA_VERSION = 1;
