import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedActor } from './authenticated-actor';

/** The request's actor, as the authentication guard verified it. */
export interface AuthenticatedRequest extends Request {
  actor?: AuthenticatedActor;
}

/**
 * The verified caller of this request. Only on routes behind the authentication guard (all but
 * `@PublicRoute()` ones); the guard has refused the request before a handler could run without it.
 */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedActor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('@Actor() used on a route the authentication guard does not cover');
  return actor;
});
