/**
 * The README's "Try it" section, run as a newcomer would: its shell blocks, extracted from the
 * README and run by bash against the test stack. Three things differ from a newcomer's terminal,
 * all for the harness: `localhost:3000` becomes the test API's address; the README's case
 * references become fresh ones, for the test stack is shared (the API fuzzer, for one, starts the
 * OpenAPI example's case, which is the README's); and `curl` fails on an HTTP error answer
 * (`--fail-with-body`), so an example that answers 401 or 409 or 422 fails the test.
 * `wegwijs tokens issue` signs with the test run's development key, as `npm start`'s would.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newCaseReference } from '../support/case-references';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

const WORKSPACE_ROOT = join(__dirname, '../..');
const README_API = 'localhost:3000';
/** The README's case references, e.g. HLM-2019-0042. */
const README_CASE_REFERENCE = /HLM-\d{4}-\d{4}/g;

/** The `sh` blocks of one section of a Markdown file: from its heading to the next heading. */
function shellBlocksOfSection(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`The README has no section '${heading}'`);
  const end = lines.findIndex((line, index) => index > start && /^#{1,6} /.test(line));
  const section = lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
  return [...section.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

it("runs the README's 'Try it' commands with bash: the trajectories start (one with its history) and take the milestone, each request authenticated", async () => {
  const blocks = shellBlocksOfSection(readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8'), '### Try it');
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.join('\n')).toContain(README_API);
  const apiAddress = new URL(wegwijs.baseUrl).host;
  const fresh = new Map<string, string>();
  const caseReferenceFor = (reference: string) => fresh.get(reference) ?? fresh.set(reference, newCaseReference()).get(reference)!;
  const firstCase = `GM0392.${caseReferenceFor('HLM-2019-0042')}`;
  const script = [
    'set -euo pipefail',
    'curl() { command curl --silent --show-error --fail-with-body --max-time 60 "$@"; printf "\\n"; }',
    ...blocks.map((block) => block.replaceAll(README_API, apiAddress).replace(README_CASE_REFERENCE, (reference) => caseReferenceFor(reference))),
  ].join('\n');

  const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: WORKSPACE_ROOT, env: process.env, timeout: 120_000 });

  const answers = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  expect(answers).toHaveLength(5);
  const [started, afterMilestone, read, startedWithHistory, readWithHistory] = answers;
  expect(started.trajectoryId).toBe(firstCase);
  expect(afterMilestone.milestonesDone.map((done: { milestone: string }) => done.milestone)).toContain('intake.completed');
  expect(read.events.filter((event: { type: string; payload: { milestone?: string } }) => event.type === 'milestone.recorded' && event.payload.milestone === 'intake.completed')).toHaveLength(1);
  // The case brought in with its history: both rows taken on their own dates, and the schedule dated from them.
  expect(startedWithHistory.state.milestonesDone.map((done: { milestone: string; effectiveOn: string }) => [done.milestone, done.effectiveOn])).toEqual([
    ['coa.warmHandoverDone', '2019-09-03'],
    ['basis.budgetManagementConsentRecorded', '2019-09-12'],
  ]);
  const warnings = readWithHistory.state.schedule.filter((entry: { kind: string }) => entry.kind === 'warning');
  // Permit 15 July 2019: a term to 15 July 2022, its warnings long past when the case was entered — sent once, at once, not late.
  expect(warnings.map((entry: { date: string; status: string }) => [entry.date, entry.status])).toEqual([
    ['2021-07-15', 'fired'],
    ['2022-01-15', 'fired'],
    ['2022-04-15', 'fired'],
    ['2022-06-15', 'fired'],
  ]);
  const [holder] = await wegwijs.dataSource.query("SELECT actor_id FROM access_log WHERE trajectory_id = $1 AND operation = 'trajectories.get'", [firstCase]);
  expect(holder).toEqual({ actor_id: 'km-0007' });
}, 150_000);
