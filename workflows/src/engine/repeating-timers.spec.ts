import { compileDefinitionSource, type CapabilityRegistry } from '@wegwijs/definitions';
import { addDays } from '@wegwijs/calendar';
import { MILESTONE_CAPABILITIES } from '../milestones/milestone-catalogue';
import { scheduleOf } from './schedule';
import { PureTrajectory } from './spec-support';

// A human task with weekly reminders, twice: the language says `times` is how many reminders go out in all.
const ACTIVITIES = ['openHumanTask', 'remindAboutHumanTask'];
const registry: CapabilityRegistry = { activities: Object.fromEntries(ACTIVITIES.map((name) => [name, { description: 'test double' }])), milestones: MILESTONE_CAPABILITIES };
const definition = compileDefinitionSource(
  `key: reminders
version: 1
name: Herinneringen
nodes:
  - { id: start, kind: start }
  - { id: evaluation, kind: humanTask, role: klantmanager, title: Evalueer, due: { within: P2W }, reminders: { every: P1W, times: 2 } }
  - { id: done, kind: end }
flows:
  - { source: start, target: evaluation }
  - { source: evaluation, target: done }
`,
  registry,
);
const START = '2027-03-01';
const at = (date: string) => `${date}T10:00:00.000Z`;

describe('a repeating timer (a human task reminding weekly, `times: 2`)', () => {
  it('fires `times` times in all while the task stays open, dated a week apart from the day it opened', () => {
    const trajectory = new PureTrajectory(definition, at(START), {});
    trajectory.advance(at(addDays(START, 60)));
    expect(trajectory.performedOf('remindAboutHumanTask').map((reminder) => reminder.on)).toEqual([addDays(START, 7), addDays(START, 14)]);
  });

  it('gives the same two reminders when the whole period is caught up at once, months later', () => {
    const trajectory = new PureTrajectory(definition, at(START), {});
    trajectory.settle(at(addDays(START, 90)));
    expect(trajectory.performedOf('remindAboutHumanTask').map((reminder) => reminder.on)).toEqual([addDays(START, 7), addDays(START, 14)]);
  });

  it('stops reminding once the task is done, a completion reported late included', () => {
    const trajectory = new PureTrajectory(definition, at(START), {});
    trajectory.advance(at(addDays(START, 8)));
    // Done on day 10, told on day 20: the reminder of day 14 was sent, and stays sent but no longer needed.
    trajectory.report('task.evaluation', addDays(START, 10), at(addDays(START, 20)));
    trajectory.advance(at(addDays(START, 60)));
    expect(trajectory.performedOf('remindAboutHumanTask').map((reminder) => reminder.on)).toEqual([addDays(START, 7), addDays(START, 14)]);
    expect(trajectory.record.performances.filter((performance) => performance.effect.includes('remind') && performance.superseded).map((performance) => performance.on)).toEqual([addDays(START, 14)]);
  });

  it('lists a reminder that went out and was then superseded by a late completion once, as superseded, not also as cancelled', () => {
    // The case is entered three weeks late: both reminders go out at once; then the completion, dated day 10, arrives.
    const trajectory = new PureTrajectory(definition, at(START), {});
    trajectory.settle(at(addDays(START, 21)));
    trajectory.report('task.evaluation', addDays(START, 10), at(addDays(START, 21)));
    const reminders = scheduleOf(definition, trajectory.derive(at(addDays(START, 21))), trajectory.record).filter((entry) => entry.kind === 'reminder');
    expect(reminders.map((entry) => [entry.date, entry.status])).toEqual([
      [addDays(START, 7), 'late'],
      [addDays(START, 14), 'superseded'],
    ]);
  });

  it('fires once more for a trajectory begun before the count was fixed, so that its recorded history replays', () => {
    const trajectory = new PureTrajectory(definition, at(START), {});
    Object.assign(trajectory.record, { repeatsOnceMore: true });
    trajectory.advance(at(addDays(START, 60)));
    expect(trajectory.performedOf('remindAboutHumanTask').map((reminder) => reminder.on)).toEqual([addDays(START, 7), addDays(START, 14), addDays(START, 21)]);
  });
});
