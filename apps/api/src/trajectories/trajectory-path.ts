import { ProblemException } from '../problem-details/problem.exception';

/** `<CBS code>.<case reference>`, e.g. GM0392.HLM-2019-0042. */
const TRAJECTORY_ID = /^GM\d{4}\.[A-Za-z][A-Za-z0-9-]{2,39}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** 422 unless the path holds a well-formed trajectory id. */
export function checkTrajectoryId(trajectoryId: string): void {
  if (!TRAJECTORY_ID.test(trajectoryId)) {
    throw ProblemException.invalidFields([{ field: 'trajectoryId', message: 'must look like GM0392.HLM-2019-0042' }]);
  }
}

/** The request's Idempotency-Key header; 422 when missing or malformed. */
export function checkIdempotencyKey(idempotencyKey: string | undefined): string {
  if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw ProblemException.invalidFields([
      { field: 'Idempotency-Key', message: 'header required: 8 to 128 letters, digits or _.:- (a UUID will do)' },
    ]);
  }
  return idempotencyKey;
}
