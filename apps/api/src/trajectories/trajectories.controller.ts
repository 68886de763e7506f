import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { caseReferenceProblem, MUNICIPALITY_CODE_PATTERN, trajectoryIdFor } from '@wegwijs/domain';
import type { TrajectoryState } from '@wegwijs/workflows';
import type { Response } from 'express';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles, DECLARED_ROLES } from '../identity/allowed-roles.decorator';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { TrajectoryAccess } from '../identity/trajectory-access';
import { AuthorizeTrajectory, badTrajectoryIdProblem } from '../identity/trajectory-access.guard';
import { PeopleService } from '../people/people.service';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { CancelTrajectoryDto } from './dto/cancel-trajectory.dto';
import { CorrectFactsDto } from './dto/correct-facts.dto';
import { RecordMilestoneDto } from './dto/record-milestone.dto';
import { StartTrajectoryDto } from './dto/start-trajectory.dto';
import { TrajectoriesService, type StartedTrajectory, type TrajectoryView } from './trajectories.service';
import { STARTED_EXAMPLE, STATE_EXAMPLE, TRAJECTORY_ID_EXAMPLE, TRAJECTORY_PATH_EXAMPLE, VIEW_EXAMPLE } from './trajectory-examples';
import { checkIdempotencyKey } from './idempotency-key';

const notFound = problem(ProblemType.trajectoryNotFound, `No trajectory ${TRAJECTORY_ID_EXAMPLE} in your municipalities`);
const notYourCase = problem(ProblemType.outsideCaseload, `Trajectory ${TRAJECTORY_ID_EXAMPLE} is held by another klantmanager`);
const ended = problem(ProblemType.trajectoryEnded, `Trajectory ${TRAJECTORY_ID_EXAMPLE} has ended; it takes no more changes`, { trajectoryId: TRAJECTORY_ID_EXAMPLE });
const forbiddenRole = (role: string, allowed: readonly string[]) =>
  problem(ProblemType.forbiddenRole, `The role ${role} may not do this; allowed: ${allowed.join(', ')}`, { allowedRoles: allowed });
const CASE_WORKERS = ['klantmanager', 'supervisor'] as const;

/**
 * Those who report milestones — the built-in roles and people in a role a published definition
 * declares (a jobcoach reports check-ins): the workflow checks per milestone which of them may report it.
 */
