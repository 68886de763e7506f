/**
 * The NOA agenda: assessment slots, booked in the person's language. The real agenda is NOA's;
 * Wegwijs has a development stand-in so far.
 *
 *   const booking = await agenda.book({ bookingKey, trajectoryId, language: 'ti', interpreterNeeded: true, notBefore: '2019-09-02' });
 */
import { addWorkingDays } from '@wegwijs/calendar';

export interface NoaBookingRequest {
  /** Unique per booking attempt; booking again with the same key returns the same booking. */
  readonly bookingKey: string;
  readonly trajectoryId: string;
  /** The language the assessment is taken in (personal data: only for the agenda, never logged). */
  readonly language: string;
  readonly interpreterNeeded: boolean;
  /** YYYY-MM-DD: the first day a slot may be on. */
  readonly notBefore: string;
}

export interface NoaBooking {
  readonly bookingId: string;
  /** Local time in Europe/Amsterdam, `YYYY-MM-DDTHH:mm`. */
  readonly startsAt: string;
}

export abstract class NoaAgenda {
  /** Books the first free slot; throws `NoNoaSlotAvailableError` when there is none, other errors when the agenda cannot answer now. */
  abstract book(request: NoaBookingRequest): Promise<NoaBooking>;
}

/** Thrown when the agenda has no slot within its booking horizon. */
export class NoNoaSlotAvailableError extends Error {
  constructor(readonly notBefore: string) {
    super(`No NOA assessment slot available from ${notBefore}`);
    this.name = 'NoNoaSlotAvailableError';
  }
}

/**
 * Development stand-in for NOA's agenda: two slots per working day (09:00 and 13:30), from the
 * third working day after `notBefore`, held in memory. Not for production. Its horizon is four
 * years of working days: a demo cohort of hundreds, whose months of arrivals the workflows live
 * through in one real day, books all its assessments from that day (60 days held 116).
 */
export class InMemoryNoaAgendaDevelopmentStandIn extends NoaAgenda {
  private static readonly HORIZON_WORKING_DAYS = 1_000;
  private readonly bookings = new Map<string, NoaBooking>();
  private readonly taken = new Set<string>();

  async book(request: NoaBookingRequest): Promise<NoaBooking> {
    const existing = this.bookings.get(request.bookingKey);
    if (existing) return existing;
    let date = addWorkingDays(request.notBefore, 3);
    for (let day = 3; day <= InMemoryNoaAgendaDevelopmentStandIn.HORIZON_WORKING_DAYS; day++, date = addWorkingDays(date, 1)) {
      for (const time of ['09:00', '13:30']) {
        const startsAt = `${date}T${time}`;
        if (this.taken.has(startsAt)) continue;
        this.taken.add(startsAt);
        const booking = { bookingId: `noa-${this.bookings.size + 1}`, startsAt };
        this.bookings.set(request.bookingKey, booking);
        return booking;
      }
    }
    throw new NoNoaSlotAvailableError(request.notBefore);
  }
}
