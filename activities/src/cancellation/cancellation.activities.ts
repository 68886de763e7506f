/**
 * What a definition does when a trajectory is cancelled (its `onCancellation` steps). The person
 * moved to another town: the klantmanager hands the file over to that municipality, warmly — a
 * phone call, not a letter — so the person does not start from nothing there.
 *
 *   const { handOverToNewMunicipality } = cancellationActivities(deps);
 *   await handOverToNewMunicipality({ ...request, input: { newMunicipality: 'GM0363' } }); // { taskId }
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { klantmanagerAssignee } from '../shared/assignees';
import { addWorkingDays } from '@wegwijs/calendar';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { businessDateOf } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';

/** Working days for the handover: the new municipality needs the client picture before the first talk. */
const HAND_OVER_WITHIN_WORKING_DAYS = 5;

export function cancellationActivities(deps: WriterDependencies & { readonly caseTeam: CaseTeamDirectory }) {
  return {
    /** Gives the klantmanager the warm handover to the new municipality (input newMunicipality: its CBS code, if known). */
    async handOverToNewMunicipality(request: ServiceTaskRequest): Promise<{ taskId: string }> {
      const code = request.input.newMunicipality;
      const newMunicipality = typeof code === 'string' && /^GM\d{4}$/.test(code) ? code : null;
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask('handover.toNewMunicipality', {
        title: newMunicipality ? `Warme overdracht aan de nieuwe gemeente (${newMunicipality})` : 'Warme overdracht aan de nieuwe gemeente',
        assignee: await klantmanagerAssignee(deps.caseTeam, request.trajectoryId),
        dueOn: addWorkingDays(businessDateOf(request, deps.now), HAND_OVER_WITHIN_WORKING_DAYS),
        completionMilestone: null,
      });
      await writer.record('handover.toNewMunicipalityRequested', { newMunicipality, taskId: task.taskId });
      return { taskId: task.taskId };
    },
  };
}
