import { addMonths } from '@wegwijs/calendar';
import { buildProgressReport } from '../progress-report/progress-report';
import { planSyntheticCohort, syntheticCohort, syntheticCohortPeriod, type SyntheticPerson } from './synthetic-cohort';

const REFERENCE_DATE = '2019-03-31';

function totals(seeds: readonly number[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const seed of seeds) {
    const histories = syntheticCohort({ size: 300, seed, referenceDate: REFERENCE_DATE });
    const report = buildProgressReport(histories.flatMap((history) => history.recorded()), syntheticCohortPeriod({ referenceDate: REFERENCE_DATE }));
    for (const row of report.sections.flatMap((section) => section.rows)) sums[row.id] = (sums[row.id] ?? 0) + row.total;
  }
  return sums;
}

function dated(person: SyntheticPerson, milestone: string): string | undefined {
  return person.milestones.find((planned) => planned.milestone === milestone)?.on;
}

describe('a synthetic cohort', () => {
  it('is the same for the same seed and reference date, and another for another seed', () => {
    const options = { size: 50, seed: 42, referenceDate: REFERENCE_DATE };

    expect(planSyntheticCohort(options)).toEqual(planSyntheticCohort(options));
    expect(planSyntheticCohort({ ...options, seed: 43 })).not.toEqual(planSyntheticCohort(options));
  });

  it('covers the 15 months up to the reference date: housed in them, nothing planned after it', () => {
    const people = planSyntheticCohort({ size: 300, seed: 1, referenceDate: REFERENCE_DATE });

    expect(syntheticCohortPeriod({ referenceDate: REFERENCE_DATE })).toEqual({ from: '2018-01-01', to: '2019-03-31' });
    for (const person of people) {
      expect(person.facts.housingDate >= '2018-01-01' && person.facts.housingDate <= REFERENCE_DATE).toBe(true);
      expect(person.milestones.every((planned) => planned.on <= REFERENCE_DATE)).toBe(true);
      // The 3-year inburgering term has not run out: the workflow still takes a diploma.
      expect(addMonths(person.facts.permitGrantedDate, 36) > REFERENCE_DATE).toBe(true);
    }
  });

  it("moves with the reference date: the same people, the same days after arrival", () => {
    const then = planSyntheticCohort({ size: 40, seed: 9, referenceDate: '2019-03-31' });
    const now = planSyntheticCohort({ size: 40, seed: 9, referenceDate: '2026-03-31' });

    const shape = (people: SyntheticPerson[]) => people.map((person) => person.milestones.map((planned) => planned.milestone));
    expect(shape(now)).toEqual(shape(then));
    expect(now[0].facts.housingDate.slice(0, 4) >= '2025').toBe(true);
  });

  it('plans every milestone after the one the programme asks for before it', () => {
    for (const person of planSyntheticCohort({ size: 300, seed: 2, referenceDate: REFERENCE_DATE })) {
      const handover = dated(person, 'coa.warmHandoverDone');
      const steps = person.milestones.filter((planned) => !planned.anyTime);
      if (steps.length === 0) continue;
      expect(steps[0].milestone).toBe('coa.warmHandoverDone');
      expect(handover! > person.facts.housingDate).toBe(true);
      const basis = person.milestones.filter((planned) => planned.milestone.startsWith('basis.')).map((planned) => planned.on);
      const assessed = dated(person, 'intake.noaAssessmentDone');
      if (assessed) expect(basis.every((on) => on < assessed)).toBe(true);
      const started = dated(person, 'work.aanDeSlagTrajectoryStarted');
      for (const work of person.milestones.filter((planned) => /^work\.(training|internship|paidWork)/.test(planned.milestone))) {
        expect(started! < work.on).toBe(true);
      }
      if (dated(person, 'education.adviceGiven')) expect(person.facts.age).toBeLessThan(30);
    }
  });

  it("comes out in the 2019 report's proportions (§5–§8), over five cohorts of 300", () => {
    const figures = totals([1, 2, 3, 4, 5]);
    // Within this fraction of the source's ratio: wider where the cohort has few cases.
    const near = (numerator: number, denominator: number, source: number, tolerance = 0.2) =>
      expect({ ratio: numerator / denominator, near: Math.abs(numerator / denominator / source - 1) < tolerance }).toEqual({ ratio: numerator / denominator, near: true });

    // §8 training : internship : paid work = 76 : 134 : 54, part-time : full-time = 26 : 28
    near(figures.aanDeSlagTraining, figures.aanDeSlagInternship, 76 / 134);
    near(figures.aanDeSlagPaidWork, figures.aanDeSlagInternship, 54 / 134);
    near(figures.aanDeSlagPaidWorkFullTime, figures.aanDeSlagPaidWork, 28 / 54);
    // per person in 'Aan de slag': 264 activities for 283 people; 21 of 304 handed back; 18 of 54 in work for 6 months
    near(figures.aanDeSlagTraining + figures.aanDeSlagInternship + figures.aanDeSlagPaidWork, figures.aanDeSlagInTrajectory, 264 / 283);
    near(figures.aanDeSlagHandedBack, figures.aanDeSlagRegistered, 21 / 304, 0.35);
    near(figures.aanDeSlagSustainableWork, figures.aanDeSlagPaidWork, 18 / 54, 0.35);
    // §5, §6: 109 in the introduction programme and 38 a year in financieel ontzorgen, against 164 NOA assessments (131 a year)
    near(figures.introductionParticipants, figures.noaAssessments, 109 / 164);
    near(figures.financieelOntzorgenStarted, figures.noaAssessments, 38 / 131);
    // §7: 68 advice intakes against 304 registrations; voorschakeltraject : UAF = 44 + 8 : 31 (few cases: a wide margin)
    near(figures.educationAdviceIntakes, figures.aanDeSlagRegistered, 68 / 304);
    near(figures.bridging + figures.bridgingCare, figures.uafStarted, 52 / 31, 0.5);
    // §9 has no figures: each status occurs, and no term has run out yet
    for (const status of ['onTrack', 'warned', 'diploma', 'exemption']) expect(figures[`inburgering.${status}`]).toBeGreaterThan(0);
    expect(figures['inburgering.deadlinePassed']).toBe(0);
  });

  it('writes the histories the engine would: ontzorgen with consent, inburgering warnings when due', () => {
    const people = planSyntheticCohort({ size: 120, seed: 4, referenceDate: REFERENCE_DATE });
    const histories = syntheticCohort({ size: 120, seed: 4, referenceDate: REFERENCE_DATE });

    people.forEach((person, index) => {
      const types = histories[index].events.map((event) => event.type);
      const basisDone = person.milestones.filter((planned) => planned.milestone.startsWith('basis.')).length === 4;
      expect(types.includes('financieelOntzorgen.started')).toBe(person.budgetManagementConsent && basisDone);
      const firstWarningDue = addMonths(person.facts.permitGrantedDate, 24);
      const stopped = person.milestones.find((planned) => planned.anyTime);
      expect(types.includes('clock.warning')).toBe(firstWarningDue <= REFERENCE_DATE && !(stopped && stopped.on <= (firstWarningDue < person.facts.housingDate ? person.facts.housingDate : firstWarningDue)));
    });
  });
});
