import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest } from '../testing/doubles';

describe('referrals to programmes', () => {
  it("give the klantmanager a registration task per programme and record the referral, once per visit", async () => {
    const world = createTestWorld({ today: '2019-11-01' });
    const activities = createActivities(world.deps);

    await activities.registerWithAanDeSlag(serviceTaskRequest('registerAanDeSlag'));
    await activities.registerWithAanDeSlag(serviceTaskRequest('registerAanDeSlag'));
    await activities.registerForMindfit(serviceTaskRequest('registerMindfit'));

    expect(world.taskStore.tasks.map((task) => [task.kind, task.title, task.dueOn, task.assignee.userId])).toEqual([
      ['referral.aanDeSlag', "Aanmelden bij 'Aan de slag' (VWN, Pasmatch, Agros)", '2019-11-08', 'km-0007'],
      ['referral.mindfit', 'Aanmelden voor de training Mindfit', '2019-11-08', 'km-0007'],
    ]);
    expect(world.eventStore.ofType('referral.requested').map((event) => event.payload.programme)).toEqual(['aanDeSlag', 'mindfit']);
  });
});
