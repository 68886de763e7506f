import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../identity/actor.decorator';
import { AllowedRoles } from '../../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../../identity/authenticated-actor';
import { ApiProblems, problem } from '../../problem-details/api-problems';
import { ProblemType } from '../../problem-details/problem-types';
import { TRAJECTORY_ID_EXAMPLE } from '../trajectory-examples';
import { IMPORT_CASES_PER_REQUEST, ImportCasesDto } from './import-cases.dto';
import { TrajectoryImportsService, type ImportReport } from './trajectory-imports.service';

const IMPORTERS = ['klantmanager', 'system'] as const;

const REPORT_EXAMPLE: ImportReport = {
  execute: false,
  counts: { 'would-start': 1, started: 0, unchanged: 0, conflict: 0, refused: 1 },
  cases: [
    {
      index: 0,
      trajectoryId: TRAJECTORY_ID_EXAMPLE,
      outcome: 'would-start',
      problems: [],
      plan: {
        clocks: [{ clockId: 'inburgering', status: 'running', deadline: '2022-07-15' }],
        waitingOn: ['intake.planAgreed'],
        dueNow: [{ what: 'Inburgeringstermijn (3 jaar): P12M voor de termijn', on: '2021-07-15', late: false }],
        schedule: [],
        assumptions: ["tvsProfileCheck: took 'volledig', not knowing the result it depends on before the activities run"],
      },
    },
    { index: 1, trajectoryId: 'GM0392.HLM-2019-0043', outcome: 'refused', problems: [{ field: 'history[1].occurredOn', message: 'must not be after today (2026-12-05)' }] },
  ],
};

@ApiTags('trajectories')
@ApiBearerAuth()
@Controller('trajectories/imports')
export class TrajectoryImportsController {
  constructor(private readonly imports: TrajectoryImportsService) {}

  @Post()
  @HttpCode(200)
  @AllowedRoles(IMPORTERS)
  @ApiOperation({
    summary: 'Bring in running cases with their histories: a dry run first (the default), then execute',
    description:
      `Each case is what POST /trajectories takes. The answer lists per case its outcome (would-start, started, unchanged, conflict, refused), ` +
      `its legal clocks, what would run at once, its schedule, and the refused rows with their field. A case with a refused row is not started. ` +
      `Importing the same cases again changes nothing (unchanged). At most ${IMPORT_CASES_PER_REQUEST} cases per request; \`wegwijs trajectories import\` sends a file in parts.`,
  })
  @ApiOkResponse({ description: 'What happened (or would happen) to each case', schema: { type: 'object', example: REPORT_EXAMPLE } })
  @ApiProblems(
    '/trajectories/imports',
    problem(ProblemType.validationFailed, 'Invalid fields: cases', { errors: [{ field: 'cases', message: `cases must contain no more than ${IMPORT_CASES_PER_REQUEST} elements` }] }),
    problem(ProblemType.forbiddenRole, 'The role supervisor may not do this; allowed: klantmanager, system', { allowedRoles: IMPORTERS }),
  )
  async import(@Body() request: ImportCasesDto, @Actor() actor: AuthenticatedActor): Promise<ImportReport> {
    return this.imports.import(request, actor);
  }
}
