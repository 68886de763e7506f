/**
 * Trajectories that are stuck for real on the tests' stack: the worker's TVS stand-in reads
 * `<WEGWIJS_DATA_DIR>/tvs-profiles/<trajectoryId>.json`, and a file that is no JSON object makes
 * fetchTvsProfile fail (TvsSourceUnavailableError) on every attempt; the tests' worker marks
 * that stuck at the first failure (TECHNICAL_STALL_AFTER=PT0S, see global-setup).
 *
 *   const { trajectoryId } = await startStuckTrajectory(apiUrl, 'GM0392');
 *   repairTvsProfile(trajectoryId); // the next attempt succeeds
 *
 * For a trajectory of another definition whose step reads the TVS profile, break it before starting:
 *   breakTvsProfile(`GM0392.${caseReference}`);
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCaseReference } from './case-references';
import { authHeaders, request } from './http';

function tvsProfileFile(trajectoryId: string): string {
  const dir = join(process.env.WEGWIJS_DATA_DIR ?? '', 'tvs-profiles');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${trajectoryId}.json`);
}

/** Starts a trajectory of the Haarlem programme whose TVS profile cannot be read. */
export async function startStuckTrajectory(apiUrl: string, municipality: string): Promise<{ trajectoryId: string; caseReference: string }> {
  const caseReference = newCaseReference();
  const trajectoryId = `${municipality}.${caseReference}`;
  breakTvsProfile(trajectoryId);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const started = await request(apiUrl, 'POST', '/trajectories', {
    body: { municipality, caseReference, definitionKey: 'haarlem-statushouders', facts: { housingDate: daysAgo(3), permitGrantedDate: daysAgo(40), age: 34 } },
    headers: authHeaders({ role: 'klantmanager', id: 'km-0007', municipalities: [municipality] }),
  });
  if (started.status !== 201) throw new Error(`starting ${trajectoryId} answered ${started.status}: ${JSON.stringify(started.body)}`);
  return { trajectoryId, caseReference };
}

/** COA's source cannot read this trajectory's profile: fetchTvsProfile fails on every attempt until it is repaired. */
export function breakTvsProfile(trajectoryId: string): void {
  writeFileSync(tvsProfileFile(trajectoryId), 'not a TVS profile');
}

/** COA's source answers again: no profile for this person yet, which fetchTvsProfile takes in its stride. */
export function repairTvsProfile(trajectoryId: string): void {
  rmSync(tvsProfileFile(trajectoryId), { force: true });
}
