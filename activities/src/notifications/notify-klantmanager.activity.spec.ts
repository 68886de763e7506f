import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest, TRAJECTORY_ID } from '../testing/doubles';

describe('notifying the klantmanager', () => {
  it("queues the definition's reminder once, with the event that records it", async () => {
    const world = createTestWorld({ today: '2019-10-01' });
    const activities = createActivities(world.deps);
    await activities.notifyKlantmanager(serviceTaskRequest('sendNoaReminder', { message: 'NOA-assessment nog niet afgenomen' }));
    await activities.notifyKlantmanager(serviceTaskRequest('sendNoaReminder', { message: 'NOA-assessment nog niet afgenomen' }));
    expect(world.outbox.messages).toEqual([
      expect.objectContaining({ audience: 'klantmanager', subject: `Wegwijs: NOA-assessment nog niet afgenomen (traject ${TRAJECTORY_ID})` }),
    ]);
    expect(world.eventStore.ofType('klantmanager.notified')).toHaveLength(1);
  });

  it('fails non-retryably without a message', async () => {
    const world = createTestWorld({ today: '2019-10-01' });
    await expect(createActivities(world.deps).notifyKlantmanager(serviceTaskRequest('sendNoaReminder'))).rejects.toMatchObject({ type: 'InvalidActivityInput' });
  });
});
