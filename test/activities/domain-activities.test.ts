/**
 * The domain activities against the real PostgreSQL of the test run: tasks, events and outbox
 * rows as they are stored, and retries that store nothing twice.
 */
import {
  createActivities,
  FileTvsProfileSourceDevelopmentStandIn,
  InMemoryNoaAgendaDevelopmentStandIn,
  InMemoryPersonDirectoryDevelopmentStandIn,
  StaticCaseTeamDirectoryDevelopmentStandIn,
} from '@wegwijs/activities';
import type { ServiceTaskRequest } from '@wegwijs/domain';
import {
  createWegwijsDataSource,
  TaskAlreadyCompletedError,
  TaskNotFoundError,
  TypeOrmEventStore,
  TypeOrmNotificationOutbox,
  TypeOrmTaskStore,
} from '@wegwijs/persistence';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { newCaseReference } from '../support/case-references';

describe('the domain activities on PostgreSQL', () => {
  let dataSource: DataSource;
  let profileDirectory: string;
  let eventStore: TypeOrmEventStore;
  let taskStore: TypeOrmTaskStore;
  let outbox: TypeOrmNotificationOutbox;
  let people: InMemoryPersonDirectoryDevelopmentStandIn;
  let activities: ReturnType<typeof createActivities>;
  let today = new Date('2019-09-02T10:00:00+02:00');
  // A municipality code of its own, so that no other test's rows are counted here.
  const municipality = `GM9${String(randomInt(1000)).padStart(3, '0')}`;

  beforeAll(async () => {
    dataSource = createWegwijsDataSource({ url: process.env.DATABASE_URL!, poolSize: 2, applicationName: 'test' });
    await dataSource.initialize();
    profileDirectory = await mkdtemp(join(tmpdir(), 'wegwijs-tvs-'));
    eventStore = new TypeOrmEventStore(dataSource);
    taskStore = new TypeOrmTaskStore(dataSource);
    outbox = new TypeOrmNotificationOutbox(dataSource);
    people = new InMemoryPersonDirectoryDevelopmentStandIn();
    activities = createActivities({
      eventStore,
      taskStore,
      outbox,
      people,
      caseTeam: new StaticCaseTeamDirectoryDevelopmentStandIn({ klantmanager: 'km@example.org' }, 'km-0007'),
      tvsProfiles: new FileTvsProfileSourceDevelopmentStandIn(profileDirectory),
      noaAgenda: new InMemoryNoaAgendaDevelopmentStandIn(),
      now: () => today,
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (profileDirectory) await rm(profileDirectory, { recursive: true, force: true });
  });

  function newTrajectory(): string {
    return `${municipality}.${newCaseReference()}`;
  }

  function request(trajectoryId: string, nodeId: string, input: ServiceTaskRequest['input'] = {}, visit = 1): ServiceTaskRequest {
    return { trajectoryId, nodeId, idempotencyKey: `${trajectoryId}#${nodeId}#${visit}`, input };
  }

  async function eventTypes(trajectoryId: string): Promise<string[]> {
    return (await eventStore.readStream(trajectoryId)).map((event) => event.type);
  }

  it('scores a TVS profile from the file stand-in and has the klantmanager call COA once, however often retried', async () => {
    const trajectoryId = newTrajectory();
    await writeFile(join(profileDirectory, `${trajectoryId}.json`), JSON.stringify({ education: 'mbo', receptionActivities: ['taalles'] }));

    const assessment = await activities.fetchTvsProfile(request(trajectoryId, 'fetchTvsProfile'));
    await activities.requestTvsProfileFromCoa(request(trajectoryId, 'chaseCoa'));
    await activities.requestTvsProfileFromCoa(request(trajectoryId, 'chaseCoa'));

    expect(assessment).toEqual({ complete: false, score: 0.5, missingSections: 'workExperience,careAndWmoNeeds' });
    const tasks = await taskStore.listForTrajectory(trajectoryId);
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'coa.callAboutTvsProfile', status: 'open', assignee: { team: 'klantmanagers', userId: 'km-0007' }, dueOn: '2019-09-05', completionMilestone: 'coa.warmHandoverDone' }),
    ]);
    expect(await eventTypes(trajectoryId)).toEqual(['coa.tvsProfileAssessed', 'task.opened', 'coa.profileCompletionRequested']);
  });

  it('scores a trajectory without a TVS file as an empty profile, every section missing', async () => {
    await expect(activities.fetchTvsProfile(request(newTrajectory(), 'fetchTvsProfile'))).resolves.toEqual({
      complete: false,
      score: 0,
      missingSections: 'education,workExperience,receptionActivities,careAndWmoNeeds',
    });
  });

  it('opens the five basis op orde tasks once and lists them for the klantmanager and the team', async () => {
    const trajectoryId = newTrajectory();
    await activities.openBasisOpOrdeTasks(request(trajectoryId, 'basisStart'));
    await activities.openBasisOpOrdeTasks(request(trajectoryId, 'basisStart'));

    const mine = (await taskStore.listOpenForUser('km-0007')).filter((task) => task.trajectoryId === trajectoryId);
    const team = (await taskStore.listOpenForTeam('klantmanagers')).filter((task) => task.trajectoryId === trajectoryId);
    expect(mine.map((task) => task.kind)).toEqual([
      'basis.applyLivingAllowance',
      'basis.applyFurnishingAllowance',
      'basis.sendNoaInvitation',
      'basis.askLanguageSchoolConsent',
      'basis.askBudgetManagementConsent',
    ]);
    expect(team).toHaveLength(5);
    expect(await eventTypes(trajectoryId)).toEqual([...Array(5).fill('task.opened'), 'basis.arrangementTasksOpened']);
  });

  it('completes a task once, accepts the same completion again, refuses another, and reassigns only open tasks', async () => {
    const trajectoryId = newTrajectory();
    today = new Date('2020-02-29T10:00:00+01:00');
    const { evaluationTaskId } = await activities.stopFinancieelOntzorgen(request(trajectoryId, 'stopOntzorgen'));

    const reassigned = await taskStore.reassign(evaluationTaskId, { team: 'schulddienstverlening', userId: 'sdv-0002' });
    expect(reassigned.assignee).toEqual({ team: 'schulddienstverlening', userId: 'sdv-0002' });
    const completed = await taskStore.complete(evaluationTaskId, 'sdv-0002', { followUp: 'budgetCoach' }, new Date('2020-03-05T09:00:00Z'));
    const repeated = await taskStore.complete(evaluationTaskId, 'sdv-0002', { followUp: 'budgetCoach' }, new Date('2020-03-06T09:00:00Z'));

    expect(completed).toMatchObject({ status: 'completed', completedBy: 'sdv-0002', outcome: { followUp: 'budgetCoach' }, completionMilestone: 'finance.followUpDecided' });
    expect(repeated.completedAt).toEqual(completed.completedAt);
    await expect(taskStore.complete(evaluationTaskId, 'sdv-0002', { followUp: 'debtHelp' }, new Date())).rejects.toBeInstanceOf(TaskAlreadyCompletedError);
    await expect(taskStore.reassign(evaluationTaskId, { team: 'supervisors' })).rejects.toBeInstanceOf(TaskAlreadyCompletedError);
    await expect(taskStore.get(randomUUID())).rejects.toBeInstanceOf(TaskNotFoundError);
    expect(await taskStore.listOpenForUser('sdv-0002')).not.toContainEqual(expect.objectContaining({ taskId: evaluationTaskId }));
  });

  it('books the NOA assessment, queues the invitation with its event, rebooks after a no-show and escalates the second', async () => {
    const trajectoryId = newTrajectory();
    today = new Date('2019-09-02T10:00:00+02:00');
    people.register(trajectoryId, { email: 'person@example.org', language: 'ar' });

    await activities.inviteToNoaAssessment(request(trajectoryId, 'inviteNoa'));
    await activities.inviteToNoaAssessment(request(trajectoryId, 'inviteNoa'));
    await activities.rescheduleNoaAssessmentAfterNoShow(request(trajectoryId, 'noaNoShow', {}, 1));
    const second = await activities.rescheduleNoaAssessmentAfterNoShow(request(trajectoryId, 'noaNoShow', {}, 2));

    expect(second).toEqual({ escalated: true, noShows: 2, startsAt: null });
    expect(await eventTypes(trajectoryId)).toEqual(['noa.assessmentBooked', 'noa.noShowRecorded', 'noa.assessmentBooked', 'noa.noShowRecorded', 'task.opened', 'noa.noShowsEscalated']);
    const messages = await outbox.listForTrajectory(trajectoryId);
    expect(messages.map((message) => [message.audience, message.language])).toEqual([
      ['person', 'nl+ar'],
      ['person', 'nl+ar'],
      ['klantmanager', 'nl'],
    ]);
    expect(JSON.stringify(await eventStore.readStream(trajectoryId))).not.toContain('person@example.org');
  });

  it('writes no outbox row when the event it belongs to is refused', async () => {
    const trajectoryId = newTrajectory();
    const other = newTrajectory();
    await activities.notifyKlantmanager(request(trajectoryId, 'remind', { message: 'Warme overdracht met COA nog niet gedaan' }));
    // Same idempotency key on another stream: the event store refuses it, so its message must not exist either.
    await expect(
      activities.notifyKlantmanager({ trajectoryId: other, nodeId: 'remind', idempotencyKey: `${trajectoryId}#remind#1`, input: { message: 'Iets anders' } }),
    ).rejects.toThrow(/already used by another stream/);
    expect(await outbox.listForTrajectory(other)).toEqual([]);
    expect(await outbox.listForTrajectory(trajectoryId)).toHaveLength(1);
  });

  it('starts and ends financieel ontzorgen and hands follow-ups to Schulddienstverlening', async () => {
    const trajectoryId = newTrajectory();
    today = new Date('2019-08-31T10:00:00+02:00');
    expect(await activities.startFinancieelOntzorgen(request(trajectoryId, 'startOntzorgen', { budgetManagementConsent: true }))).toEqual({ startedOn: '2019-08-31', endsOn: '2020-02-29' });
    await activities.assignBudgetCoach(request(trajectoryId, 'assignBudgetCoach'));
    await activities.startDebtHelp(request(trajectoryId, 'startDebtHelp'));
    expect((await taskStore.listOpenForTeam('schulddienstverlening')).filter((task) => task.trajectoryId === trajectoryId).map((task) => task.kind)).toEqual(
      expect.arrayContaining(['finance.linkBudgetCoach', 'finance.startDebtHelp']),
    );
    expect(await eventTypes(trajectoryId)).toEqual(['financieelOntzorgen.started', 'task.opened', 'finance.budgetCoachRequested', 'task.opened', 'finance.debtHelpRequested']);
  });

  it('warns about the inburgering deadline in four messages at most and escalates at the deadline', async () => {
    const trajectoryId = newTrajectory();
    people.register(trajectoryId, { email: 'person@example.org', language: 'ti' });
    today = new Date('2022-05-31T10:00:00+02:00');
    await activities.warnInburgeringDeadline(request(trajectoryId, 'inburgeringstermijn#P3M', { clockId: 'inburgeringstermijn', kind: 'warning', before: 'P3M', deadline: '2022-08-31', late: false, languageSchoolConsent: true }));
    today = new Date('2022-08-31T10:00:00+02:00');
    await activities.warnInburgeringDeadline(request(trajectoryId, 'inburgeringstermijn#deadline', { clockId: 'inburgeringstermijn', kind: 'deadline', deadline: '2022-08-31', before: null, late: false }));

    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => message.audience).sort()).toEqual(['klantmanager', 'person', 'taalschool']);
    expect((await taskStore.listForTrajectory(trajectoryId)).map((task) => task.kind)).toEqual(['inburgering.deadlinePassed']);
    expect(await eventTypes(trajectoryId)).toEqual(['inburgering.warningSent', 'task.opened', 'inburgering.deadlinePassedEscalated']);
  });

  it('runs the guidance handover from month 22 to an escalation after 10 working days', async () => {
    const trajectoryId = newTrajectory();
    today = new Date('2021-06-30T10:00:00+02:00');
    await activities.startMaatschappelijkeBegeleiding(request(trajectoryId, 'startGuidance', { housingDate: '2019-08-31' }));
    await activities.scheduleWarmHandoverMeeting(request(trajectoryId, 'planHandover', { housingDate: '2019-08-31' }));
    today = new Date('2021-08-31T10:00:00+02:00');
    const handover = await activities.requestWarmHandoverToWijkteam(request(trajectoryId, 'requestWarmHandover'));
    today = new Date('2021-09-15T10:00:00+02:00');
    const escalation = await activities.escalateUnacceptedWarmHandover(request(trajectoryId, 'escalateHandover'));

    expect(handover.acceptBy).toBe('2021-09-14');
    expect(escalation).toEqual({ escalated: true });
    expect((await taskStore.listOpenForTeam('supervisors')).filter((task) => task.trajectoryId === trajectoryId)).toHaveLength(1);
    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => message.audience).sort()).toEqual(['klantmanager', 'vluchtelingenwerk', 'vluchtelingenwerk', 'wijkteam', 'wijkteam']);
  });

  it('invites Vluchtelingenwerk to the follow-up talk and refers to the six programmes, each once', async () => {
    const trajectoryId = newTrajectory();
    today = new Date('2019-11-01T10:00:00+01:00');
    await activities.inviteVluchtelingenwerkToFollowUpTalk(request(trajectoryId, 'inviteVwn'));
    const referrals = [
      activities.referToAdviesteamOnderwijs,
      activities.registerWithAanDeSlag,
      activities.startTrajectKlantmanager,
      activities.registerForIntroductionProgramme,
      activities.registerForParticipatieverklaringstraject,
      activities.registerForMindfit,
    ];
    for (const [index, refer] of referrals.entries()) {
      await refer(request(trajectoryId, `refer${index}`));
      await refer(request(trajectoryId, `refer${index}`));
    }

    expect((await outbox.listForTrajectory(trajectoryId)).map((message) => message.audience)).toEqual(['vluchtelingenwerk']);
    expect((await taskStore.listForTrajectory(trajectoryId)).map((task) => task.kind)).toEqual([
      'referral.adviesteamOnderwijs',
      'referral.aanDeSlag',
      'referral.trajectKlantmanager',
      'referral.introductieprogramma',
      'referral.participatieverklaringstraject',
      'referral.mindfit',
    ]);
    expect((await eventTypes(trajectoryId)).filter((type) => type === 'referral.requested')).toHaveLength(6);
  });

  it('opens the warm handover to the new municipality once when a cancelled trajectory runs its cancellation path', async () => {
    const trajectoryId = newTrajectory();
    today = new Date('2019-11-01T10:00:00+01:00');
    const handover = request(trajectoryId, 'handOverToNewMunicipality', { newMunicipality: 'GM0363' });
    await activities.handOverToNewMunicipality(handover);
    await activities.handOverToNewMunicipality(handover);

    expect((await taskStore.listForTrajectory(trajectoryId)).map((task) => [task.kind, task.title, task.status, task.dueOn])).toEqual([
      ['handover.toNewMunicipality', 'Warme overdracht aan de nieuwe gemeente (GM0363)', 'open', '2019-11-08'],
    ]);
    expect(await eventTypes(trajectoryId)).toEqual(['task.opened', 'handover.toNewMunicipalityRequested']);
  });

  it('completes the open tasks waiting on a milestone that was reported directly', async () => {
    const trajectoryId = newTrajectory();
    await activities.openBasisOpOrdeTasks(request(trajectoryId, 'basisStart'));

    const completed = await taskStore.completeOpenForMilestone(trajectoryId, 'basis.livingAllowanceArranged', 'km-0007', new Date('2019-09-03T09:00:00Z'));
    const again = await taskStore.completeOpenForMilestone(trajectoryId, 'basis.livingAllowanceArranged', 'km-0007', new Date('2019-09-04T09:00:00Z'));

    expect(completed.map((task) => [task.kind, task.status, task.completedBy, task.completedAt])).toEqual([
      ['basis.applyLivingAllowance', 'completed', 'km-0007', new Date('2019-09-03T09:00:00Z')],
    ]);
    expect(again).toEqual([]);
    expect((await taskStore.listOpenForUser('km-0007')).filter((task) => task.trajectoryId === trajectoryId)).toHaveLength(4);
  });

  it('stores one task when two attempts open it at the same moment', async () => {
    const trajectoryId = newTrajectory();
    const task = { idempotencyKey: `${trajectoryId}#race#1#task`, trajectoryId, kind: 'race', title: 'Gelijktijdig', assignee: { team: 'klantmanagers' as const }, dueOn: null, completionMilestone: null };
    const [first, second] = await Promise.all([taskStore.open(task), taskStore.open(task)]);
    expect(second.taskId).toBe(first.taskId);
    expect(await taskStore.listForTrajectory(trajectoryId)).toHaveLength(1);
  });
});
