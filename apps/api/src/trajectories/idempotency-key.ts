import { ProblemException } from '../problem-details/problem.exception';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The request's Idempotency-Key header; 422 when missing or malformed. */
export function checkIdempotencyKey(idempotencyKey: string | undefined): string {
  if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw ProblemException.invalidFields([
      { field: 'Idempotency-Key', message: 'header required: 8 to 128 letters, digits or _.:- (a UUID will do)' },
    ]);
  }
  return idempotencyKey;
}
