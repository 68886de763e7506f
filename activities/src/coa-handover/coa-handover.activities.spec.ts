import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest, TRAJECTORY_ID } from '../testing/doubles';
import { TvsSourceUnavailableError } from './tvs-profile-source';

describe('the COA warm handover', () => {
  const completeProfile = { education: 'mbo 2 (Syria)', workExperience: ['bakery, 4 years'], receptionActivities: 'language café', careAndWmoNeeds: 'none' };

  it('scores a complete TVS profile as complete and records the assessment without its content', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    world.tvsProfiles.profiles.set(TRAJECTORY_ID, completeProfile);

    const result = await createActivities(world.deps).fetchTvsProfile(serviceTaskRequest('fetchTvsProfile'));

    expect(result).toEqual({ complete: true, score: 1, missingSections: '' });
    const [event] = world.eventStore.ofType('coa.tvsProfileAssessed');
    expect(event.payload).toEqual({ complete: true, score: 1, presentSections: ['education', 'workExperience', 'receptionActivities', 'careAndWmoNeeds'], missingSections: [], nodeId: 'fetchTvsProfile' });
    expect(JSON.stringify(world.eventStore.events)).not.toContain('bakery');
  });

  it('treats empty sections as missing', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    world.tvsProfiles.profiles.set(TRAJECTORY_ID, { education: '  ', workExperience: [], receptionActivities: 'taalles' });

    const result = await createActivities(world.deps).fetchTvsProfile(serviceTaskRequest('fetchTvsProfile'));

    expect(result).toEqual({ complete: false, score: 0.25, missingSections: 'education,workExperience,careAndWmoNeeds' });
  });

  it('scores a missing profile as empty, so the client manager is asked to chase COA', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    const result = await createActivities(world.deps).fetchTvsProfile(serviceTaskRequest('fetchTvsProfile'));
    expect(result).toMatchObject({ complete: false, score: 0 });
    expect(result.missingSections.split(',').sort()).toEqual(['careAndWmoNeeds', 'education', 'receptionActivities', 'workExperience']);
  });

  it('lets an unavailable source fail retryably', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    world.tvsProfiles.failWith = new TvsSourceUnavailableError('ECONNRESET');
    await expect(createActivities(world.deps).fetchTvsProfile(serviceTaskRequest('fetchTvsProfile'))).rejects.toBeInstanceOf(TvsSourceUnavailableError);
  });

  it("gives the trajectory's klantmanager one task to call COA about the missing sections, also when retried", async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    world.tvsProfiles.profiles.set(TRAJECTORY_ID, { education: 'hbo' });
    const activities = createActivities(world.deps);

    const first = await activities.requestTvsProfileFromCoa(serviceTaskRequest('chaseCoa'));
    const retried = await activities.requestTvsProfileFromCoa(serviceTaskRequest('chaseCoa'));

    expect(retried).toEqual(first);
    expect(world.taskStore.tasks).toHaveLength(1);
    expect(world.taskStore.tasks[0]).toMatchObject({
      kind: 'coa.callAboutTvsProfile',
      title: 'Bel COA over onvolledig TVS-profiel (ontbreekt: werkervaring, activiteiten in de opvang, zorg- en Wmo-behoefte)',
      assignee: { team: 'klantmanagers', userId: 'km-0007' },
      dueOn: '2019-09-05',
      completionMilestone: 'coa.warmHandoverDone',
    });
    expect(world.eventStore.events.map((event) => event.type)).toEqual(['task.opened', 'coa.profileCompletionRequested']);
  });
});
