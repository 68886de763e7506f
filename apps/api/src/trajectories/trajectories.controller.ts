import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventActor } from '@wegwijs/domain';
import type { TrajectoryState } from '@wegwijs/workflows';
import type { Response } from 'express';
import { ACTOR_ID_HEADER, ACTOR_ROLE_HEADER, Actor } from '../identity/actor.decorator';
import { ProblemException } from '../problem-details/problem.exception';
import { CancelTrajectoryDto } from './dto/cancel-trajectory.dto';
import { CorrectFactsDto } from './dto/correct-facts.dto';
import { RecordMilestoneDto } from './dto/record-milestone.dto';
import { StartTrajectoryDto } from './dto/start-trajectory.dto';
import { TrajectoriesService, type StartedTrajectory, type TrajectoryView } from './trajectories.service';

const TRAJECTORY_ID = /^GM\d{4}\.[A-Za-z][A-Za-z0-9-]{2,39}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

@ApiTags('trajectories')
@ApiHeader({ name: ACTOR_ROLE_HEADER, required: true, description: 'Development stand-in for authentication: the role' })
@ApiHeader({ name: ACTOR_ID_HEADER, required: true, description: 'Development stand-in for authentication: pseudonymous user id' })
@Controller('trajectories')
export class TrajectoriesController {
  constructor(private readonly trajectories: TrajectoriesService) {}

  @Post()
  @ApiOperation({ summary: 'Start the trajectory of a newly housed person' })
  @ApiCreatedResponse({ description: 'The trajectory runs; Location names it' })
  async start(
    @Body() request: StartTrajectoryDto,
    @Actor() actor: EventActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StartedTrajectory> {
    const started = await this.trajectories.start(request, actor);
    response.location(`/trajectories/${started.trajectoryId}`);
    return started;
  }

  @Get(':trajectoryId')
  @ApiOperation({ summary: 'The current state of a trajectory and its recorded events, in order' })
  @ApiOkResponse({ description: 'State and events' })
  async get(@Param('trajectoryId') trajectoryId: string, @Actor() _actor: EventActor): Promise<TrajectoryView> {
    checkTrajectoryId(trajectoryId);
    return this.trajectories.view(trajectoryId);
  }

  @Post(':trajectoryId/milestones')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report a milestone; answers with the new state' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per report; a repeat is applied once' })
  @ApiOkResponse({ description: 'The milestone was applied (or had been already); the new state' })
  async recordMilestone(
    @Param('trajectoryId') trajectoryId: string,
    @Body() request: RecordMilestoneDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: EventActor,
  ): Promise<TrajectoryState> {
    checkTrajectoryId(trajectoryId);
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ProblemException.invalidFields([
        { field: 'Idempotency-Key', message: 'header required: 8 to 128 letters, digits or _.:- (a UUID will do)' },
      ]);
    }
    return this.trajectories.reportMilestone(trajectoryId, request, actor, idempotencyKey);
  }

  @Post(':trajectoryId/facts')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct facts that were recorded wrongly; dates computed from them move along' })
  @ApiOkResponse({ description: 'The new state' })
  correctFacts(@Param('trajectoryId') trajectoryId: string, @Body() request: CorrectFactsDto, @Actor() actor: EventActor): Promise<TrajectoryState> {
    checkTrajectoryId(trajectoryId);
    return this.trajectories.correctFacts(trajectoryId, request, actor);
  }

  @Post(':trajectoryId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a trajectory early, with a reason (the person moved away, or the trajectory is ended)' })
  @ApiOkResponse({ description: 'The final state' })
  cancel(@Param('trajectoryId') trajectoryId: string, @Body() request: CancelTrajectoryDto, @Actor() actor: EventActor): Promise<TrajectoryState> {
    checkTrajectoryId(trajectoryId);
    return this.trajectories.cancel(trajectoryId, request, actor);
  }
}

function checkTrajectoryId(trajectoryId: string): void {
  if (!TRAJECTORY_ID.test(trajectoryId)) {
    throw ProblemException.invalidFields([{ field: 'trajectoryId', message: 'must look like GM0392.HLM-2019-0042' }]);
  }
}
