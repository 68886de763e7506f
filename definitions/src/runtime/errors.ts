/**
 * Errors of the deterministic runtime. The workflow turns them into typed failures; each is a bug
 * in a definition or in its facts, never a transient condition, so retrying does not help.
 */

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
