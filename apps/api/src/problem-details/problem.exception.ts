import { ProblemType, type FieldProblem, type ProblemTypeDescriptor } from './problem-types';

/**
 * Thrown by controllers and services for any answer that is not a success; the problem-details
 * filter turns it into `application/problem+json`. `detail` and `extensions` must hold no
 * personal data: they reach the client and the logs.
 */
export class ProblemException extends Error {
  constructor(
    readonly problem: ProblemTypeDescriptor,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }

  /** A 422 naming every offending field. */
  static invalidFields(errors: readonly FieldProblem[]): ProblemException {
    return new ProblemException(ProblemType.validationFailed, `Invalid fields: ${errors.map((error) => error.field).join(', ')}`, {
      errors,
    });
  }
}
