import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest } from '../testing/doubles';

describe('financieel ontzorgen', () => {
  it('starts for six months and records the fixed costs paid directly, as categories only', async () => {
    const world = createTestWorld({ today: '2019-08-31' });

    const result = await createActivities(world.deps).startFinancieelOntzorgen(
      serviceTaskRequest('startOntzorgen', { budgetManagementConsent: true, fixedCosts: 'huur, energie ,zorgverzekering' }),
    );

    expect(result).toEqual({ startedOn: '2019-08-31', endsOn: '2020-02-29' });
    expect(world.eventStore.ofType('financieelOntzorgen.started')[0].payload).toEqual({
      startedOn: '2019-08-31',
      endsOn: '2020-02-29',
      directlyPaidFixedCosts: ['huur', 'energie', 'zorgverzekering'],
      nodeId: 'startOntzorgen',
    });
  });

  it('pays the usual fixed costs when the definition names none', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    await createActivities(world.deps).startFinancieelOntzorgen(serviceTaskRequest('startOntzorgen'));
    expect(world.eventStore.ofType('financieelOntzorgen.started')[0].payload.directlyPaidFixedCosts).toEqual(['huur', 'energie', 'water', 'zorgverzekering', 'gemeentelijke belastingen']);
  });

  it('refuses to start without consent, non-retryably', async () => {
    const world = createTestWorld({ today: '2019-09-02' });
    await expect(createActivities(world.deps).startFinancieelOntzorgen(serviceTaskRequest('startOntzorgen', { budgetManagementConsent: false }))).rejects.toMatchObject({
      type: 'NoBudgetManagementConsent',
      nonRetryable: true,
    });
    expect(world.eventStore.events).toHaveLength(0);
  });

  it('ends with an evaluation task for Schulddienstverlening whose completion decides the follow-up', async () => {
    const world = createTestWorld({ today: '2020-02-29' });
    const result = await createActivities(world.deps).stopFinancieelOntzorgen(serviceTaskRequest('stopOntzorgen'));
    expect(world.taskStore.tasks).toEqual([
      expect.objectContaining({ taskId: result.evaluationTaskId, kind: 'finance.evaluateOntzorgen', assignee: { team: 'schulddienstverlening' }, dueOn: '2020-03-13', completionMilestone: 'finance.followUpDecided' }),
    ]);
    expect(world.eventStore.ofType('financieelOntzorgen.ended')[0].payload).toEqual({ endedOn: '2020-02-29', evaluationTaskId: result.evaluationTaskId, nodeId: 'stopOntzorgen' });
  });

  it('hands a budget coach and debt help to Schulddienstverlening as tasks', async () => {
    const world = createTestWorld({ today: '2020-03-02' });
    const activities = createActivities(world.deps);
    await activities.assignBudgetCoach(serviceTaskRequest('assignBudgetCoach'));
    await activities.startDebtHelp(serviceTaskRequest('startDebtHelp'));
    expect(world.taskStore.tasks.map((task) => [task.kind, task.assignee.team])).toEqual([
      ['finance.linkBudgetCoach', 'schulddienstverlening'],
      ['finance.startDebtHelp', 'schulddienstverlening'],
    ]);
    expect(world.eventStore.events.map((event) => event.type)).toEqual(['task.opened', 'finance.budgetCoachRequested', 'task.opened', 'finance.debtHelpRequested']);
  });
});
