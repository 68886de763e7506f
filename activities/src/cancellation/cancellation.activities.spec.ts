import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest } from '../testing/doubles';

describe('the handover to a new municipality', () => {
  it('gives the klantmanager the warm handover task, naming the new municipality, once per cancellation', async () => {
    const world = createTestWorld({ today: '2019-11-01' });
    const activities = createActivities(world.deps);
    const request = { ...serviceTaskRequest('handOverToNewMunicipality'), input: { newMunicipality: 'GM0363' } };

    await activities.handOverToNewMunicipality(request);
    await activities.handOverToNewMunicipality(request);

    expect(world.taskStore.tasks.map((task) => [task.kind, task.title, task.dueOn, task.completionMilestone])).toEqual([
      ['handover.toNewMunicipality', 'Warme overdracht aan de nieuwe gemeente (GM0363)', '2019-11-08', null],
    ]);
    expect(world.eventStore.ofType('handover.toNewMunicipalityRequested').map((event) => event.payload.newMunicipality)).toEqual(['GM0363']);
  });

  it('leaves out a new municipality that is not a CBS code', async () => {
    const world = createTestWorld({ today: '2019-11-01' });
    await createActivities(world.deps).handOverToNewMunicipality({ ...serviceTaskRequest('handOverToNewMunicipality'), input: { newMunicipality: 'Amsterdam' } });
    expect(world.taskStore.tasks.map((task) => task.title)).toEqual(['Warme overdracht aan de nieuwe gemeente']);
  });
});
