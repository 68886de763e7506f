/**
 * What the calendar refuses. Each is a bug in a definition or in the dates it was given, never a
 * transient condition, so retrying does not help.
 */

/** Thrown when a string is not an ISO 8601 duration this calendar supports (e.g. `P6M`, `P2W`, `PT1H`). */
export class InvalidDurationError extends Error {
  override readonly name = 'InvalidDurationError';
  constructor(readonly duration: string) {
    super(`'${duration}' is not an ISO 8601 duration such as P6M, P2W or PT1H`);
  }
}

/** Thrown when a duration with a time part (hours, minutes, seconds) is added to a calendar date. */
export class DurationNotCalendarError extends Error {
  override readonly name = 'DurationNotCalendarError';
  constructor(readonly duration: string) {
    super(`'${duration}' has a time part; only years, months, weeks and days apply to a calendar date`);
  }
}

/** Thrown when a duration with years or months is asked for its length in milliseconds. */
export class DurationNotExactError extends Error {
  override readonly name = 'DurationNotExactError';
  constructor(readonly duration: string) {
    super(`'${duration}' has years or months, which have no fixed length`);
  }
}

/** Thrown when a string is not a calendar date `YYYY-MM-DD` that exists. */
export class InvalidCalendarDateError extends Error {
  override readonly name = 'InvalidCalendarDateError';
  constructor(readonly value: string) {
    super(`'${value}' is not a calendar date YYYY-MM-DD`);
  }
}
