import { Injectable } from '@nestjs/common';
import { isValidCalendarDate } from '@wegwijs/definitions/runtime';
import { loadProgressReport, progressReportToCsv, suppressProgressReport, type SuppressedProgressReport } from '@wegwijs/read-models';
import { DataSource } from 'typeorm';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { TrajectoryAccess } from '../identity/trajectory-access';
import { ProblemException } from '../problem-details/problem.exception';
import type { FieldProblem } from '../problem-details/problem-types';
import type { ProgressReportQuery } from './dto/progress-report.query';

export type ProgressReportAnswer = { readonly format: 'json'; readonly report: SuppressedProgressReport } | { readonly format: 'csv'; readonly csv: string };

/**
 * The municipality's progress report (voortgangsrapportage), computed from the event history as
 * `wegwijs report progress` does, for the caller's municipalities only; counts of 1 to 4 show as
 * "<5" in both formats, so the report may leave the system.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TrajectoryAccess,
  ) {}

  async progress(actor: AuthenticatedActor, query: ProgressReportQuery): Promise<ProgressReportAnswer> {
    checkPeriod(query.from, query.to);
    const asked = query.municipality ? [...new Set(query.municipality.split(','))] : undefined;
    const municipalities = asked ?? [...this.access.scopeFor(actor).municipalities];
    for (const municipality of municipalities) {
      await this.access.authorizeMunicipality(actor, municipality, { action: 'read', operation: 'reports.progress' });
    }
    const report = await loadProgressReport(this.dataSource, { from: query.from, to: query.to, municipalities, cohortBy: query.cohort ?? 'quarter' });
    return query.format === 'csv' ? { format: 'csv', csv: progressReportToCsv(report) } : { format: 'json', report: suppressProgressReport(report) };
  }
}

function checkPeriod(from: string, to: string): void {
  const problems: FieldProblem[] = [];
  if (!isValidCalendarDate(from)) problems.push({ field: 'from', message: 'from must be a calendar date' });
  if (!isValidCalendarDate(to)) problems.push({ field: 'to', message: 'to must be a calendar date' });
  if (problems.length === 0 && from > to) problems.push({ field: 'from', message: 'from must not be after to' });
  if (problems.length > 0) throw ProblemException.invalidFields(problems);
}
