import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parse as parseCookies } from 'cookie';
import type { Response } from 'express';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { AccessTokenRejectedError, AccessTokenVerifier } from './access-token-verifier';
import type { AuthenticatedRequest } from './actor.decorator';
import { AllowedRoles, isAllowedRole } from './allowed-roles.decorator';
import { PublicRoute } from './public-route.decorator';
import { AcceptsSessionCookie, SESSION_COOKIE } from './session-cookie.decorator';

/**
 * Every route but `@PublicRoute()` ones needs a verified access token (401 otherwise), and the
 * caller's role must be one the route allows (403). Runs before pipes, so nothing about a
 * refused request is parsed, validated or logged.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride(PublicRoute, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const token = bearerToken(request) ?? (this.reflector.getAllAndOverride(AcceptsSessionCookie, targets) ? sessionToken(request) : undefined);
    if (!token) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new ProblemException(ProblemType.unauthenticated, 'Send an access token: Authorization: Bearer <token>');
    }
    try {
      request.actor = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof AccessTokenRejectedError)) throw error;
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ProblemException(ProblemType.unauthenticated, `The access token is refused: ${error.message}`);
    }
    const allowed = this.reflector.getAllAndOverride(AllowedRoles, targets);
    // The verifier accepts a role that is not built in only when a published definition declares it.
    if (allowed && !isAllowedRole(allowed, request.actor.role)) {
      throw new ProblemException(ProblemType.forbiddenRole, `The role ${request.actor.role} may not do this; allowed: ${allowed.join(', ')}`, {
        allowedRoles: allowed,
      });
    }
    return true;
  }
}

function bearerToken(request: AuthenticatedRequest): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.header('authorization') ?? '');
  return match?.[1];
}

function sessionToken(request: AuthenticatedRequest): string | undefined {
  const header = request.header('cookie');
  return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
}
