/**
 * Inburgering (§9): the exam must be passed within 3 years of the permit, or DUO fines. The
 * municipality learns progress only from the person or the language school, so it warns early:
 * the klantmanager, the person (plain Dutch plus their own language) and, with consent, the
 * language school with a progress request. At the deadline itself — the clock stops on a diploma
 * or exemption, so reaching it means neither came — the klantmanager gets an escalation task.
 *
 *   const { warnInburgeringDeadline } = inburgeringActivities(deps);
 *   await warnInburgeringDeadline({ ..., input: { clockId: 'inburgeringstermijn', kind: 'warning', before: 'P6M', deadline: '2022-08-31', late: false } });
 */
import type { NewNotification, ServiceTaskRequest } from '@wegwijs/domain';
import type { EventStore } from '@wegwijs/persistence';
import { klantmanagerAssignee } from '../shared/assignees';
import { addWorkingDays, amsterdamDateOf } from '@wegwijs/calendar';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { optionalBoolean, optionalString, requiredDate, requiredString } from '../shared/inputs';
import { composeForPerson, composeInDutch, dutchDate } from '../shared/message-templates';
import type { PersonDirectory } from '../shared/person-directory';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';
import { INBURGERING_KLANTMANAGER_WARNING, INBURGERING_LANGUAGE_SCHOOL_PROGRESS_REQUEST, INBURGERING_PERSON_WARNING } from './templates';

export interface InburgeringDependencies extends WriterDependencies {
  readonly people: PersonDirectory;
  readonly caseTeam: CaseTeamDirectory;
}

type Notification = Omit<NewNotification, 'messageKey' | 'trajectoryId'>;

export function inburgeringActivities(deps: InburgeringDependencies) {
  return {
    /**
     * The legal clock's notify activity. Input as the workflow's clock passes it: clockId,
     * kind ('warning' or 'deadline'), deadline (YYYY-MM-DD), before (the warning's ISO duration
     * before the deadline, null at the deadline) and late; optionally languageSchoolConsent,
     * otherwise read from the basis.languageSchoolConsentRecorded milestone in the history.
     */
    async warnInburgeringDeadline(request: ServiceTaskRequest): Promise<{ escalated: boolean; audiences: string }> {
      const clockId = requiredString(request, 'clockId');
      const deadline = requiredDate(request, 'deadline');
      const kind = optionalString(request, 'kind') ?? 'warning';
      const offset = optionalString(request, 'before') ?? optionalString(request, 'offset');
      const writer = new TrajectoryWriter(deps, request);
      const today = amsterdamDateOf(deps.now());

      if (kind === 'deadline' || !offset) {
        const task = await writer.openTask('inburgering.deadlinePassed', {
          title: 'Inburgeringstermijn verstreken zonder diploma of ontheffing: vervolg bepalen',
          assignee: await klantmanagerAssignee(deps.caseTeam, request.trajectoryId),
          dueOn: addWorkingDays(today, 5),
          completionMilestone: null,
        });
        await writer.record('inburgering.deadlinePassedEscalated', { clockId, deadline, taskId: task.taskId });
        return { escalated: true, audiences: 'klantmanager' };
      }

      const values = {
        deadline: dutchDate(deadline),
        monthsLeft: String(monthsLeft(today, deadline)),
        trajectoryId: request.trajectoryId,
      };
      const notifications: Notification[] = [{ audience: 'klantmanager', ...composeInDutch(INBURGERING_KLANTMANAGER_WARNING, values) }];
      let ownLanguageParagraph = false;
      const contact = await deps.people.contactFor(request.trajectoryId);
      if (contact?.email) {
        const message = composeForPerson(INBURGERING_PERSON_WARNING, contact.language, values);
        ownLanguageParagraph = message.ownLanguageParagraph;
        notifications.push({ audience: 'person', ...message });
      }
      if ((optionalBoolean(request, 'languageSchoolConsent') ?? (await languageSchoolConsentFromHistory(deps.eventStore, request.trajectoryId))) === true) {
        notifications.push({ audience: 'taalschool', ...composeInDutch(INBURGERING_LANGUAGE_SCHOOL_PROGRESS_REQUEST, values) });
      }
      const audiences = notifications.map((notification) => notification.audience);
      await writer.recordWithNotifications(
        'inburgering.warningSent',
        { clockId, offset, deadline, audiences, ownLanguageParagraph },
        notifications.map(({ audience, subject, body, language }) => ({ audience, subject, body, language })),
      );
      return { escalated: false, audiences: audiences.join(',') };
    },
  };
}

/** The person's latest answer to the language-school consent question, as the milestone recorded it. */
async function languageSchoolConsentFromHistory(eventStore: EventStore, trajectoryId: string): Promise<boolean | undefined> {
  const answers = (await eventStore.readStream(trajectoryId)).filter(
    (event) => event.type === 'milestone.recorded' && event.payload.milestone === 'basis.languageSchoolConsentRecorded',
  );
  const payload = answers.at(-1)?.payload.payload as Record<string, unknown> | undefined;
  return typeof payload?.consent === 'boolean' ? payload.consent : undefined;
}

/** Whole months from `from` to `to`, rounded down (at least 0). */
function monthsLeft(from: string, to: string): number {
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number);
  const [toYear, toMonth, toDay] = to.split('-').map(Number);
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth) - (toDay < fromDay ? 1 : 0);
  return Math.max(0, months);
}
