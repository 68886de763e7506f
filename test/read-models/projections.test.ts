/**
 * The projections against the real PostgreSQL: what they hold after the projector has caught up,
 * that applying events again changes nothing, that an event committed late is not skipped, and
 * that a rebuild from the events gives exactly the live read models.
 */
import { TypeOrmEventStore } from '@wegwijs/persistence';
import { ProjectionFailedError, Projector, rebuildProjections, snapshotReadModels, SqlReadModels, syntheticCohort, TrajectoryHistory } from '@wegwijs/read-models';
import type { DataSource } from 'typeorm';
import { connectToTestDatabase, freshPrefix, projectPast } from './support';

let dataSource: DataSource;
let store: TypeOrmEventStore;
let readModels: SqlReadModels;

beforeAll(async () => {
  dataSource = await connectToTestDatabase();
  store = new TypeOrmEventStore(dataSource);
  readModels = new SqlReadModels(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** Appends what the histories hold beyond what was appended before, then lets the projector catch up. */
async function appendAndProject(...histories: TrajectoryHistory[]): Promise<void> {
  for (const history of histories) {
    const stored = (await store.readStream(history.trajectoryId)).length;
    await store.append(history.trajectoryId, history.events.slice(stored));
  }
  await projectPast(dataSource, histories.map((history) => history.trajectoryId));
}

describe('the trajectory summary projection', () => {
  it('shows phase, what the trajectory waits on and since, the next deadline, client manager, municipality and route', async () => {
    const history = new TrajectoryHistory(`GM0473.${freshPrefix()}`, { klantmanagerId: 'km-zvt-1' })
      .started('2019-01-07', { housingDate: '2019-01-07' })
      .milestone('intake.planAgreed', '2019-02-20', { route: 'werk' }, 'planVanAanpak')
      .waiting('2019-02-21', 'aanDeSlagStarted', 'work.aanDeSlagTrajectoryStarted', '2019-03-21')
      .clockStarted('2019-01-07', 'inburgeringstermijn', 'Inburgeringstermijn (3 jaar)', '2021-12-01');

    await appendAndProject(history);

    expect(await readModels.trajectorySummary(history.trajectoryId)).toEqual({
      trajectoryId: history.trajectoryId,
      municipality: 'GM0473',
      definitionKey: 'haarlem-statushouders',
      definitionVersion: 1,
      status: 'running',
      phase: 'route werk',
      route: 'werk',
      clientManagerId: 'km-zvt-1',
      waitingOn: ['work.aanDeSlagTrajectoryStarted'],
      waitingSince: new Date('2019-02-21T08:00:00Z').toISOString(),
      nextDeadline: '2019-03-21',
      startedAt: new Date('2019-01-07T08:00:00Z').toISOString(),
      endedAt: null,
    });
    expect((await readModels.caseload('km-zvt-1')).map((summary) => summary.trajectoryId)).toContain(history.trajectoryId);
  });
});

describe('the task worklist projection', () => {
  it('lists a task opened by an activity until the milestone that completes it is recorded', async () => {
    const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`)
      .started('2019-01-07', { housingDate: '2019-01-07' })
      .add('task.opened', { taskId: 'task-a', kind: 'basis.applyLivingAllowance', assigneeTeam: 'klantmanagers', dueOn: '2019-01-21', completionMilestone: 'basis.livingAllowanceArranged', nodeId: 'livingAllowance' }, '2019-01-07')
      .add('task.created', { taskId: 'task-b', title: 'Bel COA', assigneeId: 'km-task-1', dueOn: '2019-01-14' }, '2019-01-07')
      .add('task.created', { taskId: 'task-c', title: 'Plan NOA', assigneeId: 'km-task-1', dueOn: '2019-01-10' }, '2019-01-07')
      .add('task.reassigned', { taskId: 'task-a', team: 'klantmanagers', userId: 'km-task-1' }, '2019-01-08')
      .add('task.completed', { taskId: 'task-c' }, '2019-01-09');
    await appendAndProject(history);
    const openBefore = await readModels.openTasksOf('km-task-1');

    await appendAndProject(history.milestone('basis.livingAllowanceArranged', '2019-01-15'));

    expect(openBefore.map((task) => [task.taskId, task.dueOn, task.team])).toEqual([
      ['task-b', '2019-01-14', null],
      ['task-a', '2019-01-21', 'klantmanagers'],
    ]);
    expect((await readModels.openTasksOf('km-task-1')).map((task) => task.taskId)).toEqual(['task-b']);
  });
});

describe('the deadline calendar projection', () => {
  it("lists a client manager's deadlines and warnings up to a date, and drops a norm once its milestone is recorded", async () => {
    const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`, { klantmanagerId: 'km-cal-1' })
      .started('2019-01-07', { housingDate: '2019-01-07' })
      .clockStarted('2019-01-07', 'inburgeringstermijn', 'Inburgeringstermijn (3 jaar)', '2021-12-01', ['P12M', 'P6M'])
      .waiting('2019-01-08', 'noaAssessment', 'intake.noaAssessmentDone', '2019-02-18')
      .waiting('2019-01-08', 'followUpTalk', 'intake.followUpTalkHeld', '2019-03-18');
    await appendAndProject(history);
    const before = await readModels.deadlineCalendar('km-cal-1', { until: '2021-12-31' });

    await appendAndProject(history.milestone('intake.noaAssessmentDone', '2019-02-01', undefined, 'noaAssessment'));

    expect(before.map((deadline) => [deadline.kind, deadline.name, deadline.dueOn])).toEqual([
      ['norm', 'intake.noaAssessmentDone', '2019-02-18'],
      ['norm', 'intake.followUpTalkHeld', '2019-03-18'],
      ['warning', 'Inburgeringstermijn (3 jaar)', '2020-12-01'],
      ['warning', 'Inburgeringstermijn (3 jaar)', '2021-06-01'],
      ['clock', 'Inburgeringstermijn (3 jaar)', '2021-12-01'],
    ]);
    expect((await readModels.deadlineCalendar('km-cal-1', { until: '2019-12-31' })).map((deadline) => deadline.name)).toEqual(['intake.followUpTalkHeld']);
  });

  it('moves the deadline and its warnings still to come when the clock is extended, and forgets warnings already given', async () => {
    const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`, { klantmanagerId: 'km-cal-2' })
      .started('2019-01-07', { housingDate: '2019-01-07' })
      .clockStarted('2019-01-07', 'inburgeringstermijn', 'Inburgeringstermijn (3 jaar)', '2021-12-01', ['P12M', 'P6M'])
      .add('clock.warning', { clockId: 'inburgeringstermijn', offset: 'P12M', deadline: '2021-12-01', late: false }, '2020-12-01')
      .add('clock.extended', { clockId: 'inburgeringstermijn', milestone: 'inburgering.extensionGranted', by: 'P6M', deadline: '2022-06-01' }, '2021-01-10');

    await appendAndProject(history);

    expect((await readModels.deadlineCalendar('km-cal-2', { until: '2022-12-31' })).map((deadline) => [deadline.kind, deadline.dueOn])).toEqual([
      ['warning', '2021-12-01'],
      ['clock', '2022-06-01'],
    ]);
  });
});

describe('the handover register projection', () => {
  it('registers the regie, the warm handovers due and done, and a terugmelding', async () => {
    const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`, { klantmanagerId: 'km-ho-1' })
      .started('2019-01-07', { housingDate: '2019-01-07' })
      .waiting('2019-01-07', 'phoneHandover', 'coa.warmHandoverDone')
      .milestone('coa.warmHandoverDone', '2019-01-10', undefined, 'phoneHandover')
      .milestone('work.terugmelding', '2019-04-01')
      .add('guidance.handoverMeetingScheduled', { meetBefore: '2021-01-07', taskId: 't', audiences: [], nodeId: 'requestWarmHandover' }, '2020-12-07');

    await appendAndProject(history);

    expect((await readModels.handoversOf(history.trajectoryId)).map(({ kind, from, to, dueOn, doneOn }) => ({ kind, from, to, dueOn, doneOn }))).toEqual([
      { kind: 'regie', from: 'gemeente', to: 'km-ho-1', dueOn: null, doneOn: '2019-01-07' },
      { kind: 'warme overdracht', from: 'COA', to: 'gemeente', dueOn: null, doneOn: '2019-01-10' },
      { kind: 'terugmelding', from: "'Aan de slag'", to: 'klantmanager', dueOn: null, doneOn: '2019-04-01' },
      { kind: 'warme overdracht', from: 'Vluchtelingenwerk', to: 'Sociaal Wijkteam', dueOn: '2021-01-07', doneOn: null },
    ]);
    expect((await readModels.pendingHandovers('GM0392')).map((handover) => handover.trajectoryId)).toContain(history.trajectoryId);
  });
});

describe('the projector', () => {
  it('changes nothing when every event is applied a second time', async () => {
    const prefix = freshPrefix();
    const cohort = syntheticCohort({ size: 20, referenceDate: '2019-03-31', months: 6, seed: 11, prefix, municipalityCodes: ['GM9911', 'GM9911'] });
    await appendAndProject(...cohort);
    const once = await snapshotReadModels(dataSource, `GM9911.${prefix}`);

    await dataSource.query('UPDATE projection_checkpoints SET transaction_id = 0, position = 0');
    await projectPast(dataSource, cohort.map((history) => history.trajectoryId));

    expect(await snapshotReadModels(dataSource, `GM9911.${prefix}`)).toEqual(once);
    expect(once.rm_trajectory_summaries).toHaveLength(20);
  });

  it('waits for a transaction still open rather than skip its event, then projects it', async () => {
    const [{ version }] = await dataSource.query('SELECT version()');
    // Embedded PGlite is one backend behind a multiplexer: it runs one transaction at a time, so
    // an event cannot commit out of order there, and a second connection would wait on the first.
    const concurrentTransactions = !String(version).includes('PGlite');
    const early = new TrajectoryHistory(`GM0392.${freshPrefix()}`, { klantmanagerId: 'km-late' }).started('2019-01-07', { housingDate: '2019-01-07' });
    const later = new TrajectoryHistory(`GM0392.${freshPrefix()}`).started('2019-01-08', { housingDate: '2019-01-08' });
    const slowWriter = dataSource.createQueryRunner();
    await slowWriter.connect();
    await slowWriter.startTransaction();
    try {
      const [{ position }] = await slowWriter.query(
        `INSERT INTO trajectory_events (stream_id, sequence, type, schema_version, payload, actor_role, actor_id, business_time, idempotency_key)
         VALUES ($1, 1, 'trajectory.started', 1, '{"municipality":"GM0392"}', 'klantmanager', 'km-late', now(), $2) RETURNING position`,
        [early.trajectoryId, `${early.trajectoryId}#slow`],
      );
      if (!concurrentTransactions) await slowWriter.commitTransaction();
      // One catch-up while the slow transaction is open: the feed must hold back what sorts after it.
      await store.append(later.trajectoryId, later.events);
      await new Projector(dataSource).catchUp();
      const whileOpen = await readModels.trajectorySummary(early.trajectoryId);
      if (concurrentTransactions) await slowWriter.commitTransaction();
      await projectPast(dataSource, [early.trajectoryId, later.trajectoryId]);

      const [{ max }] = await dataSource.query('SELECT max(position)::bigint AS max FROM trajectory_events WHERE stream_id = $1', [later.trajectoryId]);
      expect(Number(position)).toBeLessThan(Number(max));
      if (concurrentTransactions) expect(whileOpen).toBeUndefined();
      expect((await readModels.trajectorySummary(early.trajectoryId))?.clientManagerId).toBe('km-late');
      expect(await readModels.trajectorySummary(later.trajectoryId)).toBeDefined();
    } finally {
      if (slowWriter.isTransactionActive) await slowWriter.rollbackTransaction();
      await slowWriter.release();
    }
  });
});

describe('the running projector', () => {
  it('reports a failed batch, rolls it back, and applies it on the next round', async () => {
    const history = new TrajectoryHistory(`GM0392.${freshPrefix()}`).started('2019-01-07', { housingDate: '2019-01-07' });
    await store.append(history.trajectoryId, history.events);
    const applied: string[] = [];
    const errors: unknown[] = [];
    let failuresLeft = 1;
    const controller = new AbortController();
    const flaky = {
      name: `flaky-${freshPrefix()}`,
      handles: ['trajectory.started'],
      tables: [],
      async apply(event: { streamId: string }) {
        if (event.streamId !== history.trajectoryId) return;
        if (failuresLeft-- > 0) throw new Error('deadlock detected');
        applied.push(event.streamId);
        controller.abort();
      },
    };

    await new Projector(dataSource, { projections: [flaky] }).run(controller.signal, 10, (error) => errors.push(error));

    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProjectionFailedError);
    expect(applied).toEqual([history.trajectoryId]);
  });
});

describe('rebuilding the read models', () => {
  it('gives exactly the read models the live projector built, event by event', async () => {
    const prefix = freshPrefix();
    const cohort = syntheticCohort({ size: 60, referenceDate: '2019-03-31', seed: 5, prefix, municipalityCodes: ['GM9912', 'GM9912'] });
    const projector = new Projector(dataSource, { batchSize: 7 });
    // Live: the projector runs between appends, as it would beside a busy API.
    for (const history of cohort) {
      await store.append(history.trajectoryId, history.events);
      if (cohort.indexOf(history) % 10 === 0) await projector.catchUp();
    }
    await projectPast(dataSource, cohort.map((history) => history.trajectoryId), projector);
    const live = await snapshotReadModels(dataSource, `GM9912.${prefix}`);

    const rebuilt = await rebuildProjections(dataSource);

    expect(await snapshotReadModels(dataSource, `GM9912.${prefix}`)).toEqual(live);
    expect(rebuilt.map((projection) => projection.projection)).toEqual(['trajectory-summary', 'task-worklist', 'deadline-calendar', 'handover-register']);
    expect(live.rm_trajectory_summaries).toHaveLength(60);
    expect(live.rm_deadlines.length).toBeGreaterThan(60);
  });
});
