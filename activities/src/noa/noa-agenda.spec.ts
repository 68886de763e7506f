import { addWorkingDays } from '@wegwijs/calendar';
import { InMemoryNoaAgendaDevelopmentStandIn } from './noa-agenda';

describe('the development stand-in for the NOA agenda', () => {
  it('books a demo cohort of 300 asked for on one day, two a working day, each slot once', async () => {
    const agenda = new InMemoryNoaAgendaDevelopmentStandIn();

    const bookings = [];
    for (let person = 1; person <= 300; person++) {
      bookings.push(await agenda.book({ bookingKey: `GM0392.DEMO-${person}#first`, trajectoryId: `GM0392.DEMO-${person}`, language: 'ar', interpreterNeeded: true, notBefore: '2026-11-27' }));
    }

    expect(new Set(bookings.map((booking) => booking.startsAt)).size).toBe(300);
    expect(bookings.slice(0, 3).map((booking) => booking.startsAt)).toEqual(['2026-12-02T09:00', '2026-12-02T13:30', '2026-12-03T09:00']);
    // The 300th takes the afternoon of the 150th working day.
    expect(bookings[299].startsAt).toBe(`${addWorkingDays('2026-12-02', 149)}T13:30`);
  });
});
