import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import { namespaceOfMunicipality, type WegwijsConfiguration } from '@wegwijs/config';
import { calendarDateInAmsterdam } from '@wegwijs/definitions/runtime';
import { NamespaceClients, WegwijsSearchAttributes } from '@wegwijs/temporal';
import { getTrajectoryStateQuery } from '@wegwijs/workflows';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { TrajectoryAccess } from '../identity/trajectory-access';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { STUCK_LIST_LIMIT, type StuckTrajectoriesQuery } from './dto/stuck-trajectories.query';
import { withinCallTimeout } from '../infrastructure/temporal-call-timeout';
import { temporalWebUiListUrl, visibilityString } from './temporal-web-ui';

export interface StuckTrajectory {
  readonly trajectoryId: string;
  readonly municipality: string | null;
  readonly definition: { readonly key: string | null; readonly version: number | null };
  readonly phase: string | null;
  /** Why it is stuck (WegwijsStuckReason), e.g. "waiting for intake.noaAssessmentDone past its norm …, due 2019-10-12". */
  readonly reason: string | null;
  /** Activities that keep failing (WegwijsFailingActivities): a technical stall; empty when only a wait is overdue. */
  readonly failingActivities: readonly string[];
  readonly waitingOn: readonly string[];
  /** ISO instant the longest open wait began. */
  readonly waitingSince: string | null;
  /** YYYY-MM-DD (Europe/Amsterdam): the earliest norm or legal-clock deadline. */
  readonly nextDeadline: string | null;
  /** Opens the Temporal Web UI on this trajectory (its history, search attributes and pending work). */
  readonly webUiUrl: string;
}

export interface StuckTrajectories {
  /** The visibility query behind this answer, as a supervisor would type it in the Web UI. */
  readonly query: string;
  /** Opens the Web UI's workflow list on that query. */
  readonly webUiUrl: string;
  /** Longest waiting first. */
  readonly trajectories: readonly StuckTrajectory[];
  /** More stuck trajectories exist than `limit` allowed; narrow by municipality. */
  readonly truncated: boolean;
}

/** An activity that failed for good, waiting for a supervisor to retry or skip its step (or cancel the trajectory). */
export interface OpenIncident {
  readonly trajectoryId: string;
  readonly municipality: string | null;
  readonly incidentId: string;
  readonly nodeId: string;
  readonly activity: string;
  /** The failure's type, never its message (which may name the person). */
  readonly errorType: string;
  readonly attempts: number;
  /** YYYY-MM-DD: the business day the step was due. */
  readonly openedOn: string;
  /** ISO instant the failure was known. */
  readonly openedAt: string;
  /** Where the repairs are sent. */
  readonly retryPath: string;
  readonly skipPath: string;
  readonly webUiUrl: string;
}

export interface OpenIncidents {
  /** Oldest first. */
  readonly incidents: readonly OpenIncident[];
  readonly truncated: boolean;
}

/** How many trajectories' states are asked at once: enough to be quick, few enough not to crowd the frontend. */
const STATE_QUERIES_AT_ONCE = 8;

