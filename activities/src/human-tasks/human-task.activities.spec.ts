import { createActivities } from '../create-activities';
import { createTestWorld, serviceTaskRequest } from '../testing/doubles';

const ABOUT = { title: 'Evalueer het participatietraject', completionMilestone: 'task.evaluation' };

describe("a definition's human task", () => {
  it("opens once per visit in the role's worklist, due within its term of the step's business date, completed by its milestone", async () => {
    const world = createTestWorld({ today: '2027-03-01' });
    const activities = createActivities(world.deps);
    const request = { ...serviceTaskRequest('evaluation', { ...ABOUT, role: 'klantmanager', dueWithin: 'P2W' }), businessDate: '2027-02-15' };

    expect(await activities.openHumanTask(request)).toEqual({ taskId: expect.any(String), dueOn: '2027-03-01' });
    await activities.openHumanTask(request);
    await activities.openHumanTask(serviceTaskRequest('evaluationWijkteam', { ...ABOUT, role: 'wijkteam', dueOn: '2027-04-01' }));

    expect(world.taskStore.tasks.map((task) => [task.kind, task.title, task.dueOn, task.assignee, task.completionMilestone])).toEqual([
      ['humanTask.evaluation', ABOUT.title, '2027-03-01', { team: 'klantmanagers', userId: 'km-0007' }, 'task.evaluation'],
      ['humanTask.evaluationWijkteam', ABOUT.title, '2027-04-01', { team: 'wijkteam' }, 'task.evaluation'],
    ]);
  });

  it("puts a declared role's task in the team its definition names", async () => {
    const world = createTestWorld({ today: '2027-03-01' });
    const activities = createActivities(world.deps);
    await activities.openHumanTask(serviceTaskRequest('coaching', { ...ABOUT, role: 'jobcoach', team: 'jobcoaches', dueWithin: 'P2W' }));
    expect(world.taskStore.tasks.map((task) => task.assignee)).toEqual([{ team: 'jobcoaches' }]);
  });

  it("keeps a repeated task's instance with the task, so its completion can report it", async () => {
    const world = createTestWorld({ today: '2027-03-01' });
    const activities = createActivities(world.deps);
    await activities.openHumanTask(serviceTaskRequest('checkIn.open', { ...ABOUT, role: 'klantmanager', dueWithin: 'P2W', instanceNumber: 3 }));
    await activities.openHumanTask(serviceTaskRequest('evaluation', { ...ABOUT, role: 'klantmanager', dueWithin: 'P2W' }));
    expect(world.taskStore.tasks.map((task) => task.instanceNumber)).toEqual([3, undefined]);
    await expect(activities.openHumanTask(serviceTaskRequest('checkIn.open', { ...ABOUT, role: 'klantmanager', dueWithin: 'P2W', instanceNumber: 0 }))).rejects.toMatchObject({
      type: 'InvalidActivityInput',
    });
  });

  it('refuses a role without a worklist (neither built in nor declared with a team), as the definition bug it is', async () => {
    const activities = createActivities(createTestWorld({ today: '2027-03-01' }).deps);
    await expect(activities.openHumanTask(serviceTaskRequest('evaluation', { ...ABOUT, role: 'jobcoach', dueWithin: 'P2W' }))).rejects.toMatchObject({ type: 'InvalidActivityInput' });
    await expect(activities.openHumanTask(serviceTaskRequest('evaluation', { ...ABOUT, role: 'jobcoach', team: 'Job Coaches', dueWithin: 'P2W' }))).rejects.toMatchObject({
      type: 'InvalidActivityInput',
    });
  });

  it('reminds the role that the task is still open, once per reminder', async () => {
    const world = createTestWorld({ today: '2027-03-08' });
    const activities = createActivities(world.deps);
    await activities.remindAboutHumanTask(serviceTaskRequest('evaluation.remind', { ...ABOUT, role: 'vluchtelingenwerk' }));
    await activities.remindAboutHumanTask(serviceTaskRequest('evaluation.remind', { ...ABOUT, role: 'vluchtelingenwerk' }));
    expect(world.outbox.messages.map((message) => [message.audience, message.subject.includes(ABOUT.title)])).toEqual([['vluchtelingenwerk', true]]);
  });
});
