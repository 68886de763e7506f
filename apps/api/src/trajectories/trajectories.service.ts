import { Inject, Injectable } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WithStartWorkflowOperation,
} from '@temporalio/client';
import { createHash } from 'node:crypto';
import { ApplicationFailure, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { amsterdamDateOf } from '@wegwijs/calendar';
import type { WegwijsConfiguration } from '@wegwijs/config';
import type { CompiledDefinition, Facts } from '@wegwijs/definitions/runtime';
import { caseReferenceProblem, isBuiltInRole, trajectoryIdFor, type EventActor, type RecordedTrajectoryEvent } from '@wegwijs/domain';
import { EventStore, TaskStore } from '@wegwijs/persistence';
import { NamespaceClients, WegwijsSearchAttributes } from '@wegwijs/temporal';
import {
  cancelTrajectoryUpdate,
  correctFactsUpdate,
  factProblems,
  FactCorrectionRejection,
  getTrajectoryStateQuery,
  historyProblems,
  MilestoneRejection,
  recordMilestoneUpdate,
  repairIncidentUpdate,
  RepairRejection,
  startTrajectoryUpdate,
  trajectoryWorkflow,
  type TrajectoryState,
} from '@wegwijs/workflows';
import { DefinitionCatalogue } from '../definitions/definition-catalogue';
import { withinCallTimeout } from '../infrastructure/temporal-call-timeout';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType, type FieldProblem } from '../problem-details/problem-types';
import type { CancelTrajectoryDto } from './dto/cancel-trajectory.dto';
import type { CorrectFactsDto } from './dto/correct-facts.dto';
import type { RecordMilestoneDto } from './dto/record-milestone.dto';
import type { RetryIncidentDto, SkipIncidentDto } from './dto/repair-incident.dto';
import type { StartTrajectoryDto } from './dto/start-trajectory.dto';

export interface StartedTrajectory {
  readonly trajectoryId: string;
  readonly definition: { readonly key: string; readonly version: number; readonly contentHash: string };
  /** Its state once started: the history applied, what it waits on, its schedule. */
  readonly state: TrajectoryState;
}

export interface TrajectoryView {
  readonly state: TrajectoryState;
  readonly events: readonly RecordedTrajectoryEvent[];
}

/** The memo key of the digest of the import a trajectory was started from (no personal data: a hash). */
const IMPORT_DIGEST_MEMO = 'wegwijsImportDigest';

/** What incidentIdOf makes: a node id, visit and attempt, in characters a URL takes as they are. */
const INCIDENT_ID = /^[A-Za-z][A-Za-z0-9._-]{0,199}$/;

/** Starts trajectories, passes milestones to them and reads their state and history. */
@Injectable()
export class TrajectoriesService {
  constructor(
    private readonly temporal: NamespaceClients,
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
    private readonly definitions: DefinitionCatalogue,
    private readonly eventStore: EventStore,
    private readonly tasks: TaskStore,
  ) {}

  /**
   * Checks a start request against the newest published version of its definition: the case
   * reference, every fact and fact rule, each history row on its own. Throws the problem a client gets.
   */
  async checkStart(request: StartTrajectoryDto, today: string): Promise<{ definition: CompiledDefinition; facts: Facts }> {
    const referenceProblem = caseReferenceProblem(request.caseReference);
    if (referenceProblem) throw ProblemException.invalidFields([{ field: 'caseReference', message: referenceProblem }]);
    const definition = await this.definitions.newest(request.definitionKey);
    if (!definition) {
      throw new ProblemException(ProblemType.unknownDefinition, `No published definition '${request.definitionKey}'`, {
        known: await this.definitions.keys(),
      });
    }
    const facts = checkFacts(definition, request.facts, today);
    const historyErrors = historyProblems(definition, facts, request.history ?? [], today);
    if (historyErrors.length > 0) throw ProblemException.invalidFields(historyErrors);
    return { definition, facts };
  }

