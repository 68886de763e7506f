import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem } from '../problem-details/api-problems';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import type { AuthenticatedRequest } from './actor.decorator';
import { TrajectoryAccess, type TrajectoryAccessRequest } from './trajectory-access';

const TRAJECTORY_ID = /^GM\d{4}\.[A-Za-z][A-Za-z0-9-]{2,39}$/;
const BAD_TRAJECTORY_ID = { field: 'trajectoryId', message: 'must look like GM0392.HLM-2019-0042' };

/** The 422 every `@AuthorizeTrajectory` route answers to an id that cannot be one: list it in the route's `@ApiProblems`. */
export const badTrajectoryIdProblem = problem(ProblemType.validationFailed, 'Invalid fields: trajectoryId', { errors: [BAD_TRAJECTORY_ID] });

/** The access a route with a `:trajectoryId` parameter asks for, as the access log records it. */
const TrajectoryAccessMetadata = Reflector.createDecorator<Pick<TrajectoryAccessRequest, 'action' | 'operation'>>();

/**
 * The prologue of every route on one trajectory (`:trajectoryId` in its path): a 422 for an id
 * that cannot be one, then the caller's access — their municipalities, a klantmanager's caseload
 * — decided and written to the access log, before any pipe parses the body or the handler runs.
 *
 *   @Get(':trajectoryId')
 *   @AuthorizeTrajectory({ action: 'read', operation: 'trajectories.get' })
 */
export function AuthorizeTrajectory(access: Pick<TrajectoryAccessRequest, 'action' | 'operation'>): MethodDecorator {
  return applyDecorators(TrajectoryAccessMetadata(access), UseGuards(TrajectoryAccessGuard));
}

/** The access `@AuthorizeTrajectory` declared on a handler, if any (for the test that every trajectory route has one). */
export function declaredTrajectoryAccess(reflector: Reflector, handler: object): Pick<TrajectoryAccessRequest, 'action' | 'operation'> | undefined {
  return reflector.get(TrajectoryAccessMetadata, handler as (...args: unknown[]) => unknown);
}

/** Runs after the authentication guard (a global guard), so the caller is known. */
@Injectable()
export class TrajectoryAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: TrajectoryAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.get(TrajectoryAccessMetadata, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const trajectoryId = request.params.trajectoryId;
    if (!access || !request.actor || typeof trajectoryId !== 'string') throw new Error('@AuthorizeTrajectory() used on a route without an actor or a :trajectoryId');
    if (!TRAJECTORY_ID.test(trajectoryId)) {
      throw ProblemException.invalidFields([BAD_TRAJECTORY_ID]);
    }
    await this.access.authorize(request.actor, trajectoryId, access);
    return true;
  }
}
