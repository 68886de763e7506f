import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TASK_TEAMS, type EventActor, type PersonTask, type TaskTeam } from '@wegwijs/domain';
import { Actor } from '../identity/actor.decorator';
import { ProblemException } from '../problem-details/problem.exception';
import { CompleteTaskDto } from './dto/complete-task.dto';
import { ReassignTaskDto } from './dto/reassign-task.dto';
import { TasksService, type CompletedTask } from './tasks.service';

const invalidId = () => ProblemException.invalidFields([{ field: 'taskId', message: 'must be a UUID' }]);

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('mine')
  @ApiOperation({ summary: 'My open tasks, earliest due first' })
  @ApiOkResponse({ description: 'Open tasks assigned to the caller' })
  mine(@Actor() actor: EventActor): Promise<PersonTask[]> {
    return this.tasks.listMine(actor);
  }

  @Get('teams/:team')
  @ApiOperation({ summary: "A team's open tasks, assigned or not, earliest due first" })
  @ApiOkResponse({ description: 'Open tasks of the team' })
  team(@Param('team') team: string, @Actor() _actor: EventActor): Promise<PersonTask[]> {
    if (!(TASK_TEAMS as readonly string[]).includes(team)) {
      throw ProblemException.invalidFields([{ field: 'team', message: `must be one of ${TASK_TEAMS.join(', ')}` }]);
    }
    return this.tasks.listForTeam(team as TaskTeam);
  }

  @Post(':taskId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a task; when it stands for a milestone, the trajectory moves on' })
  @ApiOkResponse({ description: 'The completed task and, if it woke the trajectory, its new state' })
  complete(
    @Param('taskId', new ParseUUIDPipe({ exceptionFactory: invalidId })) taskId: string,
    @Body() request: CompleteTaskDto,
    @Actor() actor: EventActor,
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
    @Actor() actor: EventActor,
  ): Promise<PersonTask> {
    return this.tasks.reassign(taskId, request, actor);
  }
}
