/**
 * Demo: a Haarlem-sized synthetic cohort (no real people) driven through a running Wegwijs API
 * (`npm start`), a few trajectories at a time; prints what the API accepted. Afterwards
 * `wegwijs report progress --from 2018-01-01 --to 2019-03-31` reports on it.
 *
 *   node -r @swc-node/register libs/read-models/scripts/drive-synthetic-cohort.ts [apiUrl] [size] [seed]
 *
 * Workflow time is today: for a 2018 cohort the 24-month timers and the 3-year inburgering
 * clock have already run out, so the workflow refuses diplomas; everything else follows the plan.
 */
import { resolve } from 'node:path';
// A hand-run demo script, not library code: it signs tokens with npm start's development key.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ensureDevelopmentSigningKey, issueDevelopmentToken, WORKSPACE_ROOT } from '@wegwijs/devstack';
import { driveThroughApi, type ApiActor, type DrivenTrajectory } from '../src/synthetic/api-cohort-driver';
import { syntheticCohort } from '../src/synthetic/synthetic-cohort';

const PARALLEL = 6;

async function main(): Promise<void> {
  const baseUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
  const size = Number(process.argv[3] ?? 300);
  const seed = Number(process.argv[4] ?? Date.now() % 100_000);
  const cohort = syntheticCohort({ size, housedFrom: '2018-01-01', months: 15, until: '2019-03-31', seed, prefix: 'DEMO' });
  // Tokens from npm start's development key (the API must run with it: no AUTH_JWKS_URL).
  const key = await ensureDevelopmentSigningKey(resolve(WORKSPACE_ROOT, process.env.WEGWIJS_DATA_DIR ?? '.data'));
  const authorize = async (actor: ApiActor) => ({ authorization: `Bearer ${await issueDevelopmentToken(key, actor)}` });
  const driven: DrivenTrajectory[] = [];
  const failed: string[] = [];
  const queue = [...cohort];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let history = queue.shift(); history; history = queue.shift()) {
        try {
          driven.push(await driveThroughApi(history, { baseUrl, until: '2019-03-31', idlePolls: 10, authorize }));
        } catch (error) {
          failed.push(`${history.trajectoryId}: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (driven.length % 25 === 0) process.stdout.write(`${driven.length}/${size} trajectories\n`);
      }
    }),
  );
  const tally = (pick: (trajectory: DrivenTrajectory) => readonly string[]) =>
    Object.entries(
      driven.flatMap(pick).reduce<Record<string, number>>((counts, milestone) => ({ ...counts, [milestone]: (counts[milestone] ?? 0) + 1 }), {}),
    ).sort(([a], [b]) => a.localeCompare(b));
  process.stdout.write(`${driven.length} trajectories in ${((performance.now() - started) / 1000).toFixed(0)} s (seed ${seed})\naccepted:\n`);
  for (const [milestone, count] of tally((trajectory) => trajectory.sent)) process.stdout.write(`  ${milestone}: ${count}\n`);
  process.stdout.write('rejected:\n');
  for (const [milestone, count] of tally((trajectory) => trajectory.rejected.map((rejection) => rejection.milestone))) process.stdout.write(`  ${milestone}: ${count}\n`);
  process.stdout.write(`failed (${failed.length}):\n${failed.map((line) => `  ${line}\n`).join('')}`);
  process.stdout.write('planned but never waited on:\n');
  for (const [milestone, count] of tally((trajectory) => trajectory.unsent)) process.stdout.write(`  ${milestone}: ${count}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