  /** `importDigest`: what an import started it from, kept in the workflow's memo so that importing the same case again changes nothing. */
  async start(request: StartTrajectoryDto, actor: EventActor, importDigest?: string): Promise<StartedTrajectory> {
    const { definition, facts } = await this.checkStart(request, amsterdamDateOf(new Date()));
    const history = request.history ?? [];
    const trajectoryId = trajectoryIdFor(request.municipality, request.caseReference);
    // One step: the workflow starts and answers once its start is recorded and its history applied,
    // so the event store says who holds the case before anyone can open it.
    const startWorkflowOperation = new WithStartWorkflowOperation(trajectoryWorkflow, {
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
      ...(importDigest ? { memo: { [IMPORT_DIGEST_MEMO]: importDigest } } : {}),
      args: [{ trajectoryId, municipality: request.municipality, caseReference: request.caseReference, definition, facts, startedBy: actor, ...(history.length ? { history } : {}) }],
    });
    let state: TrajectoryState;
    try {
      state = await this.needingWorker(() => this.temporal.forMunicipality(request.municipality).workflow.executeUpdateWithStart(startTrajectoryUpdate, { startWorkflowOperation }));
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new ProblemException(ProblemType.trajectoryAlreadyExists, `Trajectory ${trajectoryId} exists already; it is never started twice`, { trajectoryId });
      }
      throw error;
    }
    return { trajectoryId, definition: { key: definition.key, version: definition.version, contentHash: definition.contentHash }, state };
  }

  /**
   * A milestone reported directly (not by completing its task): the trajectory takes it, and the
   * workflow closes the open tasks that stood for it in the same step, so nobody does the work twice.
   */
  async reportMilestone(trajectoryId: string, request: RecordMilestoneDto, actor: EventActor, idempotencyKey: string): Promise<TrajectoryState> {
    return this.recordMilestone(trajectoryId, request, actor, idempotencyKey);
  }

  async recordMilestone(trajectoryId: string, request: RecordMilestoneDto, actor: EventActor, idempotencyKey: string): Promise<TrajectoryState> {
    const handle = this.temporal.trajectoryHandle(trajectoryId);
    if (!isBuiltInRole(actor.role)) await this.checkNamesDeclaredRole(handle, request.milestone, actor.role);
    const submission = { milestone: request.milestone, milestoneId: idempotencyKey, occurredOn: request.occurredOn ?? amsterdamDateOf(new Date()), actor, payload: request.payload };
    try {
      return await this.needingWorker(() =>
        handle.executeUpdate(recordMilestoneUpdate, {
          // Temporal answers a repeated Update id with the first answer without looking at the body: the
          // id names the body too, so the same key with another body reaches the workflow, which refuses it.
          updateId: `${idempotencyKey}:${bodyDigest(submission)}`,
          args: [submission],
        }),
      );
    } catch (error) {
      throw (await this.updateProblem(trajectoryId, error)) ?? error;
    }
  }

  /**
   * People in a role a definition declares report only the milestones that name their role — not
   * one open to any role (a milestone boundary event without roles): the programme gave them those
   * steps and no others. A milestone not expected now is left to the workflow to refuse.
   */
  private async checkNamesDeclaredRole(handle: ReturnType<NamespaceClients['trajectoryHandle']>, milestone: string, role: string): Promise<void> {
    const state = await this.needingWorker(() => handle.query(getTrajectoryStateQuery));
    const expected = state.expectedMilestones.filter((candidate) => candidate.milestone === milestone);
    if (expected.length > 0 && !expected.some((candidate) => candidate.roles.includes(role))) {
      const named = [...new Set(expected.flatMap((candidate) => candidate.roles))];
      throw new ProblemException(ProblemType.milestoneRoleNotAllowed, `Role '${role}' may report only milestones that name it; '${milestone}' names ${named.join(', ') || 'no role'}`);
    }
  }

  /** Corrects facts recorded wrongly; timers and clocks computed from them move with them. */
  async correctFacts(trajectoryId: string, request: CorrectFactsDto, actor: EventActor): Promise<TrajectoryState> {
    try {
      return await this.needingWorker(() =>
        this.temporal.trajectoryHandle(trajectoryId).executeUpdate(correctFactsUpdate, { args: [{ facts: request.facts, reason: request.reason, actor }] }),
      );
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
      state = await this.needingWorker(() =>
        this.temporal
          .trajectoryHandle(trajectoryId)
          .executeUpdate(cancelTrajectoryUpdate, { args: [{ reason: request.reason, actor, ...(request.occurredOn ? { occurredOn: request.occurredOn } : {}) }] }),
      );
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

  /** A supervisor's repair of an incident: the step runs again, or the trajectory goes on with the result given. */
  async repairIncident(trajectoryId: string, incidentId: string, repair: ({ action: 'retry' } & RetryIncidentDto) | ({ action: 'skip' } & SkipIncidentDto), actor: EventActor): Promise<TrajectoryState> {
    if (!INCIDENT_ID.test(incidentId)) throw ProblemException.invalidFields([{ field: 'incidentId', message: 'must look like fetchTvsProfile.1.1' }]);
    try {
      return await this.needingWorker(() =>
        this.temporal.trajectoryHandle(trajectoryId).executeUpdate(repairIncidentUpdate, {
          // A repair sent twice (a double click, a retried request) is one repair: a retry opens a new incident id if it fails again.
          updateId: `repair:${incidentId}:${repair.action}`,
          args: [{ incidentId, action: repair.action, reason: repair.reason, actor, ...(repair.action === 'skip' ? { result: repair.result } : {}) }],
        }),
      );
    } catch (error) {
      throw (await this.updateProblem(trajectoryId, error)) ?? error;
    }
  }

  /** Whether the trajectory exists, and the import digest it was started from (null: not by an import). */
  async startedFrom(trajectoryId: string): Promise<{ importDigest: string | null } | null> {
    try {
      const description = await this.temporal.trajectoryHandle(trajectoryId).describe();
      const digest = description.memo?.[IMPORT_DIGEST_MEMO];
      return { importDigest: typeof digest === 'string' ? digest : null };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  private async exists(trajectoryId: string): Promise<boolean> {
    try {
      await this.temporal.trajectoryHandle(trajectoryId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  async view(trajectoryId: string): Promise<TrajectoryView> {
    const handle = this.temporal.trajectoryHandle(trajectoryId);
    try {
      const [state, events] = await Promise.all([this.needingWorker(() => handle.query(getTrajectoryStateQuery)), this.eventStore.readStream(trajectoryId)]);
      return { state, events };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(trajectoryId);
      throw error;
    }
  }

  /** A call only a worker can answer: bounded, so a missing worker is a 503, not a request left hanging. */
  private needingWorker<T>(call: () => Promise<T>): Promise<T> {
    return withinCallTimeout(this.temporal.default, this.config.temporal.callTimeoutMs, call);
  }

  /** Maps a refused Update (validator) or an unreachable workflow to the problem the client gets. */
  private async updateProblem(trajectoryId: string, error: unknown): Promise<ProblemException | undefined> {
    // Temporal answers an Update to a closed workflow as if it did not exist: tell the two apart.
    if (error instanceof WorkflowNotFoundError) return (await this.exists(trajectoryId)) ? ended(trajectoryId) : notFound(trajectoryId);
    if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) {
      return isClosedWorkflowError(error) ? ended(trajectoryId) : undefined;
    }
    const failure = error.cause;
    const [details] = (failure.details ?? []) as [{ fields?: FieldProblem[]; expected?: string[] } | undefined];
    const fields = details?.fields ?? [];
    switch (failure.type) {
      case MilestoneRejection.unknownMilestone:
        return ProblemException.invalidFields(fields.length ? fields : [{ field: 'milestone', message: failure.message }]);
      case MilestoneRejection.invalidPayload:
      case MilestoneRejection.dateInFuture:
      case MilestoneRejection.dateTooEarly:
      case FactCorrectionRejection.unknownFact:
      case FactCorrectionRejection.invalidFactValue:
      case FactCorrectionRejection.missingReason:
      case RepairRejection.invalidSkipResult:
        return ProblemException.invalidFields(fields.length ? fields : [{ field: 'payload', message: failure.message }]);
      case MilestoneRejection.notExpectedNow:
        return new ProblemException(ProblemType.milestoneNotExpected, failure.message, { expected: details?.expected ?? [] });
      case MilestoneRejection.roleNotAllowed:
        return new ProblemException(ProblemType.milestoneRoleNotAllowed, failure.message);
      case MilestoneRejection.idempotencyKeyReused:
        return new ProblemException(ProblemType.idempotencyKeyReused, 'This Idempotency-Key was used for another report; use a new key for a new report');
      case MilestoneRejection.trajectoryEnded:
        return new ProblemException(ProblemType.trajectoryEnded, failure.message);
      case RepairRejection.unknownIncident:
        return new ProblemException(ProblemType.incidentNotFound, failure.message);
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

/** Checks the facts against the definition: every required one, each of its type, every fact rule. */
function checkFacts(definition: CompiledDefinition, given: Record<string, unknown>, today: string): Facts {
  const problems = factProblems(definition, given, today).map((problem) => ({ field: `facts.${problem.field}`, message: problem.message }));
  if (problems.length > 0) throw ProblemException.invalidFields(problems);
  return given as Facts;
}

/** A short digest of a report's body, so an Update id differs when the body does. */
function bodyDigest(submission: object): string {
  return createHash('sha256').update(JSON.stringify(submission)).digest('base64url').slice(0, 16);
}
