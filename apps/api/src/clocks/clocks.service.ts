import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { NamespaceClients } from '@wegwijs/temporal';
import { amsterdamDateOf } from '@wegwijs/calendar';
import type { CompiledLegalClock } from '@wegwijs/definitions/runtime';
import { MILESTONE_CAPABILITIES, type EventActor } from '@wegwijs/domain';
import { clockStatusOn, getTrajectoryStateQuery, type LegalClockView, type TrajectoryState } from '@wegwijs/workflows';
import { DefinitionCatalogue } from '../definitions/definition-catalogue';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { withinCallTimeout } from '../infrastructure/temporal-call-timeout';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { TrajectoriesService } from '../trajectories/trajectories.service';
import { ClockProblemType } from './clock-problem-types';
import type { ClockChangeDto, ExtendClockDto, StopClockDto } from './dto/clock-change.dto';

export type ClockAction = 'suspend' | 'resume' | 'extend' | 'stop';
type ClockRequest = ClockChangeDto | ExtendClockDto | StopClockDto;

/** The clock states each action applies to. */
const APPLIES_TO: Readonly<Record<ClockAction, readonly LegalClockView['status'][]>> = {
  suspend: ['running'],
  resume: ['suspended'],
  extend: ['running', 'suspended'],
  // A term that expired is a fact (the fine follows); a decision after it does not undo it.
  stop: ['running', 'suspended'],
};

/**
 * The decisions that stop a clock for good: the milestones its definition stops it on that record
 * the provision they rest on (DUO's exemption ends the inburgering duty). A milestone without a
 * legal basis (the diploma: the person passed) is reported as a milestone, not as a decision here.
 */
export function stoppingDecisions(clock: CompiledLegalClock): string[] {
  return clock.stopOn.filter((milestone) => MILESTONE_CAPABILITIES[milestone]?.payload?.legalBasis !== undefined);
}

/**
 * Suspends, resumes, extends and stops a trajectory's legal clocks. A clock moves only through the
 * milestones its definition lists (`suspendOn`, `resumeOn`, `extendOn`, `stopOn`), so each action reports
 * the clock's milestone through the workflow's own milestone Update — the path a klantmanager's
 * report takes — with the legal basis in its payload, where the recorded events keep it. There is
 * no second way to move a clock.
 */
@Injectable()
export class ClocksService {
  constructor(
    private readonly temporal: NamespaceClients,
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
    private readonly definitions: DefinitionCatalogue,
    private readonly trajectories: TrajectoriesService,
  ) {}

  async change(
    trajectoryId: string,
    clockId: string,
    action: ClockAction,
    request: ClockRequest,
    actor: EventActor,
    idempotencyKey: string,
  ): Promise<TrajectoryState> {
    const state = await this.currentState(trajectoryId);
    const clock = await this.clockOf(state, clockId);
    const view = state.clocks.find((candidate) => candidate.clockId === clockId);
    // One key per trajectory, clock and action: reusing a key for another action is a new report.
    const milestoneId = `clock:${clockId}:${action}:${idempotencyKey}`;
    const repeated = state.milestonesDone.some((done) => done.milestoneId === milestoneId);
    if (!repeated) {
      if (state.status !== 'running') {
        throw new ProblemException(ProblemType.trajectoryEnded, `Trajectory ${trajectoryId} has ended; its clocks no longer move`, { trajectoryId });
      }
      // A change counts on the day it is dated: an extension dated before the deadline is possible even when today is past it.
      checkPossible(clock, view, action, request.occurredOn ?? amsterdamDateOf(new Date()));
    }
    const payload: Record<string, string> = { legalBasis: request.legalBasis };
    const milestone = milestoneFor(clock, action, payload, request);
    return this.trajectories.recordMilestone(trajectoryId, { milestone, occurredOn: request.occurredOn, payload }, actor, milestoneId);
  }

  private async currentState(trajectoryId: string): Promise<TrajectoryState> {
    try {
      return await withinCallTimeout(this.temporal.default, this.config.temporal.callTimeoutMs, () => this.temporal.trajectoryHandle(trajectoryId).query(getTrajectoryStateQuery));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new ProblemException(ProblemType.trajectoryNotFound, `No trajectory ${trajectoryId}`, { trajectoryId });
      }
      throw error;
    }
  }

  /** The clock as the trajectory's own definition version declares it. */
  private async clockOf(state: TrajectoryState, clockId: string): Promise<CompiledLegalClock> {
    const entry = await this.definitions.get(state.definition.key, state.definition.version);
    if (!entry || entry.definition.contentHash !== state.definition.contentHash) {
      throw new Error(`Definition ${state.definition.key}@${state.definition.version} of a running trajectory is not in the catalogue`);
    }
    const clock = entry.definition.legalClocks.find((candidate) => candidate.id === clockId);
    if (!clock) {
      throw new ProblemException(ClockProblemType.clockNotFound, `The trajectory has no legal clock '${clockId}'`, {
        clocks: entry.definition.legalClocks.map((candidate) => candidate.id),
      });
    }
    return clock;
  }
}

function checkPossible(clock: CompiledLegalClock, view: LegalClockView | undefined, action: ClockAction, on: string): void {
  const milestones = { suspend: clock.suspendOn, resume: clock.resumeOn, extend: clock.extendOn.map((extension) => extension.milestone), stop: stoppingDecisions(clock) }[action];
  // A trajectory starts its clocks moments after it starts; until then there is nothing to move.
  const clockStatus = view ? clockStatusOn(view, on) : 'not started';
  const refuse = (detail: string) =>
    new ProblemException(ClockProblemType.clockChangeNotPossible, detail, { clockId: clock.id, clockStatus, possible: possibleActions(clock, clockStatus) });
  if (milestones.length === 0) throw refuse(`The definition does not let clock '${clock.id}' ${action}`);
  if (!(APPLIES_TO[action] as readonly string[]).includes(clockStatus)) {
    throw refuse(`Clock '${clock.id}' is ${clockStatus} on ${on}; ${action} applies to a clock that is ${APPLIES_TO[action].join(' or ')}`);
  }
}

function possibleActions(clock: CompiledLegalClock, status: string): ClockAction[] {
  const declared: Record<ClockAction, boolean> = { suspend: clock.suspendOn.length > 0, resume: clock.resumeOn.length > 0, extend: clock.extendOn.length > 0, stop: stoppingDecisions(clock).length > 0 };
  return (['suspend', 'resume', 'extend', 'stop'] as const).filter((action) => declared[action] && (APPLIES_TO[action] as readonly string[]).includes(status));
}

/**
 * The clock's milestone for the action: the first it declares, or for a stop the decision asked for;
 * an extension also carries its duration in the field the definition names.
 */
function milestoneFor(clock: CompiledLegalClock, action: ClockAction, payload: Record<string, string>, request: ClockRequest): string {
  if (action === 'stop') return stopMilestone(clock, (request as StopClockDto).milestone);
  if (action === 'extend') {
    const [extension] = clock.extendOn;
    payload[extension.durationField] = (request as ExtendClockDto).duration;
    return extension.milestone;
  }
  return (action === 'suspend' ? clock.suspendOn : clock.resumeOn)[0];
}

/** The stopping decision asked for; when the clock has one, it need not be named. */
function stopMilestone(clock: CompiledLegalClock, asked: string | undefined): string {
  const decisions = stoppingDecisions(clock);
  if (asked === undefined && decisions.length === 1) return decisions[0];
  if (asked !== undefined && decisions.includes(asked)) return asked;
  throw ProblemException.invalidFields([{ field: 'milestone', message: `milestone must be one of ${decisions.join(', ')}` }]);
}
