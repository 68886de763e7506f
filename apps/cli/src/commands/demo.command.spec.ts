import { buildProgressReport, progressReportToCsv, progressReportToJson, syntheticCohort, type CohortDrive, type CohortDriveOptions, type ProgressReport, type SyntheticPerson } from '@wegwijs/read-models';
import { DEMO_EXIT_CODES, runDemoCohort, type DemoCohortOptions, type DemoCommandIo } from './demo.command';

const TODAY = '2026-11-28';
const OPTIONS: DemoCohortOptions = { size: '20', seed: '7', apiUrl: 'http://127.0.0.1:3999/', concurrency: '4', format: 'csv' };

/**
 * A Wegwijs whose API accepts every planned milestone and whose report counts the same cohort,
 * written straight to an event history (or the report given).
 */
function fakeIo(overrides: Partial<DemoCommandIo> & { report?: (from: string, to: string) => ProgressReport } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const drives: Array<{ people: readonly SyntheticPerson[]; options: CohortDriveOptions }> = [];
  const gets: Array<{ url: string; headers: Record<string, string> }> = [];
  const report =
    overrides.report ??
    ((from: string, to: string) => {
      const histories = syntheticCohort({ size: drives[0].people.length, seed: 7, referenceDate: to, prefix: 'DEMO' });
      return buildProgressReport(histories.flatMap((history) => history.recorded()), { from, to, municipalities: ['GM0392', 'GM0473'] });
    });
  const io: DemoCommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    today: () => TODAY,
    apiIsUp: async () => true,
    authorizer: async () => async (actor) => ({ authorization: `Bearer ${actor.role}:${actor.id}:${actor.municipalities.join(',')}` }),
    drive: async (people, options) => {
      drives.push({ people, options });
      people.forEach((_, index) => options.onDriven?.(index + 1, people.length));
      const driven = people.map((person) => ({
        trajectoryId: person.trajectoryId,
        municipality: person.municipality,
        accepted: person.milestones,
        rejected: [],
        neverAwaited: [],
        definitionVersion: 4,
        requests: person.milestones.length + 2,
      }));
      return { driven, failed: [], milliseconds: 4_000 } satisfies CohortDrive;
    },
    get: async (url, headers) => {
      gets.push({ url, headers });
      const query = new URL(url).searchParams;
      const built = report(query.get('from')!, query.get('to')!);
      return { status: 200, text: query.get('format') === 'csv' ? progressReportToCsv(built) : progressReportToJson(built) };
    },
    ...overrides,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), drives, gets };
}

describe('wegwijs demo cohort', () => {
  it('drives the planned cohort through the API given, then prints the report for its period', async () => {
    const fake = fakeIo();

    expect(await runDemoCohort(OPTIONS, fake.io)).toBe(DEMO_EXIT_CODES.ok);

    expect(fake.drives[0].people).toHaveLength(20);
    expect(fake.drives[0].people[0].trajectoryId).toMatch(/^GM\d{4}\.DEMO-7-00001$/);
    expect(fake.drives[0].options).toMatchObject({ baseUrl: 'http://127.0.0.1:3999', concurrency: 4 });
    expect(fake.gets.map((get) => get.url)).toEqual([
      'http://127.0.0.1:3999/reports/progress?from=2025-08-29&to=2026-11-28&municipality=GM0392,GM0473&format=json',
      'http://127.0.0.1:3999/reports/progress?from=2025-08-29&to=2026-11-28&municipality=GM0392,GM0473&format=csv',
    ]);
    expect(fake.gets[0].headers).toEqual({ authorization: 'Bearer beleid:beleid-demo:GM0392,GM0473' });
    expect(fake.out()).toContain('  2/20 trajectories\n');
    expect(fake.out()).toContain('20 trajectories driven in 4.0 s: 5.00 trajectories/s');
    expect(fake.out()).toContain('hoofdstuk,tabel,regel,omschrijving,GM0392,GM0473,totaal');
    expect(fake.out()).toContain('The report counts what the API accepted, for all 21 figures.');
  });

  it('says which figures differ from what the API accepted', async () => {
    const fake = fakeIo({ report: (from, to) => buildProgressReport([], { from, to, municipalities: ['GM0392', 'GM0473'] }) });

    await runDemoCohort(OPTIONS, fake.io);

    expect(fake.out()).toMatch(/figures differ from what this run's API answers say/);
    expect(fake.out()).toMatch(/ {2}noaAssessments: report 0, this run (<5|[1-9]\d*)/);
  });

  it('exits 1 when no API answers, without driving anything', async () => {
    const fake = fakeIo({ apiIsUp: async () => false });

    expect(await runDemoCohort(OPTIONS, fake.io)).toBe(DEMO_EXIT_CODES.failed);
    expect(fake.err()).toContain('No Wegwijs API answers at http://127.0.0.1:3999/health');
    expect(fake.drives).toEqual([]);
  });

  it('exits 1 when it cannot sign tokens the API takes, without driving anything', async () => {
    const fake = fakeIo({
      authorizer: async () => {
        throw new Error('AUTH_JWKS_URL is set: the API takes tokens from that identity provider, and the demo can only sign development tokens');
      },
    });

    expect(await runDemoCohort(OPTIONS, fake.io)).toBe(DEMO_EXIT_CODES.failed);
    expect(fake.err()).toContain('AUTH_JWKS_URL is set');
    expect(fake.drives).toEqual([]);
  });

  it('exits 2 naming every bad option, and refuses a reference date the workflows have not reached', async () => {
    const fake = fakeIo();

    const exitCode = await runDemoCohort({ ...OPTIONS, size: '0', concurrency: 'many', referenceDate: '2026-12-01', format: 'xml' }, fake.io);

    expect(exitCode).toBe(DEMO_EXIT_CODES.usageError);
    expect(fake.err()).toBe(
      "--size must be a whole number from 1 to 10000, not '0'\n--concurrency must be a whole number from 1 to 100, not 'many'\n" +
        '--reference-date must not be after today (2026-11-28): the workflows run in real time\n' +
        "--format must be csv or json, not 'xml'\n",
    );
    expect(fake.drives).toEqual([]);
  });
});
