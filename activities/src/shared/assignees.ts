import type { TaskAssignee } from '@wegwijs/domain';
import type { CaseTeamDirectory } from './case-team-directory';

/** The trajectory's own klantmanager when assigned, else the klantmanagers' team. */
export async function klantmanagerAssignee(caseTeam: CaseTeamDirectory, trajectoryId: string): Promise<TaskAssignee> {
  const klantmanager = await caseTeam.klantmanagerFor(trajectoryId);
  return klantmanager ? { team: 'klantmanagers', userId: klantmanager.userId } : { team: 'klantmanagers' };
}
