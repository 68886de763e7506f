import { Injectable } from '@nestjs/common';
import { municipalityOfTrajectory } from '@wegwijs/domain';
import { AccessLog, EventStore, type AccessAction } from '@wegwijs/persistence';
import { clientManagerFromEvents } from '@wegwijs/read-models';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import type { AuthenticatedActor } from './authenticated-actor';

/**
 * The ground on which a municipality processes a status holder's trajectory data, written into
 * every access-log row: the public task (AVG art. 6(1)(e)) the Wet inburgering 2021 gives it.
 * A municipality's privacy officer may word it after its own register of processing activities.
 */
export const TRAJECTORY_LEGAL_GROUND = 'AVG art. 6 lid 1 sub e; Wet inburgering 2021 (regie gemeente)';

export interface TrajectoryAccessRequest {
  readonly action: Exclude<AccessAction, 'list'>;
  /** The API operation, e.g. `trajectories.get`. */
  readonly operation: string;
  /** The actor acts on a task assigned to them personally: that gives access without holding the case. */
  readonly assignedToActor?: boolean;
  /** The person record the operation reads or changes, for the access log. */
  readonly personId?: string;
}

/** What a list query may show an actor: their municipalities, and a klantmanager only their own caseload. */
export interface TrajectoryScope {
  readonly municipalities: readonly string[];
  readonly clientManagerId?: string;
}

/**
 * Who may see and change whose trajectory, and the access log of it.
 * - Municipality scoping: a trajectory of a municipality the actor does not carry is answered as
 *   if it did not exist (404), so ids of other towns' people cannot be probed.
 * - A klantmanager reads and changes only the cases they hold (403 otherwise); supervisors,
 *   policy staff and admins see their municipalities' trajectories; partners (Vluchtelingenwerk,
 *   wijkteam, schulddienstverlening) and `system` report the milestones of their own part,
 *   which the workflow checks per milestone.
 * Every decision, granted or denied, is written to the access log before the answer leaves.
 */
@Injectable()
export class TrajectoryAccess {
  constructor(
    private readonly eventStore: EventStore,
    private readonly accessLog: AccessLog,
  ) {}

  async authorize(actor: AuthenticatedActor, trajectoryId: string, request: TrajectoryAccessRequest): Promise<void> {
    const municipality = municipalityOfTrajectory(trajectoryId);
    const entry = {
      actor: { role: actor.role, id: actor.id },
      action: request.action,
      operation: request.operation,
      trajectoryId,
      ...(request.personId ? { personId: request.personId } : {}),
      municipality,
      legalGround: TRAJECTORY_LEGAL_GROUND,
    };
    if (!municipality || !actor.municipalities.includes(municipality)) {
      await this.accessLog.record([{ ...entry, outcome: 'denied' }]);
      throw new ProblemException(ProblemType.trajectoryNotFound, `No trajectory ${trajectoryId} in your municipalities`);
    }
    if (actor.role === 'klantmanager' && !request.assignedToActor) {
      const events = await this.eventStore.readStream(trajectoryId);
      // No events: no trajectory to hold (a start answers only once its first event is stored).
      if (events.length === 0) {
        await this.accessLog.record([{ ...entry, outcome: 'denied' }]);
        throw new ProblemException(ProblemType.trajectoryNotFound, `No trajectory ${trajectoryId} in your caseload`);
      }
      if (clientManagerFromEvents(trajectoryId, events) !== actor.id) {
        await this.accessLog.record([{ ...entry, outcome: 'denied' }]);
        throw new ProblemException(ProblemType.outsideCaseload, `Trajectory ${trajectoryId} is held by another klantmanager`);
      }
    }
    await this.accessLog.record([{ ...entry, outcome: 'granted' }]);
  }

  /** For an operation on a municipality as a whole (start a trajectory there, a report): 403 outside the actor's. */
  async authorizeMunicipality(
    actor: AuthenticatedActor,
    municipality: string,
    request: { action: AccessAction; operation: string; trajectoryId?: string; personId?: string },
  ): Promise<void> {
    const allowed = actor.municipalities.includes(municipality);
    await this.accessLog.record([
      { actor: { role: actor.role, id: actor.id }, ...request, municipality, legalGround: TRAJECTORY_LEGAL_GROUND, outcome: allowed ? 'granted' : 'denied' },
    ]);
    if (!allowed) throw new ProblemException(ProblemType.outsideMunicipality, `Municipality ${municipality} is not among yours`);
  }

  scopeFor(actor: AuthenticatedActor): TrajectoryScope {
    return actor.role === 'klantmanager' ? { municipalities: actor.municipalities, clientManagerId: actor.id } : { municipalities: actor.municipalities };
  }

  /** Records which trajectories a list answer showed. */
  async logListing(actor: AuthenticatedActor, operation: string, trajectoryIds: readonly string[]): Promise<void> {
    await this.accessLog.record(
      trajectoryIds.map((trajectoryId) => ({
        actor: { role: actor.role, id: actor.id },
        action: 'list' as const,
        operation,
        trajectoryId,
        municipality: municipalityOfTrajectory(trajectoryId),
        legalGround: TRAJECTORY_LEGAL_GROUND,
        outcome: 'granted' as const,
      })),
    );
  }
}
