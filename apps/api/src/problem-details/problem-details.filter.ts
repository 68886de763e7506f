import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { grpcCause, missingDependency, missingDependencyDetail, RETRY_AFTER_SECONDS } from './dependency-unavailable';
import { ProblemException } from './problem.exception';
import { ProblemType, type ProblemTypeDescriptor } from './problem-types';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Turns every error into an RFC 9457 problem. Unexpected errors are logged by class and message
 * only — never with request bodies — and answered without a stack trace.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('problems');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { problem, detail, extensions } = this.toProblem(error);
    // A problem the API answers on purpose (a 503 while PostgreSQL, Temporal or a worker is
    // away) is not a bug: only the unexpected are logged as errors.
    if (problem.status >= 500 && problem.status !== 503 && !(error instanceof ProblemException)) {
      this.logger.error(`${request.method} ${request.route?.path ?? 'unrouted'} failed: ${describe(error)}`);
    } else if (problem.status === 503) {
      const cause = grpcCause(error);
      this.logger.warn(`${request.method} ${request.route?.path ?? 'unrouted'}: ${detail}${cause ? ` (${cause})` : ''}`);
    }
    // A part that is down comes back (npm start restarts it; in production its orchestrator does).
    if (problem.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // RFC 9110: every 401 names the scheme to authenticate with (the guard adds error="invalid_token" where it applies).
    if (problem.status === 401 && !response.getHeader('WWW-Authenticate')) response.setHeader('WWW-Authenticate', 'Bearer');
    sendProblem(request, response, problem, detail, extensions);
  }

  private toProblem(error: unknown): { problem: ProblemTypeDescriptor; detail: string; extensions: Record<string, unknown> } {
    if (error instanceof ProblemException) {
      return { problem: error.problem, detail: error.detail, extensions: { ...error.extensions } };
    }
    const missing = missingDependency(error);
    if (missing) return { problem: ProblemType.serviceUnavailable, detail: missingDependencyDetail(missing), extensions: { unavailable: missing } };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === HttpStatus.NOT_FOUND) {
        return { problem: ProblemType.notFound, detail: 'No route or resource matches this request', extensions: {} };
      }
      if (status === HttpStatus.TOO_MANY_REQUESTS) {
        return { problem: ProblemType.tooManyRequests, detail: 'The rate limit per user was reached; try again in a minute', extensions: {} };
      }
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
        return { problem: ProblemType.payloadTooLarge, detail: 'The request body exceeds the size limit', extensions: {} };
      }
      if (status < 500) {
        return { problem: { ...ProblemType.badRequest, status }, detail: error.message, extensions: {} };
      }
    }
    return { problem: ProblemType.internalError, detail: 'The request could not be completed; it has been logged', extensions: {} };
  }
}

/** Writes an RFC 9457 answer. */
export function sendProblem(
  request: Request,
  response: Response,
  problem: ProblemTypeDescriptor,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): void {
  response
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ type: problem.type, title: problem.title, status: problem.status, detail, instance: request.originalUrl, ...extensions }));
}

function describe(error: unknown): string {
  const cause = grpcCause(error);
  return error instanceof Error ? `${error.name}: ${error.message}${cause ? ` (${cause})` : ''}` : typeof error;
}
