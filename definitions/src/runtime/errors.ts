/**
 * Errors of the deterministic runtime. The workflow turns them into typed failures; each is a bug
 * in a definition or in its facts, never a transient condition, so retrying does not help.
 */

/** Thrown when a string is not an ISO 8601 duration this engine supports (e.g. `P6M`, `P2W`, `PT1H`). */
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

/** Thrown when a string is not a calendar date `YYYY-MM-DD` that exists. */
export class InvalidCalendarDateError extends Error {
  override readonly name = 'InvalidCalendarDateError';
  constructor(readonly value: string) {
    super(`'${value}' is not a calendar date YYYY-MM-DD`);
  }
}

/** Thrown when a FEEL expression does not parse or cannot be evaluated at all. */
export class FeelEvaluationError extends Error {
  override readonly name = 'FeelEvaluationError';
  constructor(
    readonly expression: string,
    readonly reason: string,
  ) {
    super(`FEEL expression '${expression}' failed: ${reason}`);
  }
}

/** Thrown when a FEEL expression evaluates to a value of another type than the caller needs. */
export class FeelResultTypeError extends Error {
  override readonly name = 'FeelResultTypeError';
  constructor(
    readonly expression: string,
    readonly expected: 'boolean' | 'date' | 'fact value',
    readonly actual: string,
  ) {
    super(`FEEL expression '${expression}' should give a ${expected} but gave ${actual}`);
  }
}
