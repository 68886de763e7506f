/**
 * The progress report as files for policy staff and the council: JSON and CSV, with small
 * numbers suppressed — a count of 1 to 4 shows as "<5", because in a town the size of Zandvoort
 * a small number points at a person. 0 stays 0. In the cohort table a median over fewer than 5
 * people is left out for the same reason.
 *
 *   writeFileSync('voortgang.csv', progressReportToCsv(report));
 *   writeFileSync('voortgang.json', progressReportToJson(report));
 */
import type { ProgressReport } from './progress-report';

export const SUPPRESSED = '<5';

/** 0 and 5 or more as they are; 1–4 as "<5". */
export function suppressSmallNumber(count: number): number | typeof SUPPRESSED {
  return count > 0 && count < 5 ? SUPPRESSED : count;
}

export interface SuppressedProgressReport {
  readonly period: ProgressReport['period'];
  readonly referenceDate: string;
  readonly municipalities: readonly string[];
  readonly sections: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly source: string;
    readonly rows: ReadonlyArray<{
      readonly id: string;
      readonly label: string;
      readonly counts: Readonly<Record<string, number | typeof SUPPRESSED>>;
      readonly total: number | typeof SUPPRESSED;
    }>;
  }>;
  readonly cohortBy: ProgressReport['cohortBy'];
  readonly cohorts: ReadonlyArray<{
    readonly cohort: string;
    readonly housed: number | typeof SUPPRESSED;
    readonly milestones: Readonly<Record<string, { readonly label: string; readonly reached: number | typeof SUPPRESSED; readonly medianDays: number | null }>>;
  }>;
}

/** The report as it may leave the system: every count suppressed. */
export function suppressProgressReport(report: ProgressReport): SuppressedProgressReport {
  return {
    period: report.period,
    referenceDate: report.referenceDate,
    municipalities: report.municipalities,
    cohortBy: report.cohortBy,
    sections: report.sections.map((section) => ({
      ...section,
      rows: section.rows.map((row) => ({
        ...row,
        counts: Object.fromEntries(Object.entries(row.counts).map(([municipality, count]) => [municipality, suppressSmallNumber(count)])),
        total: suppressSmallNumber(row.total),
      })),
    })),
    cohorts: report.cohorts.map((cohort) => ({
      cohort: cohort.cohort,
      housed: suppressSmallNumber(cohort.housed),
      milestones: Object.fromEntries(
        Object.entries(cohort.milestones).map(([milestone, reached]) => [
          milestone,
          {
            label: report.cohortMilestones[milestone] ?? milestone,
            reached: suppressSmallNumber(reached.reached),
            medianDays: reached.reached >= 5 ? reached.medianDays : null,
          },
        ]),
      ),
    })),
  };
}

export function progressReportToJson(report: ProgressReport): string {
  return `${JSON.stringify(suppressProgressReport(report), null, 2)}\n`;
}

/**
 * Two tables separated by an empty line, as a spreadsheet shows them: the figures (one row per
 * figure, a column per municipality, then the total) and the cohort table (per arrival cohort:
 * housed, then per milestone the number who reached it and the median days from housing).
 */
export function progressReportToCsv(report: ProgressReport): string {
  const suppressed = suppressProgressReport(report);
  const lines: string[][] = [['hoofdstuk', 'tabel', 'regel', 'omschrijving', ...suppressed.municipalities, 'totaal']];
  for (const section of suppressed.sections) {
    for (const row of section.rows) {
      lines.push([section.source, section.title, row.id, row.label, ...suppressed.municipalities.map((municipality) => String(row.counts[municipality])), String(row.total)]);
    }
  }
  lines.push([]);
  const milestones = Object.keys(report.cohortMilestones);
  lines.push([
    report.cohortBy === 'quarter' ? 'cohort (kwartaal huisvesting)' : 'cohort (maand huisvesting)',
    'gehuisvest',
    ...milestones.flatMap((milestone) => [`${report.cohortMilestones[milestone]}: bereikt`, `${report.cohortMilestones[milestone]}: mediaan dagen`]),
  ]);
  for (const cohort of suppressed.cohorts) lines.push(cohortLine(cohort, milestones));
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function cohortLine(cohort: SuppressedProgressReport['cohorts'][number], milestones: readonly string[]): string[] {
  return [
    cohort.cohort,
    String(cohort.housed),
    ...milestones.flatMap((milestone) => {
      const reached = cohort.milestones[milestone];
      return [String(reached.reached), reached.medianDays === null ? '' : String(reached.medianDays)];
    }),
  ];
}

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
