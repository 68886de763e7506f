import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { StuckTrajectoriesQuery } from './dto/stuck-trajectories.query';
import { SupervisionService, type OpenIncidents, type StuckTrajectories } from './supervision.service';

const QUERY_EXAMPLE = 'WegwijsStuck = true AND WegwijsMunicipality IN ("GM0392") AND ExecutionStatus = "Running"';
const STUCK_EXAMPLE = {
  query: QUERY_EXAMPLE,
  webUiUrl: `http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent(QUERY_EXAMPLE)}`,
  trajectories: [
    {
      trajectoryId: 'GM0392.HLM-2019-0042',
      municipality: 'GM0392',
      definition: { key: 'haarlem-statushouders', version: 4 },
      phase: 'Brede intake',
      reason: 'waiting for intake.noaAssessmentDone past its norm (NOA assessment within 6 weeks of housing), due 2019-10-12',
      failingActivities: [],
      waitingOn: ['intake.noaAssessmentDone'],
      waitingSince: '2019-09-02T08:00:00.000Z',
      nextDeadline: '2019-10-12',
      webUiUrl: `http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent('WorkflowId = "GM0392.HLM-2019-0042"')}`,
    },
  ],
  truncated: false,
};

const INCIDENTS_EXAMPLE = {
  incidents: [
    {
      trajectoryId: 'GM0392.HLM-2019-0042',
      municipality: 'GM0392',
      incidentId: 'fetchTvsProfile.1.1',
      nodeId: 'fetchTvsProfile',
      activity: 'fetchTvsProfile',
      errorType: 'TvsProfileNotFound',
      attempts: 1,
      openedOn: '2019-08-31',
      openedAt: '2019-09-02T08:00:01.000Z',
      retryPath: '/trajectories/GM0392.HLM-2019-0042/incidents/fetchTvsProfile.1.1/retry',
      skipPath: '/trajectories/GM0392.HLM-2019-0042/incidents/fetchTvsProfile.1.1/skip',
      webUiUrl: `http://127.0.0.1:8233/namespaces/default/workflows?query=${encodeURIComponent('WorkflowId = "GM0392.HLM-2019-0042"')}`,
    },
  ],
  truncated: false,
};

/** What supervisors watch: trajectories stuck past a norm, and the way into the Temporal Web UI. */
@ApiTags('supervision')
@ApiBearerAuth()
@AllowedRoles(['supervisor', 'admin'])
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('stuck')
  @ApiOperation({
    summary: 'Stuck trajectories in your municipalities — why, waiting on what, since when — each with a link into the Temporal Web UI',
    description:
      'From Temporal visibility (search attribute WegwijsStuck = true on running trajectories), longest waiting first. ' +
      'A wait past its norm and an activity that keeps failing (failingActivities) both count; the reason names the more pressing.',
  })
  @ApiOkResponse({ description: 'The stuck trajectories and the Web UI links', schema: { type: 'object', example: STUCK_EXAMPLE } })
  @ApiProblems(
    '/supervision/stuck?municipality=GM0473',
    problem(ProblemType.validationFailed, 'Invalid fields: limit', { errors: [{ field: 'limit', message: 'limit must not be greater than 500' }] }),
    problem(ProblemType.outsideMunicipality, 'Municipality GM0473 is not among yours'),
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: supervisor, admin', { allowedRoles: ['supervisor', 'admin'] }),
  )
  stuck(@Query() query: StuckTrajectoriesQuery, @Actor() actor: AuthenticatedActor): Promise<StuckTrajectories> {
    return this.supervision.stuck(actor, query);
  }

  @Get('incidents')
  @ApiOperation({
    summary: 'Open incidents in your municipalities: steps whose activity failed for good, waiting for a repair',
    description:
      'Each names the step, the activity, the error type (never its message) and how often it was tried, with the paths to retry or skip it. ' +
      'Oldest first. A trajectory with an incident is also in /supervision/stuck, with the error type as its reason.',
  })
  @ApiOkResponse({ description: 'The open incidents', schema: { type: 'object', example: INCIDENTS_EXAMPLE } })
  @ApiProblems(
    '/supervision/incidents?municipality=GM0473',
    problem(ProblemType.validationFailed, 'Invalid fields: limit', { errors: [{ field: 'limit', message: 'limit must not be greater than 500' }] }),
    problem(ProblemType.outsideMunicipality, 'Municipality GM0473 is not among yours'),
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: supervisor, admin', { allowedRoles: ['supervisor', 'admin'] }),
  )
  incidents(@Query() query: StuckTrajectoriesQuery, @Actor() actor: AuthenticatedActor): Promise<OpenIncidents> {
    return this.supervision.incidents(actor, query);
  }
}
