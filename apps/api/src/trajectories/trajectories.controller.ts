import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { caseReferenceProblem, MUNICIPALITY_CODE_PATTERN, trajectoryIdFor } from '@wegwijs/domain';
import type { TrajectoryState } from '@wegwijs/workflows';
import type { Response } from 'express';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { TrajectoryAccess } from '../identity/trajectory-access';
import { PeopleService } from '../people/people.service';
import { ProblemException } from '../problem-details/problem.exception';
import { checkTrajectoryId } from './trajectory-id';
import { CancelTrajectoryDto } from './dto/cancel-trajectory.dto';
import { CorrectFactsDto } from './dto/correct-facts.dto';
import { RecordMilestoneDto } from './dto/record-milestone.dto';
import { StartTrajectoryDto } from './dto/start-trajectory.dto';
import { TrajectoriesService, type StartedTrajectory, type TrajectoryView } from './trajectories.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Those who report milestones: the workflow checks per milestone which of them may report it. */
const MILESTONE_REPORTERS = ['klantmanager', 'supervisor', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening', 'system'] as const;

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
  @ApiCreatedResponse({ description: 'The trajectory runs; Location names it' })
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
  @ApiOperation({ summary: 'The current state of a trajectory and its recorded events, in order' })
  @ApiOkResponse({ description: 'State and events' })
  async get(@Param('trajectoryId') trajectoryId: string, @Actor() actor: AuthenticatedActor): Promise<TrajectoryView> {
    checkTrajectoryId(trajectoryId);
    await this.access.authorize(actor, trajectoryId, { action: 'read', operation: 'trajectories.get' });
    return this.trajectories.view(trajectoryId);
  }

  @Post(':trajectoryId/milestones')
  @HttpCode(200)
  @AllowedRoles(MILESTONE_REPORTERS)
  @ApiOperation({ summary: 'Report a milestone; answers with the new state' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per report; a repeat is applied once' })
  @ApiOkResponse({ description: 'The milestone was applied (or had been already); the new state' })
  async recordMilestone(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: RecordMilestoneDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    checkTrajectoryId(trajectoryId);
    await this.access.authorize(actor, trajectoryId, { action: 'change', operation: 'trajectories.recordMilestone' });
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ProblemException.invalidFields([
        { field: 'Idempotency-Key', message: 'header required: 8 to 128 letters, digits or _.:- (a UUID will do)' },
      ]);
    }
    return this.trajectories.reportMilestone(trajectoryId, request, eventActor(actor), idempotencyKey);
  }

  @Post(':trajectoryId/facts')
  @HttpCode(200)
  @AllowedRoles(['klantmanager', 'supervisor'])
  @ApiOperation({ summary: 'Correct facts that were recorded wrongly; dates computed from them move along' })
  @ApiOkResponse({ description: 'The new state' })
  async correctFacts(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: CorrectFactsDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    checkTrajectoryId(trajectoryId);
    await this.access.authorize(actor, trajectoryId, { action: 'change', operation: 'trajectories.correctFacts' });
    return this.trajectories.correctFacts(trajectoryId, request, eventActor(actor));
  }

  @Post(':trajectoryId/cancel')
  @HttpCode(200)
  @AllowedRoles(['klantmanager', 'supervisor'])
  @ApiOperation({ summary: 'End a trajectory early, with a reason (the person moved away, or the trajectory is ended)' })
  @ApiOkResponse({ description: 'The final state' })
  async cancel(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: CancelTrajectoryDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    checkTrajectoryId(trajectoryId);
    await this.access.authorize(actor, trajectoryId, { action: 'change', operation: 'trajectories.cancel' });
    return this.trajectories.cancel(trajectoryId, request, eventActor(actor));
  }
}
