import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { TrajectoryState } from '@wegwijs/workflows';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import { eventActor, type AuthenticatedActor } from '../identity/authenticated-actor';
import { AuthorizeTrajectory } from '../identity/trajectory-access.guard';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { checkIdempotencyKey } from '../trajectories/idempotency-key';
import { STATE_EXAMPLE as TRAJECTORY_STATE_EXAMPLE } from '../trajectories/trajectory-examples';
import { ClockProblemType } from './clock-problem-types';
import { ClocksService, type ClockAction } from './clocks.service';
import { ClockChangeDto, ExtendClockDto, StopClockDto } from './dto/clock-change.dto';

const CLOCK_ID = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const PATH = '/trajectories/GM0392.HLM-2019-0042/clocks/inburgeringstermijn';

const EXTENSION_ID_EXAMPLE = 'clock:inburgeringstermijn:extend:5f0c2a9e-extension';

/**
 * The state after an extension DUO granted on 1 July 2022, recorded on 20 July, after the original
 * deadline of 15 July had passed: the clock runs again to 15 January 2023, the expiry that went out
 * is superseded, and every warning had gone out before the extension's date (none is sent twice).
 */
const STATE_EXAMPLE = {
  ...TRAJECTORY_STATE_EXAMPLE,
  clocks: [
    {
      clockId: 'inburgeringstermijn',
      name: 'Inburgeringstermijn (3 jaar)',
      status: 'running',
      startDate: '2019-07-15',
      deadline: '2023-01-15',
      nextWarning: null,
      warningsFired: [
        { before: 'P12M', on: '2021-07-15', late: false },
        { before: 'P6M', on: '2022-01-15', late: false },
        { before: 'P3M', on: '2022-04-15', late: false },
        { before: 'P1M', on: '2022-06-15', late: false },
      ],
      changes: [
        { on: '2019-07-15', kind: 'started', deadline: '2022-07-15' },
        { on: '2022-07-01', kind: 'extended', deadline: '2023-01-15', from: '2022-07-15', milestoneId: EXTENSION_ID_EXAMPLE, milestone: 'inburgering.extensionGranted', legalBasis: 'Wi2021 art. 7 lid 2, besluit DUO' },
      ],
    },
  ],
  schedule: [
    { id: 'clock:inburgeringstermijn#warning#P1M', kind: 'warning', label: 'Inburgeringstermijn (3 jaar): P1M voor de termijn', date: '2022-06-15', status: 'fired', armed: true, clockId: 'inburgeringstermijn', firedAt: '2022-06-14T22:00:00.000Z' },
    {
      id: 'clock:inburgeringstermijn#deadline~1',
      kind: 'deadline',
      label: 'Inburgeringstermijn (3 jaar): termijn verstreken',
      date: '2022-07-16',
      status: 'superseded',
      armed: true,
      clockId: 'inburgeringstermijn',
      firedAt: '2022-07-15T22:00:00.000Z',
      supersededBy: `milestone:${EXTENSION_ID_EXAMPLE}`,
    },
    { id: 'clock:inburgeringstermijn#deadline', kind: 'deadline', label: 'Inburgeringstermijn (3 jaar): termijn verstreken', date: '2023-01-16', status: 'due', armed: true, clockId: 'inburgeringstermijn' },
  ],
  milestonesDone: [
    {
      milestone: 'inburgering.extensionGranted',
      milestoneId: EXTENSION_ID_EXAMPLE,
      nodeId: 'legal-clock',
      occurredOn: '2022-07-01',
      effectiveOn: '2022-07-01',
      recordedAt: '2022-07-20T10:12:00.000Z',
      actor: { role: 'klantmanager', id: 'km-0007' },
    },
  ],
};

const EXEMPTION_ID_EXAMPLE = 'clock:inburgeringstermijn:stop:7d1e4b2c-exemption';

/** The state once DUO's exemption of 3 March 2021 stopped the term: no warning or expiry is due any more. */
const STOPPED_EXAMPLE = {
  ...TRAJECTORY_STATE_EXAMPLE,
  clocks: [
    {
      clockId: 'inburgeringstermijn',
      name: 'Inburgeringstermijn (3 jaar)',
      status: 'stopped',
      startDate: '2019-07-15',
      deadline: '2022-07-15',
      nextWarning: null,
      warningsFired: [],
      changes: [
        { on: '2019-07-15', kind: 'started', deadline: '2022-07-15' },
        { on: '2021-03-03', kind: 'stopped', deadline: '2022-07-15', milestoneId: EXEMPTION_ID_EXAMPLE, milestone: 'inburgering.exemptionGranted', legalBasis: 'Wi2021 art. 6, ontheffing DUO' },
      ],
    },
  ],
};

const notPossible = problem(ClockProblemType.clockChangeNotPossible, "Clock 'inburgeringstermijn' is running on 2021-03-02; resume applies to a clock that is suspended", {
  clockId: 'inburgeringstermijn',
  clockStatus: 'running',
  possible: ['suspend', 'extend'],
});

const FIELD_MESSAGES: Readonly<Record<string, string>> = {
  duration: 'duration must be an ISO 8601 duration of years, months, weeks or days greater than zero, such as P6M',
  milestone: 'milestone must be one of inburgering.exemptionGranted',
};

