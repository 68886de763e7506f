/**
 * The steps that listen for milestones in a derivation — waits, boundary milestones, branches of
 * an event-based gateway — and the milestones they take. A milestone recorded for a step (its
 * `listener` key) is taken by that step on its business date, or the day the step opened when it
 * is dated earlier; two milestones for one step are taken in business-date order, the first wins.
 * Rows of a start history name no step: the first step that opens for their milestone takes them.
 * A milestone its step never takes (another one decided it first, or the step is gone) is
 * displaced: it stays recorded, and the state says so.
 */
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
  readonly take: (milestone: RecordedMilestone, on: string) => void;
}

export interface Listener extends ListenerSpec {
  closedOn: string | null;
  /** The milestone id that closed it, or why it closed (`interrupted`, `withdrawn`, `step completed`). */
  closedBy: string | null;
  readonly taken: string[];
}

interface HistoryRow {
  readonly row: RecordedMilestone;
  reservedBy: Listener | null;
}

export class Listeners {
  readonly all: Listener[] = [];
  /** Milestone id → the step that took it, and when. */
  readonly taken = new Map<string, { readonly listener: Listener; readonly on: string }>();
  private readonly history: HistoryRow[];

  constructor(private readonly sim: Simulation) {
    const before = sim.record.resumeFrom?.milestonesBefore ?? 0;
    this.history = sim.record.milestones
      .filter((milestone) => milestone.fromHistory && milestone.seq > before)
      .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.seq - b.seq))
      .map((row) => ({ row, reservedBy: null }));
  }

  open(spec: ListenerSpec): Listener {
    const listener: Listener = { ...spec, closedOn: null, closedBy: null, taken: [] };
    this.all.push(listener);
    const before = this.sim.record.resumeFrom?.milestonesBefore ?? 0;
    for (const milestone of this.sim.record.milestones) {
      if (milestone.listener === listener.key && milestone.seq > before) this.schedule(listener, milestone);
    }
    this.offerHistory(listener);
    return listener;
  }

  close(listener: Listener, on: string, by: string): void {
    if (listener.closedOn !== null) return;
    listener.closedOn = on;
    listener.closedBy = by;
    const released = this.history.filter((entry) => entry.reservedBy === listener && !this.taken.has(entry.row.milestoneId));
    for (const entry of released) entry.reservedBy = null;
    for (const other of this.openListeners()) if (other.milestone === listener.milestone) this.offerHistory(other);
  }

  openListeners(): Listener[] {
    return this.all.filter((listener) => listener.closedOn === null);
  }

  private offerHistory(listener: Listener): void {
    for (const entry of this.history) {
      if (entry.reservedBy || entry.row.milestone !== listener.milestone || this.taken.has(entry.row.milestoneId)) continue;
      entry.reservedBy = listener;
      this.schedule(listener, entry.row);
      if (!listener.repeatable) return;
    }
  }

  private schedule(listener: Listener, milestone: RecordedMilestone): void {
    const on = milestone.occurredOn < listener.since ? listener.since : milestone.occurredOn;
    this.sim.agenda.add({
      on,
      rank: Rank.milestone,
      tieBreak: milestone.seq,
      live: () => listener.closedOn === null && !this.taken.has(milestone.milestoneId),
      fire: () => {
        this.taken.set(milestone.milestoneId, { listener, on });
        listener.taken.push(milestone.milestoneId);
        this.sim.now = on;
        listener.take(milestone, on);
      },
    });
  }
}
