import { START_OF_FEED, type ProjectedEvent } from '../projected-event';
import { TrajectoryHistory } from '../synthetic/trajectory-history';
import { describeTrajectorySummary, emptyTrajectorySummary, evolveTrajectorySummary } from './trajectory-summary.projection';

const TRAJECTORY = 'GM0392.HLM-2019-0042';

function summarise(history: TrajectoryHistory) {
  const events: ProjectedEvent[] = history.recorded().map((event) => ({ ...event, feedPosition: START_OF_FEED }));
  return describeTrajectorySummary(events.reduce(evolveTrajectorySummary, emptyTrajectorySummary(TRAJECTORY)));
}

describe('the trajectory summary', () => {
  it('takes municipality, definition and client manager from the start', () => {
    const summary = summarise(new TrajectoryHistory(TRAJECTORY, { klantmanagerId: 'km-0007' }).started('2019-01-07', { housingDate: '2019-01-07' }));

    expect(summary).toMatchObject({ municipality: 'GM0392', definitionKey: 'haarlem-statushouders', clientManagerId: 'km-0007', status: 'running' });
  });

  it('waits on the open milestones since the oldest, in the phase of the least advanced one', () => {
    const summary = summarise(
      new TrajectoryHistory(TRAJECTORY)
        .started('2019-01-07', { housingDate: '2019-01-07' })
        .waiting('2019-01-10', 'introductionProgramme', 'introduction.programmeCompleted')
        .waiting('2019-01-08', 'noaAssessment', 'intake.noaAssessmentDone', '2019-02-18'),
    );

    expect(summary.waitingOn).toEqual(['intake.noaAssessmentDone', 'introduction.programmeCompleted']);
    expect(summary.waitingSince).toBe(new Date('2019-01-08T08:00:00Z').toISOString());
    expect(summary.phase).toBe('brede intake');
    expect(summary.nextDeadline).toBe('2019-02-18');
  });

  it('stops waiting on a milestone once it is recorded for that node, and keeps the route of the plan', () => {
    const summary = summarise(
      new TrajectoryHistory(TRAJECTORY)
        .started('2019-01-07', { housingDate: '2019-01-07' })
        .waiting('2019-02-01', 'planVanAanpak', 'intake.planAgreed')
        .milestone('intake.planAgreed', '2019-02-20', { route: 'onderwijs' }, 'planVanAanpak'),
    );

    expect(summary.waitingOn).toEqual([]);
    expect(summary.route).toBe('onderwijs');
  });

  it('puts the earliest running legal clock as next deadline, leaving out suspended ones', () => {
    const summary = summarise(
      new TrajectoryHistory(TRAJECTORY)
        .started('2019-01-07', { housingDate: '2019-01-07' })
        .clockStarted('2019-01-07', 'inburgeringstermijn', 'Inburgeringstermijn', '2021-12-01')
        .clockStarted('2019-01-07', 'guidance', 'Begeleiding', '2021-01-07')
        .add('clock.suspended', { clockId: 'guidance', milestone: 'x' }, '2019-03-01'),
    );

    expect(summary.nextDeadline).toBe('2021-12-01');
  });

  it('stops waiting where a wait ended without its milestone (another branch won, the step was interrupted)', () => {
    const summary = summarise(
      new TrajectoryHistory(TRAJECTORY)
        .started('2019-01-07', { housingDate: '2019-01-07' })
        .waiting('2019-01-08', 'noaAssessment', 'intake.noaAssessmentDone', '2019-02-18')
        .add('trajectory.waitEnded', { nodeId: 'noaAssessment', milestone: 'intake.noaAssessmentDone', reason: 'boundary' }, '2019-01-20'),
    );

    expect(summary.waitingOn).toEqual([]);
    expect(summary.nextDeadline).toBeNull();
  });

  it('drops an expired clock from the next deadline, and takes it back when a later report shows it never expired', () => {
    const expired = new TrajectoryHistory(TRAJECTORY)
      .started('2019-01-07', { housingDate: '2019-01-07' })
      .clockStarted('2019-01-07', 'inburgeringstermijn', 'Inburgeringstermijn', '2021-12-01')
      .add('clock.expired', { clockId: 'inburgeringstermijn', deadline: '2021-12-01' }, '2021-12-01');
    expect(summarise(expired).nextDeadline).toBeNull();

    // An extension dated before the deadline, entered after it: the expiry is withdrawn, the clock runs to its new deadline.
    const extended = expired
      .add('clock.expiryWithdrawn', { clockId: 'inburgeringstermijn', deadline: '', on: '2021-12-01', by: 'milestone:ext-1' }, '2021-12-01')
      .add('clock.extended', { clockId: 'inburgeringstermijn', milestone: 'inburgering.extensionGranted', from: '2021-12-01', deadline: '2022-06-01' }, '2021-11-15');
    expect(summarise(extended).nextDeadline).toBe('2022-06-01');
  });

  it('follows a reassignment to another client manager', () => {
    const summary = summarise(
      new TrajectoryHistory(TRAJECTORY, { klantmanagerId: 'km-0007' })
        .started('2019-01-07', { housingDate: '2019-01-07' })
        .add('trajectory.reassigned', { klantmanagerId: 'km-0011' }, '2019-05-01', { role: 'supervisor', id: 'sup-1' }, 2),
    );

    expect(summary.clientManagerId).toBe('km-0011');
  });

  it('ends in phase afgerond with nothing left to wait on', () => {
    const summary = summarise(
      new TrajectoryHistory(TRAJECTORY)
        .started('2019-01-07', { housingDate: '2019-01-07' })
        .waiting('2019-01-08', 'noaAssessment', 'intake.noaAssessmentDone')
        .add('trajectory.cancelled', { reason: 'verhuisd' }, '2019-04-01'),
    );

    expect(summary).toMatchObject({ status: 'cancelled', phase: 'afgerond', waitingOn: [], nextDeadline: null });
  });

  it('ignores an event it has already folded', () => {
    const events = new TrajectoryHistory(TRAJECTORY, { klantmanagerId: 'km-0007' }).started('2019-01-07', { housingDate: '2019-01-07' }).recorded();
    const once = evolveTrajectorySummary(emptyTrajectorySummary(TRAJECTORY), { ...events[0], feedPosition: START_OF_FEED });

    expect(evolveTrajectorySummary(once, { ...events[0], feedPosition: START_OF_FEED })).toBe(once);
  });
});
