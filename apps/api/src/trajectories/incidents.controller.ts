import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { TrajectoryState } from '@wegwijs/workflows';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { AuthorizeTrajectory } from '../identity/trajectory-access.guard';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { RetryIncidentDto, SkipIncidentDto } from './dto/repair-incident.dto';
import { TrajectoriesService } from './trajectories.service';
import { STATE_EXAMPLE, TRAJECTORY_ID_EXAMPLE, TRAJECTORY_PATH_EXAMPLE } from './trajectory-examples';

const INCIDENT_ID_EXAMPLE = 'fetchTvsProfile.1.1';
const REPAIRERS = ['supervisor', 'admin'] as const;
const incidentPath = (action: string) => `${TRAJECTORY_PATH_EXAMPLE}/incidents/${INCIDENT_ID_EXAMPLE}/${action}`;
const commonProblems = [
  problem(ProblemType.incidentNotFound, `No open incident ${INCIDENT_ID_EXAMPLE}`),
  problem(ProblemType.trajectoryNotFound, `No trajectory ${TRAJECTORY_ID_EXAMPLE} in your municipalities`),
  problem(ProblemType.trajectoryEnded, `Trajectory ${TRAJECTORY_ID_EXAMPLE} has ended; it takes no more changes`, { trajectoryId: TRAJECTORY_ID_EXAMPLE }),
  problem(ProblemType.forbiddenRole, `The role klantmanager may not do this; allowed: ${REPAIRERS.join(', ')}`, { allowedRoles: REPAIRERS }),
];
const REPAIRED_EXAMPLE = { ...STATE_EXAMPLE, incidents: [{ incidentId: INCIDENT_ID_EXAMPLE, nodeId: 'fetchTvsProfile', activity: 'fetchTvsProfile', errorType: 'TvsProfileNotFound', attempts: 1, openedOn: '2019-08-31', openedAt: '2019-09-02T12:03:04.000Z', status: 'resolved' }] };

/**
 * Repairs of incidents — a step whose activity failed for good — by a supervisor. The trajectory
 * waits at the step until one of these (or a cancellation) comes; each is an `incident.resolved`
 * event with its actor and reason.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@AllowedRoles(REPAIRERS)
@Controller('trajectories/:trajectoryId/incidents/:incidentId')
export class IncidentsController {
  constructor(private readonly trajectories: TrajectoriesService) {}

  @Post('retry')
  @HttpCode(200)
  @AuthorizeTrajectory({ action: 'change', operation: 'incidents.retry' })
  @ApiParam({ name: 'incidentId', example: INCIDENT_ID_EXAMPLE, description: 'From the state\'s incidents or GET /supervision/incidents' })
  @ApiOperation({
    summary: 'Run the failed step again',
    description: 'For when the cause is gone (the outside system is back, the refused data was fixed). If it fails again, a new incident opens. Sending the same repair twice repairs once.',
  })
  @ApiOkResponse({ description: 'The state after the repair was taken', schema: { type: 'object', example: REPAIRED_EXAMPLE } })
  @ApiProblems(incidentPath('retry'), problem(ProblemType.validationFailed, 'Invalid fields: reason', { errors: [{ field: 'reason', message: 'reason should not be empty' }] }), ...commonProblems)
  retry(@Param('trajectoryId') trajectoryId: string, @Param('incidentId') incidentId: string, @Body() request: RetryIncidentDto, @Actor() actor: AuthenticatedActor): Promise<TrajectoryState> {
    return this.trajectories.repairIncident(trajectoryId, incidentId, { action: 'retry', reason: request.reason }, eventActor(actor));
  }

  @Post('skip')
  @HttpCode(200)
  @AuthorizeTrajectory({ action: 'change', operation: 'incidents.skip' })
  @ApiParam({ name: 'incidentId', example: INCIDENT_ID_EXAMPLE, description: 'From the state\'s incidents or GET /supervision/incidents' })
  @ApiOperation({
    summary: 'Go on as if the failed step gave this result',
    description: 'For when the work was done by hand instead. `result` must hold exactly the fields the step\'s output reads; the trajectory takes the flow that result leads to.',
  })
  @ApiOkResponse({ description: 'The state after the repair was taken', schema: { type: 'object', example: REPAIRED_EXAMPLE } })
  @ApiProblems(
    incidentPath('skip'),
    problem(ProblemType.validationFailed, 'Invalid fields: result.complete', { errors: [{ field: 'result.complete', message: 'is required' }] }),
    ...commonProblems,
  )
  skip(@Param('trajectoryId') trajectoryId: string, @Param('incidentId') incidentId: string, @Body() request: SkipIncidentDto, @Actor() actor: AuthenticatedActor): Promise<TrajectoryState> {
    return this.trajectories.repairIncident(trajectoryId, incidentId, { action: 'skip', reason: request.reason, result: request.result }, eventActor(actor));
  }
}
