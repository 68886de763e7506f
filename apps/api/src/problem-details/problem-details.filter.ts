import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
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
    if (problem.status >= 500) {
      this.logger.error(`${request.method} ${request.route?.path ?? 'unrouted'} failed: ${describe(error)}`);
    }
    sendProblem(request, response, problem, detail, extensions);
  }

  private toProblem(error: unknown): { problem: ProblemTypeDescriptor; detail: string; extensions: Record<string, unknown> } {
    if (error instanceof ProblemException) {
      return { problem: error.problem, detail: error.detail, extensions: { ...error.extensions } };
    }
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

/**
 * Express error middleware right after the JSON body parser. Nest would turn a parse error into
 * a 400 whose message quotes the body — which may hold a name or a BSN — so parse errors are
 * answered here, without any of the body.
 */
export function bodyParserProblems(error: unknown, request: Request, response: Response, next: (error?: unknown) => void): void {
  switch ((error as { type?: unknown } | undefined)?.type) {
    case 'entity.parse.failed':
      return sendProblem(request, response, ProblemType.malformedJson, 'The request body could not be parsed as JSON');
    case 'entity.too.large':
      return sendProblem(request, response, ProblemType.payloadTooLarge, 'The request body exceeds the size limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return sendProblem(request, response, ProblemType.badRequest, 'The request body must be UTF-8 JSON');
    default:
      return next(error);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
