import fc from 'fast-check';
import { addDays } from '@wegwijs/calendar';
import { compileCommittedDefinition, compileDefinitionSource, exampleCapabilities } from '@wegwijs/definitions';
import type { FactValue, MultiInstanceNode } from '@wegwijs/definitions/runtime';
import { timesDuration } from './nodes/multi-instance';
import { scheduleOf } from './schedule';
import { PureTrajectory } from './spec-support';
import { derivedStateView } from './views';

// One talk per household member (parallel over a list), two notes one after the other (a
// sequential count), then three monthly check-ins counted from the start date (recurring).
const definition = compileCommittedDefinition('test-fixtures/repeated-steps.yaml', exampleCapabilities);

const START = '2027-01-04';
const at = (date: string) => `${date}T10:00:00.000Z`;
const started = () => new PureTrajectory(definition, at(START), { startDate: START, members: 'partner,kind' });

/** Both talks done on the 10th, so the check-ins are what is left. */
function afterTalks(): PureTrajectory {
  const trajectory = started();
  trajectory.report('task.talk', '2027-01-10', at('2027-01-10'), { instanceNumber: 1 });
  trajectory.report('task.talk', '2027-01-10', at('2027-01-10'), { instanceNumber: 2 });
  return trajectory;
}

describe('multi-instance and recurring steps', () => {
  it('compile to a multiInstance node around the step, and a repeated human task’s milestone names its instance', () => {
    const talk = definition.nodes.talk as MultiInstanceNode;
    expect(talk).toMatchObject({ kind: 'multiInstance', startNodeId: 'talk.start', loop: { type: 'parallel', collection: 'split(members, ",")', count: null } });
    expect(talk.childNodeIds).toEqual(['talk.start', 'talk.open', 'talk.wait', 'talk.end']);
    expect(definition.nodes.note).toMatchObject({ kind: 'multiInstance', loop: { type: 'sequential', count: '2' }, childNodeIds: ['note.start', 'note.each', 'note.end'] });
    expect(definition.nodes.checkIn).toMatchObject({ kind: 'multiInstance', loop: { type: 'recurring', every: 'P1M', times: 3, from: 'startDate + duration("P1M")' } });
    expect(definition.milestones?.['task.talk'].payload.instanceNumber).toMatchObject({ type: 'number', required: true, minimum: 1 });
  });

  it('parallel over a list: one task per item, each keyed by its instance; each report completes the instance it names; the flow goes on when all are done', () => {
    const trajectory = started();
    expect(trajectory.performedOf('openHumanTask')).toEqual([
      { on: START, key: 'task:talk.open#1.1.1', generation: 1 },
      { on: START, key: 'task:talk.open#1.2.1', generation: 1 },
    ]);
    // The worklist tells the tasks apart by their number.
    expect(trajectory.performed.filter(({ effect }) => effect.activity === 'openHumanTask').map(({ effect }) => effect.input.title)).toEqual([
      'Gesprek met een gezinslid (1/2)',
      'Gesprek met een gezinslid (2/2)',
    ]);
    // A report must say which instance it completes.
    expect(trajectory.report('task.talk', '2027-01-08', at('2027-01-08'))).toMatchObject({ type: 'InvalidMilestonePayload', fields: [{ field: 'payload.instanceNumber' }] });
    expect(trajectory.report('task.talk', '2027-01-08', at('2027-01-08'), { instanceNumber: 3 })).toMatchObject({ type: 'MilestoneNotExpected' });
    expect(trajectory.report('task.talk', '2027-01-08', at('2027-01-08'), { instanceNumber: 2 })).toBeUndefined();
    const waiting = derivedStateView(definition, trajectory.record, trajectory.derive(at('2027-01-09')));
    expect(waiting.waitingOn.map((wait) => [wait.nodeId, wait.instance])).toEqual([['talk.wait', 1]]);
    expect(waiting.expectedMilestones.map((expected) => [expected.milestone, expected.instance])).toEqual([['task.talk', 1]]);
    expect(trajectory.performedOf('notifyKlantmanager')).toEqual([]);
    expect(trajectory.report('task.talk', '2027-01-10', at('2027-01-10'), { instanceNumber: 1 })).toBeUndefined();
    expect(trajectory.performedOf('notifyKlantmanager').map((performed) => performed.on)).toEqual(['2027-01-10', '2027-01-10']);
  });

  it('sequential count: the instances run one after the other, each seeing its number in FEEL', () => {
    const trajectory = afterTalks();
    const notes = trajectory.performed.filter(({ effect }) => effect.activity === 'notifyKlantmanager').map(({ effect }) => [effect.key, effect.input.message]);
    expect(notes).toEqual([
      ['task:note.each#1.1.1', 'Notitie 1 van 2'],
      ['task:note.each#1.2.1', 'Notitie 2 van 2'],
    ]);
  });

  it('recurring: cycle n opens on from + (n-1) × every; the schedule shows the cycles to come', () => {
    const trajectory = afterTalks();
    const view = derivedStateView(definition, trajectory.record, trajectory.derive(at('2027-01-11')));
    expect(view.schedule.filter((entry) => entry.kind === 'cycle').map((entry) => [entry.date, entry.label, entry.status])).toEqual([
      ['2027-02-04', 'checkIn (1/3)', 'due'],
      ['2027-03-04', 'checkIn (2/3)', 'due'],
      ['2027-04-04', 'checkIn (3/3)', 'due'],
    ]);
    trajectory.advance(at('2027-04-05'));
    expect(trajectory.performedOf('openHumanTask').slice(2)).toEqual([
      { on: '2027-02-04', key: 'task:checkIn.open#1.1.1', generation: 1 },
      { on: '2027-03-04', key: 'task:checkIn.open#1.2.1', generation: 1 },
      { on: '2027-04-04', key: 'task:checkIn.open#1.3.1', generation: 1 },
    ]);
  });

  it('a back-dated report of cycle 2 counts on its date, exactly as if it had come on time', () => {
    const onTime = afterTalks();
    onTime.report('task.checkIn', '2027-02-10', at('2027-02-10'), { instanceNumber: 1, attended: true });
    onTime.report('task.checkIn', '2027-03-08', at('2027-03-08'), { instanceNumber: 2, attended: true });
    onTime.report('task.checkIn', '2027-04-06', at('2027-04-06'), { instanceNumber: 3, attended: true });

    const late = afterTalks();
    late.report('task.checkIn', '2027-02-10', at('2027-02-10'), { instanceNumber: 1, attended: true });
    late.report('task.checkIn', '2027-04-06', at('2027-04-06'), { instanceNumber: 3, attended: true });
    // Cycle 2 cannot be dated before it opened…
    expect(late.report('task.checkIn', '2027-03-01', at('2027-04-20'), { instanceNumber: 2, attended: true })).toMatchObject({ type: 'MilestoneDateTooEarly' });
    // …and, dated in its cycle but told six weeks later, it completes the step on its own date.
    expect(late.report('task.checkIn', '2027-03-08', at('2027-04-20'), { instanceNumber: 2, attended: true })).toBeUndefined();

    const [a, b] = [onTime.derive(at('2027-04-20')), late.derive(at('2027-04-20'))];
    expect(b.ended).toEqual(a.ended);
    expect(b.ended).toMatchObject({ kind: 'completed', on: '2027-04-06' });
    expect(b.facts).toEqual(a.facts);
    expect(late.performedOf('openHumanTask')).toEqual(onTime.performedOf('openHumanTask'));
    expect(late.performedOf('notifyKlantmanager')).toEqual(onTime.performedOf('notifyKlantmanager'));
  });

  it('a completion condition ends the step early and cancels the cycles still to come', () => {
    const early = compileDefinitionSource(
      `key: multi-instance-early
version: 1
name: Early
startsOn: startDate
facts:
  startDate: { type: date, required: true }
nodes:
  - { id: start, kind: start }
  - id: checkIn
    kind: humanTask
    role: klantmanager
    title: Maandelijkse check-in
    due: { within: P1M }
    recurrence: { every: P1M, times: 12, completionCondition: nrOfCompletedInstances >= 2 }
  - { id: done, kind: end }
flows:
  - { source: start, target: checkIn }
  - { source: checkIn, target: done }
`,
      exampleCapabilities,
    );
    const trajectory = new PureTrajectory(early, at(START), { startDate: START });
    trajectory.report('task.checkIn', '2027-01-05', at('2027-01-05'), { instanceNumber: 1 });
    trajectory.report('task.checkIn', '2027-02-05', at('2027-02-05'), { instanceNumber: 2 });
    const derivation = trajectory.derive(at('2027-02-06'));
    expect(derivation.ended).toMatchObject({ kind: 'completed', on: '2027-02-05' });
    const cycles = derivedStateView(early, trajectory.record, derivation).schedule.filter((entry) => entry.kind === 'cycle');
    expect(cycles.map((entry) => entry.status)).toEqual(['fired', 'fired', ...Array(10).fill('cancelled')]);
  });

  it('multiplies a cycle: P1M × 3 = P3M, P1Y2W × 2 = P2Y4W', () => {
    expect(timesDuration('P1M', 3)).toBe('P3M');
    expect(timesDuration('P1Y2W', 2)).toBe('P2Y4W');
  });
});

