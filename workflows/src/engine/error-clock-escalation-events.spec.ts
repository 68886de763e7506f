import { compileCommittedDefinition, compileDefinitionSource, exampleCapabilities } from '@wegwijs/definitions';
import type { WantedEffect } from './effects';
import { PureTrajectory, type Answer } from './spec-support';
import { derivedStateView } from './views';

// examples/events.yaml: error events on a booking, a clock's expiry as a boundary and an
// intermediate event, and a human task that escalates to the supervisor.
const events = compileCommittedDefinition('examples/events.yaml', exampleCapabilities);
const START = '2027-01-04';
const at = (date: string) => `${date}T10:00:00.000Z`;

const booking =
  (outcome: 'booked' | 'NoCourseSeat' | 'Timeout:START_TO_CLOSE'): Answer =>
  (effect: WantedEffect) => {
    if (effect.activity === 'bookLanguageCourse') return outcome === 'booked' ? { booked: true } : { fail: outcome };
    if (effect.activity === 'openHumanTask') return { taskId: `task-${effect.nodeId}` };
    return {};
  };

const started = (outcome: Parameters<typeof booking>[0]) => new PureTrajectory(events, at(START), { startDate: START }, [], booking(outcome));
const opened = (trajectory: PureTrajectory) => trajectory.performed.filter(({ effect }) => effect.activity === 'openHumanTask').map(({ effect }) => ({ node: effect.nodeId, on: effect.on, role: effect.input.role }));

describe('error boundary events', () => {
  it('take a business error the activity declares along the error path: no incident, the human task opens on the same day', () => {
    const trajectory = started('NoCourseSeat');
    const derivation = trajectory.derive(at(START));
    expect(derivation.incidents).toEqual([]);
    expect(derivation.visitedNodes).toEqual(expect.arrayContaining(['noSeat', 'findSeat']));
    expect(derivation.visitedNodes).not.toContain('bookingFailed');
    expect(opened(trajectory)).toEqual([{ node: 'findSeat', on: START, role: 'klantmanager' }]);
    // Nor does the state list it as an incident, resolved or not: it took the path modelled for it.
    expect(derivedStateView(events, trajectory.record, derivation).incidents).toEqual([]);
  });

  it('catch a failure with no code of its own (retries spent) with the catch-all event instead of blocking for a supervisor', () => {
    const trajectory = started('Timeout:START_TO_CLOSE');
    const derivation = trajectory.derive(at(START));
    expect(derivation.incidents).toEqual([]);
    expect(derivation.visitedNodes).toEqual(expect.arrayContaining(['bookingFailed', 'findSeat']));
    expect(derivation.visitedNodes).not.toContain('noSeat');
  });

  it('leave a failure nobody catches an incident, as before', () => {
    const plain = compileDefinitionSource(
      `key: no-catch
version: 1
name: Geen foutpad
nodes:
  - { id: start, kind: start }
  - { id: book, kind: serviceTask, activity: bookLanguageCourse, timeout: PT1M, boundaryEvents: [{ id: full, kind: error, errorCode: NoCourseSeat }] }
  - { id: done, kind: end }
  - { id: fullEnd, kind: end }
flows:
  - { source: start, target: book }
  - { source: book, target: done }
  - { source: full, target: fullEnd }
`,
      exampleCapabilities,
    );
    const trajectory = new PureTrajectory(plain, at(START), {}, [], () => ({ fail: 'CourseProviderClosed' }));
    expect(trajectory.derive(at(START)).incidents).toEqual([expect.objectContaining({ nodeId: 'book', activity: 'bookLanguageCourse' })]);
  });

  it('on a sub-process catch a failure of a step inside it and end every token in it', () => {
    const definition = compileDefinitionSource(
      `key: sub-catch
version: 1
name: Fout in een deelproces
milestones:
  course.completed: { description: Done, roles: [klantmanager] }
nodes:
  - { id: start, kind: start }
  - id: enrol
    kind: subProcess
    nodes:
      - { id: subStart, kind: start }
      - { id: fork, kind: parallelGateway }
      - { id: book, kind: serviceTask, activity: bookLanguageCourse, timeout: PT1M }
      - { id: wait, kind: milestoneWait, milestone: course.completed, roles: [klantmanager] }
      - { id: join, kind: parallelGateway }
      - { id: subEnd, kind: end }
    flows:
      - { source: subStart, target: fork }
      - { source: fork, target: book }
      - { source: fork, target: wait }
      - { source: book, target: join }
      - { source: wait, target: join }
      - { source: join, target: subEnd }
    boundaryEvents: [{ id: enrolFailed, kind: error, errorCode: NoCourseSeat }]
  - { id: done, kind: end }
  - { id: failedEnd, kind: end }
flows:
  - { source: start, target: enrol }
  - { source: enrol, target: done }
  - { source: enrolFailed, target: failedEnd }
`,
      exampleCapabilities,
    );
    const trajectory = new PureTrajectory(definition, at(START), {}, [], () => ({ fail: 'NoCourseSeat' }));
    const derivation = trajectory.derive(at(START));
    expect(derivation.incidents).toEqual([]);
    expect(derivation.tokens).toEqual([]);
    expect(derivation.listeners.filter((listener) => listener.closedOn === null)).toEqual([]);
    expect(derivation.visitedNodes).toEqual(expect.arrayContaining(['enrolFailed', 'failedEnd']));
    expect(derivation.ended).toMatchObject({ kind: 'completed', on: START });
  });
});