/**
 * Stuck trajectories, as Temporal's visibility store knows them: running, and marked
 * `WegwijsStuck = true` by the workflow when a wait passed its norm or an activity keeps failing
 * (a technical stall). Each comes with the link
 * that shows it in the Temporal Web UI, where supervisors look further.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly temporal: NamespaceClients,
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
    private readonly access: TrajectoryAccess,
  ) {}

  /** The stuck trajectories in the actor's municipalities (or the one asked for, if theirs); each shown is access-logged. */
  async stuck(actor: AuthenticatedActor, request: StuckTrajectoriesQuery): Promise<StuckTrajectories> {
    const scope = this.access.scopeFor(actor);
    if (request.municipality && !scope.municipalities.includes(request.municipality)) {
      throw new ProblemException(ProblemType.outsideMunicipality, `Municipality ${request.municipality} is not among yours`);
    }
    const answer = await this.find(request.municipality ? [request.municipality] : scope.municipalities, request.limit ?? STUCK_LIST_LIMIT.default);
    await this.access.logListing(actor, 'supervision.stuck', answer.trajectories.map((trajectory) => trajectory.trajectoryId));
    return answer;
  }

  /**
   * Open incidents in the actor's municipalities. An incident always marks its trajectory stuck, so
   * only stuck trajectories are asked for their state — the state, not the event store, so a
   * repair just made is never listed again.
   */
  async incidents(actor: AuthenticatedActor, request: StuckTrajectoriesQuery): Promise<OpenIncidents> {
    const scope = this.access.scopeFor(actor);
    if (request.municipality && !scope.municipalities.includes(request.municipality)) {
      throw new ProblemException(ProblemType.outsideMunicipality, `Municipality ${request.municipality} is not among yours`);
    }
    const limit = request.limit ?? STUCK_LIST_LIMIT.default;
    const stuck = await this.find(request.municipality ? [request.municipality] : scope.municipalities, STUCK_LIST_LIMIT.max);
    const incidents: OpenIncident[] = [];
    for (let index = 0; index < stuck.trajectories.length; index += STATE_QUERIES_AT_ONCE) {
      const batch = stuck.trajectories.slice(index, index + STATE_QUERIES_AT_ONCE);
      const states = await Promise.all(batch.map((trajectory) => this.openIncidentsOf(trajectory)));
      incidents.push(...states.flat());
    }
    incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.trajectoryId.localeCompare(b.trajectoryId));
    const shown = incidents.slice(0, limit);
    await this.access.logListing(actor, 'supervision.incidents', [...new Set(shown.map((incident) => incident.trajectoryId))]);
    return { incidents: shown, truncated: incidents.length > limit || stuck.truncated };
  }

  private async openIncidentsOf(trajectory: StuckTrajectory): Promise<OpenIncident[]> {
    let state;
    try {
      state = await withinCallTimeout(this.temporal.default, this.config.temporal.callTimeoutMs, () =>
        this.temporal.trajectoryHandle(trajectory.trajectoryId).query(getTrajectoryStateQuery),
      );
    } catch (error) {
      // Ended between the list and the query: it has no open incident any more.
      if (error instanceof WorkflowNotFoundError || (error instanceof Error && /completed|closed/i.test(error.message))) return [];
      throw error;
    }
    const path = `/trajectories/${trajectory.trajectoryId}/incidents`;
    return (state.incidents ?? [])
      .filter((incident) => incident.status === 'open')
      .map((incident) => ({
        trajectoryId: trajectory.trajectoryId,
        municipality: trajectory.municipality,
        incidentId: incident.incidentId,
        nodeId: incident.nodeId,
        activity: incident.activity,
        errorType: incident.errorType,
        attempts: incident.attempts,
        openedOn: incident.openedOn,
        openedAt: incident.openedAt,
        retryPath: `${path}/${incident.incidentId}/retry`,
        skipPath: `${path}/${incident.incidentId}/skip`,
        webUiUrl: trajectory.webUiUrl,
      }));
  }

  /**
   * Asks the namespace of each of these municipalities (TEMPORAL_NAMESPACES) for its stuck ones,
   * each only about the municipalities it holds. The answer's own query and link are those of the
   * first municipality's namespace — the Web UI shows one namespace at a time; each trajectory's
   * link opens its own.
   */
  private async find(municipalities: readonly string[], limit: number): Promise<StuckTrajectories> {
    const query = stuckQuery(municipalities);
    const webUiUrl = temporalWebUiListUrl(this.config, query, municipalities.length ? namespaceOfMunicipality(this.config, municipalities[0]!) : undefined);
    const trajectories: StuckTrajectory[] = [];
    let truncated = false;
    for (const [namespace, held] of groupByNamespace(this.config, municipalities)) {
      for await (const execution of this.temporal.forNamespace(namespace).workflow.list({ query: stuckQuery(held), pageSize: Math.min(limit + 1, 1000) })) {
        if (trajectories.length === limit) {
          truncated = true;
          break;
        }
        trajectories.push(this.describe(execution, namespace));
      }
    }
    // Visibility on SQL stores cannot ORDER BY custom attributes, and namespaces answer apart: sort here.
    trajectories.sort((a, b) => (a.waitingSince ?? '~').localeCompare(b.waitingSince ?? '~') || a.trajectoryId.localeCompare(b.trajectoryId));
    return { query, webUiUrl, trajectories, truncated };
  }

  private describe(execution: WorkflowExecutionInfo, namespace: string): StuckTrajectory {
    const attributes = execution.typedSearchAttributes;
    const waitingSince = attributes.get(WegwijsSearchAttributes.waitingSince);
    const nextDeadline = attributes.get(WegwijsSearchAttributes.nextDeadline);
    return {
      trajectoryId: execution.workflowId,
      municipality: attributes.get(WegwijsSearchAttributes.municipality) ?? null,
      definition: {
        key: attributes.get(WegwijsSearchAttributes.definitionKey) ?? null,
        version: attributes.get(WegwijsSearchAttributes.definitionVersion) ?? null,
      },
      phase: attributes.get(WegwijsSearchAttributes.phase) ?? null,
      reason: attributes.get(WegwijsSearchAttributes.stuckReason) ?? null,
      failingActivities: attributes.get(WegwijsSearchAttributes.failingActivities) ?? [],
      waitingOn: attributes.get(WegwijsSearchAttributes.waitingOn) ?? [],
      waitingSince: waitingSince ? waitingSince.toISOString() : null,
      nextDeadline: nextDeadline ? calendarDateInAmsterdam(nextDeadline.getTime()) : null,
      webUiUrl: temporalWebUiListUrl(this.config, `WorkflowId = ${visibilityString(execution.workflowId)}`, namespace),
    };
  }
}

/** The municipalities per namespace that holds them, in the order they first appear. */
function groupByNamespace(config: WegwijsConfiguration, municipalities: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const municipality of municipalities) {
    const namespace = namespaceOfMunicipality(config, municipality);
    groups.set(namespace, [...(groups.get(namespace) ?? []), municipality]);
  }
  return groups;
}

/** Running trajectories marked stuck, in the given municipalities. */
export function stuckQuery(municipalities: readonly string[]): string {
  const inScope = municipalities.map(visibilityString).join(', ');
  return `${WegwijsSearchAttributes.stuck.name} = true AND ${WegwijsSearchAttributes.municipality.name} IN (${inScope}) AND ExecutionStatus = "Running"`;
}
