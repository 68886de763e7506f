/**
 * The agenda of a derivation: what happens next in business time. Items are ordered by business
 * date, then rank (a timer falls at the start of its day, before anything reported on that day;
 * a step's completion after both), then the order they were put on it — so the same record
 * always unfolds in the same order.
 *
 *   agenda.add({ on: '2020-03-01', rank: Rank.timer, fire: () => …, live: () => token.alive });
 *   for (let item = agenda.takeUntil(today); item; item = agenda.takeUntil(today)) item.fire();
 */

export const Rank = { timer: 0, milestone: 1, completion: 2 } as const;

export interface AgendaItem {
  readonly on: string;
  readonly rank: number;
  /** A milestone's recording order, for ties between milestones of one day. */
  readonly tieBreak?: number;
  /** False once what it was for has gone (its token moved on, its step was withdrawn). */
  readonly live: () => boolean;
  readonly fire: () => void;
}

interface Queued extends AgendaItem {
  readonly order: number;
}

/** Where an item stands in the agenda's order (see `compare`). */
export type AgendaPlace = Pick<Queued, 'on' | 'rank' | 'tieBreak' | 'order'>;

export class Agenda {
  private items: Queued[] = [];
  private added = 0;
  /** The furthest item taken so far: a continued derivation may only add items after it. */
  private furthest: AgendaPlace | undefined;

  add(item: AgendaItem): void {
    this.insert({ ...item, order: this.added++ });
  }

  /**
   * The order the next added item gets. An item a derivation of a longer record would have added
   * at this point goes in at `mark() - 0.5`: after everything added before, before everything after.
   */
  mark(): number {
    return this.added;
  }

  /**
   * Adds an item with the order it would have had, had it been added when `order` was handed out
   * (incremental.ts). False, and nothing added, when an item at or after that place was already
   * taken: the agenda has run past where the item belongs, and only a derivation from the start gives it its place.
   */
  addInPlace(item: AgendaItem, order: number): boolean {
    const queued: Queued = { ...item, order };
    if (this.furthest && compare(queued, this.furthest) <= 0) return false;
    this.insert(queued);
    return true;
  }

  /** The next live item on or before `today`, taken off the agenda; undefined when there is none. */
  takeUntil(today: string): AgendaItem | undefined {
    this.dropDead();
    const next = this.items[0];
    if (!next || next.on > today) return undefined;
    this.items.shift();
    if (!this.furthest || compare(next, this.furthest) > 0) this.furthest = next;
    return next;
  }

  private insert(queued: Queued): void {
    // Most items fall after all the others: look for the place from the back.
    let index = this.items.length;
    while (index > 0 && compare(queued, this.items[index - 1]) < 0) index--;
    this.items.splice(index, 0, queued);
  }

  /** The business date of the first live item after `today`, or null. */
  nextAfter(today: string): string | null {
    this.dropDead();
    return this.items.find((item) => item.on > today)?.on ?? null;
  }

  private dropDead(): void {
    while (this.items.length > 0 && !this.items[0].live()) this.items.shift();
  }
}

function compare(a: AgendaPlace, b: AgendaPlace): number {
  if (a.on !== b.on) return a.on < b.on ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if ((a.tieBreak ?? 0) !== (b.tieBreak ?? 0)) return (a.tieBreak ?? 0) - (b.tieBreak ?? 0);
  return a.order - b.order;
}
