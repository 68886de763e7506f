import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import { AuthorizeTrajectory, badTrajectoryIdProblem } from '../identity/trajectory-access.guard';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { PersonView } from './person.dto';
import { PeopleService } from './people.service';

const READERS = ['klantmanager', 'supervisor'] as const;

/**
 * The person a trajectory is for, read through the trajectory: the trajectory page shows name and
 * contact details to whoever may read the record (the klantmanager holding the case, supervisors)
 * without the page carrying the person's id. The trajectory's access rules decide, and the access
 * log records the read, as for every trajectory route.
 */
@ApiTags('people')
@ApiBearerAuth()
@ApiParam({ name: 'trajectoryId', example: 'GM0392.HLM-2019-0042' })
@Controller('trajectories/:trajectoryId/person')
export class TrajectoryPersonController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @AllowedRoles(READERS)
  @AuthorizeTrajectory({ action: 'read', operation: 'people.getByTrajectory' })
  @ApiOperation({ summary: 'The person record linked to a trajectory (the klantmanager holding the case, supervisors); 404 when none is linked or it was erased' })
  @ApiOkResponse({ type: PersonView })
  @ApiProblems(
    '/trajectories/GM0392.HLM-2019-0042/person',
    badTrajectoryIdProblem,
    problem(ProblemType.personNotFound, 'No person record is linked to trajectory GM0392.HLM-2019-0042', { trajectoryId: 'GM0392.HLM-2019-0042' }),
    problem(ProblemType.outsideCaseload, 'Trajectory GM0392.HLM-2019-0042 is held by another klantmanager'),
    problem(ProblemType.forbiddenRole, 'The role beleid may not do this; allowed: klantmanager, supervisor', { allowedRoles: READERS }),
  )
  view(@Param('trajectoryId') trajectoryId: string): Promise<PersonView> {
    return this.people.linkedTo(trajectoryId);
  }
}
