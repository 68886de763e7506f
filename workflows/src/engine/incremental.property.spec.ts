/**
 * Property: continuing a kept simulation gives exactly what deriving from the start gives. The
 * generated histories of business-time.property.spec.ts (Haarlem v5: routes, payloads, a diploma
 * or an extension, a wrong housing date corrected later) are delivered on their own day and late,
 * in random orders, and each time the trajectory derives itself as it runs, the incremental
 * deriver's answer is compared, field by field, with derive()'s on the same record and day.
 */
import fc from 'fast-check';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import { derive, type Derivation } from './derive';
import { caseArbitrary, deliver, deliveryArbitraries } from './generated-histories.spec-support';
import { IncrementalDeriver } from './incremental';
import type { TrajectoryRecord } from './record';

const RUNS = Number(process.env.WEGWIJS_PROPERTY_RUNS ?? 15);

/** Everything a derivation says, in a form that compares by value (no closures, no cycles). */
function comparable(derivation: Derivation) {
  const { tokens, listeners, taken, clocks, used, assumedPerformed, ...rest } = derivation;
  return {
    ...rest,
    tokens: tokens.map(({ id, nodeId, scope, since, knownSince, visitKey, alive, waitingFor, cause }) => ({ id, nodeId, scope: scope.id, since, knownSince, visitKey, alive, waitingFor, cause })),
    listeners: listeners.map(({ take: _take, ...listener }) => listener),
    taken: [...taken].map(([milestoneId, { listener, on }]) => ({ milestoneId, listener: listener.key, on, listed: listeners.includes(listener) })),
    clocks: clocks.map(({ clock, timeline, status }) => ({ clock: clock.id, timeline, status })),
    // A set: which performances, not the order they were looked up in.
    used: [...used].map((performance) => `${performance.effect}~${performance.generation}`).sort(),
    assumedPerformed: [...assumedPerformed],
  };
}

/** Derives with the incremental deriver, and checks every answer against a derivation from the start. */
function checkedDeriving() {
  const derivers = new Map<CompiledDefinition, IncrementalDeriver>();
  const counts = { again: 0, continued: 0, fromStart: 0, compared: 0 };
  const deriving = (definition: CompiledDefinition, record: TrajectoryRecord, today: string): Derivation => {
    let deriver = derivers.get(definition);
    if (!deriver) derivers.set(definition, (deriver = new IncrementalDeriver(definition)));
    const before = { ...deriver.counts };
    const incremental = deriver.derive(record, today);
    expect(comparable(incremental)).toEqual(comparable(derive(definition, record, today)));
    counts.again += deriver.counts.again - before.again;
    counts.continued += deriver.counts.continued - before.continued;
    counts.fromStart += deriver.counts.fromStart - before.fromStart;
    counts.compared++;
    return incremental;
  };
  return { deriving, counts };
}

describe('incremental derivation, for generated histories delivered on time, late and out of order', () => {
  it('gives exactly what a derivation from the start gives, at every step of the run', () => {
    const total = { again: 0, continued: 0, fromStart: 0, compared: 0 };
    fc.assert(
      fc.property(
        caseArbitrary,
        ...deliveryArbitraries,
        (testCase, arrivals, startDelay, wrongHousing) => {
          for (const delivery of [{ arrivals: [0], startDelay: 0, wrongHousing: 0 }, { arrivals, startDelay, wrongHousing }]) {
            const { deriving, counts } = checkedDeriving();
            deliver(testCase, delivery.arrivals, delivery.startDelay, delivery.wrongHousing, deriving);
            total.again += counts.again;
            total.continued += counts.continued;
            total.fromStart += counts.fromStart;
            total.compared += counts.compared;
          }
        },
      ),
      { numRuns: RUNS, endOnFailure: process.env.WEGWIJS_PROPERTY_SHRINK !== '1' },
    );
    // Not vacuous: most derivations of a trajectory run continue the kept simulation.
    expect(total.compared).toBe(total.again + total.continued + total.fromStart);
    expect(total.continued).toBeGreaterThan(total.fromStart);
    console.log(`incremental derivation: ${RUNS} cases, ${total.compared} derivations compared: ${total.again} unchanged, ${total.continued} continued, ${total.fromStart} from the start`);
  });
});