const MILESTONE_REPORTERS = ['klantmanager', 'supervisor', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening', 'system', DECLARED_ROLES] as const;

@ApiTags('trajectories')
@ApiBearerAuth()
@Controller('trajectories')
export class TrajectoriesController {
  constructor(
    private readonly trajectories: TrajectoriesService,
    private readonly access: TrajectoryAccess,
    private readonly people: PeopleService,
  ) {}

  @Post()
  @AllowedRoles(['klantmanager', 'system'])
  @ApiOperation({ summary: 'Start the trajectory of a newly housed person (klantmanager, or system for an integration such as COA\'s handover)' })
  @ApiCreatedResponse({ description: 'The trajectory runs; Location names it', schema: { type: 'object', example: STARTED_EXAMPLE } })
  @ApiProblems(
    '/trajectories',
    problem(ProblemType.validationFailed, 'Invalid fields: facts.housingDate', {
      errors: [{ field: 'facts.housingDate', message: 'must be a date YYYY-MM-DD' }],
    }),
    problem(ProblemType.unknownDefinition, "No published definition 'haarlem'", { known: ['haarlem-statushouders', 'walking-skeleton'] }),
    problem(ProblemType.trajectoryAlreadyExists, `Trajectory ${TRAJECTORY_ID_EXAMPLE} exists already; it is never started twice`, { trajectoryId: TRAJECTORY_ID_EXAMPLE }),
    problem(ProblemType.personAlreadyLinked, 'Person 5b0e3c1a-6f1e-4c57-9d7e-2b8f0f6a9c11 or trajectory GM0392.HLM-2019-0042 is linked already', {
      personId: '5b0e3c1a-6f1e-4c57-9d7e-2b8f0f6a9c11',
      trajectoryId: TRAJECTORY_ID_EXAMPLE,
    }),
    problem(ProblemType.outsideMunicipality, 'Municipality GM0473 is not among yours'),
    forbiddenRole('supervisor', ['klantmanager', 'system']),
  )
  async start(
    @Body() request: StartTrajectoryDto,
    @Actor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StartedTrajectory> {
    // Only a well-formed reference names a trajectory; a malformed one is refused next, with a 422.
    const trajectoryId =
      caseReferenceProblem(request.caseReference) === undefined && MUNICIPALITY_CODE_PATTERN.test(request.municipality)
        ? trajectoryIdFor(request.municipality, request.caseReference)
        : undefined;
    await this.access.authorizeMunicipality(actor, request.municipality, {
      action: 'change',
      operation: 'trajectories.start',
      ...(trajectoryId ? { trajectoryId } : {}),
      ...(request.personId ? { personId: request.personId } : {}),
    });
    const started = await this.people.linkedDuring(request.personId, request.municipality, trajectoryId, () => this.trajectories.start(request, eventActor(actor)));
    response.location(`/trajectories/${started.trajectoryId}`);
    return started;
  }

  @Get(':trajectoryId')
  @AllowedRoles(['klantmanager', 'supervisor', 'admin'])
  @AuthorizeTrajectory({ action: 'read', operation: 'trajectories.get' })
  @ApiOperation({ summary: 'The current state of a trajectory and its recorded events, in order' })
  @ApiOkResponse({ description: 'State and events', schema: { type: 'object', example: VIEW_EXAMPLE } })
  @ApiProblems(TRAJECTORY_PATH_EXAMPLE, badTrajectoryIdProblem, notFound, notYourCase, forbiddenRole('beleid', ['klantmanager', 'supervisor', 'admin']))
  async get(@Param('trajectoryId') trajectoryId: string): Promise<TrajectoryView> {
    return this.trajectories.view(trajectoryId);
  }

  @Post(':trajectoryId/milestones')
  @HttpCode(200)
  @AllowedRoles(MILESTONE_REPORTERS)
  @AuthorizeTrajectory({ action: 'change', operation: 'trajectories.recordMilestone' })
  @ApiOperation({ summary: 'Report a milestone; answers with the new state' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per report; a repeat is applied once' })
  @ApiOkResponse({ description: 'The milestone was applied (or had been already); the new state', schema: { type: 'object', example: STATE_EXAMPLE } })
  @ApiProblems(
    `${TRAJECTORY_PATH_EXAMPLE}/milestones`,
    problem(ProblemType.validationFailed, 'Invalid fields: Idempotency-Key', {
      errors: [{ field: 'Idempotency-Key', message: 'header required: 8 to 128 letters, digits or _.:- (a UUID will do)' }],
    }),
    notFound,
    problem(ProblemType.milestoneNotExpected, "Milestone 'intake.planAgreed' is not expected now; expected: intake.noaAssessmentDone", {
      expected: ['intake.noaAssessmentDone'],
    }),
    ended,
    problem(ProblemType.milestoneRoleNotAllowed, "Role 'wijkteam' may not report 'intake.noaAssessmentDone'; allowed: klantmanager"),
    notYourCase,
    forbiddenRole('beleid', MILESTONE_REPORTERS),
  )
  async recordMilestone(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: RecordMilestoneDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.trajectories.reportMilestone(trajectoryId, request, eventActor(actor), checkIdempotencyKey(idempotencyKey));
  }

  @Post(':trajectoryId/facts')
  @HttpCode(200)
  @AllowedRoles(CASE_WORKERS)
  @AuthorizeTrajectory({ action: 'change', operation: 'trajectories.correctFacts' })
  @ApiOperation({ summary: 'Correct facts that were recorded wrongly; dates computed from them move along' })
  @ApiOkResponse({ description: 'The new state', schema: { type: 'object', example: STATE_EXAMPLE } })
  @ApiProblems(
    `${TRAJECTORY_PATH_EXAMPLE}/facts`,
    problem(ProblemType.validationFailed, 'Invalid fields: facts.housingDate', {
      errors: [{ field: 'facts.housingDate', message: "Fact 'housingDate' must be a date YYYY-MM-DD" }],
    }),
    notFound,
    ended,
    notYourCase,
    forbiddenRole('beleid', CASE_WORKERS),
  )
  async correctFacts(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: CorrectFactsDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.trajectories.correctFacts(trajectoryId, request, eventActor(actor));
  }

  @Post(':trajectoryId/cancel')
  @HttpCode(200)
  @AllowedRoles(CASE_WORKERS)
  @AuthorizeTrajectory({ action: 'change', operation: 'trajectories.cancel' })
  @ApiOperation({ summary: 'End a trajectory early, with a reason (the person moved away, or the trajectory is ended)' })
  @ApiOkResponse({ description: 'The final state', schema: { type: 'object', example: { ...STATE_EXAMPLE, status: 'cancelled', endedAt: '2020-02-03T10:00:00.000Z', activeNodes: [], waitingOn: [], phase: null, cancellation: { reason: 'verhuisd naar andere gemeente', actor: { role: 'klantmanager', id: 'km-0007' } } } } })
  @ApiProblems(
    `${TRAJECTORY_PATH_EXAMPLE}/cancel`,
    problem(ProblemType.validationFailed, 'Invalid fields: reason', { errors: [{ field: 'reason', message: 'reason should not be empty' }] }),
    notFound,
    ended,
    notYourCase,
    forbiddenRole('beleid', CASE_WORKERS),
  )
  async cancel(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: CancelTrajectoryDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.trajectories.cancel(trajectoryId, request, eventActor(actor));
  }
}
