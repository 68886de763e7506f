/**
 * Basis op orde (§5): the klantmanager's five arrangements right after housing, each a task with
 * a due date. Completing a task sends the milestone the definition's basis op orde waits on.
 *
 *   const { openBasisOpOrdeTasks } = basisOpOrdeActivities(deps);
 *   await openBasisOpOrdeTasks(request); // { openedTasks: 5, lastDueOn: '2019-09-13' }
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { klantmanagerAssignee } from '../shared/assignees';
import { addWorkingDays } from '@wegwijs/calendar';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { businessDateOf } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';

export interface BasisOpOrdeDependencies extends WriterDependencies {
  readonly caseTeam: CaseTeamDirectory;
}

/**
 * The five arrangements. Terms are Wegwijs's service norms in working days (the 2019 report sets
 * none): money to live on first, since the person arrives without income.
 */
export const BASIS_OP_ORDE_ARRANGEMENTS = [
  { kind: 'basis.applyLivingAllowance', title: 'Aanvraag levensonderhoud (bijstand) indienen', withinWorkingDays: 3, completionMilestone: 'basis.livingAllowanceArranged' },
  { kind: 'basis.applyFurnishingAllowance', title: 'Bijzondere bijstand inrichtingskosten aanvragen', withinWorkingDays: 5, completionMilestone: 'basis.furnishingAllowanceArranged' },
  { kind: 'basis.sendNoaInvitation', title: 'Uitnodiging NOA-assessment controleren en toelichten', withinWorkingDays: 5, completionMilestone: null },
  { kind: 'basis.askLanguageSchoolConsent', title: 'Toestemming gegevensuitwisseling taalscholen vragen', withinWorkingDays: 10, completionMilestone: 'basis.languageSchoolConsentRecorded' },
  { kind: 'basis.askBudgetManagementConsent', title: 'Instemming vrijwillig budgetbeheer vragen', withinWorkingDays: 10, completionMilestone: 'basis.budgetManagementConsentRecorded' },
] as const;

export function basisOpOrdeActivities(deps: BasisOpOrdeDependencies) {
  return {
    /** Opens the five basis op orde tasks for the klantmanager. */
    async openBasisOpOrdeTasks(request: ServiceTaskRequest): Promise<{ openedTasks: number; lastDueOn: string }> {
      const writer = new TrajectoryWriter(deps, request);
      const assignee = await klantmanagerAssignee(deps.caseTeam, request.trajectoryId);
      const today = businessDateOf(request, deps.now);
      const taskIds: string[] = [];
      let lastDueOn = today;
      for (const arrangement of BASIS_OP_ORDE_ARRANGEMENTS) {
        const dueOn = addWorkingDays(today, arrangement.withinWorkingDays);
        const task = await writer.openTask(arrangement.kind, {
          title: arrangement.title,
          assignee,
          dueOn,
          completionMilestone: arrangement.completionMilestone,
        });
        taskIds.push(task.taskId);
        if (dueOn > lastDueOn) lastDueOn = dueOn;
      }
      await writer.record('basis.arrangementTasksOpened', { taskIds });
      return { openedTasks: taskIds.length, lastDueOn };
    },
  };
}
