/**
 * Property, on Temporal's time-skipping test server: a trajectory is a function of its dated
 * facts, whatever the order and the moment its milestones arrive. For generated histories of
 * Haarlem's programme (v5, years in the past), one trajectory is started with the whole history at
 * once; its twin is started bare and gets the same milestones one by one, in a random order, with
 * random stretches of skipped time between them (a report that comes before its step is open is
 * refused and sent again later, as a client would). Both, asked at the same moment, must be in the
 * same place: the same steps waiting since the same business dates, the same facts, clocks and
 * deadlines, the same dated moments holding and the same milestones taken on the same days.
 * Runs: WEGWIJS_SERVER_PROPERTY_RUNS (default 6); the pure engine's property test runs many more.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import fc from 'fast-check';
import { getTrajectoryStateQuery, recordMilestoneUpdate, type TrajectoryState } from '@wegwijs/workflows';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test support beside the engine's own property test, shared on purpose; not part of the package's API
import { caseArbitrary, v5, type Case } from '../../workflows/src/engine/generated-histories.spec-support';
import { haarlemActivityDoubles } from '../support/activity-doubles';
import { newCaseReference } from '../support/case-references';
import { timeSkippingWorker } from '../support/time-skipping-worker';
import { startCaughtUp } from '../support/start-trajectory';

const RUNS = Number(process.env.WEGWIJS_SERVER_PROPERTY_RUNS ?? 6);
const HOUR = 3_600_000;
const KLANTMANAGER = { role: 'klantmanager', id: 'km-0007' } as const;

const { activities } = haarlemActivityDoubles();

const server = timeSkippingWorker('business-time-property', activities);

async function start(testCase: Case, withHistory: boolean) {
  const trajectoryId = `GM0392.${newCaseReference()}`;
  const history = withHistory ? testCase.reports.map((report) => ({ milestone: report.milestone, occurredOn: report.occurredOn, ...(report.payload ? { payload: report.payload } : {}) })) : [];
  // As the API starts one: Update-with-Start, answered once the start has caught up.
  return startCaughtUp(server.env.client, server.taskQueue, { trajectoryId, municipality: 'GM0392', caseReference: trajectoryId.slice(7), definition: v5, facts: testCase.facts, startedBy: KLANTMANAGER, ...(history.length ? { history } : {}) });
}

/** Where a trajectory is, in business terms only: what late delivery must not change. */
function place(state: TrajectoryState) {
  return {
    waitingOn: state.waitingOn.map((wait) => `${wait.nodeId}@${wait.since}`).sort(),
    facts: state.facts,
    clocks: state.clocks.map((clock) => ({ clockId: clock.clockId, status: clock.status, deadline: clock.deadline, warnings: clock.warningsFired.map((warning) => `${warning.before}@${warning.on}`) })),
    holding: state.schedule
      .filter((entry) => entry.status === 'due' || entry.status === 'fired' || entry.status === 'late')
      .map((entry) => `${entry.id.replace(/^projected:/, '')}@${entry.date}`)
      .sort(),
    taken: state.milestonesDone.map((done) => `${done.milestone}@${done.effectiveOn}`).sort(),
    displaced: state.displacedMilestones.length,
  };
}

describe('business time on the time-skipping server, for generated histories delivered in random orders at random moments', () => {
  it('puts a trajectory told its milestones one by one where the same history given at its start puts it', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, fc.array(fc.nat(1000), { minLength: 30, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 72 }), { minLength: 1, maxLength: 10 }), async (testCase, order, pauses) => {
        const atOnce = await start(testCase, true);
        const oneByOne = await start(testCase, false);
        const pending = testCase.reports
          .map((report, index) => ({ report, rank: order[index % order.length] * 100 + index }))
          .sort((a, b) => a.rank - b.rank)
          .map((entry, index) => ({ ...entry.report, milestoneId: `${oneByOne.workflowId}#${index}` }));
        let delivered = 0;
        while (pending.length > 0) {
          const accepted = await firstAccepted(oneByOne, pending);
          if (accepted === undefined) break;
          pending.splice(accepted, 1);
          await server.env.sleep(pauses[delivered++ % pauses.length] * HOUR);
        }
        expect(pending.map((report) => `${report.milestone}@${report.occurredOn}`)).toEqual([]);
        // Both settle (their due side effects done) and are asked at the same moment.
        await server.env.sleep(HOUR);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const [given, told] = await Promise.all([atOnce.query(getTrajectoryStateQuery), oneByOne.query(getTrajectoryStateQuery)]);
        // The whole history is in both (taken, or kept as not taken with a reason), and they agree on all of it.
        expect(given.milestonesDone.length + given.displacedMilestones.length).toBe(testCase.reports.length);
        expect(place(told)).toEqual(place(given));
        await Promise.all([atOnce.terminate('property run done'), oneByOne.terminate('property run done')]);
      }),
      // Shrinking restarts trajectories on the server: slow; the seed in the report reproduces a failure.
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});

/** Sends the pending reports in their order until one is taken; its index, or undefined when every one is refused. */
async function firstAccepted(handle: Awaited<ReturnType<typeof start>>, pending: ReadonlyArray<Case['reports'][number] & { milestoneId: string }>): Promise<number | undefined> {
  for (const [index, report] of pending.entries()) {
    try {
      await handle.executeUpdate(recordMilestoneUpdate, {
        args: [{ milestone: report.milestone, milestoneId: report.milestoneId, occurredOn: report.occurredOn, actor: KLANTMANAGER, ...(report.payload ? { payload: report.payload } : {}) }],
      });
      return index;
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    }
  }
  return undefined;
}
