import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException } from './problem.exception';
import type { FieldProblem } from './problem-types';

/** Flattens class-validator's tree into one problem per offending field, with dotted paths. */
export function fieldProblems(errors: readonly ValidationError[], parentPath = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The global pipe: whitelisted DTOs, every offending field reported at once as a 422 problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => ProblemException.invalidFields(fieldProblems(errors)),
  });
}
