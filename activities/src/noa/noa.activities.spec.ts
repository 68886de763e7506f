import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest, TRAJECTORY_ID } from '../testing/doubles';
import { NoaAgenda, NoNoaSlotAvailableError } from './noa-agenda';

describe('NOA scheduling', () => {
  it("books a slot in the person's language with an interpreter and invites them in Dutch and Tigrinya", async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    world.people.register(TRAJECTORY_ID, { email: 'person@example.org', language: 'ti' });

    const result = await createActivities(world.deps).inviteToNoaAssessment(serviceTaskRequest('inviteNoa'));

    expect(result).toEqual({ bookingId: 'noa-1', startsAt: '2019-09-05T09:00', interpreterNeeded: true });
    expect(world.eventStore.ofType('noa.assessmentBooked')[0].payload).toEqual({ bookingId: 'noa-1', startsAt: '2019-09-05T09:00', interpreterNeeded: true, attempt: 1, nodeId: 'inviteNoa' });
    expect(world.outbox.messages).toHaveLength(1);
    expect(world.outbox.messages[0]).toMatchObject({ audience: 'person', language: 'nl+ti', messageKey: `${TRAJECTORY_ID}#inviteNoa#1#noa.assessmentBooked#first#person` });
    expect(world.outbox.messages[0].body).toContain('05-09-2019 om 09:00');
    expect(world.outbox.messages[0].body).toContain('ገምጋም NOA');
  });

  it('needs no interpreter and sends no mail for a Dutch speaker without an e-mail address', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    world.people.register(TRAJECTORY_ID, { email: null, language: 'nl' });
    const result = await createActivities(world.deps).inviteToNoaAssessment(serviceTaskRequest('inviteNoa'));
    expect(result.interpreterNeeded).toBe(false);
    expect(world.outbox.messages).toHaveLength(0);
  });

  it('books once when retried', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    const activities = createActivities(world.deps);
    const first = await activities.inviteToNoaAssessment(serviceTaskRequest('inviteNoa'));
    const again = await activities.inviteToNoaAssessment(serviceTaskRequest('inviteNoa'));
    expect(again).toEqual(first);
    expect(world.eventStore.ofType('noa.assessmentBooked')).toHaveLength(1);
  });

  it('fails non-retryably with NoNoaSlotAvailable when the agenda is full', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    class FullAgenda extends NoaAgenda {
      async book(): Promise<never> {
        throw new NoNoaSlotAvailableError('2019-09-02');
      }
    }
    const activities = createActivities({ ...world.deps, noaAgenda: new FullAgenda() });
    await expect(activities.inviteToNoaAssessment(serviceTaskRequest('inviteNoa'))).rejects.toMatchObject({ type: 'NoNoaSlotAvailable', nonRetryable: true });
  });

  it('rebooks after the first no-show and escalates to the klantmanager after the second', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    const activities = createActivities(world.deps);
    await activities.inviteToNoaAssessment(serviceTaskRequest('inviteNoa'));

    const firstNoShow = await activities.rescheduleNoaAssessmentAfterNoShow(serviceTaskRequest('noaNoShow', {}, 1));
    const firstNoShowRetried = await activities.rescheduleNoaAssessmentAfterNoShow(serviceTaskRequest('noaNoShow', {}, 1));
    const secondNoShow = await activities.rescheduleNoaAssessmentAfterNoShow(serviceTaskRequest('noaNoShow', {}, 2));

    expect(firstNoShow).toEqual({ escalated: false, noShows: 1, startsAt: '2019-09-05T13:30' });
    expect(firstNoShowRetried).toEqual(firstNoShow);
    expect(secondNoShow).toEqual({ escalated: true, noShows: 2, startsAt: null });
    expect(world.eventStore.ofType('noa.assessmentBooked').map((event) => event.payload.attempt)).toEqual([1, 2]);
    expect(world.taskStore.tasks).toEqual([expect.objectContaining({ kind: 'noa.secondNoShow', assignee: { team: 'klantmanagers', userId: 'km-0007' } })]);
    expect(world.outbox.messages.filter((message) => message.audience === 'klantmanager')).toHaveLength(1);
  });

  it('refuses to reschedule when nothing was booked', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    await expect(createActivities(world.deps).rescheduleNoaAssessmentAfterNoShow(serviceTaskRequest('noaNoShow'))).rejects.toMatchObject({ type: 'NoNoaAssessmentBooked' });
  });

  it('invites Vluchtelingenwerk to the follow-up talk once', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    const activities = createActivities(world.deps);
    await activities.inviteVluchtelingenwerkToFollowUpTalk(serviceTaskRequest('inviteVwn'));
    await activities.inviteVluchtelingenwerkToFollowUpTalk(serviceTaskRequest('inviteVwn'));
    expect(world.outbox.messages.map((message) => message.audience)).toEqual(['vluchtelingenwerk']);
    expect(world.outbox.messages[0].body).toContain('nabespreking');
  });
});
