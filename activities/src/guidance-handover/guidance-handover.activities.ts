/**
 * Maatschappelijke begeleiding and its end (§13): Vluchtelingenwerk guides for 24 months after
 * housing, then hands over warmly to the Sociaal Wijkteam. At month 22 the three-party handover
 * meeting is planned; at month 24 the handover is recorded and the wijkteam must accept it within
 * 10 working days, or the supervisor gets an escalation task.
 *
 *   const guidance = guidanceHandoverActivities(deps);
 *   await guidance.scheduleWarmHandoverMeeting({ ..., input: { housingDate: '2019-08-31' } }); // month 22
 *   const { acceptBy } = await guidance.requestWarmHandoverToWijkteam(request);                  // month 24
 *   await guidance.escalateUnacceptedWarmHandover(request);                                      // at acceptBy
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import type { TaskStore } from '@wegwijs/persistence';
import { addMonths, addWorkingDays } from '@wegwijs/calendar';
import { businessFailure } from '../shared/failures';
import { optionalDate, businessDateOf } from '../shared/inputs';
import { composeInDutch, dutchDate } from '../shared/message-templates';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';
import { GUIDANCE_START_VWN, HANDOVER_ACCEPTANCE_REQUEST, HANDOVER_MEETING_INVITATION } from './templates';

const GUIDANCE_MONTHS = 24;
/** Working days the wijkteam has to accept the handover. */
export const WIJKTEAM_ACCEPTANCE_WORKING_DAYS = 10;
const ACCEPTANCE_TASK_KIND = 'guidance.acceptWarmHandover';

function dutchMessage(template: Parameters<typeof composeInDutch>[0], values: Record<string, string>) {
  const { subject, body, language } = composeInDutch(template, values);
  return { subject, body, language };
}

export function guidanceHandoverActivities(deps: WriterDependencies & { readonly taskStore: TaskStore }) {
  return {
    /** Asks Vluchtelingenwerk to start guidance. Input: housingDate (optional) for the end date. */
    async startMaatschappelijkeBegeleiding(request: ServiceTaskRequest): Promise<{ startedOn: string; endsOn: string | null }> {
      const startedOn = businessDateOf(request, deps.now);
      const housingDate = optionalDate(request, 'housingDate');
      const endsOn = housingDate ? addMonths(housingDate, GUIDANCE_MONTHS) : null;
      await new TrajectoryWriter(deps, request).recordWithNotifications('guidance.started', { startedOn, endsOn }, [
        {
          audience: 'vluchtelingenwerk',
          ...dutchMessage(GUIDANCE_START_VWN, { trajectoryId: request.trajectoryId, endsOn: endsOn ? dutchDate(endsOn) : 'de afgesproken einddatum' }),
        },
      ]);
      return { startedOn, endsOn };
    },

    /** Month 22: Vluchtelingenwerk plans the three-party meeting; all three professionals are told. Input: housingDate. */
    async scheduleWarmHandoverMeeting(request: ServiceTaskRequest): Promise<{ meetBefore: string; taskId: string }> {
      const housingDate = optionalDate(request, 'housingDate');
      const meetBefore = housingDate ? addMonths(housingDate, GUIDANCE_MONTHS) : addMonths(businessDateOf(request, deps.now), 2);
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask('guidance.planHandoverMeeting', {
        title: 'Overdrachtsgesprek met klant en Sociaal Wijkteam plannen',
        assignee: { team: 'vluchtelingenwerk' },
        dueOn: meetBefore,
        completionMilestone: null,
      });
      const audiences = ['vluchtelingenwerk', 'wijkteam', 'klantmanager'] as const;
      const message = dutchMessage(HANDOVER_MEETING_INVITATION, { trajectoryId: request.trajectoryId, meetBefore: dutchDate(meetBefore) });
      await writer.recordWithNotifications(
        'guidance.handoverMeetingScheduled',
        { meetBefore, taskId: task.taskId, audiences: [...audiences] },
        audiences.map((audience) => ({ audience, ...message })),
      );
      return { meetBefore, taskId: task.taskId };
    },

    /**
     * Month 24: records the handover and asks the wijkteam to accept it within 10 working days;
     * completing the acceptance task is the milestone guidance.warmHandoverToWijkteamDone.
     */
    async requestWarmHandoverToWijkteam(request: ServiceTaskRequest): Promise<{ handedOverOn: string; acceptBy: string; acceptanceTaskId: string }> {
      const handedOverOn = businessDateOf(request, deps.now);
      const acceptBy = addWorkingDays(handedOverOn, WIJKTEAM_ACCEPTANCE_WORKING_DAYS);
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask(ACCEPTANCE_TASK_KIND, {
        title: 'Warme overdracht van Vluchtelingenwerk accepteren',
        assignee: { team: 'wijkteam' },
        dueOn: acceptBy,
        completionMilestone: 'guidance.warmHandoverToWijkteamDone',
      });
      await writer.recordWithNotifications('guidance.handoverRecorded', { handedOverOn, acceptBy, acceptanceTaskId: task.taskId }, [
        { audience: 'wijkteam', ...dutchMessage(HANDOVER_ACCEPTANCE_REQUEST, { trajectoryId: request.trajectoryId, acceptBy: dutchDate(acceptBy) }) },
      ]);
      return { handedOverOn, acceptBy, acceptanceTaskId: task.taskId };
    },

    /** When the acceptance term passed: an escalation task for the supervisor, unless the wijkteam accepted meanwhile. */
    async escalateUnacceptedWarmHandover(request: ServiceTaskRequest): Promise<{ escalated: boolean }> {
      const tasks = await deps.taskStore.listForTrajectory(request.trajectoryId);
      const acceptance = tasks.filter((task) => task.kind === ACCEPTANCE_TASK_KIND).at(-1);
      if (!acceptance) {
        throw businessFailure('NoWarmHandoverRecorded', `Trajectory ${request.trajectoryId} has no warm handover to the wijkteam to escalate`);
      }
      if (acceptance.status === 'completed') return { escalated: false };
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask('guidance.escalateUnacceptedHandover', {
        title: 'Sociaal Wijkteam heeft warme overdracht niet binnen 10 werkdagen geaccepteerd',
        assignee: { team: 'supervisors' },
        dueOn: addWorkingDays(businessDateOf(request, deps.now), 2),
        completionMilestone: null,
      });
      await writer.record('guidance.handoverAcceptanceEscalated', { acceptBy: acceptance.dueOn ?? '', taskId: task.taskId });
      return { escalated: true };
    },
  };
}
