import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest } from '../testing/doubles';

describe('basis op orde', () => {
  it('opens the five arrangement tasks with due dates in working days and the milestones they complete', async () => {
    const world = createTestWorld({ today: '2019-08-30' });

    const result = await createActivities(world.deps).openBasisOpOrdeTasks(serviceTaskRequest('basisStart'));

    expect(result).toEqual({ openedTasks: 5, lastDueOn: '2019-09-13' });
    expect(world.taskStore.tasks.map((task) => [task.kind, task.dueOn, task.completionMilestone])).toEqual([
      ['basis.applyLivingAllowance', '2019-09-04', 'basis.livingAllowanceArranged'],
      ['basis.applyFurnishingAllowance', '2019-09-06', 'basis.furnishingAllowanceArranged'],
      ['basis.sendNoaInvitation', '2019-09-06', null],
      ['basis.askLanguageSchoolConsent', '2019-09-13', 'basis.languageSchoolConsentRecorded'],
      ['basis.askBudgetManagementConsent', '2019-09-13', 'basis.budgetManagementConsentRecorded'],
    ]);
    expect(world.eventStore.ofType('basis.arrangementTasksOpened')[0].payload.taskIds).toHaveLength(5);
  });

  it('opens nothing new when retried', async () => {
    const world = createTestWorld({ today: '2019-08-30' });
    const activities = createActivities(world.deps);
    await activities.openBasisOpOrdeTasks(serviceTaskRequest('basisStart'));
    await activities.openBasisOpOrdeTasks(serviceTaskRequest('basisStart'));
    expect(world.taskStore.tasks).toHaveLength(5);
    expect(world.eventStore.events).toHaveLength(6);
  });
});
