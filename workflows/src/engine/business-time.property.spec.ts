/**
 * Property: the trajectory is a function of its dated facts. For generated histories of Haarlem's
 * programme (v5) — routes, payloads, a diploma or an extension, a wrong housing date corrected
 * later — the milestones are delivered in a random order at random moments after they happened
 * (a report that comes before its step opened is refused and sent again later, as a client would),
 * and the trajectory must end up exactly where the same milestones reported on their own day take
 * it: the same steps waiting since the same dates, the same facts, the same clock, and the same
 * moments holding. What late delivery changes is only which side effects were done and superseded.
 */
import fc from 'fast-check';
import { caseArbitrary, deliver, deliveryArbitraries, instant, v5 } from './generated-histories.spec-support';
import { scheduleOf } from './schedule';
import { PureTrajectory } from './spec-support';
import { derivedStateView } from './views';

const RUNS = Number(process.env.WEGWIJS_PROPERTY_RUNS ?? 25);

function outcome(trajectory: PureTrajectory, until: string) {
  const derivation = trajectory.derive(instant(until));
  const view = derivedStateView(v5, trajectory.record, derivation);
  return {
    waitingOn: view.waitingOn.map((wait) => `${wait.nodeId}@${wait.since}`).sort(),
    facts: view.facts,
    clocks: view.clocks.map((clock) => ({ status: clock.status, deadline: clock.deadline, warnings: clock.warningsFired.map((warning) => `${warning.before}@${warning.on}`) })),
    holding: scheduleOf(v5, derivation, trajectory.record)
      .filter((entry) => entry.status === 'due' || entry.status === 'fired' || entry.status === 'late')
      .map((entry) => `${entry.id.replace(/^projected:/, '')}@${entry.date}`)
      .sort(),
    taken: view.milestonesDone.map((done) => `${done.milestone}@${done.effectiveOn}`).sort(),
    displaced: view.displacedMilestones.length,
  };
}

describe('business time, for generated histories delivered late and out of order', () => {
  it('gives the trajectory the same milestones reported on their own day give it', () => {
    fc.assert(
      fc.property(
        caseArbitrary,
        ...deliveryArbitraries,
        (testCase, arrivals, startDelay, wrongHousing) => {
          const timely = deliver(testCase, [0], 0, 0);
          const late = deliver(testCase, arrivals, startDelay, wrongHousing);
          expect(outcome(late, testCase.until)).toEqual(outcome(timely, testCase.until));
        },
      ),
      // Shrinking a trajectory is slow; the seed and path in the report reproduce a failure.
      { numRuns: RUNS, endOnFailure: process.env.WEGWIJS_PROPERTY_SHRINK !== '1' },
    );
  });
});
