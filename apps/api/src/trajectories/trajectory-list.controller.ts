import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { ListTrajectoriesQuery } from './dto/list-trajectories.query';
import { TrajectoryListService, type TrajectoryList } from './trajectory-list.service';

const LIST_EXAMPLE = {
  items: [
    {
      trajectoryId: 'GM0392.HLM-2019-0042',
      municipality: 'GM0392',
      definitionKey: 'haarlem-statushouders',
      definitionVersion: 4,
      status: 'running',
      phase: 'brede intake',
      clientManagerId: 'km-0007',
      waitingOn: ['intake.noaAssessmentDone'],
      waitingSince: '2019-09-02T08:00:00.000Z',
      nextDeadline: '2019-10-12',
      overdue: true,
      startedAt: '2019-08-31T10:00:00.000Z',
      endedAt: null,
    },
  ],
  nextCursor: 'R00wMzkyLkhMTS0yMDE5LTAwNDI',
  limit: 50,
};

/** The list of trajectories, a separate controller beside TrajectoriesController so each stays small. */
@ApiTags('trajectories')
@ApiBearerAuth()
@AllowedRoles(['klantmanager', 'supervisor', 'admin'])
@Controller('trajectories')
export class TrajectoryListController {
  constructor(private readonly trajectories: TrajectoryListService) {}

  @Get()
  @ApiOperation({
    summary: 'List trajectories: filter by klantmanager, phase, waiting on, overdue, municipality, status; in trajectory-id order, a page at a time',
    description:
      'From the read model, a few hundred milliseconds behind the trajectories themselves. Ids, codes, phase and dates only — no personal data. ' +
      'Within your municipalities; a klantmanager sees only their own caseload. Every listed trajectory is written to the access log.',
  })
  @ApiOkResponse({ description: 'A page of trajectories; nextCursor fetches the next', schema: { type: 'object', example: LIST_EXAMPLE } })
  @ApiProblems(
    '/trajectories?overdue=maybe',
    problem(ProblemType.validationFailed, 'Invalid fields: overdue', { errors: [{ field: 'overdue', message: 'overdue must be true or false' }] }),
    problem(ProblemType.outsideMunicipality, 'Municipality GM0473 is not among yours'),
    problem(ProblemType.outsideCaseload, 'A klantmanager lists only their own caseload'),
    problem(ProblemType.forbiddenRole, 'The role beleid may not do this; allowed: klantmanager, supervisor, admin', {
      allowedRoles: ['klantmanager', 'supervisor', 'admin'],
    }),
  )
  list(@Query() query: ListTrajectoriesQuery, @Actor() actor: AuthenticatedActor): Promise<TrajectoryList> {
    return this.trajectories.list(query, actor);
  }
}
