/**
 * Warme overdracht COA → gemeente (§4): read the TVS profile, judge its completeness, and when it
 * falls short have the klantmanager call COA — the report asks the municipality to chase COA
 * proactively.
 *
 *   const { fetchTvsProfile, requestTvsProfileFromCoa } = coaHandoverActivities(deps);
 *   await fetchTvsProfile(request); // { complete: false, score: 0.5, missingSections: 'workExperience,careAndWmoNeeds' }
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { klantmanagerAssignee } from '../shared/assignees';
import { addWorkingDays } from '@wegwijs/calendar';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { heartbeatIfInActivity } from '../shared/failures';
import { businessDateOf } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';
import { scoreTvsProfile, TVS_SECTION_LABELS } from './tvs-completeness';
import type { TvsProfileSource } from './tvs-profile-source';

export interface CoaHandoverDependencies extends WriterDependencies {
  readonly tvsProfiles: TvsProfileSource;
  readonly caseTeam: CaseTeamDirectory;
}

/** Working days the klantmanager has to call COA: the handover is meant to happen around housing. */
const CALL_COA_WITHIN_WORKING_DAYS = 3;

export function coaHandoverActivities(deps: CoaHandoverDependencies) {
  async function assess(request: ServiceTaskRequest) {
    heartbeatIfInActivity('reading the TVS profile');
    // No profile at all is the most incomplete profile: the definition then has the client
    // manager chase COA, rather than the trajectory failing on the first day.
    const profile = await deps.tvsProfiles.profileFor(request.trajectoryId);
    return scoreTvsProfile(profile ?? {});
  }

  return {
    /** Reads and scores the TVS profile and records the assessment; result.complete drives the definition. */
    async fetchTvsProfile(request: ServiceTaskRequest): Promise<{ complete: boolean; score: number; missingSections: string }> {
      const completeness = await assess(request);
      await new TrajectoryWriter(deps, request).record('coa.tvsProfileAssessed', {
        complete: completeness.complete,
        score: completeness.score,
        presentSections: completeness.present,
        missingSections: completeness.missing,
      });
      return { complete: completeness.complete, score: completeness.score, missingSections: completeness.missing.join(',') };
    },

    /**
     * Gives the klantmanager the task to call COA about the missing sections; completing it is
     * the phone handover (milestone coa.warmHandoverDone).
     */
    async requestTvsProfileFromCoa(request: ServiceTaskRequest): Promise<{ taskId: string; dueOn: string }> {
      const completeness = await assess(request);
      const writer = new TrajectoryWriter(deps, request);
      const missing = completeness.missing.map((section) => TVS_SECTION_LABELS[section]).join(', ');
      const task = await writer.openTask('coa.callAboutTvsProfile', {
        title: missing ? `Bel COA over onvolledig TVS-profiel (ontbreekt: ${missing})` : 'Bel COA voor de warme overdracht',
        assignee: await klantmanagerAssignee(deps.caseTeam, request.trajectoryId),
        dueOn: addWorkingDays(businessDateOf(request, deps.now), CALL_COA_WITHIN_WORKING_DAYS),
        completionMilestone: 'coa.warmHandoverDone',
      });
      await writer.record('coa.profileCompletionRequested', { missingSections: completeness.missing, taskId: task.taskId });
      return { taskId: task.taskId, dueOn: task.dueOn ?? '' };
    },
  };
}
