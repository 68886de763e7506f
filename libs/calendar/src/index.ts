/**
 * The one calendar of Wegwijs: calendar dates in Europe/Amsterdam, ISO 8601 durations with
 * month-end clamping, working days, and the instants Amsterdam days begin. Used by the workflow
 * (deterministic: no `Intl`, no clock), the activities, the read models and the definitions.
 *
 *   import { addToDate, addWorkingDays, calendarDateInAmsterdam } from '@wegwijs/calendar';
 *   addToDate('2019-08-31', 'P24M');        // '2021-08-31'
 *   addWorkingDays('2021-08-31', 10);       // '2021-09-14'
 */
export * from './errors';
export * from './durations';
export * from './dates';
export * from './working-days';
