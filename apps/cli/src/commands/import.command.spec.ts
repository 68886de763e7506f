import { IMPORT_EXIT_CODES, runImport, type ImportIo } from './import.command';

const HEADER = 'municipality,caseReference,definitionKey,fact:housingDate,milestone,occurredOn';

/** An API double that answers each case as the test says, and remembers what was sent. */
function io(file: string, answer: (importCase: { caseReference: string }, index: number) => object) {
  const sent: Array<{ url: string; token: string; body: any }> = [];
  let stdout = '';
  let stderr = '';
  const double: ImportIo = {
    readFile: async () => file,
    post: async (url, token, body: any) => {
      sent.push({ url, token, body });
      return { status: 200, body: { cases: body.cases.map((importCase: { caseReference: string }, index: number) => ({ index, trajectoryId: `GM0392.${importCase.caseReference}`, problems: [], ...answer(importCase, index) })) } };
    },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  };
  return { double, sent, output: () => ({ stdout, stderr }) };
}

describe('wegwijs trajectories import', () => {
  it('sends a large file in parts of 100 and reports every case once', async () => {
    const rows = Array.from({ length: 230 }, (_, index) => `GM0392,HLM-${index},haarlem-statushouders,2025-03-15,,`);
    const api = io([HEADER, ...rows].join('\n'), () => ({ outcome: 'would-start' }));
    const exitCode = await runImport('caseload.csv', { token: 't0k3n', apiUrl: 'http://wegwijs.test/', format: 'text' }, api.double);
    expect(exitCode).toBe(IMPORT_EXIT_CODES.imported);
    expect(api.sent.map((request) => [request.url, request.token, request.body.execute, request.body.cases.length])).toEqual([
      ['http://wegwijs.test/trajectories/imports', 't0k3n', false, 100],
      ['http://wegwijs.test/trajectories/imports', 't0k3n', false, 100],
      ['http://wegwijs.test/trajectories/imports', 't0k3n', false, 30],
    ]);
    expect(api.output().stdout).toMatch(/230 cases: 230 would-start — a dry run, nothing changed/);
    expect(api.output().stdout).toContain('GM0392.HLM-229 (line 231): would-start');
  });

  it('names the line of a refused row and exits 1', async () => {
    const api = io([HEADER, 'GM0392,HLM-1,haarlem-statushouders,2025-03-15,coa.warmHandoverDone,2025-03-18', 'GM0392,HLM-1,haarlem-statushouders,2025-03-15,basis.livingAllowanceArranged,2031-01-01'].join('\n'), () => ({
      outcome: 'refused',
      problems: [{ field: 'history[1].occurredOn', message: 'must be on or before 2026-12-05' }],
    }));
    expect(await runImport('caseload.csv', { token: 't', apiUrl: 'http://wegwijs.test', format: 'text', execute: true }, api.double)).toBe(IMPORT_EXIT_CODES.refusals);
    expect(api.sent[0].body.execute).toBe(true);
    expect(api.output().stdout).toContain('  refused line 3: history[1].occurredOn: must be on or before 2026-12-05');
  });

  it('sends nothing for a file with problems, or without a token', async () => {
    const broken = io(`${HEADER}\nGM0392,HLM-1,haarlem-statushouders,2025-03-15,,2025-03-18`, () => ({ outcome: 'would-start' }));
    expect(await runImport('caseload.csv', { token: 't', apiUrl: 'http://wegwijs.test', format: 'text' }, broken.double)).toBe(IMPORT_EXIT_CODES.unusable);
    expect([broken.sent.length, broken.output().stderr]).toEqual([0, 'caseload.csv: nothing was sent\n  line 2: occurredOn without a milestone\n']);
    const saved = process.env.WEGWIJS_TOKEN;
    delete process.env.WEGWIJS_TOKEN;
    try {
      const tokenless = io(HEADER, () => ({}));
      expect(await runImport('caseload.csv', { apiUrl: 'http://wegwijs.test', format: 'text' }, tokenless.double)).toBe(IMPORT_EXIT_CODES.unusable);
      expect(tokenless.output().stderr).toMatch(/^An access token is needed/);
    } finally {
      if (saved !== undefined) process.env.WEGWIJS_TOKEN = saved;
    }
  });

  it('passes on the problem of a request the API refuses, and says a second run is safe', async () => {
    const rows = Array.from({ length: 101 }, (_, index) => `GM0392,HLM-${index},haarlem-statushouders,2025-03-15,,`);
    const api = io([HEADER, ...rows].join('\n'), () => ({ outcome: 'started' }));
    let calls = 0;
    const failing: ImportIo = { ...api.double, post: async (...args) => (++calls === 2 ? { status: 503, body: { detail: 'Temporal is not reachable' } } : api.double.post(...args)) };
    expect(await runImport('caseload.csv', { token: 't', apiUrl: 'http://wegwijs.test', format: 'text', execute: true }, failing)).toBe(IMPORT_EXIT_CODES.unusable);
    expect(api.output().stderr).toBe('http://wegwijs.test/trajectories/imports answered 503: Temporal is not reachable\nThe first 100 cases were imported; running the same command again is safe.\n');
  });
});