function clockProblems(action: ClockAction, invalidField: string) {
  return ApiProblems(
    `${PATH}/${action}`,
    problem(ProblemType.validationFailed, `Invalid fields: ${invalidField}`, {
      errors: [{ field: invalidField, message: FIELD_MESSAGES[invalidField] ?? 'legalBasis must be 3 to 200 characters' }],
    }),
    problem(ProblemType.trajectoryNotFound, 'No trajectory GM0392.HLM-2019-0042', { trajectoryId: 'GM0392.HLM-2019-0042' }),
    problem(ClockProblemType.clockNotFound, "The trajectory has no legal clock 'inburgering'", { clocks: ['inburgeringstermijn'] }),
    notPossible,
    problem(ProblemType.trajectoryEnded, 'Trajectory GM0392.HLM-2019-0042 has ended; its clocks no longer move', { trajectoryId: 'GM0392.HLM-2019-0042' }),
    problem(ProblemType.outsideCaseload, 'Trajectory GM0392.HLM-2019-0042 is held by another klantmanager'),
    problem(ProblemType.forbiddenRole, 'The role beleid may not do this; allowed: klantmanager, supervisor', { allowedRoles: ['klantmanager', 'supervisor'] }),
  );
}

/**
 * A trajectory's legal clocks (the inburgering term): suspend, resume, extend and stop, each on a stated
 * legal basis that the trajectory's history keeps. The klantmanager holding the case records what
 * DUO decided; supervisors may too.
 */
@ApiTags('legal clocks')
@ApiBearerAuth()
@ApiParam({ name: 'trajectoryId', example: 'GM0392.HLM-2019-0042' })
@ApiParam({ name: 'clockId', example: 'inburgeringstermijn', description: "The clock's id in the trajectory's definition" })
@ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per change; a repeat is applied once and answers as the first did' })
@AllowedRoles(['klantmanager', 'supervisor'])
@Controller('trajectories/:trajectoryId/clocks/:clockId')
export class ClocksController {
  constructor(private readonly clocks: ClocksService) {}

  @Post('suspend')
  @AuthorizeTrajectory({ action: 'change', operation: 'clocks.suspend' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the clock from a day on; when it resumes, its deadline moves by the days it stood still' })
  @ApiOkResponse({ description: 'The new state; the clock is suspended', schema: { type: 'object', example: STATE_EXAMPLE } })
  @clockProblems('suspend', 'legalBasis')
  suspend(
    @Param('trajectoryId') trajectoryId: string,
    @Param('clockId') clockId: string,
    @Body() request: ClockChangeDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.change(trajectoryId, clockId, 'suspend', request, idempotencyKey, actor);
  }

  @Post('resume')
  @AuthorizeTrajectory({ action: 'change', operation: 'clocks.resume' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Let a suspended clock run again; the deadline moves by the days it stood still' })
  @ApiOkResponse({ description: 'The new state; the clock runs, with its moved deadline', schema: { type: 'object', example: STATE_EXAMPLE } })
  @clockProblems('resume', 'legalBasis')
  resume(
    @Param('trajectoryId') trajectoryId: string,
    @Param('clockId') clockId: string,
    @Body() request: ClockChangeDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.change(trajectoryId, clockId, 'resume', request, idempotencyKey, actor);
  }

  @Post('extend')
  @AuthorizeTrajectory({ action: 'change', operation: 'clocks.extend' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the deadline later by a duration (an extension DUO granted); warnings move with it' })
  @ApiOkResponse({ description: 'The new state, with the later deadline', schema: { type: 'object', example: STATE_EXAMPLE } })
  @clockProblems('extend', 'duration')
  extend(
    @Param('trajectoryId') trajectoryId: string,
    @Param('clockId') clockId: string,
    @Body() request: ExtendClockDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.change(trajectoryId, clockId, 'extend', request, idempotencyKey, actor);
  }

  @Post('stop')
  @AuthorizeTrajectory({ action: 'change', operation: 'clocks.stop' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stop the clock for good on a decision that ends the duty it measures (DUO exempts the person from the inburgering duty); its warnings and expiry are withdrawn',
  })
  @ApiOkResponse({ description: 'The new state; the clock is stopped', schema: { type: 'object', example: STOPPED_EXAMPLE } })
  @clockProblems('stop', 'milestone')
  stop(
    @Param('trajectoryId') trajectoryId: string,
    @Param('clockId') clockId: string,
    @Body() request: StopClockDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Actor() actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    return this.change(trajectoryId, clockId, 'stop', request, idempotencyKey, actor);
  }

  private async change(
    trajectoryId: string,
    clockId: string,
    action: ClockAction,
    request: ClockChangeDto,
    idempotencyKey: string | undefined,
    actor: AuthenticatedActor,
  ): Promise<TrajectoryState> {
    if (!CLOCK_ID.test(clockId)) throw ProblemException.invalidFields([{ field: 'clockId', message: 'must be a clock id such as inburgeringstermijn' }]);
    const key = checkIdempotencyKey(idempotencyKey);
    return this.clocks.change(trajectoryId, clockId, action, request, eventActor(actor), key);
  }
}
