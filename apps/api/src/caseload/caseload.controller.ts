import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessLog, EventStore, type RecordedAccess } from '@wegwijs/persistence';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { AuthorizeTrajectory, badTrajectoryIdProblem } from '../identity/trajectory-access.guard';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { TRAJECTORY_ID_EXAMPLE, TRAJECTORY_PATH_EXAMPLE } from '../trajectories/trajectory-examples';
import { ReassignCaseDto } from './reassign-case.dto';

export interface CaseHolder {
  readonly trajectoryId: string;
  readonly klantmanagerId: string;
}

const ACCESS_EXAMPLE = {
  actor: { role: 'klantmanager', id: 'km-0007' },
  action: 'read',
  operation: 'trajectories.get',
  trajectoryId: TRAJECTORY_ID_EXAMPLE,
  municipality: 'GM0392',
  legalGround: 'AVG art. 6 lid 1 sub e; Wet inburgering 2021 (regie gemeente)',
  outcome: 'granted',
  recordedAt: '2019-09-12T09:14:03.000Z',
};
const notFound = problem(ProblemType.trajectoryNotFound, `No trajectory ${TRAJECTORY_ID_EXAMPLE} in your municipalities`);

/**
 * Who holds a case, and who has looked at it. A klantmanager works only their own caseload, so
 * a supervisor must be able to move a case (leave, a new team); the move is an event, and from
 * it on the new klantmanager holds the case. The access log of one trajectory answers a
 * person's question "who has seen my data?" (AVG art. 15) for the privacy officer.
 */
@ApiTags('caseload')
@ApiBearerAuth()
@Controller('trajectories/:trajectoryId')
export class CaseloadController {
  constructor(
    private readonly eventStore: EventStore,
    private readonly accessLog: AccessLog,
  ) {}

  @Post('client-manager')
  @HttpCode(200)
  @AllowedRoles(['supervisor'])
  @AuthorizeTrajectory({ action: 'change', operation: 'caseload.reassign' })
  @ApiOperation({ summary: 'Give the case to another klantmanager (supervisor)' })
  @ApiOkResponse({ description: 'The new holder of the case', schema: { type: 'object', example: { trajectoryId: TRAJECTORY_ID_EXAMPLE, klantmanagerId: 'km-0011' } } })
  @ApiProblems(
    `${TRAJECTORY_PATH_EXAMPLE}/client-manager`,
    problem(ProblemType.validationFailed, 'Invalid fields: klantmanagerId', {
      errors: [{ field: 'klantmanagerId', message: 'klantmanagerId must be a pseudonymous id (letters, digits, _.@:-)' }],
    }),
    notFound,
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: supervisor', { allowedRoles: ['supervisor'] }),
  )
  async reassign(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: ReassignCaseDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<CaseHolder> {
    const [latest] = (await this.eventStore.readStream(trajectoryId)).slice(-1);
    await this.eventStore.append(
      trajectoryId,
      [
        {
          type: 'trajectory.reassigned',
          schemaVersion: 2,
          payload: { klantmanagerId: request.klantmanagerId, reason: request.reason },
          actor: eventActor(actor),
          businessTime: new Date(),
          // One reassignment per state of the stream: a retried request is not a second move.
          idempotencyKey: `${trajectoryId}#reassigned#${latest?.sequence ?? 0}#${request.klantmanagerId}`,
        },
      ],
    );
    return { trajectoryId, klantmanagerId: request.klantmanagerId };
  }

  @Get('access-log')
  @AllowedRoles(['admin'])
  @AuthorizeTrajectory({ action: 'read', operation: 'caseload.accessLog' })
  @ApiOperation({ summary: 'Who read or changed this trajectory, when, on what ground (admin: the privacy officer)' })
  @ApiOkResponse({ description: 'Accesses, oldest first', schema: { type: 'array', example: [ACCESS_EXAMPLE] } })
  @ApiProblems(
    `${TRAJECTORY_PATH_EXAMPLE}/access-log`,
    badTrajectoryIdProblem,
    notFound,
    problem(ProblemType.forbiddenRole, 'The role supervisor may not do this; allowed: admin', { allowedRoles: ['admin'] }),
  )
  async accesses(@Param('trajectoryId') trajectoryId: string): Promise<RecordedAccess[]> {
    return this.accessLog.forTrajectory(trajectoryId);
  }
}
