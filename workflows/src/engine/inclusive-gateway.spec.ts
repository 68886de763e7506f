/**
 * The inclusive gateway in business time, without Temporal: the split takes every way whose
 * condition holds, the join waits for exactly those, and a milestone entered late on one branch
 * gives what it would have given on time.
 */
import { compileDefinitionSource, type CapabilityRegistry } from '@wegwijs/definitions';
import type { Facts } from '@wegwijs/definitions/runtime';
import { derive } from './derive';
import { newRecord } from './record';
import { PureTrajectory } from './spec-support';
import { derivedStateView } from './views';

const registry: CapabilityRegistry = { activities: { recordTrajectoryEvent: { description: 'test' }, assessNeeds: { description: 'test' } }, milestones: {} };

const definition = compileDefinitionSource(
  `key: inclusive-test
version: 1
name: Ondersteuning naar behoefte
facts:
  needsLanguage: { type: boolean, required: true }
  hasDebts: { type: boolean, required: true }
  needsHomeVisit: { type: boolean, required: true }
milestones:
  support.languageCourseArranged: { description: Language course arranged, roles: [klantmanager] }
  support.debtCounsellingStarted: { description: Debt counselling started, roles: [klantmanager] }
  support.homeVisitDone: { description: Home visit done, roles: [klantmanager] }
nodes:
  - { id: start, kind: start }
  - { id: needs, kind: inclusiveGateway }
  - { id: language, kind: milestoneWait, milestone: support.languageCourseArranged, roles: [klantmanager] }
  - { id: debts, kind: milestoneWait, milestone: support.debtCounsellingStarted, roles: [klantmanager] }
  - { id: homeVisit, kind: milestoneWait, milestone: support.homeVisitDone, roles: [klantmanager] }
  - { id: needsMet, kind: inclusiveGateway }
  - { id: record, kind: serviceTask, activity: recordTrajectoryEvent, input: { eventType: '"support.arranged"' }, timeout: PT30S }
  - { id: done, kind: end }
flows:
  - { source: start, target: needs }
  - { source: needs, target: language, condition: needsLanguage }
  - { source: needs, target: debts, condition: hasDebts }
  - { source: needs, target: homeVisit, condition: needsHomeVisit }
  - { source: needs, target: needsMet, default: true }
  - { source: language, target: needsMet }
  - { source: debts, target: needsMet }
  - { source: homeVisit, target: needsMet }
  - { source: needsMet, target: record }
  - { source: record, target: done }
`,
  registry,
);

const at = (date: string, time = '10:00') => `${date}T${time}:00.000Z`;
const TWO_OF_THREE: Facts = { needsLanguage: true, hasDebts: true, needsHomeVisit: false };

function waitingOn(trajectory: PureTrajectory, when: string): string[] {
  return derivedStateView(definition, trajectory.record, trajectory.derive(when)).waitingOn.map((wait) => wait.nodeId).sort();
}