/** The talks and check-ins, each on the date it happened (within its instance's window). */
const HAPPENED: ReadonlyArray<{ milestone: string; occurredOn: string; payload: Record<string, FactValue> }> = [
  { milestone: 'task.talk', occurredOn: '2027-01-08', payload: { instanceNumber: 2 } },
  { milestone: 'task.talk', occurredOn: '2027-01-10', payload: { instanceNumber: 1 } },
  { milestone: 'task.checkIn', occurredOn: '2027-02-10', payload: { instanceNumber: 1, attended: true } },
  { milestone: 'task.checkIn', occurredOn: '2027-03-08', payload: { instanceNumber: 2, attended: false } },
  { milestone: 'task.checkIn', occurredOn: '2027-04-06', payload: { instanceNumber: 3, attended: true } },
];
const UNTIL = '2027-06-30';

function outcomeOf(trajectory: PureTrajectory) {
  const derivation = trajectory.derive(at(UNTIL));
  const view = derivedStateView(definition, trajectory.record, derivation);
  return {
    ended: derivation.ended,
    facts: view.facts,
    taken: view.milestonesDone.map((done) => `${done.milestone}#${done.nodeId}@${done.effectiveOn}`).sort(),
    holding: scheduleOf(definition, derivation, trajectory.record)
      .filter((entry) => entry.status !== 'superseded' && entry.status !== 'cancelled')
      .map((entry) => `${entry.id}@${entry.date}`)
      .sort(),
    opened: trajectory.performedOf('openHumanTask').filter((performed) => performed.generation === 1).map((performed) => `${performed.key}@${performed.on}`).sort(),
  };
}

describe('repeated steps in business time', () => {
  it('end up where the same dated reports take them on time, whatever order and delay they come in (a report refused as too early is sent again later)', () => {
    const onTime = started();
    for (const report of HAPPENED) expect(onTime.report(report.milestone, report.occurredOn, at(report.occurredOn), report.payload)).toBeUndefined();
    const expected = outcomeOf(onTime);
    expect(expected.ended).toMatchObject({ kind: 'completed', on: '2027-04-06' });

    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: HAPPENED.length, maxLength: HAPPENED.length }), (delays) => {
        const trajectory = started();
        const arrivals = HAPPENED.map((report, index) => ({ report, on: addDays(report.occurredOn, delays[index]) })).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
        let waiting: Array<(typeof HAPPENED)[number]> = [];
        for (const { report, on } of arrivals) {
          const accepted = trajectory.report(report.milestone, report.occurredOn, at(on), report.payload) === undefined;
          if (!accepted) waiting.push(report);
          else waiting = waiting.filter((retry) => trajectory.report(retry.milestone, retry.occurredOn, at(on), retry.payload) !== undefined);
        }
        expect(waiting).toEqual([]);
        expect(outcomeOf(trajectory)).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });
});
