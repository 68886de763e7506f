/**
 * `wegwijs trajectories import <file.csv|file.json>`: brings a running caseload into Wegwijs
 * through the API (POST /trajectories/imports). Without --execute it is a dry run that changes
 * nothing and lists per case its legal clocks, what would run at once and every refused row with
 * its line; with --execute it starts every case that is not refused. Running it again changes
 * nothing: cases already imported are `unchanged`.
 *
 *   TOKEN=$(npm run -s wegwijs -- tokens issue --role klantmanager --id km-0007 --municipality GM0392)
 *   WEGWIJS_TOKEN=$TOKEN npm run -s wegwijs -- trajectories import caseload.csv            # dry run
 *   WEGWIJS_TOKEN=$TOKEN npm run -s wegwijs -- trajectories import caseload.csv --execute
 */
import { readFile } from 'node:fs/promises';
import { defaultApiUrl } from './demo.command';
import { readCaseload, type CaseSource, type ImportCase } from './import-file';

/** The API takes at most this many cases per request (IMPORT_CASES_PER_REQUEST). */
const CASES_PER_REQUEST = 100;

export const IMPORT_EXIT_CODES = { imported: 0, refusals: 1, unusable: 2 } as const;

export interface ImportOptions {
  readonly execute?: boolean;
  readonly apiUrl?: string;
  readonly token?: string;
  readonly format: string;
}

export interface ImportIo {
  readonly readFile: (file: string) => Promise<string>;
  readonly post: (url: string, token: string, body: unknown) => Promise<{ readonly status: number; readonly body: unknown }>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

interface ImportedCase {
  readonly index: number;
  readonly trajectoryId: string | null;
  readonly outcome: 'would-start' | 'started' | 'unchanged' | 'conflict' | 'refused';
  readonly problems: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly plan?: {
    readonly clocks: ReadonlyArray<{ readonly clockId: string; readonly status: string; readonly deadline: string }>;
    readonly waitingOn: readonly string[];
    readonly dueNow: ReadonlyArray<{ readonly what: string; readonly on: string }>;
    readonly assumptions: readonly string[];
  };
}

/** Files from disk, the API over HTTP; output where the caller wants it (the terminal by default). */
export const fileAndHttpIo = (output: Pick<ImportIo, 'stdout' | 'stderr'>): ImportIo => ({
  readFile: (file) => readFile(file, 'utf8'),
  post: async (url, token, payload) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(payload) });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { detail: `not JSON: ${text.slice(0, 200)}` };
    }
    return { status: response.status, body };
  },
  ...output,
});

const terminal = fileAndHttpIo({ stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text) });

export async function runImport(file: string, options: ImportOptions, io: ImportIo = terminal): Promise<number> {
  const token = options.token ?? process.env.WEGWIJS_TOKEN;
  if (!token) {
    io.stderr('An access token is needed: --token or WEGWIJS_TOKEN (in development: npm run -s wegwijs -- tokens issue --role klantmanager …)\n');
    return IMPORT_EXIT_CODES.unusable;
  }
  if (options.format !== 'text' && options.format !== 'json') {
    io.stderr(`--format must be text or json, not '${options.format}'\n`);
    return IMPORT_EXIT_CODES.unusable;
  }
  const caseload = readCaseload(file, await io.readFile(file));
  if (caseload.problems.length > 0 || caseload.cases.length === 0) {
    io.stderr(`${file}: nothing was sent\n${(caseload.problems.length ? caseload.problems : ['no cases in the file']).map((problem) => `  ${problem}\n`).join('')}`);
    return IMPORT_EXIT_CODES.unusable;
  }
  const url = `${(options.apiUrl ?? defaultApiUrl()).replace(/\/$/, '')}/trajectories/imports`;
  const results: ImportedCase[] = [];
  for (let first = 0; first < caseload.cases.length; first += CASES_PER_REQUEST) {
    const part = caseload.cases.slice(first, first + CASES_PER_REQUEST);
    const answer = await io.post(url, token, { execute: options.execute === true, cases: part });
    if (answer.status !== 200) {
      const problem = answer.body as { detail?: string; errors?: Array<{ field: string; message: string }> } | null;
      io.stderr(`${url} answered ${answer.status}: ${problem?.detail ?? ''}\n${(problem?.errors ?? []).map((error) => `  ${error.field}: ${error.message}\n`).join('')}`);
      if (first > 0) io.stderr(`The first ${first} cases were ${options.execute ? 'imported' : 'checked'}; running the same command again is safe.\n`);
      return IMPORT_EXIT_CODES.unusable;
    }
    for (const imported of (answer.body as { cases: ImportedCase[] }).cases) results.push({ ...imported, index: first + imported.index });
  }
  io.stdout(options.format === 'json' ? `${JSON.stringify(results.map((result) => ({ ...result, source: caseload.sources[result.index] })), null, 2)}\n` : describe(results, caseload.cases, caseload.sources, options.execute === true));
  return results.some((result) => result.outcome === 'refused' || result.outcome === 'conflict') ? IMPORT_EXIT_CODES.refusals : IMPORT_EXIT_CODES.imported;
}

function describe(results: readonly ImportedCase[], cases: readonly ImportCase[], sources: readonly CaseSource[], execute: boolean): string {
  const lines: string[] = [];
  for (const result of results) {
    const source = sources[result.index];
    lines.push(`${result.trajectoryId ?? cases[result.index].caseReference} (${source.case}): ${result.outcome}`);
    for (const clock of result.plan?.clocks ?? []) lines.push(`  clock ${clock.clockId}: ${clock.status}, deadline ${clock.deadline}`);
    if (result.plan?.waitingOn.length) lines.push(`  waits on: ${result.plan.waitingOn.join(', ')}`);
    for (const due of result.plan?.dueNow ?? []) lines.push(`  ${execute ? 'ran' : 'would run'} at once: ${due.what} (due ${due.on})`);
    for (const assumption of result.plan?.assumptions ?? []) lines.push(`  assumed: ${assumption}`);
    for (const problem of result.problems) lines.push(`  refused ${whereIs(problem.field, source)}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
  }
  const count = (outcome: ImportedCase['outcome']) => results.filter((result) => result.outcome === outcome).length;
  const counted = (['would-start', 'started', 'unchanged', 'conflict', 'refused'] as const).filter((outcome) => count(outcome) > 0).map((outcome) => `${count(outcome)} ${outcome}`);
  lines.push('', `${results.length} cases: ${counted.join(', ')}${execute ? '' : ' — a dry run, nothing changed; --execute imports'}`);
  return `${lines.join('\n')}\n`;
}

/** The line (or JSON position) a field of a case's answer points at. */
function whereIs(field: string, source: CaseSource): string {
  const row = /^history\[(\d+)\]/.exec(field);
  return row && source.history[Number(row[1])] ? source.history[Number(row[1])] : source.case;
}