describe("a legal clock's expiry as an event", () => {
  it('interrupts the step it sits on and starts the waiting branch on the day the clock expires', () => {
    const trajectory = started('booked');
    const before = trajectory.advance(at('2028-01-04'));
    expect(before.tokens.map((token) => token.nodeId).sort()).toEqual(['awaitTermEnd', 'course']);
    const after = trajectory.advance(at('2028-01-06'));
    // P12M from 2027-01-04: the deadline is 2028-01-04, it has expired on the 5th.
    expect(after.visitedNodes).toEqual(expect.arrayContaining(['termExpired', 'expiredEnd', 'tellKlantmanager', 'told']));
    expect(trajectory.performedOf('notifyKlantmanager')).toEqual([expect.objectContaining({ on: '2028-01-05' })]);
    expect(after.ended).toMatchObject({ kind: 'completed', on: '2028-01-05' });
  });

  it('moves with an extension dated before the deadline, even one recorded after it passed', () => {
    const trajectory = started('booked');
    trajectory.advance(at('2028-01-10'));
    expect(trajectory.performedOf('notifyKlantmanager')).toHaveLength(1);
    expect(trajectory.report('term.extended', '2027-12-01', at('2028-01-10'), { extension: 'P6M' })).toBeUndefined();
    const derivation = trajectory.derive(at('2028-01-10'));
    expect(derivation.tokens.map((token) => token.nodeId).sort()).toEqual(['awaitTermEnd', 'course']);
    expect(derivation.visitedNodes).not.toContain('termExpired');
    // The notice it caused was never due: superseded, not reused.
    expect(trajectory.record.performances.filter((performance) => performance.effect.startsWith('task:tellKlantmanager'))).toEqual([expect.objectContaining({ superseded: expect.anything() })]);
    trajectory.advance(at('2028-07-06'));
    expect(trajectory.performedOf('notifyKlantmanager').map(({ on }) => on)).toEqual(['2028-01-05', '2028-07-05']);
  });

  it('never fired when a stop dated before the expiry is recorded late: what it caused is superseded and the course runs on', () => {
    const trajectory = started('booked');
    trajectory.advance(at('2028-01-10'));
    expect(trajectory.report('term.stopped', '2027-11-20', at('2028-01-10'))).toBeUndefined();
    const derivation = trajectory.derive(at('2028-01-10'));
    expect(derivation.visitedNodes).not.toContain('termExpired');
    expect(derivation.tokens.map((token) => token.nodeId).sort()).toEqual(['awaitTermEnd', 'course']);
    expect(trajectory.record.performances.find((performance) => performance.effect.startsWith('task:tellKlantmanager'))?.superseded).toBeDefined();
    expect(derivation.moments.filter((moment) => moment.kind === 'clockExpired' && moment.state !== 'cancelled')).toEqual([]);
    // The course completes: the terminate end ends the branch that waited for an expiry that will not come.
    trajectory.report('course.completed', '2028-02-01', at('2028-02-01'));
    expect(trajectory.derive(at('2028-02-01')).ended).toMatchObject({ kind: 'terminated', on: '2028-02-01' });
  });
});

describe('escalation of a human task to another role', () => {
  it("opens the task for the supervisor when it is still open three weeks after it opened, completed by the same milestone (by either role)", () => {
    const trajectory = started('NoCourseSeat');
    trajectory.advance(at('2027-01-24'));
    expect(opened(trajectory)).toEqual([{ node: 'findSeat', on: START, role: 'klantmanager' }]);
    trajectory.advance(at('2027-01-26'));
    expect(opened(trajectory)).toEqual([
      { node: 'findSeat', on: START, role: 'klantmanager' },
      { node: 'findSeat.escalate', on: '2027-01-25', role: 'supervisor' },
    ]);
    expect(trajectory.performed.find(({ effect }) => effect.nodeId === 'findSeat.escalate')?.effect.input).toMatchObject({ title: 'Escalatie: Zoek een plek op een taalcursus', completionMilestone: 'task.findSeat' });
    expect(trajectory.report('task.findSeat', '2027-01-27', at('2027-01-27'), undefined, { role: 'supervisor', id: 'sv-0003' })).toBeUndefined();
    expect(trajectory.derive(at('2027-01-27')).tokens.map((token) => token.nodeId).sort()).toEqual(['awaitTermEnd', 'course']);
  });

  it('is withdrawn when the task is done in time, also when that is reported late', () => {
    const trajectory = started('NoCourseSeat');
    trajectory.advance(at('2027-01-26'));
    expect(opened(trajectory).map(({ node }) => node)).toEqual(['findSeat', 'findSeat.escalate']);
    // Done on the 20th, recorded on the 26th: the escalation was never due.
    trajectory.report('task.findSeat', '2027-01-20', at('2027-01-26'));
    expect(trajectory.record.performances.find((performance) => performance.effect.startsWith('task:findSeat.escalate'))?.superseded).toBeDefined();
    expect(trajectory.derive(at('2027-01-26')).visitedNodes).not.toContain('findSeat.escalate');
  });
});
