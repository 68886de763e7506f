import { compileCommittedDefinition, exampleCapabilities } from '@wegwijs/definitions';
import { PureTrajectory } from './spec-support';
import { derivedStateView } from './views';

// The policy officer's programme: its steps are milestones the definition declares itself.
const participation = compileCommittedDefinition('examples/participation.yaml', exampleCapabilities);
const START = '2027-01-04';
const at = (date: string) => `${date}T10:00:00.000Z`;

function started(): PureTrajectory {
  return new PureTrajectory(participation, at(START), { startDate: START });
}

describe("a definition's own milestones", () => {
  it('are compiled into the definition with their roles and typed payload', () => {
    expect(participation.milestones?.['participation.checkInHeld']).toEqual({
      description: expect.any(String),
      roles: ['klantmanager'],
      payload: { number: expect.objectContaining({ type: 'number', required: true }), attended: expect.objectContaining({ type: 'boolean', required: true }) },
    });
  });

  it('are checked by the Update validator like catalogue milestones: undeclared fields and wrong types refused, naming the field', () => {
    const trajectory = started();
    expect(trajectory.report('participation.intakeHeld', '2027-01-20', at('2027-01-20'))).toBeUndefined();
    expect(trajectory.report('participation.courseCompleted', '2027-02-01', at('2027-02-01'), { level: 'C2' })).toMatchObject({
      type: 'InvalidMilestonePayload',
      fields: [{ field: 'payload.level', message: 'must be one of A1, A2, B1, B2' }],
    });
    expect(trajectory.report('participation.jobCoachingStarted', '2027-02-01', at('2027-02-01'), { bsn: '123456782' })).toMatchObject({
      type: 'InvalidMilestonePayload',
      fields: [{ field: 'payload.bsn' }],
    });
    expect(trajectory.record.milestones.map((milestone) => milestone.milestone)).toEqual(['participation.intakeHeld']);
  });

  it("give the milestone form its fields: the state's expected milestones carry the definition's own payload description", () => {
    const trajectory = started();
    trajectory.report('participation.intakeHeld', '2027-01-20', at('2027-01-20'));
    const view = derivedStateView(participation, trajectory.record, trajectory.derive(at('2027-01-21')));
    expect(view.expectedMilestones.find((expected) => expected.milestone === 'participation.courseCompleted')).toMatchObject({
      description: 'The person finished the language course',
      roles: ['klantmanager'],
      payload: [{ name: 'level', type: 'string', required: true, values: ['A1', 'A2', 'B1', 'B2'] }],
    });
  });

  it('run the whole 12-month programme: intake, course beside 11 monthly check-ins, the evaluation as a human task, and the way out it picks', () => {
    const trajectory = started();
    expect(trajectory.report('participation.intakeHeld', '2027-01-20', at('2027-01-20'))).toBeUndefined();
    expect(trajectory.report('participation.jobCoachingStarted', '2027-02-01', at('2027-02-01'))).toBeUndefined();
    expect(trajectory.report('participation.courseCompleted', '2027-09-15', at('2027-09-15'), { level: 'B1' })).toBeUndefined();
    for (let number = 1; number <= 11; number++) {
      const month = String(2 + number).padStart(2, '0');
      const on = number <= 10 ? `2027-${month}-05` : '2028-01-05';
      expect(trajectory.report('participation.checkInHeld', on, at(on), { number, attended: true })).toBeUndefined();
    }
    // The evaluation is a human task: opened when the check-ins and the course are done, reminded
    // weekly while open, completed by its milestone task.evaluation carrying the outcome form.
    expect(trajectory.performedOf('openHumanTask').map((performed) => performed.on)).toEqual(['2028-01-05']);
    expect(trajectory.performed.find(({ effect }) => effect.activity === 'openHumanTask')?.effect.input).toEqual({
      title: 'Evalueer het participatietraject en kies de uitstroom',
      role: 'klantmanager',
      completionMilestone: 'task.evaluation',
      dueOn: '2028-01-04',
    });
    trajectory.advance(at('2028-01-20'));
    expect(trajectory.performedOf('remindAboutHumanTask').map((performed) => performed.on)).toEqual(['2028-01-12', '2028-01-19']);
    expect(trajectory.report('task.evaluation', '2028-01-20', at('2028-01-20'), { outcome: 'vakantie' })).toMatchObject({ type: 'InvalidMilestonePayload', fields: [{ field: 'payload.outcome' }] });
    expect(trajectory.report('task.evaluation', '2028-01-20', at('2028-01-20'), { outcome: 'werk' })).toBeUndefined();
    trajectory.advance(at('2028-02-20'));
    expect(trajectory.performedOf('remindAboutHumanTask')).toHaveLength(2);
    const derivation = trajectory.derive(at('2028-02-20'));
    expect(derivation.facts).toMatchObject({ languageLevel: 'B1', checkInsHeld: 11, outcome: 'werk' });
    expect(trajectory.performedOf('recordTrajectoryEvent').map((performed) => performed.on)).toEqual(['2027-01-04', '2028-01-20']);
    expect(trajectory.performed.map(({ effect }) => effect.input).filter((input) => 'eventType' in input)).toEqual([
      { eventType: 'participation.started' },
      { eventType: 'participation.to-work' },
    ]);
    expect(derivation.visitedNodes).toContain('done');
  });
});
