import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TASK_TEAMS, type PersonTask } from '@wegwijs/domain';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles, DECLARED_ROLES } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { ProblemException } from '../problem-details/problem.exception';
import { STATE_EXAMPLE } from '../trajectories/trajectory-examples';
import { CompleteTaskDto } from './dto/complete-task.dto';
import { ReassignTaskDto } from './dto/reassign-task.dto';
import { TasksService, type CompletedTask } from './tasks.service';

/** Built-in roles that do tasks. Policy staff and admins have none; `system` reports milestones instead. */
const TASK_ROLES = ['klantmanager', 'supervisor', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening'] as const;
/** …and people in a role a published definition declares (e.g. jobcoach): they see and complete their team's tasks. */
const TASK_AND_DECLARED_ROLES = [...TASK_ROLES, DECLARED_ROLES] as const;
const unknownTeam = (known: readonly string[]) => ({ field: 'team', message: `must be one of ${known.join(', ')}` });

const invalidId = () => ProblemException.invalidFields([{ field: 'taskId', message: 'must be a UUID' }]);

const TASK_ID_EXAMPLE = '0b7f3c52-6a0e-4a51-9d3e-2f1c8e4b7a10';
const TASK_EXAMPLE = {
  taskId: TASK_ID_EXAMPLE,
  idempotencyKey: 'GM0392.HLM-2019-0042#fetchTvsProfile#1#call-coa',
  trajectoryId: 'GM0392.HLM-2019-0042',
  kind: 'coa.callAboutTvsProfile',
  title: 'Bel COA over het onvolledige TVS-profiel',
  assignee: { team: 'klantmanagers', userId: 'km-0007' },
  dueOn: '2019-09-06',
  completionMilestone: 'coa.warmHandoverDone',
  instanceNumber: null,
  status: 'open',
  createdAt: '2019-08-31T10:00:02.000Z',
  completedAt: null,
  completedBy: null,
  outcome: null,
};
const COMPLETED_EXAMPLE = {
  task: { ...TASK_EXAMPLE, status: 'completed', completedAt: '2019-09-02T14:03:00.000Z', completedBy: 'km-0007' },
  trajectory: STATE_EXAMPLE,
};
const taskPath = (action: string) => `/tasks/${TASK_ID_EXAMPLE}/${action}`;
const badTaskId = problem(ProblemType.validationFailed, 'Invalid fields: taskId', { errors: [{ field: 'taskId', message: 'must be a UUID' }] });
const taskNotFound = problem(ProblemType.taskNotFound, `No task ${TASK_ID_EXAMPLE}`, { taskId: TASK_ID_EXAMPLE });
const taskCompleted = problem(ProblemType.taskAlreadyCompleted, `Task ${TASK_ID_EXAMPLE} was completed already, with another outcome`, { taskId: TASK_ID_EXAMPLE });
const notYourCase = problem(ProblemType.outsideCaseload, 'Trajectory GM0392.HLM-2019-0042 is held by another klantmanager');
const noTaskRole = problem(ProblemType.forbiddenRole, `The role beleid may not do this; allowed: ${TASK_AND_DECLARED_ROLES.join(', ')}`, { allowedRoles: TASK_AND_DECLARED_ROLES });

@ApiTags('tasks')
@ApiBearerAuth()
@AllowedRoles(TASK_AND_DECLARED_ROLES)
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('mine')
  @ApiOperation({ summary: 'My open tasks, earliest due first, in my municipalities' })
  @ApiOkResponse({ description: 'Open tasks assigned to the caller', schema: { type: 'array', example: [TASK_EXAMPLE] } })
  @ApiProblems('/tasks/mine', noTaskRole)
  mine(@Actor() actor: AuthenticatedActor): Promise<PersonTask[]> {
    return this.tasks.listMine(actor);
  }

  @Get('teams/:team')
  @ApiOperation({
    summary: "My team's open tasks (supervisors: any team's), assigned or not, earliest due first, in my municipalities",
    description: "Teams are the built-in ones (klantmanagers, vluchtelingenwerk, wijkteam, schulddienstverlening, supervisors) and those of the roles published definitions declare (GET /capabilities lists each role's team).",
  })
  @ApiOkResponse({ description: 'Open tasks of the team', schema: { type: 'array', example: [TASK_EXAMPLE] } })
  @ApiProblems(
    '/tasks/teams/supervisors',
    problem(ProblemType.validationFailed, 'Invalid fields: team', { errors: [unknownTeam([...TASK_TEAMS, 'jobcoaches'])] }),
    problem(ProblemType.forbiddenRole, 'The role klantmanager sees the klantmanagers list, not supervisors'),
  )
  async team(@Param('team') team: string, @Actor() actor: AuthenticatedActor): Promise<PersonTask[]> {
    if (!(await this.tasks.isTeam(team))) throw ProblemException.invalidFields([unknownTeam(await this.tasks.teams())]);
    if (actor.role !== 'supervisor') {
      const own = await this.tasks.teamOf(actor);
      if (own !== team) throw new ProblemException(ProblemType.forbiddenRole, `The role ${actor.role} sees the ${own} list, not ${team}`);
    }
    return this.tasks.listForTeam(team, actor);
  }

  @Post(':taskId/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a task; when it stands for a milestone, the trajectory moves on',
    description: "People in a declared role complete only their team's tasks. A repeated task's report names its instance by itself (payload.instanceNumber).",
  })
  @ApiOkResponse({ description: 'The completed task and, if it woke the trajectory, its new state', schema: { type: 'object', example: COMPLETED_EXAMPLE } })
  @ApiProblems(
    taskPath('complete'),
    badTaskId,
    taskNotFound,
    taskCompleted,
    problem(ProblemType.milestoneNotExpected, "Milestone 'coa.warmHandoverDone' is not expected now; expected: none", { expected: [] }),
    notYourCase,
    noTaskRole,
  )
  complete(
    @Param('taskId', new ParseUUIDPipe({ exceptionFactory: invalidId })) taskId: string,
    @Body() request: CompleteTaskDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<CompletedTask> {
    return this.tasks.complete(taskId, request, actor);
  }

  @Post(':taskId/reassign')
  @AllowedRoles(TASK_ROLES)
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task to another team or person' })
  @ApiOkResponse({ description: 'The reassigned task', schema: { type: 'object', example: { ...TASK_EXAMPLE, assignee: { team: 'supervisors', userId: 'sv-0001' } } } })
  @ApiProblems(
    taskPath('reassign'),
    problem(ProblemType.validationFailed, 'Invalid fields: team', { errors: [{ field: 'team', message: `team must be one of ${[...TASK_TEAMS, 'jobcoaches'].join(', ')}` }] }),
    taskNotFound,
    problem(ProblemType.taskAlreadyCompleted, `Task ${TASK_ID_EXAMPLE} is completed; it cannot be reassigned`, { taskId: TASK_ID_EXAMPLE }),
    notYourCase,
    noTaskRole,
  )
  reassign(
    @Param('taskId', new ParseUUIDPipe({ exceptionFactory: invalidId })) taskId: string,
    @Body() request: ReassignTaskDto,
    @Actor() actor: AuthenticatedActor,
  ): Promise<PersonTask> {
    return this.tasks.reassign(taskId, request, actor);
  }
}