describe('an inclusive split and its join', () => {
  it('opens the ways whose condition holds, and goes on only when both have arrived, on the date of the later one', () => {
    const trajectory = new PureTrajectory(definition, at('2024-03-01', '08:00'), TWO_OF_THREE);
    expect(waitingOn(trajectory, at('2024-03-01'))).toEqual(['debts', 'language']);

    expect(trajectory.report('support.languageCourseArranged', '2024-03-05', at('2024-03-05'))).toBeUndefined();
    expect(waitingOn(trajectory, at('2024-03-05'))).toEqual(['debts']);
    expect(trajectory.performedOf('recordTrajectoryEvent')).toEqual([]);

    expect(trajectory.report('support.debtCounsellingStarted', '2024-03-12', at('2024-03-12'))).toBeUndefined();
    expect(trajectory.performedOf('recordTrajectoryEvent').map((done) => done.on)).toEqual(['2024-03-12']);
    const derivation = trajectory.derive(at('2024-03-12'));
    expect(derivation.ended).toMatchObject({ kind: 'completed', on: '2024-03-12' });
    expect(derivation.visitedNodes).not.toContain('homeVisit');
  });

  it('waits for one way when only one holds, and takes the default way when none does', () => {
    const one = new PureTrajectory(definition, at('2024-03-01', '08:00'), { needsLanguage: false, hasDebts: false, needsHomeVisit: true });
    expect(waitingOn(one, at('2024-03-01'))).toEqual(['homeVisit']);
    expect(one.report('support.homeVisitDone', '2024-03-04', at('2024-03-04'))).toBeUndefined();
    expect(one.performedOf('recordTrajectoryEvent').map((done) => done.on)).toEqual(['2024-03-04']);

    const none = new PureTrajectory(definition, at('2024-03-01', '08:00'), { needsLanguage: false, hasDebts: false, needsHomeVisit: false });
    expect(none.performedOf('recordTrajectoryEvent').map((done) => done.on)).toEqual(['2024-03-01']);
    expect(none.derive(at('2024-03-01')).takenFlows).toContain('Flow_needs_needsMet');
  });

  it('gives the same when a milestone of one way arrives back-dated, after the other', () => {
    const onTime = new PureTrajectory(definition, at('2024-03-01', '08:00'), TWO_OF_THREE);
    onTime.report('support.languageCourseArranged', '2024-03-05', at('2024-03-05'));
    onTime.report('support.debtCounsellingStarted', '2024-03-12', at('2024-03-12'));

    const late = new PureTrajectory(definition, at('2024-03-01', '08:00'), TWO_OF_THREE);
    late.report('support.debtCounsellingStarted', '2024-03-12', at('2024-03-12'));
    expect(waitingOn(late, at('2024-03-20'))).toEqual(['language']);
    // The language course was arranged on 5 March; the klantmanager enters it on the 20th.
    expect(late.report('support.languageCourseArranged', '2024-03-05', at('2024-03-20'))).toBeUndefined();

    expect(late.performedOf('recordTrajectoryEvent').map((done) => done.on)).toEqual(['2024-03-12']);
    expect(late.derive(at('2024-03-20')).ended).toEqual(onTime.derive(at('2024-03-20')).ended);
  });

  it('blocks on a definition problem when the facts a condition reads are missing, rather than guessing', () => {
    const trajectory = new PureTrajectory(definition, at('2024-03-01', '08:00'), { needsLanguage: true, hasDebts: null, needsHomeVisit: false });
    const derivation = trajectory.derive(at('2024-03-01'));
    expect(derivation.problems).toEqual([expect.objectContaining({ nodeId: 'needs', errorType: 'FeelEvaluationError' })]);
    expect(derivation.wanted).toEqual([]);
  });
});

describe('the dry run of an inclusive split that an activity result decides', () => {
  const decidedByResult = compileDefinitionSource(
    `key: inclusive-dry-run
version: 1
name: Behoefte uit een beoordeling
facts:
  hasDebts: { type: boolean }
milestones:
  support.debtCounsellingStarted: { description: Debt counselling started, roles: [klantmanager] }
  support.budgetTalkHeld: { description: Budget talk held, roles: [klantmanager] }
nodes:
  - { id: start, kind: start }
  - { id: assess, kind: serviceTask, activity: assessNeeds, output: { hasDebts: result.debts }, timeout: PT1M }
  - { id: needs, kind: inclusiveGateway }
  - { id: debts, kind: milestoneWait, milestone: support.debtCounsellingStarted, roles: [klantmanager] }
  - { id: budget, kind: milestoneWait, milestone: support.budgetTalkHeld, roles: [klantmanager] }
  - { id: needsMet, kind: inclusiveGateway }
  - { id: done, kind: end }
flows:
  - { source: start, target: assess }
  - { source: assess, target: needs }
  - { source: needs, target: debts, condition: hasDebts }
  - { source: needs, target: budget, condition: not(hasDebts) }
  - { source: debts, target: needsMet }
  - { source: budget, target: needsMet }
  - { source: needsMet, target: done }
`,
    registry,
  );

  it('takes the first way it cannot decide, says so, and has the join wait for that way alone', () => {
    const plan = derive(decidedByResult, newRecord({ startedAt: at('2024-03-01', '08:00'), facts: {} }), '2024-03-01', { speculation: 'all' });
    expect(plan.assumptions).toEqual(['needs: took the flow to debts, not knowing the result it depends on before the activities run']);
    expect(plan.tokens.map((token) => token.nodeId)).toEqual(['debts']);
    expect(plan.joinArrivals).toEqual({ needsMet: 1 });
  });
});
