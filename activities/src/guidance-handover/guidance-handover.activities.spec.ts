import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest } from '../testing/doubles';

describe('the warm handover from Vluchtelingenwerk to the Sociaal Wijkteam', () => {
  it('asks Vluchtelingenwerk to start guidance until 24 months after housing', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    const result = await createActivities(world.deps).startMaatschappelijkeBegeleiding(serviceTaskRequest('startGuidance', { housingDate: '2019-08-31' }));
    expect(result).toEqual({ startedOn: '2019-09-02', endsOn: '2021-08-31' });
    expect(world.outbox.messages.map((message) => message.audience)).toEqual(['vluchtelingenwerk']);
  });

  it('at month 22 has Vluchtelingenwerk plan the meeting of the three parties before month 24 and tells all three', async () => {
    const world = createTestWorld({ today: '2021-06-30' });
    const result = await createActivities(world.deps).scheduleWarmHandoverMeeting(serviceTaskRequest('planHandover', { housingDate: '2019-08-31' }));
    expect(result.meetBefore).toBe('2021-08-31');
    expect(world.taskStore.tasks).toEqual([expect.objectContaining({ kind: 'guidance.planHandoverMeeting', assignee: { team: 'vluchtelingenwerk' }, dueOn: '2021-08-31' })]);
    expect(world.outbox.messages.map((message) => message.audience)).toEqual(['vluchtelingenwerk', 'wijkteam', 'klantmanager']);
  });

  it('at month 24 records the handover and gives the wijkteam 10 working days to accept it', async () => {
    const world = createTestWorld({ today: '2021-08-31' });
    const result = await createActivities(world.deps).requestWarmHandoverToWijkteam(serviceTaskRequest('requestWarmHandover'));
    expect(result).toMatchObject({ handedOverOn: '2021-08-31', acceptBy: '2021-09-14' });
    expect(world.taskStore.tasks).toEqual([
      expect.objectContaining({ taskId: result.acceptanceTaskId, assignee: { team: 'wijkteam' }, dueOn: '2021-09-14', completionMilestone: 'guidance.warmHandoverToWijkteamDone' }),
    ]);
    expect(world.eventStore.ofType('guidance.handoverRecorded')[0].payload).toMatchObject({ acceptBy: '2021-09-14' });
  });

  it('escalates to the supervisors when the wijkteam did not accept in time, and not when it did', async () => {
    const world = createTestWorld({ today: '2021-08-31' });
    const activities = createActivities(world.deps);
    const { acceptanceTaskId } = await activities.requestWarmHandoverToWijkteam(serviceTaskRequest('requestWarmHandover'));
    world.clock.now = new Date('2021-09-15T09:00:00+02:00');

    expect(await activities.escalateUnacceptedWarmHandover(serviceTaskRequest('escalateHandover'))).toEqual({ escalated: true });
    expect(world.taskStore.tasks.at(-1)).toMatchObject({ kind: 'guidance.escalateUnacceptedHandover', assignee: { team: 'supervisors' } });

    await world.taskStore.complete(acceptanceTaskId, 'swt-0003', null, world.clock.now);
    expect(await activities.escalateUnacceptedWarmHandover(serviceTaskRequest('escalateHandover', {}, 2))).toEqual({ escalated: false });
    expect(world.taskStore.tasks).toHaveLength(2);
  });

  it('refuses to escalate a handover that was never recorded', async () => {
    const world = createTestWorld({ today: '2021-09-15' });
    await expect(createActivities(world.deps).escalateUnacceptedWarmHandover(serviceTaskRequest('escalateHandover'))).rejects.toMatchObject({ type: 'NoWarmHandoverRecorded' });
  });
});
