import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { SuppressedProgressReport } from '@wegwijs/read-models';
import type { Response } from 'express';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { ProgressReportQuery } from './dto/progress-report.query';
import { ReportsService } from './reports.service';

const JSON_EXAMPLE = {
  period: { from: '2018-01-01', to: '2019-03-31' },
  referenceDate: '2019-03-31',
  municipalities: ['GM0392'],
  cohortBy: 'quarter',
  sections: [
    {
      id: 'intake',
      title: 'Brede intake',
      source: '§5',
      rows: [{ id: 'noa.assessments', label: 'Afgenomen NOA-assessments', counts: { GM0392: 164 }, total: 164 }],
    },
  ],
  cohorts: [{ cohort: '2018-Q3', housed: 23, milestones: { 'intake.noaAssessmentDone': { label: 'NOA-assessment', reached: '<5', medianDays: null } } }],
};
const CSV_EXAMPLE = 'hoofdstuk,tabel,regel,omschrijving,GM0392,totaal\r\n§5,Brede intake,noa.assessments,Afgenomen NOA-assessments,164,164\r\n';

/** Reports computed from the event history, for policy staff, supervisors and administrators. */
@ApiTags('reports')
@ApiBearerAuth()
@AllowedRoles(['beleid', 'supervisor', 'admin'])
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('progress')
  @ApiOperation({
    summary: 'The progress report (voortgangsrapportage) for a period and your municipalities, as JSON or CSV; counts 1–4 show as "<5"',
    description: 'Figures count occurrences in the period, as the 2019 report did; the cohort table gives per arrival cohort the number housed and the median days to each milestone.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The report',
    content: { 'application/json': { schema: { type: 'object' }, example: JSON_EXAMPLE }, 'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE } },
  })
  @ApiProblems(
    '/reports/progress?from=2019-04-01&to=2019-03-31',
    problem(ProblemType.validationFailed, 'Invalid fields: from', { errors: [{ field: 'from', message: 'from must not be after to' }] }),
    problem(ProblemType.outsideMunicipality, 'Municipality GM0473 is not among yours'),
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: beleid, supervisor, admin', {
      allowedRoles: ['beleid', 'supervisor', 'admin'],
    }),
  )
  async progress(
    @Query() query: ProgressReportQuery,
    @Actor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SuppressedProgressReport | string> {
    const answer = await this.reports.progress(actor, query);
    if (answer.format === 'json') return answer.report;
    response.type('text/csv; charset=utf-8').attachment(`voortgang-${query.from}-${query.to}.csv`);
    return answer.csv;
  }
}
