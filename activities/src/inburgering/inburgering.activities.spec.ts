import { createActivities } from '../create-activities';
import { composeForPerson } from '../shared/message-templates';
import { createTestWorld, serviceTaskRequest, TRAJECTORY_ID } from '../testing/doubles';
import { INBURGERING_PERSON_WARNING } from './templates';

describe('inburgering warnings', () => {
  const warning = { clockId: 'inburgeringstermijn', kind: 'warning', before: 'P6M', deadline: '2022-08-31', late: false, languageSchoolConsent: true };

  it('writes to the klantmanager, the person in Dutch and Arabic, and the language school', async () => {
    const world = createTestWorld({ today: '2022-02-28' });
    world.people.register(TRAJECTORY_ID, { email: 'person@example.org', language: 'ar' });

    const result = await createActivities(world.deps).warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', warning));

    expect(result).toEqual({ escalated: false, audiences: 'klantmanager,person,taalschool' });
    const byAudience = Object.fromEntries(world.outbox.messages.map((message) => [message.audience, message]));
    expect(byAudience.klantmanager).toMatchObject({ language: 'nl', subject: `Inburgeringstermijn loopt af op 31-08-2022 (traject ${TRAJECTORY_ID})` });
    expect(byAudience.person.language).toBe('nl+ar');
    expect(byAudience.person.body).toContain('U moet uw inburgeringsexamen halen vóór 31-08-2022. U heeft daarvoor nog ongeveer 6 maanden.');
    expect(byAudience.person.body).toContain('يجب عليك اجتياز امتحان الاندماج (inburgering) قبل 31-08-2022');
    expect(byAudience.taalschool.subject).toBe(`Verzoek voortgang inburgering (traject ${TRAJECTORY_ID})`);
    expect(world.eventStore.ofType('inburgering.warningSent')[0].payload).toEqual({
      clockId: 'inburgeringstermijn',
      offset: 'P6M',
      deadline: '2022-08-31',
      audiences: ['klantmanager', 'person', 'taalschool'],
      ownLanguageParagraph: true,
      nodeId: 'inburgeringstermijn',
    });
  });

  it('asks the language school nothing without consent and writes the person in Dutch only when no template exists', async () => {
    const world = createTestWorld({ today: '2021-08-31' });
    world.people.register(TRAJECTORY_ID, { email: 'person@example.org', language: 'fa' });

    await createActivities(world.deps).warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', { ...warning, before: 'P12M', languageSchoolConsent: false }));

    expect(world.outbox.messages.map((message) => [message.audience, message.language])).toEqual([
      ['klantmanager', 'nl'],
      ['person', 'nl'],
    ]);
  });

  it('ships the warning in Dutch, English, Arabic and Tigrinya', () => {
    for (const language of ['en', 'ar', 'ti']) {
      expect(composeForPerson(INBURGERING_PERSON_WARNING, language, { deadline: '31-08-2022', monthsLeft: '3' })).toMatchObject({ language: `nl+${language}`, ownLanguageParagraph: true });
    }
  });

  it('opens an escalation task instead of warning when the deadline has come', async () => {
    const world = createTestWorld({ today: '2022-08-31' });
    world.people.register(TRAJECTORY_ID, { email: 'person@example.org', language: 'ar' });

    const result = await createActivities(world.deps).warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', { clockId: 'inburgeringstermijn', kind: 'deadline', deadline: '2022-08-31', before: null, late: false }));

    expect(result).toEqual({ escalated: true, audiences: 'klantmanager' });
    expect(world.taskStore.tasks).toEqual([expect.objectContaining({ kind: 'inburgering.deadlinePassed', assignee: { team: 'klantmanagers', userId: 'km-0007' }, dueOn: '2022-09-07' })]);
    expect(world.eventStore.ofType('inburgering.deadlinePassedEscalated')).toHaveLength(1);
    expect(world.outbox.messages).toHaveLength(0);
  });

  it('asks the language school for progress when the consent milestone in the history says yes', async () => {
    const world = createTestWorld({ today: '2022-02-28' });
    await world.eventStore.append(TRAJECTORY_ID, [
      {
        type: 'milestone.recorded',
        schemaVersion: 1,
        payload: { milestone: 'basis.languageSchoolConsentRecorded', milestoneId: 'm-1', nodeId: 'languageSchoolConsent', occurredOn: '2019-09-10', payload: { consent: true } },
        actor: { role: 'klantmanager', id: 'km-0007' },
        businessTime: new Date('2019-09-10'),
        idempotencyKey: 'consent',
      },
    ]);
    const { languageSchoolConsent: _fromInput, ...clockInput } = warning;

    const result = await createActivities(world.deps).warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', clockInput));

    expect(result.audiences).toBe('klantmanager,taalschool');
  });

  it('queues each message once when retried', async () => {
    const world = createTestWorld({ today: '2022-02-28' });
    const activities = createActivities(world.deps);
    await activities.warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', warning));
    await activities.warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', warning));
    expect(world.outbox.messages).toHaveLength(2);
  });

  it('fails non-retryably when the deadline is not a date', async () => {
    const world = createTestWorld({ today: '2022-02-28' });
    await expect(createActivities(world.deps).warnInburgeringDeadline(serviceTaskRequest('inburgeringstermijn', { clockId: 'x', deadline: 'soon' }))).rejects.toMatchObject({
      type: 'InvalidActivityInput',
      nonRetryable: true,
    });
  });
});
