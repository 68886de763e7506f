import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { factValueProblem, type CompiledDefinition, type Facts } from '@wegwijs/definitions/runtime';
import { caseReferenceProblem, trajectoryIdFor, type EventActor, type RecordedTrajectoryEvent } from '@wegwijs/domain';
import { EventStore, TaskStore } from '@wegwijs/persistence';
import { WegwijsSearchAttributes } from '@wegwijs/temporal';
import {
  cancelTrajectoryUpdate,
  correctFactsUpdate,
  FactCorrectionRejection,
  getTrajectoryStateQuery,
  MilestoneRejection,
  recordMilestoneUpdate,
  trajectoryWorkflow,
  type MilestoneNotExpectedDetails,
  type TrajectoryState,
} from '@wegwijs/workflows';
import { DefinitionCatalogue } from '../definitions/definition-catalogue';
import { TEMPORAL_CLIENT, WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType, type FieldProblem } from '../problem-details/problem-types';
import type { CancelTrajectoryDto } from './dto/cancel-trajectory.dto';
import type { CorrectFactsDto } from './dto/correct-facts.dto';
import type { RecordMilestoneDto } from './dto/record-milestone.dto';
import type { StartTrajectoryDto } from './dto/start-trajectory.dto';

export interface StartedTrajectory {
  readonly trajectoryId: string;
  readonly definition: { readonly key: string; readonly version: number; readonly contentHash: string };
}

export interface TrajectoryView {
  readonly state: TrajectoryState;
  readonly events: readonly RecordedTrajectoryEvent[];
}

const START_RECORDED_TIMEOUT_MS = 5_000;
const START_RECORDED_POLL_MS = 50;

