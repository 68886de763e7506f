/**
 * Brede intake, NOA part (§5): book the assessment in the person's own language (with an
 * interpreter when that is not Dutch), invite Vluchtelingenwerk to the follow-up talk (since
 * March 2019), rebook after a no-show and hand the second no-show to the klantmanager.
 *
 *   const noa = noaActivities(deps);
 *   await noa.inviteToNoaAssessment(request);            // { bookingId, startsAt, interpreterNeeded }
 *   await noa.rescheduleNoaAssessmentAfterNoShow(request); // { escalated: false, noShows: 1, startsAt }
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import type { EventStore } from '@wegwijs/persistence';
import { klantmanagerAssignee } from '../shared/assignees';
import { addWorkingDays, amsterdamDateOf } from '@wegwijs/calendar';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { businessFailure, heartbeatIfInActivity } from '../shared/failures';
import { composeForPerson, composeInDutch, dutchDate } from '../shared/message-templates';
import type { PersonDirectory } from '../shared/person-directory';
import { businessDateOf } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';
import { NoaAgenda, NoaBooking, NoNoaSlotAvailableError } from './noa-agenda';
import { NOA_FOLLOW_UP_TALK_INVITATION_VWN, NOA_INVITATION, NOA_SECOND_NO_SHOW_KLANTMANAGER } from './templates';

export interface NoaDependencies extends WriterDependencies {
  readonly noaAgenda: NoaAgenda;
  readonly people: PersonDirectory;
  readonly caseTeam: CaseTeamDirectory;
}

/** The no-show that goes to the klantmanager instead of a new slot. */
const ESCALATE_AT_NO_SHOW = 2;

export function noaActivities(deps: NoaDependencies) {
  async function bookAndInvite(request: ServiceTaskRequest, writer: TrajectoryWriter, attempt: number, keySuffix: string): Promise<NoaBooking & { interpreterNeeded: boolean }> {
    const contact = await deps.people.contactFor(request.trajectoryId);
    const language = contact?.language ?? 'nl';
    const interpreterNeeded = language !== 'nl';
    heartbeatIfInActivity('booking a NOA slot');
    let booking: NoaBooking;
    try {
      booking = await deps.noaAgenda.book({
        bookingKey: `${request.idempotencyKey}#${keySuffix}`,
        trajectoryId: request.trajectoryId,
        language,
        interpreterNeeded,
        notBefore: amsterdamDateOf(deps.now()),
      });
    } catch (error) {
      if (error instanceof NoNoaSlotAvailableError) {
        throw businessFailure('NoNoaSlotAvailable', `No NOA assessment slot available for trajectory ${request.trajectoryId}`);
      }
      throw error;
    }
    const [date, time] = booking.startsAt.split('T');
    const invitation = contact?.email ? [{ audience: 'person' as const, ...composeForPerson(NOA_INVITATION, language, { date: dutchDate(date), time }) }] : [];
    await writer.recordWithNotifications(
      'noa.assessmentBooked',
      { bookingId: booking.bookingId, startsAt: booking.startsAt, interpreterNeeded, attempt },
      invitation.map(({ audience, subject, body, language: used }) => ({ audience, subject, body, language: used })),
      `noa.assessmentBooked#${keySuffix}`,
    );
    return { ...booking, interpreterNeeded };
  }

  return {
    /** Books the NOA assessment and sends the person the invitation. */
    async inviteToNoaAssessment(request: ServiceTaskRequest): Promise<{ bookingId: string; startsAt: string; interpreterNeeded: boolean }> {
      const { bookingId, startsAt, interpreterNeeded } = await bookAndInvite(request, new TrajectoryWriter(deps, request), 1, 'first');
      return { bookingId, startsAt, interpreterNeeded };
    },

    /**
     * After the no-show milestone: records it, then books a new slot — or, at the second
     * no-show, gives the klantmanager a task and tells them.
     */
    async rescheduleNoaAssessmentAfterNoShow(request: ServiceTaskRequest): Promise<{ escalated: boolean; noShows: number; startsAt: string | null }> {
      const history = await earlierNoaHistory(deps.eventStore, request);
      if (!history.lastBookingId) {
        throw businessFailure('NoNoaAssessmentBooked', `Trajectory ${request.trajectoryId} has no NOA booking to reschedule`);
      }
      const noShows = history.noShows + 1;
      const writer = new TrajectoryWriter(deps, request);
      await writer.record('noa.noShowRecorded', { bookingId: history.lastBookingId, noShows });
      if (noShows >= ESCALATE_AT_NO_SHOW) {
        const task = await writer.openTask('noa.secondNoShow', {
          title: 'Tweede keer niet verschenen bij NOA-assessment: contact opnemen',
          assignee: await klantmanagerAssignee(deps.caseTeam, request.trajectoryId),
          dueOn: addWorkingDays(businessDateOf(request, deps.now), 2),
          completionMilestone: null,
        });
        await writer.recordWithNotifications('noa.noShowsEscalated', { noShows, taskId: task.taskId }, [
          { audience: 'klantmanager', ...dutchOnly(composeInDutch(NOA_SECOND_NO_SHOW_KLANTMANAGER, { trajectoryId: request.trajectoryId })) },
        ]);
        return { escalated: true, noShows, startsAt: null };
      }
      const booking = await bookAndInvite(request, writer, history.bookings + 1, 'rebooked');
      return { escalated: false, noShows, startsAt: booking.startsAt };
    },

    /** Invites Vluchtelingenwerk to the follow-up talk of klantmanager, VWN and the person. */
    async inviteVluchtelingenwerkToFollowUpTalk(request: ServiceTaskRequest): Promise<{ invited: boolean }> {
      await new TrajectoryWriter(deps, request).recordWithNotifications('noa.followUpTalkInvited', { audiences: ['vluchtelingenwerk'] }, [
        { audience: 'vluchtelingenwerk', ...dutchOnly(composeInDutch(NOA_FOLLOW_UP_TALK_INVITATION_VWN, { trajectoryId: request.trajectoryId })) },
      ]);
      return { invited: true };
    },
  };
}

function dutchOnly(message: { subject: string; body: string; language: string }) {
  return { subject: message.subject, body: message.body, language: message.language };
}

/** Bookings and no-shows recorded by earlier visits (not by a previous attempt of this one). */
async function earlierNoaHistory(eventStore: EventStore, request: ServiceTaskRequest) {
  const events = await eventStore.readStream(request.trajectoryId);
  let bookings = 0;
  let noShows = 0;
  let lastBookingId: string | undefined;
  for (const event of events) {
    if (event.idempotencyKey.startsWith(`${request.idempotencyKey}#`)) continue;
    if (event.type === 'noa.assessmentBooked') {
      bookings++;
      lastBookingId = String(event.payload.bookingId);
    }
    if (event.type === 'noa.noShowRecorded') noShows++;
  }
  return { bookings, noShows, lastBookingId };
}
