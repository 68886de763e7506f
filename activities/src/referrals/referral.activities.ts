/**
 * Referrals the Haarlem definition makes on the routes to work and education (§6–§8, §10): the
 * klantmanager registers the person with a programme. None of those programmes has an interface
 * Wegwijs can call yet, so each referral is a task for the klantmanager plus a
 * `referral.requested` event; the programme's own milestone (e.g. work.aanDeSlagTrajectoryStarted)
 * is reported through the API as before.
 *
 *   const { registerWithAanDeSlag } = referralActivities(deps);
 *   await registerWithAanDeSlag(request); // { taskId }
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { klantmanagerAssignee } from '../shared/assignees';
import { addWorkingDays } from '@wegwijs/calendar';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { businessDateOf } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';

export const REFERRAL_PROGRAMMES = {
  adviesteamOnderwijs: 'Gesprek met adviesteam onderwijs (RMC, Leerplein, Nova College) inplannen',
  aanDeSlag: "Aanmelden bij 'Aan de slag' (VWN, Pasmatch, Agros)",
  trajectKlantmanager: 'Traject klantmanager: begeleiding vastleggen en afspraken plannen',
  introductieprogramma: 'Aanmelden voor het introductieprogramma (5 weken)',
  participatieverklaringstraject: 'Aanmelden voor het participatieverklaringstraject',
  mindfit: 'Aanmelden voor de training Mindfit',
} as const;

export type ReferralProgramme = keyof typeof REFERRAL_PROGRAMMES;

/** Working days the klantmanager has for a registration. */
const REGISTER_WITHIN_WORKING_DAYS = 5;

export function referralActivities(deps: WriterDependencies & { readonly caseTeam: CaseTeamDirectory }) {
  function refer(programme: ReferralProgramme) {
    return async (request: ServiceTaskRequest): Promise<{ taskId: string }> => {
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask(`referral.${programme}`, {
        title: REFERRAL_PROGRAMMES[programme],
        assignee: await klantmanagerAssignee(deps.caseTeam, request.trajectoryId),
        dueOn: addWorkingDays(businessDateOf(request, deps.now), REGISTER_WITHIN_WORKING_DAYS),
        completionMilestone: null,
      });
      await writer.record('referral.requested', { programme, taskId: task.taskId });
      return { taskId: task.taskId };
    };
  }

  return {
    referToAdviesteamOnderwijs: refer('adviesteamOnderwijs'),
    registerWithAanDeSlag: refer('aanDeSlag'),
    startTrajectKlantmanager: refer('trajectKlantmanager'),
    registerForIntroductionProgramme: refer('introductieprogramma'),
    registerForParticipatieverklaringstraject: refer('participatieverklaringstraject'),
    registerForMindfit: refer('mindfit'),
  };
}
