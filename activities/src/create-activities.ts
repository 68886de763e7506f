import type { EventStore, NotificationOutbox, TaskStore } from '@wegwijs/persistence';
import { basisOpOrdeActivities } from './basis-op-orde/basis-op-orde.activities';
import { coaHandoverActivities } from './coa-handover/coa-handover.activities';
import type { TvsProfileSource } from './coa-handover/tvs-profile-source';
import { recordTrajectoryEventsActivity, supersedeEffectsActivity } from './engine/record-trajectory-events';
import { financieelOntzorgenActivities } from './financieel-ontzorgen/financieel-ontzorgen.activities';
import { guidanceHandoverActivities } from './guidance-handover/guidance-handover.activities';
import { inburgeringActivities } from './inburgering/inburgering.activities';
import type { NoaAgenda } from './noa/noa-agenda';
import { noaActivities } from './noa/noa.activities';
import { notifyKlantmanagerActivity } from './notifications/notify-klantmanager.activity';
import type { CaseTeamDirectory } from './shared/case-team-directory';
import type { PersonDirectory } from './shared/person-directory';
import { cancellationActivities } from './cancellation/cancellation.activities';
import { humanTaskActivities } from './human-tasks/human-task.activities';
import { referralActivities } from './referrals/referral.activities';
import { recordTrajectoryEventActivity } from './trajectory-events/record-trajectory-event';

/** What the activities need from the world; the worker wires real adapters, unit tests doubles. */
export interface ActivityDependencies {
  readonly eventStore: EventStore;
  readonly now: () => Date;
  /** Tasks for people (klantmanagers, teams, supervisors). */
  readonly taskStore: TaskStore;
  /** Events with the e-mails they cause, in one transaction. */
  readonly outbox: NotificationOutbox;
  /** The person's contact and language (personal data). */
  readonly people: PersonDirectory;
  /** The klantmanager and the teams' mailboxes of a trajectory. */
  readonly caseTeam: CaseTeamDirectory;
  /** COA's TVS profiles. */
  readonly tvsProfiles: TvsProfileSource;
  /** NOA's assessment agenda. */
  readonly noaAgenda: NoaAgenda;
}

/**
 * Every activity the worker registers, built over its dependencies. Engine activities serve the
 * interpreter itself; the others are named by service tasks in definitions.
 */
export function createActivities(deps: ActivityDependencies) {
  return {
    recordTrajectoryEvents: recordTrajectoryEventsActivity(deps.eventStore, deps.taskStore, deps.now),
    supersedeEffects: supersedeEffectsActivity(deps.taskStore, deps.now),
    recordTrajectoryEvent: recordTrajectoryEventActivity(deps.eventStore, deps.now),
    notifyKlantmanager: notifyKlantmanagerActivity(deps),
    ...coaHandoverActivities(deps),
    ...basisOpOrdeActivities(deps),
    ...noaActivities(deps),
    ...financieelOntzorgenActivities(deps),
    ...inburgeringActivities(deps),
    ...guidanceHandoverActivities(deps),
    ...referralActivities(deps),
    ...cancellationActivities(deps),
    ...humanTaskActivities(deps),
  };
}

export type WegwijsActivities = ReturnType<typeof createActivities>;
