import { compileCommittedDefinition } from '@wegwijs/definitions';
import { PureTrajectory } from './spec-support';

const v5 = compileCommittedDefinition('haarlem-statushouders/v5.yaml');
const FACTS = { housingDate: '2019-08-31', permitGrantedDate: '2019-07-15', age: 35 };
const NOW = '2019-09-20T10:00:00.000Z';

function started(): PureTrajectory {
  return new PureTrajectory(v5, '2019-09-01T08:00:00.000Z', FACTS);
}

describe('placing a reported milestone', () => {
  it('refuses one dated after today, naming occurredOn', () => {
    expect(started().report('coa.warmHandoverDone', '2019-09-21', NOW)).toMatchObject({ type: 'MilestoneDateInFuture', fields: [{ field: 'occurredOn', message: 'must be on or before 2019-09-20' }] });
  });

  it('refuses one dated before the trajectory began (the definition says: not before housing)', () => {
    expect(started().report('coa.warmHandoverDone', '2019-08-30', NOW)).toMatchObject({ type: 'MilestoneDateTooEarly', fields: [{ field: 'occurredOn', message: 'must be on or after 2019-08-31' }] });
  });

  it('refuses one dated before its step began, saying from when it is expected', () => {
    const trajectory = started();
    expect(trajectory.report('coa.warmHandoverDone', '2019-09-10', NOW)).toBeUndefined();
    expect(trajectory.report('basis.livingAllowanceArranged', '2019-09-05', NOW)).toMatchObject({ type: 'MilestoneDateTooEarly', fields: [{ field: 'occurredOn', message: 'must be on or after 2019-09-10, when its step began' }] });
  });

  it('refuses a value outside the closed set and undeclared fields, naming each, and stores nothing', () => {
    const trajectory = started();
    const refusal = trajectory.report('coa.warmHandoverDone', '2019-09-10', NOW, { bsn: '123456782' });
    expect(refusal).toMatchObject({ type: 'InvalidMilestonePayload', fields: [{ field: 'payload.bsn' }] });
    expect(JSON.stringify(refusal)).not.toContain('123456782');
    expect(trajectory.record.milestones).toEqual([]);
  });

  it('refuses a milestone no step expects, listing what is expected', () => {
    expect(started().report('intake.planAgreed', '2019-09-10', NOW, { route: 'werk' })).toMatchObject({ type: 'MilestoneNotExpected', expected: expect.arrayContaining(['coa.warmHandoverDone', 'inburgering.diplomaObtained']) });
  });

  it('refuses a role its step does not allow', () => {
    expect(started().report('coa.warmHandoverDone', '2019-09-10', NOW, undefined, { role: 'wijkteam', id: 'swt-1' })).toMatchObject({ type: 'MilestoneRoleNotAllowed' });
  });

  it('lets the earlier of two branches win in business time, however late it is recorded; the other is displaced', () => {
    const trajectory = started();
    for (const [milestone, on, payload] of [
      ['coa.warmHandoverDone', '2019-09-02'],
      ['basis.livingAllowanceArranged', '2019-09-03'],
      ['basis.furnishingAllowanceArranged', '2019-09-03'],
      ['basis.languageSchoolConsentRecorded', '2019-09-03', { consent: true }],
      ['basis.budgetManagementConsentRecorded', '2019-09-03', { consent: false }],
      ['intake.noaAssessmentDone', '2019-09-04'],
      ['intake.followUpTalkHeld', '2019-09-05'],
      ['intake.planAgreed', '2019-09-06', { route: 'werk' }],
      ['work.terugmelding', '2019-09-15'],
    ] as const) {
      expect(trajectory.report(milestone, on, NOW, payload as never)).toBeUndefined();
    }
    // 'Aan de slag' took the person in on 10 September; the klantmanager learns of it later.
    expect(trajectory.report('work.aanDeSlagTrajectoryStarted', '2019-09-10', '2019-09-25T10:00:00.000Z')).toBeUndefined();
    const derivation = trajectory.derive('2019-09-25T10:00:00.000Z');
    expect(derivation.listeners.filter((listener) => listener.closedOn === null).map((listener) => listener.nodeId)).toContain('inAanDeSlag');
    expect([...derivation.taken.values()].map((taken) => taken.listener.nodeId)).not.toContain('terugmelding');
  });
});
