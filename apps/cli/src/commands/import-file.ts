/**
 * Reading a caseload file for `wegwijs trajectories import`: CSV as a spreadsheet exports it, or
 * JSON. Each case remembers where it came from, so that a refused row is reported with its line.
 *
 * CSV: one row per milestone that already happened, the case's columns repeated on each of its
 * rows (a case with no history yet has one row with an empty `milestone`):
 *
 *   municipality,caseReference,definitionKey,fact:housingDate,fact:permitGrantedDate,fact:age,milestone,occurredOn,payload:route
 *   GM0392,HLM-2025-0101,haarlem-statushouders,2025-03-15,2025-01-10,34,coa.warmHandoverDone,2025-03-18,
 *   GM0392,HLM-2025-0101,haarlem-statushouders,2025-03-15,2025-01-10,34,intake.planAgreed,2025-05-01,werk
 *
 * `fact:` and `payload:` cells are typed by their text: `true`/`false` are booleans, a number
 * without leading zeros is a number, anything else (dates, codes) a string; an empty cell is
 * absent. Optional column `personId`. JSON: `{ "cases": [...] }` or an array, each case as
 * POST /trajectories takes it, typed as written.
 */
import { parse } from 'csv-parse/sync';

export interface ImportCase {
  readonly municipality: string;
  readonly caseReference: string;
  readonly definitionKey: string;
  readonly facts: Record<string, CellValue>;
  readonly personId?: string;
  readonly history?: Array<{ milestone: string; occurredOn: string; payload?: Record<string, CellValue> }>;
}

type CellValue = string | number | boolean;

/** Where a case and each of its history rows are in the file: `line 7` (CSV) or `cases[3].history[1]` (JSON). */
export interface CaseSource {
  readonly case: string;
  readonly history: readonly string[];
}

export interface ReadCaseload {
  readonly cases: readonly ImportCase[];
  readonly sources: readonly CaseSource[];
  /** Problems of the file itself (a case whose rows disagree, a missing column): nothing is sent while there are any. */
  readonly problems: readonly string[];
}

const CASE_COLUMNS = ['municipality', 'caseReference', 'definitionKey'] as const;

export function readCaseload(fileName: string, text: string): ReadCaseload {
  return /\.json$/i.test(fileName) ? readJson(text) : readCsv(text);
}

function readJson(text: string): ReadCaseload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { cases: [], sources: [], problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const cases = Array.isArray(parsed) ? parsed : (parsed as { cases?: unknown })?.cases;
  if (!Array.isArray(cases)) return { cases: [], sources: [], problems: ['JSON must be an array of cases or { "cases": [...] }'] };
  return {
    cases: cases as ImportCase[],
    sources: cases.map((importCase: { history?: unknown }, index) => ({
      case: `cases[${index}]`,
      history: Array.isArray(importCase?.history) ? importCase.history.map((_, row) => `cases[${index}].history[${row}]`) : [],
    })),
    problems: [],
  };
}

function readCsv(text: string): ReadCaseload {
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true, delimiter: sniffDelimiter(text) });
  } catch (error) {
    return { cases: [], sources: [], problems: [error instanceof Error ? error.message : String(error)] };
  }
  const header = rows.length > 0 ? Object.keys(rows[0].record) : [];
  const missing = [...CASE_COLUMNS, 'milestone', 'occurredOn'].filter((column) => rows.length > 0 && !header.includes(column));
  if (missing.length > 0) return { cases: [], sources: [], problems: [`missing column(s): ${missing.join(', ')}`] };

  const problems: string[] = [];
  const byCase = new Map<string, { importCase: ImportCase & { history: NonNullable<ImportCase['history']> }; source: { case: string; history: string[] }; signature: string }>();
  for (const { record, info } of rows) {
    const line = `line ${info.lines}`;
    const facts = typedCells(record, 'fact:');
    const identity = `${record.municipality}|${record.caseReference}`;
    const signature = JSON.stringify([record.definitionKey, record.personId ?? '', facts]);
    let entry = byCase.get(identity);
    if (!entry) {
      entry = {
        importCase: { municipality: record.municipality, caseReference: record.caseReference, definitionKey: record.definitionKey, facts, ...(record.personId ? { personId: record.personId } : {}), history: [] },
        source: { case: line, history: [] },
        signature,
      };
      byCase.set(identity, entry);
    } else if (entry.signature !== signature) {
      problems.push(`${line}: case ${record.caseReference} has other facts, definition or personId than on ${entry.source.case}; a case's columns must be the same on each of its rows`);
      continue;
    }
    if (record.milestone) {
      const payload = typedCells(record, 'payload:');
      entry.importCase.history.push({ milestone: record.milestone, occurredOn: record.occurredOn, ...(Object.keys(payload).length > 0 ? { payload } : {}) });
      entry.source.history.push(line);
    } else if (record.occurredOn) {
      problems.push(`${line}: occurredOn without a milestone`);
    }
  }
  const entries = [...byCase.values()];
  return { cases: entries.map((entry) => entry.importCase), sources: entries.map((entry) => entry.source), problems };
}

/** Spreadsheets in Dutch locales export with semicolons. */
function sniffDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function typedCells(record: Record<string, string>, prefix: string): Record<string, CellValue> {
  const cells: Record<string, CellValue> = {};
  for (const [column, text] of Object.entries(record)) {
    if (!column.startsWith(prefix) || text === '') continue;
    cells[column.slice(prefix.length)] = typedCell(text);
  }
  return cells;
}

function typedCell(text: string): CellValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  return text;
}
