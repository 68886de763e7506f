/**
 * Bringing in a running caseload, end to end: `wegwijs trajectories import`, run as a process,
 * reads a CSV file and sends it to the running API over HTTP, which plans (dry run) and starts (execute) real workflows
 * on the real Temporal server, the events landing in the real PostgreSQL. The expected dates are
 * worked out here from the facts (the 15th of a month, so no month-end clamping is involved).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { amsterdamDateOf } from '@wegwijs/calendar';
import { newCaseReference } from '../support/case-references';
import { accessToken, authHeaders, KLANTMANAGER, pollUntil, request } from '../support/http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';

let wegwijs: WegwijsUnderTest;
let folder: string;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
  folder = await mkdtemp(join(tmpdir(), 'wegwijs-import-'));
});

afterAll(async () => {
  await wegwijs?.close();
  await rm(folder, { recursive: true, force: true });
});

const TOKEN = accessToken({ role: 'klantmanager', id: 'km-0007' });
const today = amsterdamDateOf(new Date());
const year = Number(today.slice(0, 4));
const month = today.slice(5, 7);
/** The 15th of this month, `yearsBack` years ago (and `monthsBack` months), as YYYY-MM-DD. */
function fifteenth(yearsBack: number, monthsBack = 0): string {
  const index = year * 12 + (Number(month) - 1) - yearsBack * 12 - monthsBack;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-15`;
}
function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A case housed two years and two months ago, its permit a month before: entered in Wegwijs only now. */
function twoYearsLate() {
  const permitGrantedDate = fifteenth(2, 3);
  const housingDate = fifteenth(2, 2);
  return { caseReference: newCaseReference(), permitGrantedDate, housingDate, handover: plusDays(housingDate, 3), deadline: `${Number(permitGrantedDate.slice(0, 4)) + 3}${permitGrantedDate.slice(4)}` };
}

const HEADER = 'municipality,caseReference,definitionKey,fact:housingDate,fact:permitGrantedDate,fact:age,milestone,occurredOn,payload:consent';
function csvRow(caseReference: string, housingDate: string, permitGrantedDate: string, milestone = '', occurredOn = '', consent = ''): string {
  return `GM0392,${caseReference},haarlem-statushouders,${housingDate},${permitGrantedDate},34,${milestone},${occurredOn},${consent}`;
}

async function importFile(name: string, lines: string[], execute: boolean) {
  const file = join(folder, name);
  await writeFile(file, `${[HEADER, ...lines].join('\n')}\n`);
  // The command as an operator runs it, in its own process.
  const args = ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'trajectories', 'import', file, '--api-url', wegwijs.baseUrl, '--format', 'json', ...(execute ? ['--execute'] : [])];
  const ran = await promisify(execFile)(process.execPath, args, { cwd: join(__dirname, '../..'), env: { ...process.env, WEGWIJS_TOKEN: TOKEN }, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ exitCode: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ exitCode: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  return { exitCode: ran.exitCode, stderr: ran.stderr, cases: ran.stdout ? (JSON.parse(ran.stdout) as any[]) : [] };
}

describe('wegwijs trajectories import', () => {
  it('plans without changing anything, then starts what is not refused, and importing again changes nothing', async () => {
    const late = twoYearsLate();
    const refused = twoYearsLate();
    const lines = [
      csvRow(late.caseReference, late.housingDate, late.permitGrantedDate, 'coa.warmHandoverDone', late.handover),
      csvRow(late.caseReference, late.housingDate, late.permitGrantedDate, 'basis.budgetManagementConsentRecorded', plusDays(late.housingDate, 10), 'true'),
      csvRow(refused.caseReference, refused.housingDate, refused.permitGrantedDate, 'coa.warmHandoverDone', refused.handover),
      csvRow(refused.caseReference, refused.housingDate, refused.permitGrantedDate, 'basis.livingAllowanceArranged', plusDays(today, 10)),
    ];

    const dryRun = await importFile('caseload.csv', lines, false);
    expect(dryRun.stderr).toBe('');
    expect(dryRun.exitCode).toBe(1);
    expect(dryRun.cases.map((imported) => [imported.trajectoryId, imported.outcome])).toEqual([
      [`GM0392.${late.caseReference}`, 'would-start'],
      [`GM0392.${refused.caseReference}`, 'refused'],
    ]);
    const plan = dryRun.cases[0].plan;
    expect(plan.clocks).toEqual([{ clockId: 'inburgeringstermijn', status: 'running', deadline: late.deadline }]);
    // Twelve months before the deadline has passed: that warning would go out at once, dated on its own day.
    const twelveMonthsBefore = `${Number(late.deadline.slice(0, 4)) - 1}${late.deadline.slice(4)}`;
    expect(plan.dueNow).toEqual(expect.arrayContaining([expect.objectContaining({ on: twelveMonthsBefore, what: expect.stringContaining('P12M voor de termijn') })]));
    // The refused row is named by its line in the file (line 5: the header is line 1).
    expect(dryRun.cases[1].problems).toEqual([expect.objectContaining({ field: 'history[1].occurredOn' })]);
    expect(dryRun.cases[1].source).toEqual({ case: 'line 4', history: ['line 4', 'line 5'] });
    // A dry run starts nothing.
    for (const imported of dryRun.cases) expect((await request(wegwijs.baseUrl, 'GET', `/trajectories/${imported.trajectoryId}`, { headers: KLANTMANAGER })).status).toBe(404);

    const executed = await importFile('caseload.csv', lines, true);
    expect(executed.cases.map((imported) => imported.outcome)).toEqual(['started', 'refused']);
    const started = await request(wegwijs.baseUrl, 'GET', `/trajectories/${executed.cases[0].trajectoryId}`, { headers: KLANTMANAGER });
    expect(started.status).toBe(200);
    expect(started.body.state.clocks.map((clock: any) => [clock.clockId, clock.deadline])).toEqual([['inburgeringstermijn', late.deadline]]);
    // The history is in the event store with its own business dates, not today's.
    const milestones = await pollUntil(
      async () => (await request(wegwijs.baseUrl, 'GET', `/trajectories/${executed.cases[0].trajectoryId}`, { headers: KLANTMANAGER })).body.events.filter((event: any) => event.type === 'milestone.recorded'),
      (events: any[]) => events.length >= 2,
    );
    expect(milestones.map((event: any) => [event.payload.milestone, event.payload.occurredOn])).toEqual([
      ['coa.warmHandoverDone', late.handover],
      ['basis.budgetManagementConsentRecorded', plusDays(late.housingDate, 10)],
    ]);
    expect((await request(wegwijs.baseUrl, 'GET', `/trajectories/${executed.cases[1].trajectoryId}`, { headers: KLANTMANAGER })).status).toBe(404);

    const again = await importFile('caseload.csv', lines, true);
    expect(again.cases.map((imported) => imported.outcome)).toEqual(['unchanged', 'refused']);
    const eventsAfter = await request(wegwijs.baseUrl, 'GET', `/trajectories/${executed.cases[0].trajectoryId}`, { headers: KLANTMANAGER });
    expect(eventsAfter.body.state.clocks).toEqual(started.body.state.clocks);

    // The same case with another history is not silently taken as the same import.
    const changed = await importFile('changed.csv', [csvRow(late.caseReference, late.housingDate, late.permitGrantedDate, 'coa.warmHandoverDone', plusDays(late.handover, 1))], false);
    expect(changed.cases.map((imported) => imported.outcome)).toEqual(['conflict']);
  });

  it('refuses a row no step would take, and a row dated before housing, each with its line', async () => {
    const early = twoYearsLate();
    const unplaced = twoYearsLate();
    const result = await importFile('refusals.csv', [
      csvRow(early.caseReference, early.housingDate, early.permitGrantedDate, 'coa.warmHandoverDone', plusDays(early.housingDate, -5)),
      csvRow(unplaced.caseReference, unplaced.housingDate, unplaced.permitGrantedDate, 'coa.warmHandoverDone', unplaced.handover),
      csvRow(unplaced.caseReference, unplaced.housingDate, unplaced.permitGrantedDate, 'intake.followUpTalkHeld', plusDays(unplaced.handover, 1)),
    ], false);
    expect(result.cases.map((imported) => [imported.outcome, imported.problems.map((problem: any) => problem.field), imported.source.history])).toEqual([
      ['refused', ['history[0].occurredOn'], ['line 2']],
      ['refused', ['history[1].milestone'], ['line 3', 'line 4']],
    ]);
  });

  it('is for client managers and integrations; a supervisor is refused with problem+json', async () => {
    const answer = await request(wegwijs.baseUrl, 'POST', '/trajectories/imports', {
      body: { cases: [{ municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'haarlem-statushouders', facts: {} }] },
      headers: authHeaders({ role: 'supervisor', id: 'sv-0001' }),
    });
    expect([answer.status, answer.contentType.split(';')[0], answer.body.type]).toEqual([403, 'application/problem+json', '/problems/forbidden-role']);
  });
});
