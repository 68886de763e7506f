import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ACTOR_ROLES, type ActorRole } from '@wegwijs/domain';
import type { Request } from 'express';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import type { AuthenticatedActor } from './authenticated-actor';

export const ACTOR_ROLE_HEADER = 'x-wegwijs-actor-role';
export const ACTOR_ID_HEADER = 'x-wegwijs-actor-id';

/**
 * Who makes the request. For now the caller states it in two headers (role and pseudonymous
 * user id) — a development stand-in, NOT authentication: bearer JWTs verified against the
 * municipality's identity provider replace it, and with them this decorator's source.
 */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedActor => {
  const request = context.switchToHttp().getRequest<Request>();
  const role = request.header(ACTOR_ROLE_HEADER);
  const id = request.header(ACTOR_ID_HEADER);
  if (!role || !id || !(ACTOR_ROLES as readonly string[]).includes(role) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    throw new ProblemException(
      ProblemType.missingActor,
      `Send ${ACTOR_ROLE_HEADER} (one of ${ACTOR_ROLES.join(', ')}) and ${ACTOR_ID_HEADER} (a pseudonymous user id)`,
    );
  }
  return { role: role as ActorRole, id, municipalities: ['GM0392'] };
});
