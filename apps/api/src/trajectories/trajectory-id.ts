import { ProblemException } from '../problem-details/problem.exception';

const TRAJECTORY_ID = /^GM\d{4}\.[A-Za-z][A-Za-z0-9-]{2,39}$/;

/** A 422 for a path parameter that cannot be a trajectory id, before anything is looked up. */
export function checkTrajectoryId(trajectoryId: string): void {
  if (!TRAJECTORY_ID.test(trajectoryId)) {
    throw ProblemException.invalidFields([{ field: 'trajectoryId', message: 'must look like GM0392.HLM-2019-0042' }]);
  }
}
