/**
 * The steps that listen for milestones in a derivation — waits, boundary milestones, branches of
 * an event-based gateway — and the milestones they take. A milestone is taken on its business date
 * by a step open that day (opened on or before it, not yet closed): of several, the one that
 * opened first; of two milestones for one step, the earlier in business time (on one day, the one
 * recorded first). So where a milestone lands follows from the dates alone, not from the order
 * reports arrived in. A milestone no step takes on its day — another one decided its step first,
 * or its step is no longer on the path — is displaced: it stays recorded, and the state says so.
 */
import { INSTANCE_PAYLOAD_FIELD } from '@wegwijs/definitions/runtime';
import { Rank } from './agenda';
import type { RecordedMilestone } from './record';
import type { Simulation } from './simulation';

export type ListenerKind = 'wait' | 'boundary' | 'branch';

export interface ListenerSpec {
  readonly key: string;
  readonly kind: ListenerKind;
  readonly nodeId: string;
  readonly milestone: string;
  readonly roles: readonly string[];
  readonly since: string;
  readonly knownSince: number;
  readonly normDeadline: string | null;
  /** A non-interrupting boundary milestone takes any number of reports while its step is open. */
  readonly repeatable: boolean;
  /** In an instance of a repeated step whose milestone names its instance: only reports with this payload.instanceNumber. */
  readonly instance?: number;
  readonly take: (milestone: RecordedMilestone, on: string) => void;
}

export interface Listener extends ListenerSpec {
  closedOn: string | null;
  /** The milestone id that closed it, or why it closed (`interrupted`, `withdrawn`, `step completed`). */
  closedBy: string | null;
  readonly taken: string[];
}

export class Listeners {
  readonly all: Listener[] = [];
  /** Milestone id → the step that took it, and when. */
  readonly taken = new Map<string, { readonly listener: Listener; readonly on: string }>();
  private readonly milestones: RecordedMilestone[];
  /** The agenda order a milestone recorded later would have had when each listener opened (see Agenda.addInPlace). */
  private readonly places = new Map<Listener, number>();

  constructor(private readonly sim: Simulation) {
    const before = sim.record.resumeFrom?.milestonesBefore ?? 0;
    this.milestones = sim.record.milestones.filter((milestone) => milestone.seq > before);
  }

  open(spec: ListenerSpec): Listener {
    const listener: Listener = { ...spec, closedOn: null, closedBy: null, taken: [] };
    this.all.push(listener);
    for (const milestone of this.milestones) {
      if (milestone.milestone === listener.milestone && milestone.occurredOn >= listener.since && !this.taken.has(milestone.milestoneId) && forInstance(listener, milestone)) this.schedule(listener, milestone);
    }
    this.places.set(listener, this.sim.agenda.mark() - 0.5);
    return listener;
  }

  /**
   * A milestone recorded after this simulation began (a continued derivation, incremental.ts):
   * every step that opened for it gets it as it would have at its opening. False when the agenda
   * has run past where it belongs (it is dated too early): derive from the start.
   */
  admit(milestone: RecordedMilestone): boolean {
    if (milestone.seq <= (this.sim.record.resumeFrom?.milestonesBefore ?? 0)) return false;
    this.milestones.push(milestone);
    for (const listener of this.all) {
      if (milestone.milestone === listener.milestone && milestone.occurredOn >= listener.since && !this.schedule(listener, milestone, this.places.get(listener))) return false;
    }
    return true;
  }

  close(listener: Listener, on: string, by: string): void {
    if (listener.closedOn !== null) return;
    listener.closedOn = on;
    listener.closedBy = by;
  }

  openListeners(): Listener[] {
    return this.all.filter((listener) => listener.closedOn === null);
  }

  private schedule(listener: Listener, milestone: RecordedMilestone, order?: number): boolean {
    const item = {
      on: milestone.occurredOn,
      rank: Rank.milestone,
      tieBreak: milestone.seq,
      live: () => listener.closedOn === null && !this.taken.has(milestone.milestoneId),
      fire: () => {
        this.taken.set(milestone.milestoneId, { listener, on: milestone.occurredOn });
        listener.taken.push(milestone.milestoneId);
        this.sim.now = milestone.occurredOn;
        listener.take(milestone, milestone.occurredOn);
      },
    };
    if (order === undefined) {
      this.sim.agenda.add(item);
      return true;
    }
    return this.sim.agenda.addInPlace(item, order);
  }
}

/** A listener of one instance takes only the reports that name it (payload.instanceNumber). */
function forInstance(listener: Listener, milestone: RecordedMilestone): boolean {
  return listener.instance === undefined || milestone.payload?.[INSTANCE_PAYLOAD_FIELD] === listener.instance;
}
