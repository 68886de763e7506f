import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TASK_TEAMS, type ActorRole, type PersonTask, type TaskTeam } from '@wegwijs/domain';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ProblemType } from '../problem-details/problem-types';
import { ProblemException } from '../problem-details/problem.exception';
import { CompleteTaskDto } from './dto/complete-task.dto';
import { ReassignTaskDto } from './dto/reassign-task.dto';
import { TasksService, type CompletedTask } from './tasks.service';

/** The team each role works in; supervisors look at every team's list. */
const TEAM_OF_ROLE: Partial<Record<ActorRole, TaskTeam>> = {
  klantmanager: 'klantmanagers',
  vluchtelingenwerk: 'vluchtelingenwerk',
  wijkteam: 'wijkteam',
  schulddienstverlening: 'schulddienstverlening',
  supervisor: 'supervisors',
};

/** Roles that do tasks. Policy staff and admins have none; `system` reports milestones instead. */
const TASK_ROLES = ['klantmanager', 'supervisor', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening'] as const;

const invalidId = () => ProblemException.invalidFields([{ field: 'taskId', message: 'must be a UUID' }]);

@ApiTags('tasks')
@ApiBearerAuth()
@AllowedRoles(TASK_ROLES)
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('mine')
  @ApiOperation({ summary: 'My open tasks, earliest due first, in my municipalities' })
  @ApiOkResponse({ description: 'Open tasks assigned to the caller' })
  mine(@Actor() actor: AuthenticatedActor): Promise<PersonTask[]> {
    return this.tasks.listMine(actor);
  }

  @Get('teams/:team')
  @ApiOperation({ summary: "My team's open tasks (supervisors: any team's), assigned or not, earliest due first, in my municipalities" })
  @ApiOkResponse({ description: 'Open tasks of the team' })
  team(@Param('team') team: string, @Actor() actor: AuthenticatedActor): Promise<PersonTask[]> {
    if (!(TASK_TEAMS as readonly string[]).includes(team)) {
      throw ProblemException.invalidFields([{ field: 'team', message: `must be one of ${TASK_TEAMS.join(', ')}` }]);
    }
    if (actor.role !== 'supervisor' && TEAM_OF_ROLE[actor.role] !== team) {
      throw new ProblemException(ProblemType.forbiddenRole, `The role ${actor.role} sees the ${TEAM_OF_ROLE[actor.role]} list, not ${team}`);
    }
    return this.tasks.listForTeam(team as TaskTeam, actor);
  }

  @Post(':taskId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a task; when it stands for a milestone, the trajectory moves on' })
  @ApiOkResponse({ description: 'The completed task and, if it woke the trajectory, its new state' })
  complete(
    @Param('taskId', new ParseUUIDPipe({ exceptionFactory: invalidId })) taskId: string,
    @Body() request: CompleteTaskDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<CompletedTask> {
    return this.tasks.complete(taskId, request, actor);
  }

  @Post(':taskId/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task to another team or person' })
  @ApiOkResponse({ description: 'The reassigned task' })
  reassign(
    @Param('taskId', new ParseUUIDPipe({ exceptionFactory: invalidId })) taskId: string,
    @Body() request: ReassignTaskDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<PersonTask> {
    return this.tasks.reassign(taskId, request, actor);
  }
}