/** Starts trajectories, passes milestones to them and reads their state and history. */
@Injectable()
export class TrajectoriesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
    private readonly definitions: DefinitionCatalogue,
    private readonly eventStore: EventStore,
    private readonly tasks: TaskStore,
  ) {}

  async start(request: StartTrajectoryDto, actor: EventActor): Promise<StartedTrajectory> {
    const referenceProblem = caseReferenceProblem(request.caseReference);
    if (referenceProblem) throw ProblemException.invalidFields([{ field: 'caseReference', message: referenceProblem }]);
    const definition = await this.definitions.newest(request.definitionKey);
    if (!definition) {
      throw new ProblemException(ProblemType.unknownDefinition, `No published definition '${request.definitionKey}'`, {
        known: await this.definitions.keys(),
      });
    }
    const facts = checkFacts(definition, request.facts);
    const trajectoryId = trajectoryIdFor(request.municipality, request.caseReference);
    try {
      await this.temporal.workflow.start(trajectoryWorkflow, {
        workflowId: trajectoryId,
        taskQueue: this.config.temporal.taskQueue,
        // One trajectory per case reference, ever: a second start is a mistake to report, not to repeat.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        typedSearchAttributes: [
          { key: WegwijsSearchAttributes.definitionKey, value: definition.key },
          { key: WegwijsSearchAttributes.definitionVersion, value: definition.version },
          { key: WegwijsSearchAttributes.municipality, value: request.municipality },
        ],
        args: [
          {
            trajectoryId,
            municipality: request.municipality,
            caseReference: request.caseReference,
            definition,
            facts,
            startedBy: actor,
          },
        ],
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ProblemException(
          ProblemType.trajectoryAlreadyExists,
          `Trajectory ${trajectoryId} exists already; it is never started twice`,
          { trajectoryId },
        );
      }
      throw error;
    }
    await this.untilRecorded(trajectoryId);
    return { trajectoryId, definition: { key: definition.key, version: definition.version, contentHash: definition.contentHash } };
  }

  /**
   * Waits (briefly) until the workflow has stored the trajectory's first event: from then on the
   * event store says who holds the case, so the klantmanager who started it can open it at once
   * and nobody else can in the meantime. A slow worker only delays the answer, never breaks it.
   */
  private async untilRecorded(trajectoryId: string): Promise<void> {
    for (let waited = 0; waited < START_RECORDED_TIMEOUT_MS; waited += START_RECORDED_POLL_MS) {
      if ((await this.eventStore.readStream(trajectoryId)).length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, START_RECORDED_POLL_MS));
    }
  }

  /**
   * A milestone reported directly (not by completing its task): the trajectory takes it, and the
   * open tasks that stood for it are closed, so nobody does the work twice.
   */
  async reportMilestone(trajectoryId: string, request: RecordMilestoneDto, actor: EventActor, idempotencyKey: string): Promise<TrajectoryState> {
    const state = await this.recordMilestone(trajectoryId, request, actor, idempotencyKey);
    await this.tasks.completeOpenForMilestone(trajectoryId, request.milestone, actor.id, new Date());
    return state;
  }

  async recordMilestone(trajectoryId: string, request: RecordMilestoneDto, actor: EventActor, idempotencyKey: string): Promise<TrajectoryState> {
    const handle = this.temporal.workflow.getHandle(trajectoryId);
    try {
      return await handle.executeUpdate(recordMilestoneUpdate, {
        // Temporal deduplicates Updates by id within a run; the workflow also ignores a repeated milestoneId.
        updateId: idempotencyKey,
        args: [
          {
            milestone: request.milestone,
            milestoneId: idempotencyKey,
            occurredOn: request.occurredOn,
            actor,
            payload: request.payload,
          },
        ],
      });
    } catch (error) {
      throw (await this.updateProblem(trajectoryId, error)) ?? error;
    }
  }

  /** Corrects facts recorded wrongly; timers and clocks computed from them move with them. */
  async correctFacts(trajectoryId: string, request: CorrectFactsDto, actor: EventActor): Promise<TrajectoryState> {
    try {
      return await this.temporal.workflow
        .getHandle(trajectoryId)
        .executeUpdate(correctFactsUpdate, { args: [{ facts: request.facts, reason: request.reason, actor }] });
    } catch (error) {
      throw (await this.updateProblem(trajectoryId, error)) ?? error;
    }
  }

  /** Ends a trajectory early (the person moved away, or it is ended); its open tasks close. */
  async cancel(trajectoryId: string, request: CancelTrajectoryDto, actor: EventActor): Promise<TrajectoryState> {
    // Tasks the cancellation path opens (e.g. the handover to the new municipality) stay open.
    const requestedAt = new Date();
    let state: TrajectoryState;
    try {
      state = await this.temporal.workflow.getHandle(trajectoryId).executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: request.reason, actor }] });
    } catch (error) {
      throw (await this.updateProblem(trajectoryId, error)) ?? error;
    }
    for (const task of await this.tasks.listForTrajectory(trajectoryId)) {
      if (task.status === 'open' && task.createdAt < requestedAt) {
        await this.tasks.complete(task.taskId, actor.id, { closedBecause: 'trajectory cancelled' }, new Date());
      }
    }
    return state;
  }

  private async exists(trajectoryId: string): Promise<boolean> {
    try {
      await this.temporal.workflow.getHandle(trajectoryId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  async view(trajectoryId: string): Promise<TrajectoryView> {
    const handle = this.temporal.workflow.getHandle(trajectoryId);
    try {
      const [state, events] = await Promise.all([handle.query(getTrajectoryStateQuery), this.eventStore.readStream(trajectoryId)]);
      return { state, events };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(trajectoryId);
      throw error;
    }
  }

  /** Maps a refused Update (validator) or an unreachable workflow to the problem the client gets. */
  private async updateProblem(trajectoryId: string, error: unknown): Promise<ProblemException | undefined> {
    // Temporal answers an Update to a closed workflow as if it did not exist: tell the two apart.
    if (error instanceof WorkflowNotFoundError) return (await this.exists(trajectoryId)) ? ended(trajectoryId) : notFound(trajectoryId);
    if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) {
      return isClosedWorkflowError(error) ? ended(trajectoryId) : undefined;
    }
    const failure = error.cause;
    switch (failure.type) {
      case MilestoneRejection.unknownMilestone:
        return ProblemException.invalidFields([{ field: 'milestone', message: failure.message }]);
      case MilestoneRejection.notExpectedNow: {
        const [details] = failure.details as [MilestoneNotExpectedDetails];
        return new ProblemException(ProblemType.milestoneNotExpected, failure.message, { expected: details?.expected ?? [] });
      }
      case MilestoneRejection.roleNotAllowed:
        return new ProblemException(ProblemType.milestoneRoleNotAllowed, failure.message);
      case MilestoneRejection.invalidPayload:
        return ProblemException.invalidFields([{ field: 'payload', message: failure.message }]);
      case MilestoneRejection.trajectoryEnded:
        return new ProblemException(ProblemType.trajectoryEnded, failure.message);
      case FactCorrectionRejection.unknownFact:
      case FactCorrectionRejection.invalidFactValue: {
        const [details] = failure.details as [{ field?: string } | undefined];
        return ProblemException.invalidFields([{ field: `facts.${details?.field ?? '?'}`, message: failure.message }]);
      }
      case FactCorrectionRejection.missingReason:
        return ProblemException.invalidFields([{ field: 'reason', message: failure.message }]);
      default:
        return undefined;
    }
  }
}

function ended(trajectoryId: string): ProblemException {
  return new ProblemException(ProblemType.trajectoryEnded, `Trajectory ${trajectoryId} has ended; it takes no more changes`, { trajectoryId });
}

function notFound(trajectoryId: string): ProblemException {
  return new ProblemException(ProblemType.trajectoryNotFound, `No trajectory ${trajectoryId}`, { trajectoryId });
}

/** Temporal answers an Update to a closed workflow with a gRPC NOT_FOUND / FAILED_PRECONDITION. */
function isClosedWorkflowError(error: unknown): boolean {
  return error instanceof Error && /workflow execution already completed/i.test(error.message);
}

/** Checks the facts against the definition's declarations: every required one, each of its type. */
function checkFacts(definition: CompiledDefinition, given: Record<string, unknown>): Facts {
  const problems: FieldProblem[] = [];
  const declared = new Map(definition.facts.map((fact) => [fact.name, fact]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) problems.push({ field: `facts.${name}`, message: `definition ${definition.key} declares no fact '${name}'` });
  }
  for (const fact of definition.facts) {
    const problem = factValueProblem(fact, given[fact.name]);
    if (problem) problems.push({ field: `facts.${fact.name}`, message: problem });
  }
  if (problems.length > 0) throw ProblemException.invalidFields(problems);
  return Object.fromEntries(Object.entries(given).filter(([name]) => declared.has(name))) as Facts;
}
