/**
 * The dry run of a start with history (planStart), checked against the same case actually
 * started and driven (PureTrajectory, with Haarlem's activity doubles): what the plan says runs
 * at once is what the start performs, and its clocks and waits are the started trajectory's.
 */
import { compileCommittedDefinition } from '@wegwijs/definitions';
import { planStart, historyProblems } from './history';
import { PureTrajectory } from './spec-support';
import { derivedStateView } from './views';

const v5 = compileCommittedDefinition('haarlem-statushouders/v5.yaml');
const TODAY = '2026-12-05';
const STARTED_AT = '2026-12-05T09:00:00.000Z';
/** Housed two years and almost two months ago: entered in Wegwijs only now. */
const FACTS = { housingDate: '2024-10-15', permitGrantedDate: '2024-09-15', age: 34 };
const HISTORY = [
  { milestone: 'coa.warmHandoverDone', occurredOn: '2024-10-18' },
  { milestone: 'basis.budgetManagementConsentRecorded', occurredOn: '2024-10-25', payload: { consent: true } },
];

describe('planStart, the dry run of a start with history', () => {
  const plan = planStart(v5, FACTS, HISTORY, TODAY, STARTED_AT);
  const started = new PureTrajectory(v5, STARTED_AT, FACTS, HISTORY);
  const startedView = derivedStateView(v5, started.record, started.derive(STARTED_AT));

  it('places every row, choosing a path where an activity result decides and saying so', () => {
    expect(plan.unplaced).toEqual([]);
    expect(plan.assumptions).toContainEqual(expect.stringMatching(/^tvsProfileCheck: took 'volledig'/));
  });

  it('has the clocks and waits of the trajectory as started', () => {
    expect(plan.clocks).toEqual([{ clockId: 'inburgeringstermijn', status: 'running', deadline: '2027-09-15' }]);
    expect(plan.clocks).toEqual(startedView.clocks.map((clock) => ({ clockId: clock.clockId, status: clock.status, deadline: clock.deadline })));
    expect([...plan.waitingOn].sort()).toEqual(startedView.waitingOn.map((wait) => wait.milestone).sort());
  });

  it('lists as running at once exactly what the start performs, each on its own business date', () => {
    const plannedEffects = plan.dueNow.filter((due) => !/voorbij|maand 22|24 maanden/.test(due.what));
    // Except the escalation dated from the accept-by date that the wijkteam request answers with: the plan says it cannot date it.
    expect(plannedEffects.map((due) => due.on).sort()).toEqual(started.performed.filter(({ effect }) => effect.activity !== 'escalateUnacceptedWarmHandover').map(({ effect }) => effect.on).sort());
    expect(started.performedOf('escalateUnacceptedWarmHandover')).toHaveLength(1);
    expect(plan.assumptions).toContainEqual(expect.stringMatching(/wijkteamAcceptBy/));
    // The twelve-month warning of the three-year term fell due before the case was entered: it goes out at once, not late.
    expect(plan.dueNow).toContainEqual({ what: 'Inburgeringstermijn (3 jaar): P12M voor de termijn', on: '2026-09-15', late: false });
    expect(started.performedOf('warnInburgeringDeadline').map((effect) => effect.on)).toEqual(['2026-09-15']);
  });

  it('names a row no step would take, by its position', () => {
    const unplaced = planStart(v5, FACTS, [...HISTORY, { milestone: 'finance.followUpDecided', occurredOn: '2024-10-26', payload: { followUp: 'none' } }], TODAY, STARTED_AT);
    expect(unplaced.unplaced).toEqual([{ row: 2, milestone: 'finance.followUpDecided', occurredOn: '2024-10-26', reason: expect.any(String) }]);
  });

  it('refuses, before planning, a row dated before housing or after today', () => {
    const problems = historyProblems(v5, FACTS, [{ milestone: 'coa.warmHandoverDone', occurredOn: '2024-10-10' }, { milestone: 'basis.livingAllowanceArranged', occurredOn: '2026-12-06' }], TODAY);
    expect(problems.map((problem) => problem.field)).toEqual(['history[0].occurredOn', 'history[1].occurredOn']);
  });
});
